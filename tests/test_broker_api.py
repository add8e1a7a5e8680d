"""BackBroker's public surface: params, setters, cash and value queries,
named commission schemes, several data feeds, open orders, cancel results,
orphan children, cash additions and fund values.

Expected values were recorded by running the same calls on upstream
backtrader 1.9.78.123 (fake data of ``test_broker_support``).
"""
import pytest

import backtrader as bt

from test_broker_support import BARS, FakeData, FakeOwner, daily_rows, same

B = bt.brokers.BackBroker

PARAMS = [['commission', 'cash', 'checksubmit', 'eosbar', 'filler', 'slip_perc', 'slip_fixed', 'slip_open', 'slip_match', 'slip_limit', 'slip_out', 'coc', 'coo', 'int2pnl', 'shortcash', 'fundstartval', 'fundmode'], [10000.0, True, False, None, 0.0, 0.0, False, True, True, False, False, False, True, True, 100.0, False]]

PRE = [10000.0, 10000.0, 10000.0, 10000.0, 100.0, 100.0, False, False, 1.0, 0.0, 0.0]

SETCASH = [5000, 5000, 5000, 5000]

START = [5000, 5000, 50.0, 100.0]

SLIP_PERC = [0.02, 0.0, True, True, True, False]

SLIP_FIXED = [0.0, 0.5, False, False, False, True]

SETTERS = [True, True, False, False, False, False, False, 20.0]

NAMED = [0.01, True, 3.0, False, 2.0, 100.0, True]

ADDCI = [0.002, 0.0, True]

TWO = [[1, [], 10000.0, 10000.0, 0.0, 0.0, 10000.0, 10000.0, 0, 0, None, 0.0], ['open', 1, [3], None, True, False, False], [2, [[1, 'Submitted', 'd0', 0, 0.0, 0.0], [2, 'Submitted', 'd1', 0, 0.0, 0.0], [3, 'Submitted', 'd0', 0, 0.0, 0.0], [1, 'Accepted', 'd0', 0, 0.0, 0.0], [2, 'Accepted', 'd1', 0, 0.0, 0.0], [3, 'Accepted', 'd0', 0, 0.0, 0.0], [1, 'Completed', 'd0', 10, 101.5, 0.0], [2, 'Completed', 'd1', -3, 101.5, 6.0]], 7464.0, 9989.0, 1025.0, 1500.0, 9989.0, 9989.0, 10, -3, 102.5, 1.0], [3, [[3, 'Canceled', 'd0', 0, 0.0, 0.0]], 7449.0, 9984.0, 1035.0, 1500.0, 9984.0, 9984.0, 10, -3, 103.5, 1.0], [4, [], 7426.5, 9976.5, 1050.0, 1500.0, 10976.5, 10976.5, 10, -3, 105.0, 1.0], [5, [], 8516.5, 11006.5, 990.0, 1500.0, 11006.5, 11006.5, 10, -3, 99.0, 1.0], [6, [], 8509.0, 11004.0, 995.0, 1500.0, 11004.0, 11004.0, 10, -3, 99.5, 1.0], [7, [], 8531.5, 11011.5, 980.0, 1500.0, 11011.5, 11011.5, 10, -3, 98.0, 1.0], [8, [], 8561.5, 11021.5, 960.0, 1500.0, 11021.5, 11021.5, 10, -3, 96.0, 1.0]]

POSITIONS = ['d0', 'd1']

ORPHAN = [8, 'Rejected', None]

EMPTYDATAS = 10000.0


def test_params_and_defaults():
    same([list(B.params._getkeys()),
          [x for x in B.params._getdefaults() if not isinstance(x, bt.CommInfoBase)]],
         PARAMS)
    assert bt.brokers.BrokerBack is B and bt.BrokerBase in B.__mro__


def test_values_before_and_after_start():
    b = B()
    same([b.getcash(), b.get_cash(), b.getvalue(), b.startingcash, b.fundshares, b.fundvalue,
          b.fundmode, b.get_fundmode(), b.get_leverage(), b.getvalue(mkt=True),
          b.getvalue(lever=True)], PRE)
    b.setcash(5000)
    same([b.getcash(), b.getvalue(), b.p.cash, b.startingcash], SETCASH)
    b.start()
    same([b.getcash(), b.getvalue(), b.fundshares, b.fundvalue], START)


def test_setters():
    b = B()
    b.set_slippage_perc(0.02)
    p = b.p
    same([p.slip_perc, p.slip_fixed, p.slip_open, p.slip_limit, p.slip_match, p.slip_out],
         SLIP_PERC)
    b.set_slippage_fixed(0.5, slip_open=False, slip_limit=False, slip_match=False,
                         slip_out=True)
    same([p.slip_perc, p.slip_fixed, p.slip_open, p.slip_limit, p.slip_match, p.slip_out],
         SLIP_FIXED)
    b.set_coc(True)
    b.set_coo(True)
    b.set_shortcash(False)
    b.set_int2pnl(False)
    b.set_checksubmit(False)
    b.set_eosbar(True)
    b.seteosbar(False)
    b.set_fundmode(True, 20.0)
    b.fundmode = False
    same([p.coc, p.coo, p.shortcash, p.int2pnl, p.checksubmit, p.eosbar, p.fundmode,
          p.fundstartval], SETTERS)
    f = bt.fillers.FixedSize(size=3)
    b.set_filler(f)
    assert b.p.filler is f


def test_commission_schemes_by_data_name():
    d0 = FakeData(daily_rows(BARS), name='d0')
    d1 = FakeData(daily_rows(BARS), name='d1')
    b = B()
    b.setcommission(commission=0.01)
    b.setcommission(commission=3.0, margin=100.0, mult=2.0, name='d1')
    b.start()  # keeps the schemes set before the start
    c0, c1 = b.getcommissioninfo(d0), b.getcommissioninfo(d1)
    same([c0.p.commission, c0.stocklike, c1.p.commission, c1.stocklike, c1.p.mult, c1.margin,
          c0.p.percabs], NAMED)
    b2 = B()
    b2.addcommissioninfo(bt.CommissionInfo(commission=0.002), name='d0')
    same([b2.getcommissioninfo(d0).p.commission, b2.getcommissioninfo(d1).p.commission,
          b2.getcommissioninfo(d1) is bt.BrokerBase.params.commission], ADDCI)


def test_two_data_feeds_stock_and_futures():
    d0 = FakeData(daily_rows(BARS), name='d0')
    d1 = FakeData(daily_rows(BARS), name='d1')
    b = B()
    b.setcommission(commission=2.0, margin=500.0, mult=5.0, name='d1')
    b.start()
    own = FakeOwner()
    rows = []
    refs = {}
    for bar in range(1, 9):
        d0.advance()
        d1.advance()
        b.next()
        notes = []
        while True:
            n = b.get_notification()
            if n is None:
                break
            notes.append([refs.setdefault(n.ref, len(refs) + 1), n.getstatusname(),
                          n.data._name, n.executed.size, n.executed.price, n.executed.comm])
        if bar == 1:
            o1 = b.buy(own, d0, size=10)
            b.sell(own, d1, size=3)
            o3 = b.buy(own, d0, size=1, exectype=bt.Order.Limit, price=50.0)
        if bar == 2:
            rows.append(['open', len(b.get_orders_open()),
                         [refs.get(o.ref) for o in b.get_orders_open(safe=True)], None,
                         b.cancel(o3), b.cancel(o3), b.cancel(o1)])
        if bar == 4:
            b.add_cash(1000.0)
        rows.append([bar, notes, b.getcash(), b.getvalue(), b.getvalue([d0]),
                     b.getvalue([d1]), b.getvalue([d0, d1]), b.getvalue(),
                     b.getposition(d0).size, b.getposition(d1).size,
                     b.getposition(d1).adjbase, b.get_leverage()])
    same(rows, TWO)
    assert sorted(d._name for d in b.positions) == POSITIONS


def test_child_of_an_unknown_parent_is_rejected():
    d0 = FakeData(daily_rows(BARS))
    d0.advance()
    b = B()
    b.start()
    b.next()
    parent = bt.BuyOrder(data=d0, size=1)  # never submitted
    child = b.sell(FakeOwner(), d0, size=1, parent=parent, exectype=bt.Order.Stop,
                   price=90.0)
    n = b.get_notification()
    same([child.status, n.getstatusname(), b.get_notification()], ORPHAN)
    assert b.getvalue(datas=[]) == EMPTYDATAS


def test_orderstatus_and_safe_open_orders():
    # upstream's orderstatus fails with AttributeError for any order it
    # recorded (it reads ``.status`` of the list index); we return the status
    d0 = FakeData(daily_rows(BARS))
    d0.advance()
    b = B()
    b.start()
    b.next()
    o = b.buy(FakeOwner(), d0, size=1, exectype=bt.Order.Limit, price=10.0)
    assert b.orderstatus(o) == bt.Order.Submitted
    d0.advance()
    b.next()
    assert b.orderstatus(o) == bt.Order.Accepted
    safe = b.get_orders_open(safe=True)
    assert safe == [o] and safe[0] is not o
    assert b.get_orders_open()[0] is o
    b.cancel(o)
    assert b.orderstatus(o) == bt.Order.Canceled and b.get_orders_open() == []


def test_notifications_are_snapshots():
    d0 = FakeData(daily_rows(BARS))
    d0.advance()
    b = B()
    b.start()
    b.next()
    o = b.buy(FakeOwner(), d0, size=2)
    d0.advance()
    b.next()
    snaps = []
    while True:
        n = b.get_notification()
        if n is None:
            break
        snaps.append(n)
    assert [s.getstatusname() for s in snaps] == ['Submitted', 'Accepted', 'Completed']
    assert all(s is not o and s == o for s in snaps)
    # only the Completed snapshot carries the fill as "pending" for the owner
    assert [len(s.executed.getpending()) for s in snaps] == [0, 0, 1]
    assert o.status == bt.Order.Completed and o.owner.__class__ is FakeOwner


def test_broker_base_abstract_surface():
    # upstream's metaclass meant to alias get_cash/get_value to getcash/getvalue
    # but set a wrongly named attribute; here the aliases exist
    base = bt.BrokerBase()
    assert base.getcommissioninfo(FakeData([], name='x')) is bt.BrokerBase.params.commission
    assert base.get_fundshares() == 1.0 and base.fundshares == 1.0
    assert base.get_fundmode() is False and base.fundmode is False
    base.set_fundmode(True)  # accepted and ignored
    for call in (base.getcash, base.getvalue, base.get_cash):
        with pytest.raises(NotImplementedError):
            call()
    with pytest.raises(NotImplementedError):
        base.add_order_history([])
    assert base.next() is None and base.stop() is None
    assert bt.broker.fillers is bt.fillers and bt.broker.filler is bt.fillers
