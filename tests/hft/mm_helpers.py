"""Helpers of the market-making tests: a mixin recording the orders a market maker sends,
hand-built books, and one run of a strategy on events with the reference broker's queue and
latency (no fees unless given)."""
import backtrader as bt
from backtrader.hft.events import DEPTH_EVENT
from backtrader.hft.strategies import reference_broker

from .test_market_maker import MS, T0, _events

__all__ = ['MS', 'T0', 'TICK', 'Recorder', 'recording', 'book', 'run', '_events']

TICK = 0.01


class Recorder:
    """Mixin for a market maker: ``sent`` lists every order it sends as (wake, side, price,
    size)."""

    def start(self):
        super().start()
        self.sent = []

    def notify_order(self, order):
        if order.status == order.Submitted:
            self.sent.append((self.steps, 1 if order.isbuy() else -1,
                              round(order.created.price, 2), round(abs(order.created.size), 6)))


def recording(cls):
    """``cls`` with the :class:`Recorder` mixin (same name)."""
    return type(cls.__name__, (Recorder, cls), {})


def book(bid, ask, moves=()):
    """Events: one level each side (1.0 at ``bid`` / ``ask``) at T0, then ``moves`` (rows of
    ``_events``), then the bid's size changed at T0 + 350 ms (the session's end)."""
    rows = [(DEPTH_EVENT, 1, T0, bid, 1.0), (DEPTH_EVENT, -1, T0, ask, 1.0)]
    rows += list(moves)
    rows.append((DEPTH_EVENT, 1, T0 + 350 * MS, bid, 2.0))
    return _events(rows)


def run(strategy, events, cash=0.0, fees=None, **params):
    """Run ``strategy`` with ``params`` on ``events`` (ticks of 0.01, lots of 0.001, woken every
    100 ms); returns the strategy (its broker: ``strat.broker``)."""
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.hft.L2EventData(dataname=events, tick_size=TICK, lot_size=0.001,
                                       step='100ms'))
    cerebro.broker = reference_broker(fees=fees, cash=cash)
    cerebro.addstrategy(strategy, **params)
    return cerebro.run()[0]
