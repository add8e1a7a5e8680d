"""Trade-flow indicators (bt.hft.indicators.flow) against numpy references over a generated
trade stream, in once and next mode; trade-side classification on a worked example."""
import math

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft import indicators as mi
from tests.hft import l2_reference as ref
from tests.hft.micro_ref import NAN, assert_close, fsum_window, price_stream, run_lines, windows


@pytest.fixture(scope='module')
def trades():
    n = 1500
    rng, ts, price = price_stream(11, n, 4_000_000, 3)
    size = rng.integers(1, 40, n) * 0.001
    side = rng.choice([1.0, -1.0, 0.0], n, p=[0.45, 0.45, 0.1])
    return dict(timestamp=ts, price=price, size=size, side=side)


def tick_signs(price, flag, mid=None, mode='auto'):
    """Aggressor signs: flag, else quote rule, else the tick test (Lee & Ready)."""
    out, last, lastsign = [], NAN, 0.0
    for i, p in enumerate(price):
        tick = lastsign
        if not math.isnan(last) and p != last:
            tick = 1.0 if p > last else -1.0
        m = NAN if mid is None else mid[i]
        if mode == 'auto' and flag[i] in (1.0, -1.0):
            s = flag[i]
        elif mode != 'tick' and not math.isnan(m) and p != m:
            s = 1.0 if p > m else -1.0
        else:
            s = tick
        out.append(s)
        lastsign, last = tick, p
    return np.array(out)


def test_classification_worked_example():
    # prices 10, 11 (uptick), 11 (zero tick: stays +), 10 (downtick), 10 (zero tick: stays -)
    price = [10.0, 11.0, 11.0, 10.0, 10.0]
    flags = [0.0] * 5
    assert list(tick_signs(price, flags)) == [0.0, 1.0, 1.0, -1.0, -1.0]
    from backtrader.hft._cy.microflow import CVDCore
    c = CVDCore(classify='tick')
    assert [c.update(p, 1.0, 0.0) for p in price] == [0.0, 1.0, 2.0, 1.0, 0.0]
    q = CVDCore(classify='quote', withmid=True)
    # above the mid a buy, below a sell, at the mid the tick test
    assert [q.update(p, 2.0, 1.0, m) for p, m in ((10.0, 9.5), (10.0, 10.5), (10.5, 10.5))] == \
        [2.0, 0.0, 2.0]


def flow_refs(t, period, span):
    ts, p, q, flag = t['timestamp'], t['price'], t['size'], t['side']
    sign = tick_signs(p, flag)
    sv, cv = sign * q, np.abs(sign) * q
    out = {}
    for tag, kw in (('n', dict(period=period)), ('t', dict(span=span))):
        s, c = fsum_window(sv, ts, **kw), fsum_window(cv, ts, **kw)
        pv, v = fsum_window(p * q, ts, **kw), fsum_window(q, ts, **kw)
        with np.errstate(invalid='ignore', divide='ignore'):
            out['imb' + tag] = np.where(c > 0, s / c, NAN)
            out['ratio' + tag] = np.where(c > 0, (c + s) / 2 / c, NAN)
            out['vwap' + tag] = pv / v
    cnt = [(i - lo + 1) if ready else NAN for i, (lo, ready) in enumerate(windows(ts, span=span))]
    out['intensity'] = np.array(cnt) / (span * 1e-9)
    byc = fsum_window(sign, ts, period=period)
    cabs = fsum_window(np.abs(sign), ts, period=period)
    out['ratiocount'] = np.where(cabs > 0, (cabs + byc) / 2 / cabs, NAN)
    out['cvd'] = np.array([math.fsum(sv[:i + 1]) for i in range(len(sv))])
    return out


def kyle_ref(t, period):
    p, q = t['price'], t['size']
    s = tick_signs(p, t['side']) * np.sqrt(q)
    out = [NAN]
    for i in range(1, len(p)):
        lo = i - period + 1
        if lo < 1:
            out.append(NAN)
            continue
        x, y = s[lo:i + 1], np.diff(p)[lo - 1:i]
        out.append(np.polyfit(x, y, 1)[0] if np.ptp(x) > 0 else NAN)
    return np.array(out)


def vpin_ref(p, q, bucket, nb):
    """Bulk classification with the running sample std of the price changes."""
    dps, imbs, fill, buy, sell, out, last = [], [], 0.0, 0.0, 0.0, [], NAN
    for px, size in zip(p, q):
        dp = 0.0 if math.isnan(last) else px - last
        if not math.isnan(last):
            dps.append(dp)
        last = px
        sd = np.std(dps, ddof=1) if len(dps) >= 2 else 0.0
        frac = 0.5 * math.erfc(-dp / sd / math.sqrt(2)) if sd > 0 else 0.5
        left = size
        while left > 0:
            take = min(bucket - fill, left)
            buy += take * frac
            sell += take * (1 - frac)
            fill += take
            left -= take
            if fill >= bucket:
                imbs.append(abs(buy - sell))
                fill = buy = sell = 0.0
        out.append(math.fsum(imbs[-nb:]) / (nb * bucket) if len(imbs) >= nb else NAN)
    return np.array(out)


def build_flow(s):
    d = s.data
    return dict(imbn=mi.TradeImbalance(d, period=20).imbalance,
                imbt=mi.TradeImbalance(d, window='40ms').imbalance,
                ration=mi.AggressiveRatio(d, period=20).ratio,
                ratiot=mi.AggressiveRatio(d, window='40ms').ratio,
                ratiocount=mi.AggressiveRatio(d, period=20, bycount=True).ratio,
                intensity=mi.TradeIntensity(d, window='40ms').intensity,
                vwapn=mi.VWAP(d, period=20).vwap, vwapt=mi.VWAP(d, window='40ms').vwap,
                cvd=mi.CVD(d).cvd, kyle=mi.KyleLambda(d, period=30).kyle,
                vpin=mi.VPIN(d, bucket=0.2, nbuckets=5).vpin)


@pytest.mark.parametrize('runonce', [True, False])
def test_flow_indicators_match_reference(trades, runonce):
    got = run_lines([bt.hft.TradeTickData(dataname=trades)], build_flow, runonce)
    want = flow_refs(trades, 20, 40_000_000)
    for name, w in want.items():
        assert_close(got[name], w, what=name)
    assert_close(got['kyle'], kyle_ref(trades, 30), what='kyle')
    assert_close(got['vpin'], vpin_ref(trades['price'], trades['size'], 0.2, 5), what='vpin')


def test_quote_rule_on_l2_feed():
    events = ref.generate(2000, seed=5)
    steps = ref.replay(events, step='event')
    for runonce in (True, False):
        got = run_lines([bt.hft.L2EventData(dataname=events, tick_size=ref.TICK,
                                            lot_size=ref.LOT, step='event')],
                        lambda s: dict(q=mi.CVD(s.data, classify='quote').cvd,
                                       a=mi.CVD(s.data).cvd), runonce)
        tr = [s for s in steps if s['volume'] > 0]
        idx = np.array([i for i, s in enumerate(steps) if s['volume'] > 0])
        p = np.array([s['price'] for s in tr])
        q = np.array([s['volume'] for s in tr])
        flag = np.array([s['side'] for s in tr])
        mid = np.array([s['mid'] for s in tr])
        for key, mode in (('q', 'quote'), ('a', 'auto')):
            sv = tick_signs(p, flag, mid, mode) * q
            want = np.zeros(len(steps))
            want[idx] = sv
            assert_close(got[key], np.cumsum(want), rtol=1e-12, atol=1e-12, what=key)


def test_flow_bad_input(trades):
    from backtrader.hft._cy.microflow import TradeFlowCore, CVDCore
    c = CVDCore()
    c.update(100.0, 1.0, 1.0)
    assert c.update(NAN, 1.0, 1.0) == 1.0 and c.nbad == 1          # skipped, counted
    c2 = CVDCore(nan_policy='propagate')
    c2.update(100.0, 1.0, 1.0)
    assert math.isnan(c2.update(100.0, math.inf, 1.0)) and c2.nbad == 1
    assert c2.update(100.0, 1.0, 1.0) == 2.0
    with pytest.raises(ValueError, match='intensity needs a time window'):
        TradeFlowCore('intensity', period=10)
    with pytest.raises(ValueError, match='VPIN.*bucket must be a positive volume'):
        run_lines([bt.hft.TradeTickData(dataname=trades)],
                  lambda s: dict(v=mi.VPIN(s.data).vpin), True)
    with pytest.raises(ValueError, match="classify must be 'auto', 'quote' or 'tick'"):
        run_lines([bt.hft.TradeTickData(dataname=trades)],
                  lambda s: dict(v=mi.CVD(s.data, classify='lee').cvd), True)
