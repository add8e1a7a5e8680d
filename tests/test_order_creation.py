"""Order construction: reference prices, limits, trailing stops, validity,
end of session, execution records, notification clones and the text form.

The expected values were recorded by running the same constructions on
upstream backtrader 1.9.78.123 (fake data of ``test_broker_support``; bar 2
of ``BARS``: close 102.5, stamped 2020-01-07 23:59:59.999990).
"""
import datetime
import re

import backtrader as bt
from backtrader import order as ordermod

from test_broker_support import BARS, FakeData, daily_rows, intraday_rows, same

O = bt.Order

CASES = [
    ('BuyOrder', dict(size=3)),
    ('SellOrder', dict(size=3, exectype=O.Limit, price=99.0)),
    ('SellOrder', dict(size=2, exectype=O.Limit)),
    ('BuyOrder', dict(size=2, exectype=O.StopLimit, price=105.0, pricelimit=106.0)),
    ('BuyOrder', dict(size=2, exectype=O.StopLimit, pricelimit=106.0)),
    ('SellOrder', dict(size=2, exectype=O.StopTrail, trailamount=1.5)),
    ('BuyOrder', dict(size=2, exectype=O.StopTrail, trailpercent=0.1)),
    ('SellOrder', dict(size=2, exectype=O.StopTrailLimit, price=100.0, pricelimit=99.0,
                       trailamount=0.5)),
    ('BuyOrder', dict(size=2, exectype=O.StopTrailLimit, pricelimit=104.0, trailamount=2.0)),
    ('BuyOrder', dict(size=1, valid=datetime.date(2020, 2, 1))),
    ('BuyOrder', dict(size=1, valid=datetime.datetime(2020, 2, 1, 10, 30))),
    ('BuyOrder', dict(size=1, valid=datetime.timedelta(hours=5))),
    ('BuyOrder', dict(size=1, valid=O.DAY)),
    ('BuyOrder', dict(size=1, valid=0)),     # kept: never expires
    ('BuyOrder', dict(size=1, valid=12.5)),  # kept: a raw day number
    ('BuyOrder', dict(size=1.5, exectype=O.Close)),
]

# [size, p.size, exectype, valid, dteos, created.(dt, size, price, pricelimit,
#  plimit, pclose, trailamount, trailpercent), executed.(remsize, price,
#  pricelimit, plimit, dt, psize, pprice, margin), status, alive, active,
#  triggered, ordtypename, ordername, statusname, isbuy, issell]
ORDERS = [[3, 3, 0, None, 737431.9999999999, 737431.9999999999, 3, 102.5, 102.5, None, 102.5, None,
  None, 3, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Buy', 'Market',
  'Created', True, False],
 [-3, 3, 2, None, 737431.9999999999, 737431.9999999999, -3, 99.0, 99.0, None, 102.5, None,
  None, -3, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Sell', 'Limit',
  'Created', False, True],
 [-2, 2, 2, None, 737431.9999999999, 737431.9999999999, -2, 102.5, 102.5, None, 102.5, None,
  None, -2, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Sell', 'Limit',
  'Created', False, True],
 [2, 2, 4, None, 737431.9999999999, 737431.9999999999, 2, 105.0, 106.0, 106.0, 102.5, None,
  None, 2, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Buy', 'StopLimit',
  'Created', True, False],
 [2, 2, 4, None, 737431.9999999999, 737431.9999999999, 2, 106.0, 106.0, 106.0, 102.5, None,
  None, 2, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Buy', 'StopLimit',
  'Created', True, False],
 [-2, 2, 5, None, 737431.9999999999, 737431.9999999999, -2, 101.0, 102.5, None, 102.5, 1.5,
  None, -2, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Sell', 'StopTrail',
  'Created', False, True],
 [2, 2, 5, None, 737431.9999999999, 737431.9999999999, 2, 112.75, 102.5, None, 102.5, None,
  0.1, 2, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Buy', 'StopTrail',
  'Created', True, False],
 [-2, 2, 6, None, 737431.9999999999, 737431.9999999999, -2, 99.5, 98.5, 99.0, 102.5, 0.5,
  None, -2, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Sell', 'StopTrailLimit',
  'Created', False, True],
 [2, 2, 6, None, 737431.9999999999, 737431.9999999999, 2, 106.0, 106.0, 104.0, 102.5, 2.0,
  None, 2, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Buy', 'StopTrailLimit',
  'Created', True, False],
 [1, 1, 0, 737456.0, 737431.9999999999, 737431.9999999999, 1, 102.5, 102.5, None, 102.5,
  None, None, 1, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Buy', 'Market',
  'Created', True, False],
 [1, 1, 0, 737456.4375, 737431.9999999999, 737431.9999999999, 1, 102.5, 102.5, None, 102.5,
  None, None, 1, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Buy', 'Market',
  'Created', True, False],
 [1, 1, 0, 737432.2083333333, 737431.9999999999, 737431.9999999999, 1, 102.5, 102.5, None,
  102.5, None, None, 1, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Buy',
  'Market', 'Created', True, False],
 [1, 1, 0, 737431.9999885417, 737431.9999999999, 737431.9999999999, 1, 102.5, 102.5, None,
  102.5, None, None, 1, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Buy',
  'Market', 'Created', True, False],
 [1, 1, 0, 0, 737431.9999999999, 737431.9999999999, 1, 102.5, 102.5, None, 102.5, None,
  None, 1, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Buy', 'Market',
  'Created', True, False],
 [1, 1, 0, 12.5, 737431.9999999999, 737431.9999999999, 1, 102.5, 102.5, None, 102.5, None,
  None, 1, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Buy', 'Market',
  'Created', True, False],
 [1.5, 1.5, 1, None, 737431.9999999999, 737431.9999999999, 1.5, 102.5, 102.5, None, 102.5,
  None, None, 1.5, 0.0, 0.0, 0.0, None, 0, 0, None, 0, True, True, False, 'Buy', 'Close',
  'Created', True, False]]

SIMULATED = [2, 2, 0, None, 0.0, 0.0, 2, 10.0, 10.0, None, 10.0, None, None, 2, 0.0, 0.0, 0.0, None, 0,
 0, None, 0, True, True, False, 'Buy', 'Market', 'Created', True, False]

DTEOS_LATE = 737487.6875

DTEOS_SAME = 737486.7083333334

DAY_INTRADAY = 737486.9999885417

TRAIL = [[100.5, 99.5], [100.5, 99.5], [102.5, 101.5], [102.5, 101.5], [111.1, 102.5],
 [110.0, 102.5], [110.0, 102.5], [99.0, 102.5]]

EXECUTE = [3, 4, 100.0, 6, 400.0, 1.0, 1000.0, 1, True, 1, 0, 1, 0, 1, 4, 10, 100.6, 0, 1, 101.0, 1,
 2, True, False, 3, None, None, 2]

STATUS = [['reject', True, 8, 737431.9999999999], ['reject', False, 8, 737431.9999999999],
 ['cancel', None, 5, 737431.9999999999], ['margin', None, 7, 737431.9999999999],
 ['completed', None, 4, 737431.9999999999], ['partial', None, 3, 737431.9999999999],
 ['expire', False, 3, 737431.9999999999], ['expire_valid', True, 6, 737431.9999999999],
 ['expire_market', False, 0]]

STR = "Ref: 27\nOrdType: 1\nOrdType: Sell\nStatus: 0\nStatus: Created\nSize: -4\nPrice: 10.0\nPrice Limit: None\nTrailAmount: None\nTrailPercent: None\nExecType: 2\nExecType: Limit\nCommInfo: None\nEnd of Session: 737431.9999999999\nInfo: AutoOrderedDict([('name', 'x'), ('k', 1)])\nBroker: None\nAlive: True"

MISC = ['x', 1, ['name', 'k'], 'Canceled', 'StopTrailLimit', 'Buy', 4, 5, 2, [0], True, 3, None, 0,
 0]


def _data(bars=2):
    data = FakeData(daily_rows(BARS))
    for _ in range(bars):
        data.advance()
    return data


def _fields(o):
    c, e = o.created, o.executed
    return [o.size, o.p.size, o.exectype, o.valid, o.dteos, c.dt, c.size, c.price,
            c.pricelimit, c.plimit, c.pclose, c.trailamount, c.trailpercent, e.remsize,
            e.price, e.pricelimit, e.plimit, e.dt, e.psize, e.pprice, e.margin, o.status,
            o.alive(), o.active(), o.triggered, o.ordtypename(), o.getordername(),
            o.getstatusname(), o.isbuy(), o.issell()]


def test_created_and_executed_data_match_upstream():
    data = _data()
    got = [_fields(getattr(ordermod, cls)(data=data, **kw)) for cls, kw in CASES]
    same(got, ORDERS)


def test_simulated_order_uses_its_own_price():
    same(_fields(bt.BuyOrder(data=_data(), size=2, price=10.0, simulated=True)), SIMULATED)


def test_end_of_session_and_day_validity_intraday():
    rows = intraday_rows(4)
    late = FakeData(rows, sessionend=datetime.time(16, 30))
    for _ in range(4):
        late.advance()  # 16:45, past the 16:30 session end: next day's end
    assert bt.BuyOrder(data=late, size=1).dteos == DTEOS_LATE
    same_day = FakeData(rows, sessionend=datetime.time(17, 0))
    same_day.advance()
    assert bt.BuyOrder(data=same_day, size=1).dteos == DTEOS_SAME
    assert bt.BuyOrder(data=same_day, size=1, valid=O.DAY).valid == DAY_INTRADAY


def test_trailing_stops_only_tighten():
    data = _data()
    got = []
    o = bt.SellOrder(data=data, size=2, exectype=O.StopTrailLimit, price=100.0,
                     pricelimit=99.0, trailamount=0.5)
    for p in (101.0, 100.0, 103.0, 102.0):
        o.trailadjust(p)
        got.append([o.created.price, o.created.pricelimit])
    o = bt.BuyOrder(data=data, size=2, exectype=O.StopTrail, trailpercent=0.1)
    for p in (101.0, 100.0, 103.0, 90.0):
        o.trailadjust(p)
        got.append([o.created.price, o.created.pricelimit])
    same(got, TRAIL)


def test_execution_bits_totals_and_notification_clones():
    data = _data()
    o = bt.BuyOrder(data=data, size=10)
    o.execute(737431.5, 4, 100.0, 0, 0.0, 0.0, 4, 400.0, 1.0, 1000.0, 0.0, 4, 100.0)
    got = [o.status, o.executed.size, o.executed.price, o.executed.remsize,
           o.executed.value, o.executed.comm, o.executed.margin, len(o.executed),
           o.executed.getpending() == []]
    c = o.clone()
    got += [len(c.executed.getpending()), c.executed.p1, c.executed.p2,
            o.executed.p1, o.executed.p2]
    o.execute(737432.5, 6, 101.0, 0, 0.0, 0.0, 6, 606.0, 1.5, None, 0.0, 10, 100.6)
    c2 = o.clone()
    got += [o.status, o.executed.size, o.executed.price, o.executed.remsize,
            len(c2.executed.getpending()), c2.executed.getpending()[0].price,
            c2.executed.p1, c2.executed.p2, c2 == o, c2 is o, c.status, o.executed.margin]
    o.execute(1.0, 0, 1.0, 0, 0.0, 0.0, 0, 0.0, 0.0, 5.0, 0.0, 0, 0.0)  # empty: ignored
    got += [o.executed.margin, len(o.executed)]
    same(got, EXECUTE)
    # the first clone keeps its own snapshot of status and window
    assert c.status == O.Partial and c2.status == O.Completed
    assert c.executed.exbits is o.executed.exbits  # fills are shared


def test_status_transitions():
    data = _data()
    o = bt.SellOrder(data=data, size=4, exectype=O.Limit, price=10.0)
    got = []
    for m in ('reject', 'reject', 'cancel', 'margin', 'completed', 'partial', 'expire'):
        r = getattr(o, m)()
        got.append([m, r, o.status, o.executed.dt])
    o2 = bt.SellOrder(data=data, size=4, exectype=O.Limit, price=10.0, valid=0.5)
    got.append(['expire_valid', o2.expire(), o2.status, o2.executed.dt])
    o3 = bt.SellOrder(data=data, size=4, valid=0.5)
    got.append(['expire_market', o3.expire(), o3.status])
    same(got, STATUS)


def test_text_form_and_info():
    data = _data()
    o = bt.SellOrder(data=data, size=4, exectype=O.Limit, price=10.0, tradeid=3)
    o.addinfo(name='x', k=1)
    text = re.sub(r'0x[0-9a-f]+', 'ADDR', str(o))
    assert text == re.sub(r'^Ref: \d+', 'Ref: %d' % o.ref, STR)
    got = [o.info.name, o.info['k'], list(o.info.keys()), o.getstatusname(5),
           o.getordername(6), o.ordtypename(0), O.ExecType('StopLimit'), O.Cancelled,
           O.T_Date, list(O.V_None), O.DAY == datetime.timedelta(0), o.tradeid, o.plimit,
           o.brokerstatus(), o.position]
    same(got, MISC)


def test_constants_and_names():
    assert O.Status == ['Created', 'Submitted', 'Accepted', 'Partial', 'Completed',
                        'Canceled', 'Expired', 'Margin', 'Rejected']
    assert [getattr(O, n) for n in O.Status] == list(range(9))
    assert O.ExecTypes == ['Market', 'Close', 'Limit', 'Stop', 'StopLimit', 'StopTrail',
                           'StopTrailLimit', 'Historical']
    assert [getattr(O, n) for n in O.ExecTypes] == list(range(8))
    assert (O.Buy, O.Sell) == (0, 1) and O.OrdTypes == ['Buy', 'Sell']
    assert bt.StopBuyOrder.ordtype == O.Buy and bt.StopLimitSellOrder.ordtype == O.Sell


def test_refs_come_from_one_global_counter():
    data = _data()
    a = bt.BuyOrder(data=data, size=1)
    b = bt.SellOrder(data=data, size=1)
    c = bt.BuyOrder(data=data, size=1, exectype=O.Limit, price=1.0)
    assert (b.ref, c.ref) == (a.ref + 1, a.ref + 2)
    assert a == a.clone() and a != b and not (a == None)  # noqa: E711


def test_params_are_readable_as_attributes():
    data = _data()
    parent = bt.BuyOrder(data=data, size=1, transmit=False)
    child = bt.SellOrder(data=data, size=1, parent=parent, tradeid=5, histnotify=True)
    assert child.parent is parent and child.tradeid == 5 and child.histnotify
    assert not parent.transmit and parent.active() and not child.active()
    child.activate()
    assert child.active()
