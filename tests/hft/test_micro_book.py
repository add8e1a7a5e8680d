"""Order-book indicators (bt.hft.indicators.book) against references computed from a plain dict
replay of the same events (tests/hft/l2_reference.py), in once and next mode; OFI event by event
against Cont, Kukanov & Stoikov's definition."""
import math

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft import indicators as mi
from tests.hft import l2_reference as ref
from tests.hft.micro_ref import NAN, assert_close, fsum_window, run_lines

TICK, LOT = ref.TICK, ref.LOT


@pytest.fixture(scope='module')
def events():
    return ref.generate(2500, seed=7)


@pytest.fixture(scope='module')
def steps(events):
    return ref.replay(events, step='event')


def feed(events, **kw):
    return bt.hft.L2EventData(dataname=events, tick_size=TICK, lot_size=LOT, step='event', **kw)


def levels(step, n):
    """(bidpx, bidsz, askpx, asksz) lists of the top n levels (NaN / 0 when missing)."""
    out = []
    for side in ('bids', 'asks'):
        rows = step[side][:n]
        px = [t * TICK for t, _ in rows] + [NAN] * (n - len(rows))
        sz = [q * LOT for _, q in rows] + [0.0] * (n - len(rows))
        out += [px, sz]
    return out


def quote_refs(steps):
    bid = np.array([s['bid'] for s in steps])
    ask = np.array([s['ask'] for s in steps])
    b1 = np.array([s['bidsize'] for s in steps])
    a1 = np.array([s['asksize'] for s in steps])
    b5 = np.array([math.fsum(levels(s, 5)[1]) for s in steps])
    a5 = np.array([math.fsum(levels(s, 5)[3]) for s in steps])
    with np.errstate(invalid='ignore', divide='ignore'):
        return dict(
            spread=ask - bid, spreadbps=(ask - bid) / ((ask + bid) / 2) * 1e4,
            mid=(bid + ask) / 2,
            wmid=np.where(b1 + a1 > 0, (bid * b1 + ask * a1) / (b1 + a1), NAN),
            micro=np.where(b1 + a1 > 0, (bid * a1 + ask * b1) / (b1 + a1), NAN),
            obi1=(b1 - a1) / (b1 + a1), obi5=(b5 - a5) / (b5 + a5),
            ratio=np.minimum(b1, a1) / np.maximum(b1, a1))


def ofi_paper(prev, cur):
    """e_n of Cont, Kukanov & Stoikov (2014), eq. 2, for one level: (pb, qb, pa, qa) tuples."""
    pb0, qb0, pa0, qa0 = prev
    pb1, qb1, pa1, qa1 = cur
    return ((qb1 if pb1 >= pb0 else 0.0) - (qb0 if pb1 <= pb0 else 0.0)
            - (qa1 if pa1 <= pa0 else 0.0) + (qa0 if pa1 >= pa0 else 0.0))


def ofi_refs(steps, nlev):
    e = [NAN]
    for prev, cur in zip(steps, steps[1:]):
        lp, lc = levels(prev, nlev), levels(cur, nlev)
        e.append(math.fsum(ofi_paper((lp[0][m], lp[1][m], lp[2][m], lp[3][m]),
                                     (lc[0][m], lc[1][m], lc[2][m], lc[3][m]))
                           for m in range(nlev)))
    return np.array(e)


def build_book(s):
    d = s.data
    return dict(spread=mi.Spread(d).spread, spreadbps=mi.SpreadBps(d).spreadbps,
                mid=mi.Mid(d).mid, wmid=mi.WeightedMid(d).wmid, micro=mi.Microprice(d).microprice,
                obi1=mi.BookImbalance(d).imbalance, obi5=mi.BookImbalance(d, levels=5).imbalance,
                ratio=mi.BookImbalanceRatio(d).ratio, ofi=mi.OFI(d).ofi,
                ofi10=mi.OFI(d, period=10).ofi, ofiw=mi.OFI(d, window='20ms').ofi,
                mofi=mi.MultiLevelOFI(d, levels=3).ofi)


@pytest.mark.parametrize('runonce', [True, False])
def test_book_indicators_match_reference(events, steps, runonce):
    got = run_lines([feed(events)], build_book, runonce)
    want = quote_refs(steps)
    for name, w in want.items():
        assert_close(got[name], w, what=name)
    ts = np.array([s['ts'] for s in steps])
    e1 = ofi_refs(steps, 1)
    assert_close(got['ofi'], e1, what='ofi')
    e_ok = np.nan_to_num(e1)      # the first bar has no contribution
    ten = fsum_window(e_ok[1:], ts[1:], period=10)
    assert_close(got['ofi10'], np.r_[NAN, ten], what='ofi period 10')
    tw = fsum_window(e_ok[1:], ts[1:], span=20_000_000)
    assert_close(got['ofiw'], np.r_[NAN, tw], what='ofi 20ms')
    assert_close(got['mofi'], ofi_refs(steps, 3), what='multi-level ofi')


def test_ofi_worked_events():
    """The paper's cases, one event at a time: a bid size increase adds it, a bid price rise adds
    the new size, an ask size increase subtracts it, an ask price drop subtracts the new size, a
    bid price drop subtracts the old size."""
    core = mi.OFI.__mro__  # noqa: F841 (the class is importable)
    from backtrader.hft._cy.microbook import OFICore
    c = OFICore()
    assert math.isnan(c.update(100.00, 5, 100.02, 4))
    assert c.update(100.00, 7, 100.02, 4) == 7 - 5            # bid queue grows
    assert c.update(100.01, 3, 100.02, 4) == 3                # bid price improves
    assert c.update(100.01, 3, 100.02, 6) == -(6 - 4)         # ask queue grows
    assert c.update(100.01, 3, 100.015, 2) == -2              # ask price improves
    assert c.update(100.00, 9, 100.015, 2) == -3              # bid price falls: old size leaves


def test_quote_feed_and_levels_error():
    n = 50
    rng = np.random.default_rng(3)
    bid = 100 + np.round(rng.normal(0, 0.05, n).cumsum(), 2)
    ask = bid + 0.01 * rng.integers(1, 4, n)
    cols = dict(timestamp=np.arange(n, dtype=np.int64) * 1000 + 1, bid=bid, ask=ask,
                bidsize=rng.integers(1, 9, n).astype(float),
                asksize=rng.integers(1, 9, n).astype(float))
    for runonce in (True, False):
        got = run_lines([bt.hft.QuoteTickData(dataname=cols)],
                        lambda s: dict(m=mi.Microprice(s.data).microprice,
                                       o=mi.OFI(s.data).ofi), runonce)
        b, a = cols['bidsize'], cols['asksize']
        assert_close(got['m'], (bid * a + ask * b) / (a + b))
        e = [NAN] + [ofi_paper((bid[i - 1], b[i - 1], ask[i - 1], a[i - 1]),
                               (bid[i], b[i], ask[i], a[i])) for i in range(1, n)]
        assert_close(got['o'], e)
    with pytest.raises(ValueError, match='levels=3 needs an L2EventData'):
        run_lines([bt.hft.QuoteTickData(dataname=cols)],
                  lambda s: dict(x=mi.BookImbalance(s.data, levels=3).imbalance), True)
    with pytest.raises(ValueError, match='OFI.*period must be an integer >= 1'):
        run_lines([bt.hft.QuoteTickData(dataname=cols)],
                  lambda s: dict(x=mi.OFI(s.data, period=0).ofi), True)
    with pytest.raises(ValueError, match='OFI.*window'):
        run_lines([bt.hft.QuoteTickData(dataname=cols)],
                  lambda s: dict(x=mi.OFI(s.data, window=0).ofi), True)
