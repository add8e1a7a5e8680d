"""Volatility and short-horizon indicators (bt.hft.indicators.vol) against numpy references over
a generated price stream, per event and per interval, in once and next mode."""
import math

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft import indicators as mi
from tests.hft.micro_ref import NAN, assert_close, fsum_window, price_stream, run_lines, windows

YEAR = 365 * 86400 * 10 ** 9


@pytest.fixture(scope='module')
def ticks():
    n = 1200
    _, ts, price = price_stream(21, n, 9_000_000, 2)
    return dict(timestamp=ts, price=price, size=np.ones(n), side=np.zeros(n))


def grid_samples(ts, p, interval):
    """(stamps, prices) of the grid samples a record at ts[i] has made visible: every multiple
    g of interval with g < ts[i] gets the last price at or before g."""
    g0 = -(-int(ts[0]) // interval) * interval
    st, sp, owner = [], [], []
    g = g0
    for i in range(len(ts)):
        while g < ts[i]:
            st.append(g)
            sp.append(p[np.searchsorted(ts, g, side='right') - 1])
            owner.append(i)
            g += interval
    return np.array(st, dtype=np.int64), np.array(sp), np.array(owner)


def per_record(owner, n, values, fill_from=None):
    """The value after the last sample made by each record (carried over records that made none)."""
    out = np.full(n, NAN)
    cur = NAN
    j = 0
    for i in range(n):
        while j < len(owner) and owner[j] == i:
            cur = values[j]
            j += 1
        out[i] = cur
    return out


def rv_from_samples(st, sp, period=None, span=None, factor=1.0):
    r2 = np.diff(np.log(sp)) ** 2
    sums = fsum_window(r2, st[1:], period=period, span=span)
    return np.r_[NAN, np.sqrt(sums * factor)]


def build(s):
    d = s.data
    return dict(rv=mi.RealizedVol(d, period=30).rv,
                rvt=mi.RealizedVol(d, window='200ms').rv,
                rvg=mi.RealizedVol(d, period=20, interval='10ms', annualize=True).rv,
                mv=mi.MicroVol(d, alpha=0.1).microvol,
                mvg=mi.MicroVol(d, alpha=0.1, interval='10ms', per_second=True).microvol,
                tm=mi.TickMomentum(d, period=25).tickmom,
                tmt=mi.TickMomentum(d, window='100ms').tickmom,
                sr=mi.ShortReturn(d, period=5).ret, srt=mi.ShortReturn(d, window='50ms').ret)


@pytest.mark.parametrize('runonce', [True, False])
def test_vol_indicators_match_reference(ticks, runonce):
    got = run_lines([bt.hft.TradeTickData(dataname=ticks)], build, runonce)
    ts, p = ticks['timestamp'], ticks['price']
    n = len(ts)
    assert_close(got['rv'], rv_from_samples(ts, p, period=30), what='rv per event')
    # a time window evicts at every record, not only at samples
    r2 = np.r_[NAN, np.diff(np.log(p)) ** 2]
    want = []
    for i, (lo, ready) in enumerate(windows(ts[1:], span=200_000_000)):
        want.append(math.sqrt(math.fsum(r2[1 + lo:i + 2])) if ready else NAN)
    assert_close(got['rvt'], np.r_[NAN, want], what='rv 200ms')
    st, sp, owner = grid_samples(ts, p, 10_000_000)
    rvg = rv_from_samples(st, sp, period=20, factor=YEAR / (20 * 10_000_000))
    assert_close(got['rvg'], per_record(owner, n, rvg), what='rv grid annualised')
    # micro-volatility: EWMA of squared changes, seeded with the first
    def ewma(dp, alpha, scale=1.0):
        v, out = NAN, [NAN]
        for x in dp:
            v = x * x if math.isnan(v) else (1 - alpha) * v + alpha * x * x
            out.append(math.sqrt(v * scale))
        return np.array(out)
    assert_close(got['mv'], ewma(np.diff(p), 0.1), what='microvol')
    assert_close(got['mvg'], per_record(owner, n, ewma(np.diff(sp), 0.1, 1e9 / 10_000_000)),
                 what='microvol grid')
    sgn = np.sign(np.diff(p))
    tm = fsum_window(sgn, ts[1:], period=25) / 25
    assert_close(got['tm'], np.r_[NAN, tm], what='tick momentum')
    tmt = []
    for i, (lo, ready) in enumerate(windows(ts[1:], span=100_000_000)):
        tmt.append(math.fsum(sgn[lo:i + 1]) / (i + 1 - lo) if ready else NAN)
    assert_close(got['tmt'], np.r_[NAN, tmt], what='tick momentum 100ms')
    sr = np.r_[[NAN] * 5, np.log(p[5:] / p[:-5])]
    assert_close(got['sr'], sr, what='short return 5')
    base = np.searchsorted(ts, ts - 50_000_000, side='right') - 1
    srt = np.where(base >= 0, np.log(p / p[np.maximum(base, 0)]), NAN)
    assert_close(got['srt'], srt, what='short return 50ms')


def test_vol_bad_params(ticks):
    with pytest.raises(ValueError, match='annualize needs a time window or an interval'):
        run_lines([bt.hft.TradeTickData(dataname=ticks)],
                  lambda s: dict(x=mi.RealizedVol(s.data, annualize=True).rv), True)
    with pytest.raises(ValueError, match='window'):
        run_lines([bt.hft.TradeTickData(dataname=ticks)],
                  lambda s: dict(x=mi.RealizedVol(s.data, window='-1s').rv), True)
    from backtrader.hft._cy.microvol import RealizedVolCore
    c = RealizedVolCore(period=2)
    c.update(100.0)
    c.update(-1.0)            # a price <= 0 has no log return: skipped and counted
    assert c.nbad == 1 and math.isnan(c.update(101.0))
    assert c.update(100.0) == pytest.approx(math.sqrt(math.log(1.01) ** 2 + math.log(100 / 101) ** 2))
