"""Open-interest analytics (OpenInterestData, OIDelta, MarketRegime): OI snapshots held until
their next update and aligned to trades by time, against a numpy reference and a worked example,
in once and next mode."""
import numpy as np
import pytest

import backtrader as bt
from backtrader.hft import indicators as mi
from tests.hft.micro_ref import NAN, assert_close, asof, run_lines

S = 1_000_000_000
T0 = 1_700_000_000 * S


def test_regime_worked_example():
    """Trades every second, OI every 5 s; window 5 s, bands 0.1% (price) and 0.5% (OI)."""
    tt = T0 + np.arange(1, 31) * S
    price = np.r_[[100.0] * 10, [100.5] * 5, [100.0] * 5, [99.5] * 5, [100.2] * 5]
    ot = T0 + np.arange(0, 31, 5) * S
    oi = np.array([1000.0, 1000.0, 1010.0, 1020.0, 1030.0, 1010.0, 1011.0])
    trades = dict(timestamp=tt, price=price, size=np.ones(30), side=np.zeros(30))
    oidata = dict(timestamp=ot, openinterest=oi)
    for runonce in (True, False):
        got = run_lines([bt.hft.TradeTickData(dataname=trades),
                         bt.hft.OpenInterestData(dataname=oidata)],
                        lambda s: dict(r=mi.MarketRegime(s.data0, s.data1, window='5s').regime,
                                       d=mi.OIDelta(s.data0, s.data1, window='5s').delta),
                        runonce)
        # at t=15 s: price 100 -> 100.5 (+0.5%), OI 1000 -> 1010 (+1%): long build-up
        assert got['r'][14] == mi.MarketRegime.LONG_BUILDUP
        # t=20 s: price 100.5 -> 100 (-0.5%), OI 1020 -> 1030 (+1%): short build-up
        assert got['r'][19] == mi.MarketRegime.SHORT_BUILDUP
        # t=25 s: price 100 -> 99.5, OI 1030 -> 1010: long unwinding
        assert got['r'][24] == mi.MarketRegime.LONG_UNWINDING
        # t=30 s: price 99.5 -> 100.2 (+0.7%), OI 1010 -> 1011 (+0.1%, inside the band): neutral
        assert got['r'][29] == mi.MarketRegime.NEUTRAL
        assert got['d'][29] == 1011.0 - 1010.0
        assert np.isnan(got['r'][:4]).all()      # no base 5 s back yet


@pytest.mark.parametrize('runonce', [True, False])
def test_oi_indicators_match_reference(runonce):
    rng = np.random.default_rng(41)
    n, m = 1500, 60
    tt = T0 + np.cumsum(rng.integers(1, 200_000_000, n)).astype(np.int64)
    price = np.round(100 + 0.05 * rng.normal(size=n).cumsum(), 2)
    ot = T0 + 3 * S + np.sort(rng.choice(np.arange(0, 150 * S, S // 10), m, replace=False))
    oi = np.round(5000 + 30 * rng.normal(size=m).cumsum(), 3)
    got = run_lines([bt.hft.TradeTickData(dataname=dict(timestamp=tt, price=price,
                                                        size=np.ones(n))),
                     bt.hft.OpenInterestData(dataname=dict(timestamp=ot, openinterest=oi))],
                    lambda s: dict(reg=mi.MarketRegime(s.data0, s.data1, window='10s'),
                                   dl=mi.OIDelta(s.data0, s.data1, window=10 * S),
                                   dn=mi.OIDelta(s.data0, s.data1, period=7, window=None)),
                    runonce)
    held = asof(tt, ot, oi)
    k = np.flatnonzero(~np.isnan(held))           # trades after the first OI snapshot
    tk, pk, ok = tt[k], price[k], held[k]
    base = np.searchsorted(tk, tk - 10 * S, side='right') - 1
    has = base >= 0
    b = np.maximum(base, 0)
    dp = np.where(has, pk / pk[b] - 1, NAN)
    doi = np.where(has, ok / ok[b] - 1, NAN)
    reg = np.where(~has, NAN, 0.0)
    reg[has & (doi > 0.005) & (dp > 0.001)] = 1
    reg[has & (doi > 0.005) & (dp < -0.001)] = 2
    reg[has & (doi < -0.005) & (dp < -0.001)] = 3
    reg[has & (doi < -0.005) & (dp > 0.001)] = 4
    full = lambda v: np.r_[[NAN] * k[0], v]  # noqa: E731
    assert_close(got['reg'], full(reg), what='regime')
    assert_close(got['dl'], full(np.where(has, ok - ok[b], NAN)), what='oi delta 10s')
    d7 = np.r_[[NAN] * 7, ok[7:] - ok[:-7]]
    assert_close(got['dn'], full(d7), what='oi delta 7 bars')


def test_oi_feed_errors():
    with pytest.raises(ValueError, match="field 'openinterest'.*negative"):
        run_lines([bt.hft.OpenInterestData(dataname=dict(timestamp=np.array([1, 2]),
                                                         openinterest=np.array([1.0, -2.0])))],
                  lambda s: {}, True)
    trades = dict(timestamp=np.array([1, 2]), price=np.array([1.0, 2.0]), size=np.ones(2))
    with pytest.raises(ValueError, match='needs two datas'):
        run_lines([bt.hft.TradeTickData(dataname=trades)],
                  lambda s: dict(r=mi.MarketRegime(s.data).regime), True)
