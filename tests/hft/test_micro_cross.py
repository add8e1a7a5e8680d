"""Cross-asset indicators (bt.hft.indicators.cross, cointegration) over two feeds with their own
timestamps, aligned on ns time, against numpy references in once and next mode; the built-in
Engle-Granger test against statsmodels."""
import math
from fractions import Fraction

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft import indicators as mi
from tests.hft.micro_ref import T0, NAN, assert_close, asof, run_lines, stamps, windows


@pytest.fixture(scope='module')
def pair():
    rng = np.random.default_rng(31)
    n0, n1 = 900, 700
    t0 = stamps(rng, n0, 3_000_000)
    t1 = stamps(rng, n1, 4_000_000, start=T0 + 1_000_000)
    common = np.cumsum(rng.normal(0, 0.02, 4000))
    f = lambda t: np.interp(t, np.linspace(t0[0], t1[-1], 4000), common)  # noqa: E731
    x = np.round(50 + f(t1) + rng.normal(0, 0.01, n1), 2)
    y = np.round(100 + 2 * f(t0) + rng.normal(0, 0.02, n0), 2)
    mk = lambda t, p: dict(timestamp=t, price=p, size=np.ones(len(t)), side=np.zeros(len(t)))  # noqa
    return mk(t0, y), mk(t1, x)


def rolling_pairs(a, b, ts, period=None, span=None):
    """Per clock bar the window's (a, b) arrays (None when not warmed up)."""
    out = []
    for i, (lo, ready) in enumerate(windows(ts, period, span)):
        out.append((a[lo:i + 1], b[lo:i + 1]) if ready else None)
    return out


def _moments(a, b):
    """Exact (rational) centred co-moment of ``a`` and ``b`` and their centred sums of
    squares: the reference the cores' double-double sums are held to."""
    fa = [Fraction(v) for v in a]
    fb = [Fraction(v) for v in b]
    ma, mb = sum(fa) / len(fa), sum(fb) / len(fb)
    da = [v - ma for v in fa]
    db = [v - mb for v in fb]
    return (sum(u * v for u, v in zip(da, db)), sum(u * u for u in da),
            sum(v * v for v in db))


def exact_corr(a, b):
    cab, caa, cbb = _moments(a, b)
    return float(cab) / math.sqrt(float(caa) * float(cbb))


def exact_slope(y, x):
    """Least-squares slope of ``y`` on ``x``, rounded once."""
    cyx, _, cxx = _moments(y, x)
    return float(cyx / cxx)


def exact_z(w):
    """z-score of the last value of ``w`` against the window (sample std)."""
    fw = [Fraction(v) for v in w]
    m = sum(fw) / len(fw)
    var = sum((v - m) ** 2 for v in fw) / (len(fw) - 1)
    return float(fw[-1] - m) / math.sqrt(float(var))


def build(s):
    d0, d1 = s.datas
    return dict(corr=mi.RollingCorrelation(d0, d1, period=50).correlation,
                corrt=mi.RollingCorrelation(d0, d1, window='300ms').correlation,
                beta=mi.RollingBeta(d0, d1, period=50).beta,
                spread=mi.PairSpread(d0, d1, period=80).spread,
                hedge=mi.PairSpread(d0, d1, period=80).hedge,
                z=mi.SpreadZScore(d0, d1, period=80, zperiod=40).zscore)


@pytest.mark.parametrize('runonce', [True, False])
def test_cross_indicators_match_reference(pair, runonce):
    a, b = pair
    got = run_lines([bt.hft.TradeTickData(dataname=a), bt.hft.TradeTickData(dataname=b)],
                    build, runonce)
    t0, y = a['timestamp'], a['price']
    x = asof(t0, b['timestamp'], b['price'])
    started = ~np.isnan(x)
    k = np.flatnonzero(started)          # bars the cores take (the second data has begun)
    ra, rb = np.diff(np.log(y[k])), np.diff(np.log(x[k]))
    tr = t0[k][1:]
    for name, kw in (('corr', dict(period=50)), ('corrt', dict(span=300_000_000))):
        want = np.full(len(y), NAN)
        for j, w in enumerate(rolling_pairs(ra, rb, tr, **kw)):
            if w is not None and np.ptp(w[1]) > 0:
                want[k[j + 1]] = exact_corr(w[0], w[1])
        want = _carry(want, k)
        assert_close(got[name], want, rtol=1e-9, atol=1e-12, what=name)
    want = np.full(len(y), NAN)
    for j, w in enumerate(rolling_pairs(ra, rb, tr, period=50)):
        if w is not None:
            want[k[j + 1]] = exact_slope(w[0], w[1])
    assert_close(got['beta'], _carry(want, k), rtol=1e-9, atol=1e-12, what='beta')
    hedge = np.full(len(y), NAN)
    spread = np.full(len(y), NAN)
    for j, w in enumerate(rolling_pairs(y[k], x[k], t0[k], period=80)):
        if w is not None:
            hedge[k[j]] = exact_slope(w[0], w[1])
            spread[k[j]] = y[k[j]] - hedge[k[j]] * x[k[j]]
    assert_close(got['hedge'], _carry(hedge, k), rtol=1e-9, what='hedge')
    assert_close(got['spread'], _carry(spread, k), rtol=1e-9, what='spread')
    ok = np.flatnonzero(~np.isnan(spread))
    z = np.full(len(y), NAN)
    for i in range(39, len(ok)):
        z[ok[i]] = exact_z(spread[ok[i - 39:i + 1]])
    assert_close(got['z'], z, rtol=1e-9, what='spread z-score')


def _carry(want, k):
    """Bars before the second data starts are skipped: NaN there (nothing to carry)."""
    return want


def test_engle_granger_builtin_matches_statsmodels():
    rng = np.random.default_rng(5)
    x = np.cumsum(rng.normal(size=400)) + 50
    y = 1.5 * x + rng.normal(scale=0.5, size=400)
    built = mi.engle_granger(y, x, lags=2, builtin=True)
    sm = pytest.importorskip('statsmodels.tsa.stattools')
    stat, pvalue, crit = sm.coint(y, x, trend='c', maxlag=2, autolag=None)
    assert built.source == 'builtin' and math.isnan(built.pvalue)
    assert built.stat == pytest.approx(stat, rel=1e-9)
    np.testing.assert_allclose(built.crit, crit, rtol=1e-12)
    full = mi.engle_granger(y, x, lags=2)
    assert full.source == 'statsmodels' and full.pvalue == pytest.approx(pvalue)
    assert built.hedge == pytest.approx(np.polyfit(x, y, 1)[0], rel=1e-9)


@pytest.mark.parametrize('runonce', [True, False])
def test_engle_granger_indicator(pair, runonce):
    a, b = pair
    got = run_lines([bt.hft.TradeTickData(dataname=a), bt.hft.TradeTickData(dataname=b)],
                    lambda s: dict(stat=mi.EngleGranger(s.data0, s.data1, period=200, every=100,
                                                        builtin=True).stat), runonce)
    t0, y = a['timestamp'], a['price']
    x = asof(t0, b['timestamp'], b['price'])
    want = np.full(len(y), NAN)
    for i in range(199, len(y), 100):
        yy, xx = y[i - 199:i + 1], x[i - 199:i + 1]
        ok = ~np.isnan(xx)
        want[i] = mi.adf_stat(yy[ok] - np.polyval(np.polyfit(xx[ok], yy[ok], 1), xx[ok]), 1)
    assert_close(got['stat'], want, rtol=1e-9, what='engle-granger')


def test_cross_errors(pair):
    a, _ = pair
    with pytest.raises(ValueError, match='needs two datas'):
        run_lines([bt.hft.TradeTickData(dataname=a)],
                  lambda s: dict(c=mi.RollingCorrelation(s.data).correlation), True)
    with pytest.raises(ValueError, match='period >= 2'):
        run_lines([bt.hft.TradeTickData(dataname=a), bt.hft.TradeTickData(dataname=a)],
                  lambda s: dict(c=mi.RollingBeta(s.data0, s.data1, period=1).beta), True)
