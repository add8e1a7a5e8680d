"""Tick, volume and dollar bars: hand-computed bars, the overflow rule, both filter paths."""
import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.feeds.ticks import TradeTickData

# 8 trades: stamps (ns), prices, sizes
T = [10, 20, 30, 40, 50, 60, 70, 80]
P = [10.0, 11.0, 9.0, 12.0, 10.0, 8.0, 13.0, 11.0]
S = [3.0, 4.0, 2.0, 5.0, 20.0, 1.0, 1.0, 2.0]
TICKS = dict(timestamp=np.array(T, dtype=np.int64), price=np.array(P), size=np.array(S))


def bar(idx):
    """The bar made of the ticks ``idx`` (hand-derived fields)."""
    px = [P[i] for i in idx]
    sz = [S[i] for i in idx]
    vol = sum(sz)
    return (T[idx[-1]], px[0], max(px), min(px), px[-1], vol,
            sum(p * s for p, s in zip(px, sz)) / vol)


# volume 10: 3+4+2 = 9 < 10, +5 -> 14 closes (overflow kept whole) ; 20 alone -> 20 closes;
# 1+1+2 = 4 stays open at the end
VOLUME_BARS = [bar([0, 1, 2, 3]), bar([4]), bar([5, 6, 7])]
# count 3: ticks 0-2, 3-5, then 6-7 unfinished
TICK_BARS = [bar([0, 1, 2]), bar([3, 4, 5]), bar([6, 7])]
# value 100: 30+44+18 = 92, +60 = 152 closes; 200 closes; 8+13+22 = 43 open
DOLLAR_BARS = [bar([0, 1, 2, 3]), bar([4]), bar([5, 6, 7])]


class Bars(bt.Strategy):
    def __init__(self):
        self.seen = []

    def next(self):
        d = self.data
        row = (d.datetime.ns(0), d.open[0], d.high[0], d.low[0], d.close[0], d.volume[0])
        if 'vwap' in d.getlinealiases():
            row += (d.vwap[0],)
        self.seen.append(row)


class LinePathTicks(bt.feeds.TickCSVData):
    """A tick feed without the block loader: the filter runs tick by tick."""
    def _loadline(self, linetokens):
        return bt.feeds.TickCSVData._loadline(self, linetokens)


def run_bars(data, flt, preload=True, **kw):
    data.addfilter(flt, **kw)
    cerebro = bt.Cerebro(stdstats=False, preload=preload)
    cerebro.adddata(data)
    cerebro.addstrategy(Bars)
    return cerebro.run()[0].seen


CASES = [(bt.hft.filters.VolumeBars, dict(volume=10), VOLUME_BARS),
         (bt.hft.filters.TickBars, dict(count=3), TICK_BARS),
         (bt.hft.filters.DollarBars, dict(value=100), DOLLAR_BARS)]


@pytest.mark.parametrize('flt,kw,expected', CASES)
@pytest.mark.parametrize('preload', [True, False])
def test_bars_from_columns_match_hand_computed(flt, kw, expected, preload):
    seen = run_bars(TradeTickData(dataname=TICKS), flt, preload=preload, **kw)
    assert seen == [pytest.approx(b, rel=1e-15) for b in expected]
    assert [s[0] for s in seen] == [b[0] for b in expected]      # exact ns


@pytest.mark.parametrize('flt,kw,expected', CASES)
@pytest.mark.parametrize('preload', [True, False])
def test_bars_tick_by_tick_match_the_same_bars(tmp_path, flt, kw, expected, preload):
    path = tmp_path / 'ticks.csv'
    path.write_text('ts,price,size\n' + ''.join('%d,%r,%r\n' % r for r in zip(T, P, S)))
    seen = run_bars(LinePathTicks(dataname=str(path)), flt, preload=preload, **kw)
    assert seen == [pytest.approx(b[:6], rel=1e-15) for b in expected]


def test_partial_false_drops_the_unfinished_bar():
    seen = run_bars(TradeTickData(dataname=TICKS), bt.hft.filters.VolumeBars, volume=10,
                    partial=False)
    assert seen == [pytest.approx(b) for b in VOLUME_BARS[:2]]


def test_an_oversized_tick_is_a_bar_of_its_own_and_is_not_split():
    seen = run_bars(TradeTickData(dataname=TICKS), bt.hft.filters.VolumeBars, volume=2)
    # 3 >= 2: every tick of size >= 2 closes its own bar; 1 + 1 = 2 closes too
    assert [s[5] for s in seen] == [3.0, 4.0, 2.0, 5.0, 20.0, 2.0, 2.0]
    assert [s[0] for s in seen] == [10, 20, 30, 40, 50, 70, 80]


def test_bars_across_csv_blocks_carry_the_open_bar_over(tmp_path):
    rng = np.random.default_rng(7)
    n = 1000
    ts = np.cumsum(rng.integers(1, 50, n)) + 10**18
    px = np.round(100 + np.cumsum(rng.normal(0, 0.05, n)), 2)
    sz = rng.integers(1, 30, n).astype(float)
    path = tmp_path / 'many.csv'
    path.write_text('timestamp,price,size\n'
                    + ''.join('%d,%r,%r\n' % r for r in zip(ts.tolist(), px.tolist(),
                                                           sz.tolist())))
    seen = run_bars(TradeTickData(dataname=str(path), blocksize=37),
                    bt.hft.filters.VolumeBars, volume=200)
    # plain-Python reference of the documented rule
    ref, cur = [], []
    for i in range(n):
        cur.append(i)
        if sz[cur].sum() >= 200:
            ref.append(cur)
            cur = []
    ref.append(cur)
    exp = [(int(ts[c[-1]]), px[c[0]], px[c].max(), px[c].min(), px[c[-1]], sz[c].sum(),
            (px[c] * sz[c]).sum() / sz[c].sum()) for c in ref]
    assert len(seen) == len(exp)
    for got, want in zip(seen, exp):
        assert got[0] == want[0]
        assert got[1:] == pytest.approx(want[1:], rel=1e-12)


def test_bad_threshold_is_refused():
    with pytest.raises(ValueError, match='threshold must be > 0'):
        run_bars(TradeTickData(dataname=TICKS), bt.hft.filters.VolumeBars, volume=0)
