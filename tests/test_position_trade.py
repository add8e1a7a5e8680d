"""Position and Trade bookkeeping.

Expected values were recorded by running the same sequences on upstream
backtrader 1.9.78.123; a few are re-derived by hand below them.
"""
import backtrader as bt

from test_broker_support import BARS, FakeData, daily_rows, same

POS_UPDATE = [[[10, 100.0, 10, 0], 10, 100.0, 0.0, 10, 0, 10, True],
 [[15, 101.0, 5, 0], 15, 101.0, 100.0, 5, 0, 15, True],
 [[12, 101.0, 0, -3], 12, 101.0, 101.0, 0, -3, 12, True],
 [[-8, 95.0, -8, -12], -8, 95.0, 101.0, -8, -12, 8, True],
 [[-12, 93.33333333333333, -4, 0], -12, 93.33333333333333, 95.0, -4, 0, 12, True],
 [[-6, 93.33333333333333, 0, 6], -6, 93.33333333333333, 93.33333333333333, 0, 6, 6, True],
 [[6, 99.0, 6, 6], 6, 99.0, 93.33333333333333, 6, 6, 6, True],
 [[4, 99.0, 0, -2], 4, 99.0, 99.0, 0, -2, 4, True],
 [[4, 99.0, 0, 0], 4, 99.0, 99.0, 0, 0, 4, True]]

POS_INIT = [5, 20.0, 20.0, 0, 0, None, None,
 '--- Position Begin\n'
 '- Size: 5\n'
 '- Price: 20.0\n'
 '- Price orig: 20.0\n'
 '- Closed: 0\n'
 '- Opened: 0\n'
 '- Adjbase: None\n'
 '--- Position End']

POS_INIT0 = [0, 0.0, 0.0, 0, 0,
 '--- Position Begin\n'
 '- Size: 0\n'
 '- Price: 0.0\n'
 '- Price orig: 0.0\n'
 '- Closed: 0\n'
 '- Opened: 0\n'
 '- Adjbase: None\n'
 '--- Position End']

POS_SET = [[15, 6.0, 5, 0, 5.0], [12, 7.0, 0, 3, 6.0], [-4, 8.0, -4, 12, 7.0], [-9, 9.0, -5, 0, 8.0],
 [-2, 1.0, 0, -7, 9.0], [3, 2.0, 3, -2, 1.0], [0, 0.0, 0, 3, 2.0], [-1, 4.0, 0, 0, 0.0]]

POS_PSEUDO = [[-2, 11.0, -2, -3], 3, 10.0, True, False, 4, 12.0]

POS_CLONE = [4, 12.0, False]

TRADE = [[0, 0.0, 0.0, 0.0, 0.0, 0.0, False, False, False, 0, 0.0, 0, 0.0, 0, 0, None, 0, False, 0],
 [10, 100.0, 1000.0, 1.0, 0.0, -1.0, True, False, True, 1, 737430.9999999999, 0, 0.0, 0, 1,
  True, 10, True, 1],
 [15, 101.33333333333333, 1520.0, 1.52, 0.0, -1.52, True, False, False, 1,
  737430.9999999999, 0, 0.0, 2, 1, True, 15, True, 2],
 [7, 101.33333333333333, 709.3333333333333, 2.4, 69.33333333333337, 66.93333333333337, True,
  False, False, 1, 737430.9999999999, 0, 0.0, 4, 1, True, 7, True, 3],
 [7, 101.33333333333333, 709.3333333333333, 2.4, 69.33333333333337, 66.93333333333337, True,
  False, False, 1, 737430.9999999999, 0, 0.0, 4, 1, True, 7, True, 3],
 [0, 101.33333333333333, 0.0, 3.03, -9.999999999999929, -13.029999999999928, False, True,
  False, 1, 737430.9999999999, 9, 737438.9999999999, 8, 2, True, 0, False, 4]]

HIST = [1, 737432.9999999999, 2, 15, 101.33333333333333, 1520.0, 0.0, -1.52, None, 5, 104.0, 0.52,
 True, ['status', 'event'],
 ['status', 'dt', 'barlen', 'size', 'price', 'value', 'pnl', 'pnlcomm', 'tz'],
 ['order', 'size', 'price', 'commission']]

CLOSED = 'KeyError'

HDT = '2020-01-08 23:59:59.999989'

TRADE_FUT = [0, 100.0, 0.0, 12.0, 80.0, 68.0, False, True, False, 1, 737430.9999999999, 3,
 737432.9999999999, 2, 2, False, 0, False, 0]

TRADE_STR = ['ref:2', 'tradeid:0', 'size:0', 'price:100.0', 'value:0.0', 'commission:12.0', 'pnl:80.0',
 'pnlcomm:68.0', 'justopened:False', 'isopen:False', 'isclosed:True', 'baropen:1',
 'dtopen:737430.9999999999', 'barclose:3', 'dtclose:737432.9999999999', 'barlen:2',
 'historyon:False', 'history:[]', 'status:2']


def test_position_update_sequence():
    p = bt.Position()
    got = []
    for sz, pr in [(10, 100.0), (5, 103.0), (-3, 110.0), (-20, 95.0), (-4, 90.0),
                   (6, 92.0), (12, 99.0), (-2, 1.0), (0, 50.0)]:
        r = p.update(sz, pr)
        got.append([list(r), p.size, p.price, p.price_orig, p.upopened, p.upclosed,
                    len(p), bool(p)])
    same(got, POS_UPDATE)
    # by hand: 10 @ 100 plus 5 @ 103 averages to 101; a reversal of 20 from
    # +12 closes 12 and opens 8 short at the trade price
    assert POS_UPDATE[1][0] == [15, 101.0, 5, 0]
    assert POS_UPDATE[3][0] == [-8, 95.0, -8, -12]


def test_position_construction_and_text():
    p = bt.Position(5, 20.0)
    same([p.size, p.price, p.price_orig, p.upopened, p.upclosed, p.adjbase, p.updt, str(p)],
         POS_INIT)
    p0 = bt.Position()
    same([p0.size, p0.price, p0.price_orig, p0.upopened, p0.upclosed, str(p0)], POS_INIT0)
    assert not p0 and len(p0) == 0


def test_position_set_pseudoupdate_fix_clone():
    p = bt.Position(10, 5.0)
    got = []
    for sz, pr in [(15, 6.0), (12, 7.0), (-4, 8.0), (-9, 9.0), (-2, 1.0), (3, 2.0), (0, 3.0),
                   (-1, 4.0)]:
        got.append(list(p.set(sz, pr)) + [p.price_orig])
    same(got, POS_SET)
    p = bt.Position(3, 10.0)
    same([list(p.pseudoupdate(-5, 11.0)), p.size, p.price, p.fix(3, 12.0), p.fix(4, 12.0),
          p.size, p.price], POS_PSEUDO)
    c = p.clone()
    same([c.size, c.price, c is p], POS_CLONE)


class _Order(object):
    class p(object):
        simulated = False


def _snap(t):
    return [t.size, t.price, t.value, t.commission, t.pnl, t.pnlcomm, t.isopen, t.isclosed,
            t.justopened, t.baropen, t.dtopen, t.barclose, t.dtclose, t.barlen, t.status,
            getattr(t, 'long', None), len(t), bool(t), len(t.history)]


def test_trade_life_with_history():
    data = FakeData(daily_rows(BARS))
    ci = bt.CommInfoBase(commission=0.001, percabs=True)
    order = _Order()
    tr = bt.Trade(data=data, tradeid=7, historyon=True)
    got = [_snap(tr)]
    steps = [(10, 100.0, 1.0), (5, 104.0, 0.52), (-8, 110.0, 0.88), (0, 1.0, 0.0),
             (-7, 90.0, 0.63)]
    for bar, (sz, pr, comm) in enumerate(steps):
        data.advance()
        if bar:
            data.advance()
        tr.update(order, sz, pr, 0.0, comm, 0.0, ci)
        got.append(_snap(tr))
    same(got, TRADE)
    # by hand: closing 8 of 15 @ 101.333.. at 110 realizes 8 * 8.666.. = 69.33..
    assert abs(TRADE[3][4] - 8 * (110.0 - 304.0 / 3.0)) < 1e-9

    h = tr.history[1]
    same([h.status.status, h.status.dt, h.status.barlen, h.status.size, h.status.price,
          h.status.value, h.status.pnl, h.status.pnlcomm, h.status.tz, h.event.size,
          h.event.price, h.event.commission, h.event.order is order, list(h.keys()),
          list(h.status.keys()), list(h.event.keys())], HIST)
    try:
        h.status.nosuch
        closed = 'no error'
    except KeyError:
        closed = 'KeyError'
    assert closed == CLOSED
    assert str(h.datetime()) == HDT


def test_trade_futures_and_text():
    data = FakeData(daily_rows(BARS))
    data.advance()
    fut = bt.CommInfoBase(commission=2.0, margin=500.0, mult=10.0)
    order = _Order()
    tf = bt.Trade(data=data)
    tf.update(order, -3, 100.0, 0.0, 6.0, 0.0, fut)
    data.advance()
    data.advance()
    tf.update(order, 1, 98.0, 0.0, 2.0, 0.0, fut)
    tf.update(order, 2, 97.0, 0.0, 4.0, 0.0, fut)
    same(_snap(tf), TRADE_FUT)
    lines = [x for x in str(tf).split('\n') if not x.startswith('data:')]
    lines[0] = 'ref:%d' % tf.ref
    assert lines == ['ref:%d' % tf.ref] + TRADE_STR[1:]
    # by hand: short 3 @ 100, covered at 98 and 97 with mult 10 -> 20 + 60
    assert tf.pnl == 80.0 and tf.pnlcomm == 68.0


def test_trade_status_names_and_refs():
    assert bt.Trade.status_names == ['Created', 'Open', 'Closed']
    assert (bt.Trade.Created, bt.Trade.Open, bt.Trade.Closed) == (0, 1, 2)
    a, b = bt.Trade(), bt.Trade()
    assert b.ref == a.ref + 1
    data = FakeData(daily_rows(BARS), name='abc')
    assert bt.Trade(data=data).getdataname() == 'abc'
