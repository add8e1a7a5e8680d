"""Walk-forward search (bt.hft.research.grid_search / weight_search): folds and purging by hand,
no look-ahead (a fold decides the same on the data cut at its test block), and the same results
in this process, on threads, on processes and on Dask."""
import math
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

from backtrader.hft import research as R
from backtrader.hft.research.walkforward import walk_forward_splits

MS = 10 ** 6


def market(n=1200, seed=3):
    """Stamps, prices and a causal signal: an AR(1) series known at row i that drives the log
    return from row i to i + 1, plus noise."""
    rng = np.random.default_rng(seed)
    ts = np.cumsum(rng.integers(1, 5, n)).astype(np.int64) * MS
    sig = np.zeros(n)
    for i in range(1, n):
        sig[i] = 0.9 * sig[i - 1] + rng.normal()
    r = 2e-4 * sig + rng.normal(scale=1e-3, size=n)
    p = 100 * np.exp(np.r_[0.0, np.cumsum(r[:-1])])
    return ts, p, sig


class SmoothedSignal:
    """A causal factor: the EMA (span ``span``) of the signal, times ``sign``. It pickles, so
    it runs on worker processes too."""

    def __init__(self, signal):
        self.signal = signal

    def __call__(self, span, sign=1.0):
        a = 2.0 / (span + 1)
        out = np.empty(len(self.signal))
        acc = 0.0
        for i, v in enumerate(self.signal):
            acc = v if i == 0 else acc + a * (v - acc)
            out[i] = sign * acc
        return out


# -- folds ---------------------------------------------------------------------------------------
def test_folds_by_rows_with_purge():
    # 12 rows, 2 folds: blocks [0, 4) [4, 8) [8, 12); a 1-row horizon purges the last training row
    f = walk_forward_splits(12, folds=2, horizon=1)
    assert f == [(0, 0, 3, 4, 8), (1, 0, 7, 8, 12)]
    f = walk_forward_splits(12, folds=2, horizon=2, anchored=False)
    assert f == [(0, 0, 2, 4, 8), (1, 4, 6, 8, 12)]


def test_folds_by_time_with_purge_in_ns():
    # 0..900 ms every 100 ms, 3 blocks of equal span: from 0, 300 and 600 ms (rows 0, 3, 6)
    ts = np.arange(10) * 100 * MS
    f = walk_forward_splits(10, folds=2, horizon='100ms', ts=ts)
    # a training row keeps its label when t + 100 ms is at or before the block's last stamp:
    # fold 0 (last stamp 200 ms): rows 0, 1; fold 1 (500 ms): rows 0..4
    assert f == [(0, 0, 2, 3, 6), (1, 0, 5, 6, 10)]


def test_bad_folds_are_named():
    with pytest.raises(ValueError, match='fold 0 has 1 training rows after purging'):
        walk_forward_splits(12, folds=2, horizon=3)
    with pytest.raises(ValueError, match='folds = 0 must be an int >= 1'):
        walk_forward_splits(12, folds=0)
    with pytest.raises(ValueError, match='3 rows are too few for 4 folds'):
        walk_forward_splits(3, folds=4)


# -- the search ------------------------------------------------------------------------------------
def test_grid_search_picks_the_informative_params():
    ts, p, sig = market()
    ev = SmoothedSignal(sig)
    res = R.grid_search(ev, {'span': [1, 50], 'sign': [1.0, -1.0]}, p, 5, ts=ts, folds=3)
    assert len(res.candidates) == 4 and res.scores.shape == (4, 3, 2)
    # the chosen candidate has the best training score of its fold, computed here by hand
    for fold, c in zip(res.folds, res.chosen):
        a, b = fold.train_start, fold.train_stop
        fwd5 = R.forward_returns(p, 5)
        train = [R.ic(ev(**cand)[a:b], fwd5[a:b]) for cand in res.candidates]
        assert c == int(np.nanargmax(train))
        assert res.scores[c, fold.index, 0] == pytest.approx(train[c], abs=1e-12)
        assert res.scores[c, fold.index, 1] == pytest.approx(
            R.ic(ev(**res.candidates[c])[fold.test_start:fold.test_stop],
                 fwd5[fold.test_start:fold.test_stop]), abs=1e-12)
    assert res.best['sign'] == 1.0
    rows = res.table()
    assert [r['fold'] for r in rows] == [0, 1, 2]
    assert res.oos_score == pytest.approx(np.mean([r['test'] for r in rows]), abs=1e-15)
    sel = R.grid_search(ev, {'span': [1, 50], 'sign': [1.0, -1.0]}, p, 5, ts=ts, folds=3,
                        select='abs')
    assert all(abs(sel.scores[c, k, 0]) == np.nanmax(np.abs(sel.scores[:, k, 0]))
               for k, c in enumerate(sel.chosen))


def test_no_look_ahead_a_fold_decides_the_same_on_data_cut_at_its_test_block():
    ts, p, sig = market()
    grid = {'span': [1, 3, 10, 30], 'sign': [1.0, -1.0]}
    for horizon in (5, '12ms'):
        full = R.grid_search(SmoothedSignal(sig), grid, p, horizon, ts=ts, folds=3)
        for fold in full.folds:
            cut = fold.test_start
            # everything from the test block on: gone; the training block alone decides
            alone = R.grid_search(SmoothedSignal(sig[:cut]), grid, p[:cut], horizon,
                                  ts=ts[:cut], folds=[fold._replace(test_start=fold.train_start,
                                                                    test_stop=fold.train_stop)])
            np.testing.assert_array_equal(full.scores[:, fold.index, 0], alone.scores[:, 0, 0])
            assert full.chosen[fold.index] == alone.chosen[0]
            # and a wild future (prices and signal) changes test scores, never the choice
            p2, s2 = p.copy(), sig.copy()
            p2[cut:] *= np.exp(np.linspace(0, 0.5, len(p) - cut))
            s2[cut:] = -s2[cut:] * 100
            wild = R.grid_search(SmoothedSignal(s2), grid, p2, horizon, ts=ts, folds=3)
            np.testing.assert_array_equal(full.scores[:, fold.index, 0],
                                          wild.scores[:, fold.index, 0])
            assert wild.chosen[fold.index] == full.chosen[fold.index]


def test_without_purge_the_last_training_rows_would_see_the_test_block():
    """The purge is what the cut proof needs: the unpurged tail reads prices of the test block."""
    ts, p, sig = market()
    fold = walk_forward_splits(len(p), 3, 5, ts=None)[0]
    assert fold.train_stop == fold.test_start - 5
    fwd5 = R.forward_returns(p, 5)
    assert np.isnan(R.forward_returns(p[:fold.test_start], 5)[fold.train_stop:]).all()
    assert np.isfinite(fwd5[fold.train_stop:fold.test_start]).all()


def test_weight_search_standardizes_on_training_rows_only():
    ts, p, sig = market()
    good = sig
    junk = np.random.default_rng(11).normal(size=len(p)) * 50 + 3
    grid = {'good': [0.0, 1.0], 'junk': [0.0, 0.2, 1.0]}
    res = R.weight_search({'good': good, 'junk': junk}, grid, p, 5, ts=ts, folds=3)
    assert all(res.candidates[c] == {'good': 1.0, 'junk': 0.0} for c in res.chosen)
    # the standardized combination, computed here: (good - mean) / std of the training rows
    fold = res.folds[1]
    a, b = fold.train_start, fold.train_stop
    z = [(x - x[a:b].mean()) / x[a:b].std(ddof=1) for x in (good, junk)]
    k = res.candidates.index({'good': 1.0, 'junk': 0.2})
    fwd5 = R.forward_returns(p, 5)
    assert res.scores[k, 1, 0] == pytest.approx(R.ic((z[0] + 0.2 * z[1])[a:b], fwd5[a:b]),
                                                abs=1e-12)
    assert res.scores[k, 1, 1] == pytest.approx(
        R.ic((z[0] + 0.2 * z[1])[fold.test_start:fold.test_stop],
             fwd5[fold.test_start:fold.test_stop]), abs=1e-12)
    # a different future of the factors leaves the training scores alone
    junk2 = junk.copy()
    junk2[fold.test_start:] *= 1000
    res2 = R.weight_search({'good': good, 'junk': junk2}, grid, p, 5, ts=ts, folds=3)
    np.testing.assert_array_equal(res.scores[:, 1, 0], res2.scores[:, 1, 0])
    # a list of weight dicts; a missing name weighs 0
    res3 = R.weight_search({'good': good, 'junk': junk}, [{'good': 1.0}, {'junk': 1.0}], p, 5,
                           ts=ts, folds=3)
    np.testing.assert_array_equal(res3.scores[0], res.scores[res.candidates.index(
        {'good': 1.0, 'junk': 0.0})])


def test_icir_metric_and_a_callable_metric():
    ts, p, sig = market()
    ev = SmoothedSignal(sig)
    res = R.grid_search(ev, {'span': [1, 10]}, p, 5, ts=ts, folds=2, metric='icir',
                        period='200ms')
    f0 = res.folds[0]
    fwd5 = R.forward_returns(p, 5)
    sl = slice(f0.train_start, f0.train_stop)
    expect = R.icir(R.ic_by_period(ev(1)[sl], fwd5[sl], ts[sl], '200ms').value)
    assert res.scores[0, 0, 0] == pytest.approx(expect, abs=1e-12)
    res2 = R.grid_search(ev, {'span': [1, 10]}, p, 5, ts=ts, folds=2, metric=_hit_rate)
    assert res2.scores[1, 0, 0] == pytest.approx(_hit_rate(ev(10)[sl], fwd5[sl], None),
                                                 abs=1e-15)


def _hit_rate(factor, target, ts):
    ok = ~(np.isnan(factor) | np.isnan(target))
    return float(np.mean(np.sign(factor[ok]) == np.sign(target[ok])))


@pytest.mark.parametrize('kwargs, message', [
    (dict(metric='sharpe'), "metric = 'sharpe' must be 'ic', 'icir' or a callable"),
    (dict(metric='icir'), "metric 'icir' needs ts and a period"),
    (dict(select='min'), "select = 'min' must be one of max, abs"),
    (dict(grid={'span': 3}), r"grid\['span'\] = 3 must be a list"),
    (dict(grid=[]), 'the grid is empty'),
])
def test_bad_search_input_is_named(kwargs, message):
    ts, p, sig = market(200)
    args = dict(grid={'span': [1, 2]})
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        R.grid_search(SmoothedSignal(sig), args.pop('grid'), p, 5, folds=2, **args)


def test_bad_factor_length_and_unknown_weight_are_named():
    ts, p, sig = market(200)
    with pytest.raises(ValueError, match=r"evaluate\(\{'span': 1\}\) gave 100 rows, the prices "
                                         r"have 200"):
        R.grid_search(SmoothedSignal(sig[:100]), {'span': [1]}, p, 5, folds=2)
    with pytest.raises(ValueError, match="weight for 'bad', which is not a factor"):
        R.weight_search({'a': sig}, {'bad': [1.0]}, p, 5, folds=2)
    with pytest.raises(ValueError, match='has no submit method'):
        R.grid_search(SmoothedSignal(sig), {'span': [1, 2]}, p, 5, folds=2, executor=object())


# -- executors -----------------------------------------------------------------------------------
@pytest.fixture(scope='module')
def serial():
    ts, p, sig = market(800)
    ev = SmoothedSignal(sig)
    grid = {'span': [1, 4, 16], 'sign': [1.0, -1.0]}
    return ev, grid, p, ts, R.grid_search(ev, grid, p, '8ms', ts=ts, folds=2)


@pytest.mark.parametrize('make', [lambda: ThreadPoolExecutor(2), lambda: ProcessPoolExecutor(2)],
                         ids=['threads', 'processes'])
def test_executor_gives_the_serial_result(serial, make):
    ev, grid, p, ts, ref = serial
    with make() as ex:
        res = R.grid_search(ev, grid, p, '8ms', ts=ts, folds=2, executor=ex)
        wres = R.weight_search({'a': ev(4), 'b': ev(1)}, {'a': [0, 1], 'b': [0, 1, 2]}, p, 5,
                               ts=ts, folds=2, executor=ex)
    np.testing.assert_array_equal(res.scores, ref.scores)
    assert res.chosen == ref.chosen
    wref = R.weight_search({'a': ev(4), 'b': ev(1)}, {'a': [0, 1], 'b': [0, 1, 2]}, p, 5, ts=ts,
                           folds=2)
    np.testing.assert_array_equal(wres.scores, wref.scores)


def test_local_worker_processes_give_the_serial_result(serial):
    ev, grid, p, ts, ref = serial
    res = R.grid_search(ev, grid, p, '8ms', ts=ts, folds=2, workers=2)
    np.testing.assert_array_equal(res.scores, ref.scores)


def test_dask_client_gives_the_serial_result(serial):
    distributed = pytest.importorskip('distributed')
    ev, grid, p, ts, ref = serial
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2,
                            dashboard_address=None) as client:
        for ex in (client, client.get_executor()):
            res = R.grid_search(ev, grid, p, '8ms', ts=ts, folds=2, executor=ex)
            np.testing.assert_array_equal(res.scores, ref.scores)


def test_to_frame_lists_every_candidate_and_fold(serial):
    pytest.importorskip('pandas')
    ref = serial[-1]
    df = ref.to_frame()
    assert len(df) == 6 * 2
    assert df['chosen'].sum() == 2
    assert math.isclose(df[(df.fold == 1) & df.chosen]['test'].iloc[0],
                        ref.table()[1]['test'])
