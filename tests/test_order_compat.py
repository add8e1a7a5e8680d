"""Orders built directly, the way upstream's own tests build them.

``bt.BuyOrder(data=..., size=0, ..., simulated=True)`` is how upstream's
``test_trade.py`` makes the order a ``Trade`` is updated with, so any number
is a size when an order is constructed. Whether a size can be *traded* is
decided on the buy/sell path: ``BackBroker.buy``/``sell`` refuse it naming the
order class and the parameter, ``Strategy.buy``/``sell`` skip a zero size as
upstream does.
"""
import pytest

import backtrader as bt
from backtrader import trade

from test_broker_support import BARS, FakeOwner, daily_rows
from test_broker_support import FakeData as BarData


class NoCommission(object):
    """The comminfo of upstream's trade test: no value, no profit."""

    def getvaluesize(self, size, price):
        return 0

    def profitandloss(self, size, price, newprice):
        return 0


class NoData(object):
    """A data with nothing in it: a simulated order must not read it."""

    def __len__(self):
        return 0

    @property
    def datetime(self):
        return [0.0]

    @property
    def close(self):
        return [0.0]


@pytest.mark.parametrize('cls,exectype', [(bt.BuyOrder, bt.Order.Market),
                                          (bt.SellOrder, bt.Order.Limit),
                                          (bt.StopBuyOrder, bt.Order.Stop),
                                          (bt.StopLimitSellOrder, bt.Order.StopLimit)])
def test_zero_size_simulated_order_constructs(cls, exectype):
    order = cls(data=NoData(), size=0, price=1.0, exectype=exectype, simulated=True)
    assert order.status == bt.Order.Created
    assert order.size == 0 and order.created.size == 0 and order.executed.size == 0
    assert order.created.price == 1.0 and order.created.dt == 0.0
    assert order.isbuy() is issubclass(cls, bt.BuyOrder)
    assert order.exectype == exectype


def test_trade_updates_with_a_zero_size_order():
    # upstream's test_trade scenario; commission 2.5% of |size * price|
    order = bt.BuyOrder(data=NoData(), size=0, price=1.0,
                        exectype=bt.Order.Market, simulated=True)
    tr = trade.Trade(data=NoData())
    tr.update(order=order, size=10, price=10.0, value=100.0, commission=2.5,
              pnl=0.0, comminfo=NoCommission())
    assert (tr.size, tr.price, tr.commission) == (10, 10.0, 2.5)
    assert tr.isopen and not tr.isclosed
    assert tr.pnl == 0.0 and tr.pnlcomm == -2.5
    tr.update(order=order, size=-5, price=12.5, value=-62.5, commission=1.5625,
              pnl=0.0, comminfo=NoCommission())
    assert (tr.size, tr.price, tr.commission) == (5, 10.0, 4.0625)
    tr.update(order=order, size=-5, price=8.0, value=-40.0, commission=1.0,
              pnl=0.0, comminfo=NoCommission())
    assert tr.size == 0 and tr.isclosed and tr.commission == 5.0625
    assert tr.pnlcomm == -5.0625


def test_negative_size_order_constructs_as_upstream():
    order = bt.BuyOrder(data=NoData(), size=-3, price=2.0, simulated=True)
    assert order.size == -3 and order.created.size == -3


@pytest.mark.parametrize('size', [None, 'ten', True])
def test_a_size_that_is_no_number_is_refused_at_construction(size):
    with pytest.raises(ValueError, match=r'BuyOrder: param size must be a number'):
        bt.BuyOrder(data=NoData(), size=size, price=1.0, simulated=True)


@pytest.mark.parametrize('size', [0, 0.0, -5])
def test_broker_path_still_refuses_untradeable_sizes(size):
    data = BarData(daily_rows(BARS))
    data.advance()
    broker = bt.brokers.BackBroker()
    broker.start()
    broker.next()
    with pytest.raises(ValueError, match=r'BuyOrder: param size must be > 0'):
        broker.buy(FakeOwner(), data, size=size)
    with pytest.raises(ValueError, match=r'SellOrder: param size must be > 0'):
        broker.sell(FakeOwner(), data, size=size)
    assert not broker.pending


def test_strategy_path_skips_a_zero_size(tmp_path):
    csv = tmp_path / 'bars.csv'
    csv.write_text('Date,Open,High,Low,Close,Volume,OpenInterest\n' + ''.join(
        '2020-01-%02d,10,11,9,10.5,100,0\n' % day for day in range(1, 6)))
    seen = {}

    class ZeroSizer(bt.Sizer):
        def _getsizing(self, comminfo, cash, data, isbuy):
            return 0

    class Try(bt.Strategy):
        def next(self):
            if len(self) == 2:
                seen['explicit'] = self.buy(size=0)
                self.setsizer(ZeroSizer())
                seen['sized'] = self.sell()

        def notify_order(self, order):
            seen.setdefault('orders', []).append(order.ref)

    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(csv)))
    cerebro.addstrategy(Try)
    cerebro.run()
    assert seen['explicit'] is None and seen['sized'] is None
    assert 'orders' not in seen
