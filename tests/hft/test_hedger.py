"""bt.hft.Hedger on two hand-built L2 datas: a quoted one (data0, around 100) whose position a
script strategy opens, and a hedge one (data1, around 50). Sizes, prices and costs are worked
out by hand in the comments.

Both datas step every 1 ms; order entry and response latency are 1 ms each, so an order sent at
step k reaches the exchange at k + 1 ms and its fill is seen at step k + 2.
"""
import numpy as np
import pytest

import backtrader as bt
from backtrader.hft import models as M
from backtrader.hft.events import (BUY_EVENT, DEPTH_EVENT, EXCH_EVENT, LOCAL_EVENT, SELL_EVENT,
                                   TRADE_EVENT, event_dtype)
from backtrader.hft.strategies.hedger import hedge_size

T0 = 1_700_000_000_000_000_000
MS = 1_000_000
FEED = 200_000


def rec(kind, side, px, qty, t):
    flag = BUY_EVENT if side > 0 else SELL_EVENT
    return (kind | EXCH_EVENT | LOCAL_EVENT | flag, T0 + t, T0 + t + FEED, px, qty, 0, 0, 0.0)


def book(bid, ask, extra=()):
    """Best bid ``bid`` x 5 and ask ``ask`` x 2 (a second level one tick behind each), ``extra``,
    then a size change far from the touch every ms up to 20 ms (so that the steps go on)."""
    rows = [rec(DEPTH_EVENT, 1, bid, 5.0, 0), rec(DEPTH_EVENT, 1, bid - 0.01, 3.0, 0),
            rec(DEPTH_EVENT, -1, ask, 2.0, 0), rec(DEPTH_EVENT, -1, ask + 0.01, 4.0, 0)]
    rows += list(extra)
    rows += [rec(DEPTH_EVENT, 1, bid - 0.02, 1.0 + k, k * MS + 500_000) for k in range(1, 21)]
    return np.array(sorted(rows, key=lambda r: r[1]), dtype=event_dtype)


class Opener(bt.Strategy):
    """Buys ``size`` of data0 with a market order at its first step."""
    params = (('size', 1.0),)

    def __init__(self):
        self.k = 0

    def next(self):
        self.k += 1
        if self.k == 1:
            self.buy(data=self.datas[0], size=self.p.size)


class Watch(bt.hft.Hedger):
    """Records (step, signed size, price) of each hedge order sent and the refs cancelled."""

    def start(self):
        self.k = 0
        self.sent = []
        self.gone = []

    def next(self):
        self.k += 1
        super().next()

    def notify_order(self, order):
        if order.data is self.hedged and order.status == order.Submitted:
            self.sent.append((self.k, order.created.size, order.created.price))
        elif order.status == order.Canceled:
            self.gone.append(order.ref)


def run(hedge_extra=(), opener=1.0, **params):
    cerebro = bt.Cerebro(stdstats=False)
    for name, rows in (('perp', book(100.00, 100.02)), ('spot', book(50.00, 50.02, hedge_extra))):
        cerebro.adddata(bt.hft.L2EventData(dataname=rows, tick_size=0.01, lot_size=0.001,
                                           step='1ms'), name=name)
    cerebro.broker = bt.hft.BidAskBroker(queue_model=M.RiskAverseQueue(),
                                         latency=M.ConstantLatency(MS, MS),
                                         fees=M.MakerTakerFee(-0.0001, 0.001), cash=0.0)
    cerebro.addstrategy(Opener, size=opener)
    cerebro.addstrategy(Watch, **params)
    strats = cerebro.run()
    return strats[1], cerebro.broker, cerebro.datas


def test_hedge_size_rule():
    assert hedge_size(0.5, 0.5, 1.0, 0.001) == 0.0          # not beyond the threshold
    assert hedge_size(0.6, 0.5, 1.0, 0.001) == pytest.approx(-0.6)
    assert hedge_size(-2.0, 0.0, 0.25, 0.001) == pytest.approx(0.5)
    # 0.3 * 1.2345 = 0.37035: rounded towards zero to the lot 0.01 -> 0.37
    assert hedge_size(1.2345, 0.0, 0.3, 0.01) == pytest.approx(-0.37)


def test_taker_hedge_in_units():
    # the opener's market buy of 1.0 (step 1) is seen at step 3: u = 1.0 > 0.5, so the hedger
    # sells 1.0 of data1 at market at step 3; it takes the 5.0 bid at 50.00 (seen at step 5).
    h, broker, (perp, spot) = run(threshold=0.5)
    assert h.sent == [(3, -1.0, 50.01)]      # a market order's created price is the mid
    assert broker.getposition(perp).size == pytest.approx(1.0)
    assert broker.getposition(spot).size == pytest.approx(-1.0)
    rep = h.report()
    # sent at mid 50.01, filled at 50.00: slippage -1 * 1.0 * (50.00 - 50.01) = 0.01;
    # taker fee 0.001 * 50.00 * 1.0 = 0.05; leg pnl = 50.00 - 1.0 * 50.01 - 0.05 = -0.06
    assert rep['orders'] == 1 and rep['fills'] == 1
    assert rep['volume'] == pytest.approx(1.0)
    assert rep['slippage'] == pytest.approx(0.01)
    assert rep['fees'] == pytest.approx(0.05)
    assert rep['cost'] == pytest.approx(0.06)
    assert rep['position'] == pytest.approx(-1.0)
    assert rep['pnl'] == pytest.approx(-0.06)


def test_no_hedge_within_the_threshold():
    h, broker, (perp, spot) = run(threshold=1.0)
    assert h.sent == [] and broker.getposition(spot).size == 0.0
    assert h.report()['orders'] == 0 and h.report()['cost'] == 0.0


def test_value_notional_and_ratio():
    # notional 'value': c = beta * 100.01 / 50.01 = 1.99980004; ratio 0.5 of u = 1.0:
    # 0.5 * 1.99980004 = 0.99990002 spot units, rounded down to the lot 0.001 -> 0.999
    h, broker, (perp, spot) = run(notional='value', ratio=0.5)
    # then, each time a fill is seen (every second step), half the rest again: u * c =
    # 1.9998 - 0.999 = 1.0008 -> 0.500; 0.5008 -> 0.250; 0.2508 -> 0.125; 0.1258 -> 0.062;
    # 0.0638 -> 0.031; 0.0328 -> 0.016; 0.0168 -> 0.008; 0.0088 -> 0.004 (sent at step 19, seen
    # at the last step, 21: the last records are at 20.7 ms)
    sizes = [-0.999, -0.5, -0.25, -0.125, -0.062, -0.031, -0.016, -0.008, -0.004]
    assert [s[0] for s in h.sent] == list(range(3, 20, 2))
    assert [s[1] for s in h.sent] == pytest.approx(sizes)
    assert broker.getposition(spot).size == pytest.approx(sum(sizes))


def test_passive_hedge_follows_the_touch_and_fills_as_maker():
    # step 3: a post-only sell of 1.0 at the ask 50.02. At 4 ms a new ask 50.01 x 1 appears: the
    # hedger sees it at step 5 (the feed shows it 0.2 ms later) and cancels; the cancel answer is
    # seen at step 7, when it sells at 50.01. A buyer takes 3.0 at 50.01 at 10 ms: 1.0 ahead of us
    # (the level's size when we joined), so we fill 1.0 at 50.01 as a maker (rebate
    # 0.0001 * 50.01).
    extra = [rec(DEPTH_EVENT, -1, 50.01, 1.0, 4 * MS), rec(TRADE_EVENT, 1, 50.01, 3.0, 10 * MS)]
    h, broker, (perp, spot) = run(hedge_extra=extra, mode='passive')
    assert [s[1:] for s in h.sent] == [(-1.0, 50.02), (-1.0, 50.01)]
    assert len(h.gone) == 1
    assert broker.getposition(spot).size == pytest.approx(-1.0)
    rep = h.report()
    assert rep['fills'] == 1 and rep['orders'] == 2
    log = broker.fill_log(spot)
    assert log['maker'].tolist() == [True] and log['px'].tolist() == [50.01]
    assert rep['fees'] == pytest.approx(-0.0001 * 50.01)
    # sent at mid (50.00 + 50.01) / 2: slippage -1 * (50.01 - 50.005) = -0.005 (we earned)
    assert rep['slippage'] == pytest.approx(-0.005)


def test_rolling_beta_waits_for_its_window():
    # a 100-bar rolling beta never fills on 20 steps: no hedge at all
    h, broker, (perp, spot) = run(beta='rolling', beta_period=100)
    assert h.sent == []


@pytest.mark.parametrize('params, match', [
    (dict(beta=0.0), 'Watch: param beta must be a positive number'),
    (dict(beta='auto'), 'Watch: param beta must be'),
    (dict(threshold=-1.0), 'Watch: param threshold must be a number >= 0'),
    (dict(ratio=1.5), r'Watch: param ratio must be in \(0, 1\]'),
    (dict(mode='maker'), "Watch: param mode must be 'taker' or 'passive'"),
    (dict(notional='money'), "Watch: param notional must be 'units' or 'value'"),
    (dict(hedge=0), 'Watch: params quoted and hedge name the same data'),
    (dict(hedge=5), 'Watch: param hedge=5 names none of the 2 datas'),
    (dict(hedge='nope'), "Watch: param hedge='nope' names none"),
])
def test_bad_params_are_refused(params, match):
    with pytest.raises(ValueError, match=match):
        run(**params)


def test_hedging_a_data_without_a_book_is_refused():
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.hft.L2EventData(dataname=book(100.00, 100.02), tick_size=0.01,
                                       lot_size=0.001, step='1ms'))
    ticks = {'timestamp': np.array([T0 + MS, T0 + 2 * MS]), 'price': np.array([50.0, 50.01]),
             'size': np.array([1.0, 1.0])}
    cerebro.adddata(bt.hft.TradeTickData(dataname=ticks), name='trades')
    cerebro.broker = bt.hft.BidAskBroker()
    cerebro.addstrategy(bt.hft.Hedger)
    with pytest.raises(ValueError, match="Hedger: param hedge: data 'trades' has no order book"):
        cerebro.run()
