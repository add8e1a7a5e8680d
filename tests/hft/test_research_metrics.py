"""Factor metrics (bt.hft.research): IC, ICIR, IC decay, quantile returns, turnover,
autocorrelation and sorted-position returns against hand computations on small arrays, and
against alphalens' definitions (its documented procedure reproduced here with pandas and scipy,
a time bucket in the place of its date and the rows of a bucket in the place of its assets)."""
import math

import numpy as np
import pytest

from backtrader.hft import research as R

NAN = float('nan')
S = 10 ** 9


def close(a, b, tol=1e-12):
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=tol, atol=tol,
                               equal_nan=True)


# -- hand computations -------------------------------------------------------------------------
def test_ic_by_hand():
    x = [1.0, 2.0, 3.0, 4.0, 5.0]
    # ranks differ by d = (-1, 1, -1, 1, 0): 1 - 6 * 4 / (5 * 24) = 0.8; Pearson 8 / 10 too
    assert R.ic(x, [2.0, 1.0, 4.0, 3.0, 5.0]) == pytest.approx(0.8, abs=1e-15)
    assert R.ic(x, [2.0, 1.0, 4.0, 3.0, 5.0], 'pearson') == pytest.approx(0.8, abs=1e-15)
    # y = 1, 2, 3, 4, 10: same order (rank IC 1); Pearson 20 / sqrt(10 * 50)
    assert R.ic(x, [1.0, 2.0, 3.0, 4.0, 10.0]) == pytest.approx(1.0, abs=1e-15)
    assert R.ic(x, [1.0, 2.0, 3.0, 4.0, 10.0], 'pearson') == pytest.approx(20 / math.sqrt(500),
                                                                           abs=1e-15)


def test_missing_pairs_are_left_out_and_degenerate_is_nan():
    assert R.ic([1.0, NAN, 2.0, 3.0], [1.0, 5.0, 3.0, 2.0], 'pearson') == pytest.approx(
        np.corrcoef([1, 2, 3], [1, 3, 2])[0, 1], abs=1e-15)
    assert math.isnan(R.ic([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]))
    assert math.isnan(R.ic([1.0, NAN], [1.0, 2.0]))


def test_average_ranks_share_ties():
    close(R.average_ranks([10.0, 20.0, 20.0, 30.0, 20.0]), [1.0, 3.0, 3.0, 5.0, 3.0])
    # a tie in the Spearman IC: ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4)
    r = np.corrcoef([1, 2.5, 2.5, 4], [1, 2, 3, 4])[0, 1]
    assert R.ic([1.0, 2.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0]) == pytest.approx(r, abs=1e-15)


def test_ic_per_period_and_icir_by_hand():
    # two 1 s buckets of 4 rows and one of 2 rows (fewer than min_obs = 3: NaN)
    ts = np.array([0.1, 0.2, 0.3, 0.4, 1.1, 1.2, 1.5, 1.9, 2.0, 2.5]) * S
    f = [1, 2, 3, 4, 1, 2, 3, 4, 1, 2]
    t = [1, 2, 3, 4, 4, 3, 1, 2, 1, 2]
    per = R.ic_by_period(f, t, ts.astype(np.int64), '1s')
    close(per.start, [0, S, 2 * S])
    close(per.nobs, [4, 4, 2])
    # bucket 2: ranks (1..4) against (4, 3, 1, 2): d = (-3, -1, 2, 2): 1 - 6 * 18 / 60 = -0.8
    close(per.value, [1.0, -0.8, NAN])
    # ICIR over the two ICs: mean 0.1, sample std sqrt(((0.9)^2 + (0.9)^2) / 1)
    assert R.icir(per.value) == pytest.approx(0.1 / math.sqrt(1.62), abs=1e-15)
    assert math.isnan(R.icir([0.3]))


def test_ic_decay_over_horizons():
    # the factor is the next row's return: rank IC 1 at one row ahead
    p = np.array([100.0, 101.0, 100.5, 102.0, 101.0, 103.0, 102.5, 104.0])
    f = R.forward_returns(p, 1)
    d = R.ic_decay(f, p, [1, 3])
    assert list(d) == ['1ev', '3ev']
    assert d['1ev'][0] == pytest.approx(1.0, abs=1e-15)
    fwd3 = p[3:] / p[:-3] - 1
    expect = np.corrcoef(R.average_ranks(f[:5]), R.average_ranks(fwd3))[0, 1]
    assert d['3ev'][0] == pytest.approx(expect, abs=1e-12)
    assert math.isnan(d['1ev'][1])


def test_quantile_returns_by_hand():
    f = np.arange(1.0, 11.0)                    # 1..10: two bins of five
    t = np.array([1, 2, 3, 4, 5, 10, 20, 30, 40, 50], float) / 100
    qr = R.quantile_returns(f, t, 2)
    close(qr.label, [1, 2])
    close(qr.count, [5, 5])
    close(qr.mean, [0.03, 0.30])
    close(qr.std, [np.std([1, 2, 3, 4, 5], ddof=1) / 100, np.std([10, 20, 30, 40, 50], ddof=1)
                   / 100])
    close(qr.sem, qr.std / math.sqrt(5))
    assert qr.period_start is None


def test_label_returns_by_hand():
    # regimes 0, 3, 1 (and -1: left out); a missing target is left out too
    lab = [0, 3, 3, 1, 0, -1, 3, 1]
    t = [0.1, 0.2, 0.4, -0.1, 0.3, 9.0, NAN, -0.3]
    g = R.label_returns(lab, t)
    close(g.label, [0, 1, 3])
    close(g.count, [2, 2, 2])
    close(g.mean, [0.2, -0.2, 0.3])
    close(g.std, [math.sqrt(0.02), math.sqrt(0.02), math.sqrt(0.02)])
    # demeaned within 1 s buckets: rows 0-3 (mean 0.15 of 0.1, 0.2, 0.4, -0.1), rows 4-7
    # (mean 0.0 of 0.3, -0.3)
    ts = np.array([0, 0, 0, 0, 1, 1, 1, 1]) * S
    d = R.label_returns(lab, t, ts=ts, period='1s', demeaned=True)
    close(d.mean, [(-0.05 + 0.3) / 2, (-0.25 - 0.3) / 2, (0.05 + 0.25) / 2])
    close(d.period_start, [0, S])
    close(d.period_mean[0], [-0.05, -0.25, 0.15])
    close(d.period_mean[1], [0.3, -0.3, NAN])
    with pytest.raises(ValueError, match='labels must be whole numbers'):
        R.label_returns([0.5], [1.0])


def test_quantile_labels_follow_qcut_edges():
    # quartile edges of 1..8 (linear): 1, 2.75, 4.5, 6.25, 8 -> (1,2) (3,4) (5,6) (7,8)
    close(R.quantile_labels([8, 1, 2, 3, 4, 5, 6, 7, NAN], 4), [4, 1, 1, 2, 2, 3, 3, 4, 0])
    # equal edges merge: six 0s, 1, 2 -> edges 0, 0, 0, 0.25, 2 -> bins (<= 0) and (0.25, 2]
    close(R.quantile_labels([0.0] * 6 + [1.0, 2.0], 4), [1, 1, 1, 1, 1, 1, 2, 2])


def test_turnover_and_autocorrelation_by_hand():
    lab = [1, 1, 2, 1, 0, 1]
    # rows in quantile 1 with a labelled row before: 1 (stayed) and 3 (came from 2) -> 1/2
    assert R.quantile_turnover(lab, 1) == 0.5
    assert R.quantile_turnover(lab, 2) == 1.0       # row 2, came from 1
    x = np.array([1.0, 3.0, 2.0, 4.0, 3.0, 5.0])
    assert R.autocorrelation(x, 1, method='pearson') == pytest.approx(
        np.corrcoef(x[1:], x[:-1])[0, 1], abs=1e-15)
    assert R.autocorrelation(x, 2, method='pearson') == pytest.approx(
        np.corrcoef(x[2:], x[:-2])[0, 1], abs=1e-15)
    # a lag in time: the value as of t - 1 s
    ts = np.array([0, 1, 2, 3, 4, 5]) * S
    assert R.autocorrelation(x, '1s', ts=ts) == pytest.approx(R.autocorrelation(x, 1), abs=1e-15)
    per = R.quantile_turnover(lab, 1, ts=ts, period='3s')
    close(per.start, [0, 3 * S])
    close(per.value, [0.0, 1.0])
    close(per.nobs, [1, 1])


def test_sorted_position_returns_by_hand():
    lab = [1, 2, 2, 1]
    r = [0.01, -0.02, 0.03, NAN]
    out = R.sorted_position_returns(lab, r, 2)
    close(out[:, 0], [0.01, 0.01, 0.01, 0.01])
    close(out[:, 1], [0.0, -0.02, 0.01, 0.01])
    close(out[:, 2], [-0.01, -0.03, 0.0, 0.0])


@pytest.mark.parametrize('call, message', [
    (lambda: R.ic([1.0, 2.0], [1.0]), 'factor has 2 rows, target has 1'),
    (lambda: R.ic([1.0, math.inf], [1.0, 2.0]), 'factor holds inf at row 1'),
    (lambda: R.ic([1.0, 2.0], [1.0, 2.0], 'kendall'), "method = 'kendall' must be one of"),
    (lambda: R.ic_by_period([1.0], [1.0], None, '1s'), 'a period needs the stamps ts'),
    (lambda: R.ic_by_period([1.0], [1.0], [0], 0), 'period = 0 is not a positive'),
    (lambda: R.quantile_labels([1.0, 2.0], 1), 'quantiles = 1 must be an int >= 2'),
    (lambda: R.quantile_returns([1.0], [1.0], 2, demeaned=True), 'demeaned needs ts and a period'),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# -- alphalens' definitions ----------------------------------------------------------------------
@pytest.fixture(scope='module')
def panel():
    """Rows over 20 s in 1 s buckets, a factor with some signal, forward returns, and the same
    as alphalens' (date, asset) frame: date = bucket, asset = row number."""
    pd = pytest.importorskip('pandas')
    rng = np.random.default_rng(7)
    n = 600
    ts = np.sort(rng.integers(0, 20 * S, n)).astype(np.int64)
    f = np.round(rng.normal(size=n), 1)          # rounded: ties inside buckets
    fwd = 0.002 * f + rng.normal(scale=0.01, size=n)
    f[rng.integers(0, n, 15)] = NAN
    df = pd.DataFrame({'date': (ts // S) * S, 'asset': np.arange(n), 'factor': f, 1: fwd})
    df = df.dropna().set_index(['date', 'asset'])
    return ts, f, fwd, df


def test_ic_matches_alphalens_factor_information_coefficient(panel):
    from scipy import stats
    ts, f, fwd, df = panel
    # alphalens: per date, spearmanr(forward return, factor) over the assets
    ref = df.groupby(level='date').apply(lambda g: stats.spearmanr(g[1], g['factor'])[0])
    per = R.ic_by_period(f, fwd, ts, '1s')
    close(per.start, ref.index.values)
    close(per.value, ref.values, 1e-12)
    # alphalens' "Risk-Adjusted IC": IC mean / IC std (pandas: n - 1)
    assert R.icir(per.value) == pytest.approx(ref.mean() / ref.std(), rel=1e-12)


def test_quantile_returns_match_alphalens_mean_return_by_quantile(panel):
    pd = pytest.importorskip('pandas')
    ts, f, fwd, df = panel
    # alphalens: quantize per date with qcut(labels=False) + 1; demean the forward returns by
    # date; mean, std and std / sqrt(count) per quantile
    q = df.groupby(level='date')['factor'].transform(
        lambda x: pd.qcut(x, 5, labels=False) + 1)
    dm = df[1] - df.groupby(level='date')[1].transform('mean')
    g = pd.DataFrame({'q': q, 'r': dm}).groupby('q')['r'].agg(['mean', 'std', 'count'])
    ours = R.quantile_returns(f, fwd, 5, ts=ts, period='1s', demeaned=True, by_period=True)
    close(ours.label, g.index.values)
    close(ours.mean, g['mean'].values, 1e-12)
    close(ours.std, g['std'].values, 1e-12)
    close(ours.count, g['count'].values)
    close(ours.sem, (g['std'] / np.sqrt(g['count'])).values, 1e-12)
    # per date and quantile (alphalens' by_date=True)
    bd = pd.DataFrame({'q': q, 'r': dm}).groupby([df.index.get_level_values('date'), 'q'])['r'] \
        .mean().unstack()
    close(ours.period_start, bd.index.values)
    close(ours.period_mean, bd.values, 1e-12)
    # without demeaning, over all rows
    plain = R.quantile_returns(f, fwd, 5)
    g2 = pd.DataFrame({'q': pd.qcut(df['factor'], 5, labels=False) + 1, 'r': df[1]}) \
        .groupby('q')['r'].mean()
    close(plain.mean, g2.values, 1e-12)


def test_turnover_and_autocorrelation_match_alphalens_on_one_asset(panel):
    """With one asset (alphalens' single-name case) a date is a row: quantile_turnover is the
    share of dates in the quantile whose previous date was not; the rank autocorrelation is
    the Spearman correlation of the factor with itself one date before."""
    from scipy import stats
    ts, f, fwd, df = panel
    lab = R.quantile_labels(f, 5)
    prev_ok = np.r_[False, (lab[:-1] != 0)]
    inq = (lab == 5) & prev_ok
    expect = np.mean(lab[:-1][inq[1:]] != 5)
    assert R.quantile_turnover(lab, 5) == pytest.approx(expect, abs=1e-15)
    ok = ~np.isnan(f[1:]) & ~np.isnan(f[:-1])
    assert R.autocorrelation(f, 1) == pytest.approx(
        stats.spearmanr(f[1:][ok], f[:-1][ok])[0], abs=1e-12)
