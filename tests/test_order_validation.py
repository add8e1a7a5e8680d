"""Requests that can never execute are refused at creation with an error
naming the parameter.

Upstream accepts them silently: a zero size stays Accepted forever, an
unknown exectype is never matched, a missing size fails later with a bare
TypeError, and a negative ``buy`` size quietly sells. Valid requests are not
affected (see ``test_order_creation``); in particular a Limit/Stop order
without a price keeps upstream's documented fallback to the close of the
creation bar (``Strategy.buy_bracket`` relies on it).
"""
import pytest

import backtrader as bt

from test_broker_support import BARS, FakeData, FakeOwner, daily_rows


def _broker():
    data = FakeData(daily_rows(BARS))
    data.advance()
    broker = bt.brokers.BackBroker()
    broker.start()
    broker.next()
    return broker, data


@pytest.mark.parametrize('size', [0, 0.0, -5, None, 'ten'])
def test_bad_size_is_refused(size):
    broker, data = _broker()
    with pytest.raises(ValueError, match=r'BuyOrder: param size'):
        broker.buy(FakeOwner(), data, size=size)
    with pytest.raises(ValueError, match=r'SellOrder: param size'):
        broker.sell(FakeOwner(), data, size=size)
    assert broker.get_notification() is None and not broker.pending


@pytest.mark.parametrize('exectype', [8, -1, 99, 'Limit', 2.0, True])
def test_unknown_exectype_is_refused(exectype):
    broker, data = _broker()
    with pytest.raises(ValueError, match=r'param exectype'):
        broker.buy(FakeOwner(), data, size=1, exectype=exectype)


def test_missing_data_is_refused():
    with pytest.raises(ValueError, match=r'param data'):
        bt.BuyOrder(size=1)


def test_unknown_order_param_is_refused():
    broker, data = _broker()
    with pytest.raises(TypeError, match='unknown parameter'):
        bt.BuyOrder(data=data, size=1, prize=3.0)


def test_refused_order_consumes_no_ref():
    broker, data = _broker()
    first = broker.buy(FakeOwner(), data, size=1)
    with pytest.raises(ValueError):
        broker.buy(FakeOwner(), data, size=0)
    second = broker.buy(FakeOwner(), data, size=1)
    assert second.ref == first.ref + 1


def test_limit_without_price_uses_the_creation_close():
    broker, data = _broker()
    o = broker.buy(FakeOwner(), data, size=1, exectype=bt.Order.Limit)
    assert o.created.price == data.close[0] == 101.0
    o = broker.sell(FakeOwner(), data, size=1, exectype=bt.Order.StopLimit, plimit=99.0)
    assert (o.created.price, o.created.pricelimit) == (99.0, 99.0)


def test_float_sizes_are_accepted():
    broker, data = _broker()
    o = broker.buy(FakeOwner(), data, size=2.5)
    assert o.size == 2.5 and o.created.size == 2.5
