"""Optimization sweeps: the same results as upstream on local processes, on
any concurrent.futures executor and on a Dask cluster; the data sent to each
worker once; workers killed mid-sweep without losing a result; progress bars."""
import concurrent.futures as cf
import hashlib
import io
import os
import signal
import sys

import pytest

import backtrader as bt
import upstream
from backtrader import optimize, progress

sys.path.insert(0, str(upstream.DIFFSCRIPTS))
import opt_sweep  # noqa: E402

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'samples', 'data',
                      'daily-ohlcv.csv')
FAST = list(range(5, 15))
SLOW = list(range(20, 70, 5))
COMBOS = [[f, s] for f in FAST for s in SLOW]
MAIN_PID = os.getpid()      # the test process: never killed


def _sample_digest():
    with open(SAMPLE, 'rb') as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def sweep_script(engine, *args):
    return upstream.run_cached('opt_sweep.py', engine, args=['--data', SAMPLE],
                               cache_args=list(args), key_data=_sample_digest())


@pytest.fixture(scope='module')
def reference():
    """Upstream's 100-combination sweep on two processes (the oracle)."""
    ref = sweep_script('upstream', '--maxcpus', '2')
    assert [r[:2] for r in ref['rows']] == COMBOS
    return ref['rows']


def same_rows(got, ref):
    assert len(got) == len(ref)
    for a, b in zip(got, ref):
        assert a[:2] == b[:2]
        assert a[2:] == pytest.approx(b[2:], rel=1e-9, abs=1e-12)


class KillWorker(opt_sweep.SmaCross):
    """The crossover, whose worker process kills itself on one combination
    (``kill='once'``: the first time only, noted in ``marker``)."""
    params = (('victim', (7, 40)), ('kill', 'once'), ('marker', ''), ('mainpid', MAIN_PID))

    def next(self):
        super().next()
        if (len(self) == 300 and os.getpid() != self.p.mainpid
                and (self.p.fast, self.p.slow) == tuple(self.p.victim)
                and not (self.p.kill == 'once' and os.path.exists(self.p.marker))):
            with open(self.p.marker, 'w'):
                pass
            os.kill(os.getpid(), signal.SIGKILL)


def make_cerebro(strategy=opt_sweep.SmaCross, maxcpus=2, optreturn=True, **extra):
    cerebro = bt.Cerebro(maxcpus=maxcpus, optreturn=optreturn, stdstats=False)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=SAMPLE, dtformat='%Y-%m-%d'))
    cerebro.optstrategy(strategy, fast=FAST, slow=SLOW, **extra)
    for analyzer in (bt.analyzers.Returns, bt.analyzers.SharpeRatio, bt.analyzers.DrawDown,
                     bt.analyzers.TradeAnalyzer):
        cerebro.addanalyzer(analyzer)
    return cerebro


def rows_of(results, whole=False):
    return [opt_sweep.row(res[0], whole) for res in results]


# ------------------------------------------------------------ against upstream
def test_100_combinations_on_two_processes_match_upstream(reference):
    got = sweep_script('ours', '--maxcpus', '2')
    same_rows(got['rows'], reference)
    assert got['callbacks'] == COMBOS            # in combination order, as upstream


def test_100_combinations_in_one_process_match_upstream(reference):
    got = sweep_script('ours', '--maxcpus', '1')
    same_rows(got['rows'], reference)
    assert got['callbacks'] == COMBOS


def test_whole_strategies_come_back_with_optreturn_off():
    args = ('--maxcpus', '2', '--optreturn', '0', '--fast', '5,10', '--slow', '20,30,40')
    ref = sweep_script('upstream', *args)['rows']
    got = sweep_script('ours', *args)['rows']
    assert [r[:2] for r in ref] == [[5, 20], [5, 30], [5, 40], [10, 20], [10, 30], [10, 40]]
    assert len(ref[0]) == 12                     # bars, last cross, broker value too
    same_rows(got, ref)


# ------------------------------------------------------------------ executors
class CountingPool(cf.ProcessPoolExecutor):
    """A process pool that counts the tasks it is given and those carrying data."""

    def __init__(self, workers):
        super().__init__(workers)
        self.tasks = self.with_data = 0

    def submit(self, fn, *args, **kwargs):
        self.tasks += 1
        self.with_data += args[-1] is not None
        return super().submit(fn, *args, **kwargs)


def test_any_process_executor_gets_the_data_once_per_worker(reference):
    with CountingPool(2) as pool:
        results = make_cerebro(maxcpus=None).run(executor=pool)
    same_rows(rows_of(results), reference)
    assert pool.tasks >= 100
    # the first task per worker, plus the odd one that reached a worker first
    assert pool.with_data <= 4, (pool.tasks, pool.with_data)


def test_a_thread_executor_gives_the_same_results(reference):
    with cf.ThreadPoolExecutor(2) as pool:
        results = make_cerebro().run(executor=pool)
    same_rows(rows_of(results), reference)


def test_callbacks_get_results_in_combination_order_from_an_executor():
    seen = []
    cerebro = make_cerebro()
    cerebro.optcallback(lambda res: seen.append([res[0].p.fast, res[0].p.slow]))
    with cf.ThreadPoolExecutor(2) as pool:
        cerebro.run(executor=pool)
    assert seen == COMBOS


class Fails(opt_sweep.SmaCross):
    """The crossover, failing on one combination."""

    def next(self):
        if self.p.fast == 6 and self.p.slow == 25 and len(self) == 100:
            raise ZeroDivisionError('strategy bug')


def test_an_error_in_a_strategy_names_its_combination():
    cerebro = make_cerebro(Fails)
    with cf.ThreadPoolExecutor(2) as pool, pytest.raises(ZeroDivisionError) as err:
        cerebro.run(executor=pool)
    if sys.version_info >= (3, 11):
        assert 'Fails(fast=6, slow=25)' in '\n'.join(err.value.__notes__)


# ------------------------------------------------------------- lost workers
def test_a_worker_killed_mid_sweep_is_replaced_and_its_task_retried(reference, tmp_path):
    marker = tmp_path / 'killed'
    results = make_cerebro(KillWorker, mainpid=MAIN_PID, marker=str(marker)).run()
    assert marker.exists()                       # a worker did die mid-run
    same_rows(rows_of(results), reference)


def test_a_combination_that_always_kills_its_worker_is_reported(reference, tmp_path):
    cerebro = make_cerebro(KillWorker, mainpid=MAIN_PID, kill='always', marker=str(tmp_path / 'k'))
    with pytest.raises(optimize.SweepError) as err:
        cerebro.run()
    victim = COMBOS.index([7, 40])
    assert [m[0] for m in err.value.missing] == [victim]
    assert 'KillWorker(fast=7, slow=40' in str(err.value)
    got = err.value.results
    assert got[victim] is None
    others = [i for i in range(100) if i != victim]
    same_rows(rows_of([got[i] for i in others]), [reference[i] for i in others])


def test_a_broken_foreign_pool_reports_every_lost_combination(reference, tmp_path):
    pool = cf.ProcessPoolExecutor(2)
    try:
        with pytest.raises(optimize.SweepError) as err:
            make_cerebro(KillWorker, mainpid=MAIN_PID, marker=str(tmp_path / 'k')).run(executor=pool)
    finally:
        pool.shutdown()
    got = err.value.results
    missing = {m[0] for m in err.value.missing}
    assert COMBOS.index([7, 40]) in missing
    assert missing == {i for i, r in enumerate(got) if r is None}
    present = [i for i in range(100) if i not in missing]
    same_rows(rows_of([got[i] for i in present]), [reference[i] for i in present])


# ----------------------------------------------------------------------- Dask
@pytest.fixture(scope='module')
def dask_client():
    distributed = pytest.importorskip('distributed')
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def test_a_dask_cluster_of_two_workers_matches_upstream(reference, dask_client):
    results = make_cerebro(maxcpus=None).run(executor=dask_client.get_executor())
    same_rows(rows_of(results), reference)


def test_a_dask_worker_killed_mid_sweep_loses_no_result(reference, dask_client, tmp_path):
    marker = tmp_path / 'killed'
    cerebro = make_cerebro(KillWorker, mainpid=MAIN_PID, maxcpus=None, marker=str(marker))
    results = cerebro.run(executor=dask_client.get_executor())
    assert marker.exists()
    same_rows(rows_of(results), reference)


# ------------------------------------------------------------------ progress
class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_drawn_only_on_a_terminal_and_when_asked():
    assert progress.wanted(True, Terminal())
    assert not progress.wanted(False, Terminal())
    assert not progress.wanted(True, io.StringIO())


def test_plain_progress_bar_counts_to_the_total(monkeypatch):
    monkeypatch.setitem(sys.modules, 'tqdm', None)      # the plain bar
    out = Terminal()
    bar = progress.ProgressBar(4, 'optimization', stream=out)
    for _ in range(4):
        bar.update()
    bar.close()
    text = out.getvalue()
    assert '4/4' in text and '|' + '#' * 30 + '|' in text
    assert text.endswith('\r\x1b[K')


def test_an_optimization_shows_its_progress_on_a_terminal(monkeypatch):
    monkeypatch.setitem(sys.modules, 'tqdm', None)
    out = Terminal()
    monkeypatch.setattr(sys, 'stderr', out)
    make_cerebro(maxcpus=1).run()
    assert 'optimization' in out.getvalue() and '100/100' in out.getvalue()
    out.seek(0)
    out.truncate()
    make_cerebro(maxcpus=1).run(progress=False)
    assert out.getvalue() == ''


def test_a_long_run_is_watched_after_its_delay(monkeypatch):
    monkeypatch.setitem(sys.modules, 'tqdm', None)
    out = Terminal()
    state = {'done': 0}

    def poll():
        state['done'] += 10
        return min(state['done'], 100), 100

    with progress.RunWatcher(poll, delay=0.0, period=0.01, stream=out):
        while state['done'] < 100:
            pass
    assert '100/100' in out.getvalue()
    quiet = Terminal()
    with progress.RunWatcher(poll, delay=5.0, stream=quiet):
        pass                                     # finished before the delay: no bar
    assert quiet.getvalue() == ''
