"""The broker's compiled paths give exactly what its Python paths give.

For the stock commission schemes ``BackBroker.next`` runs its per-bar
position work in the compiled ``backtrader._cy.interest`` / ``settlement``
and ``BackBroker._execute`` fills orders in ``backtrader._cy.fills``. Each
scenario here is run twice in the same process: once as shipped, once with
``tests/brokerref.ReferenceBroker``, which uses only the Python paths
(``_charge_interest_by_methods``, ``_settle_by_methods``, ``_get_value``,
``_execute_by_methods``, the scheme's own methods) and rounds and order
events written in Python in ``tests/brokerref.py``. Every notification,
trade and per-bar figure is recorded with ``repr`` (so floats must match bit
for bit and ints must stay ints) and the two records must be identical.

The other tests pin the lazy pieces: ``Position.datetime`` and
``Order.dteos`` are computed when read, the ``tick_*`` lookup of
``_try_exec``, the params of orders read through descriptors, the commission
cache following changes of ``broker.comminfo``, and ``copy.copy`` of trades.
"""
import copy
import datetime
import math
import pickle
import random

import numpy as np
import pytest

import backtrader as bt
from backtrader.brokers import bbroker
from backtrader.comminfo import CommInfoBase
from brokerref import ReferenceBroker


# ------------------------------------------------------------------ helpers
class Bars(bt.feed.DataBase):
    """Deterministic random-walk bars (one per day, or every 37 minutes)."""
    params = (('seed', 1), ('nbars', 90), ('intraday', False), ('shift', 0))

    def start(self):
        super(Bars, self).start()
        self._i = 0
        self._rnd = random.Random(self.p.seed)
        self._c = 100.0

    def _load(self):
        i = self._i
        if i >= self.p.nbars:
            return False
        if self.p.intraday:
            dt = (datetime.datetime(2020, 1, 6, 9, 30)
                  + datetime.timedelta(minutes=37 * (i + self.p.shift)))
        else:
            dt = datetime.datetime(2020, 1, 1) + datetime.timedelta(days=i + self.p.shift)
        o = self._c
        self._c = c = round(o * math.exp(self._rnd.gauss(0, 0.02)), 2)
        lines = self.lines
        lines.datetime[0] = bt.date2num(dt)
        lines.open[0] = o
        lines.high[0] = max(o, c) + round(self._rnd.random(), 2)
        lines.low[0] = min(o, c) - round(self._rnd.random(), 2)
        lines.close[0] = c
        lines.volume[0] = 1000 + (i * 37) % 500
        lines.openinterest[0] = 0
        self._i = i + 1
        return True


class FixedTZ(datetime.tzinfo):
    def utcoffset(self, dt):
        return datetime.timedelta(hours=-5)

    def dst(self, dt):
        return datetime.timedelta(0)

    def tzname(self, dt):
        return 'X'

    def localize(self, dt):
        return dt.replace(tzinfo=self) if isinstance(dt, datetime.datetime) else dt




class OverridingComm(CommInfoBase):
    """Overrides every method the fast paths write out."""
    params = (('stocklike', False), ('commtype', CommInfoBase.COMM_FIXED),
              ('margin', 800.0), ('mult', 4.0), ('commission', 1.5))

    def getvaluesize(self, size, price):
        return super(OverridingComm, self).getvaluesize(size, price) * 1.01

    def profitandloss(self, size, price, newprice):
        return super(OverridingComm, self).profitandloss(size, price, newprice) - 0.5

    def cashadjust(self, size, price, newprice):
        return super(OverridingComm, self).cashadjust(size, price, newprice) + 0.125

    def get_credit_interest(self, data, pos, dt):
        return 0.25 if pos.size < 0 else 0.0


def r(x):
    if isinstance(x, float):
        return repr(x)
    if isinstance(x, (list, tuple)):
        return '[' + ','.join(r(v) for v in x) + ']'
    return '%s:%r' % (type(x).__name__, x)


class Random(bt.Strategy):
    params = (('seed', 1), ('npsize', False), ('frac', False), ('log', None),
              ('addcash', False), ('switch', None))

    def start(self):
        self.rnd = random.Random(self.p.seed)
        self.ref0 = next(bt.Order.refbasis)
        self.tref0 = next(bt.Trade.refbasis)
        self.live = []

    def notify_order(self, o):
        e, c = o.executed, o.created
        bits = [[b.dt, b.size, b.price, b.closed, b.opened, b.closedvalue,
                 b.openedvalue, b.closedcomm, b.openedcomm, b.value, b.comm, b.pnl,
                 b.psize, b.pprice] for b in e.iterpending()]
        self.p.log.append(
            ['ORD', len(self), o.ref - self.ref0, o.getstatusname(),
             o.getordername(), o.isbuy(), r(o.size), r(o.price),
             r([c.dt, c.size, c.price, c.pricelimit, c.pclose]),
             r([e.dt, e.size, e.price, e.value, e.comm, e.pnl, e.remsize, e.psize,
                e.pprice, e.margin]), r(bits), r(o.valid), o.alive(), r(o.dteos)])

    def notify_trade(self, t):
        self.p.log.append(
            ['TRD', len(self), t.ref - self.tref0, t.status,
             r([t.size, t.price, t.value, t.commission, t.pnl, t.pnlcomm]),
             t.isopen, t.isclosed, t.justopened, t.baropen, r(t.dtopen), t.barclose,
             r(t.dtclose), t.barlen])

    def next(self):
        b = self.broker
        pos = [(b.getposition(d).size, b.getposition(d).price, b.getposition(d).adjbase,
                str(getattr(b.getposition(d), 'datetime', None))) for d in self.datas]
        self.p.log.append(
            ['BAR', len(self), r(b.getcash()), r(b.getvalue()), r(b.getvalue(lever=True)),
             r(b.getvalue(mkt=True)), r(b.get_leverage()), r(b.get_fundvalue()),
             r(b.get_fundshares()), r([b.getvalue(datas=[d]) for d in self.datas]),
             r(pos), r(sorted(b.d_credit.values())), type(b.cash).__name__])
        rnd = self.rnd
        O = bt.Order
        if self.p.addcash and len(self) % 17 == 0:
            b.add_cash(rnd.choice([500, -300, 1000.5]))
        if self.p.switch and len(self) == self.p.switch[0]:
            self.p.switch[1](b)
        for d in self.datas:
            if rnd.random() < 0.4:
                c = d.close[0]
                kind = rnd.choice(['mkt', 'mkt', 'lim', 'stop', 'stoplim', 'close',
                                   'trail', 'closepos', 'target', 'tvalue'])
                size = rnd.choice([1, 2, 3, 5, 10])
                if self.p.frac:
                    size = rnd.choice([0.5, 1.25, 3.0, 7])
                if self.p.npsize:
                    size = np.float64(size)
                buy = rnd.random() < 0.5
                fn = self.buy if buy else self.sell
                sgn = 1 if buy else -1
                valid = rnd.choice([None, None, datetime.timedelta(days=2), O.DAY])
                kw = dict(data=d, size=size)
                if kind == 'mkt':
                    o = fn(**kw)
                elif kind == 'lim':
                    o = fn(exectype=O.Limit, valid=valid,
                           price=round(c * (1 - sgn * rnd.random() * 0.02), 2), **kw)
                elif kind == 'stop':
                    o = fn(exectype=O.Stop, valid=valid,
                           price=round(c * (1 + sgn * rnd.random() * 0.02), 2), **kw)
                elif kind == 'stoplim':
                    p = round(c * (1 + sgn * rnd.random() * 0.02), 2)
                    o = fn(exectype=O.StopLimit, price=p, valid=valid,
                           plimit=round(p * (1 + sgn * 0.005), 2), **kw)
                elif kind == 'close':
                    o = fn(exectype=O.Close, **kw)
                elif kind == 'trail':
                    o = fn(exectype=O.StopTrail, trailamount=round(rnd.random() * 2, 2), **kw)
                elif kind == 'closepos':
                    o = self.close(data=d)
                elif kind == 'tvalue':
                    o = self.order_target_value(data=d, target=rnd.choice([0, 300.0, 800.0]))
                else:
                    o = self.order_target_size(data=d, target=rnd.choice([-4, 0, 3, 6]))
                if o is not None and rnd.random() < 0.3:
                    self.live.append(o)
            if self.live and rnd.random() < 0.1:
                self.cancel(self.live.pop(0))


def run(reference, setup, seed=3, ndatas=2, runonce=True, tz=None, intraday=False,
        **stratkw):
    cerebro = bt.Cerebro(runonce=runonce, stdstats=False)
    if reference:  # True: the Python paths; or a broker class to use
        cerebro.broker = (ReferenceBroker if reference is True else reference)()
    for i in range(ndatas):
        kw = dict(seed=seed + i, nbars=90 - 15 * i, shift=4 * i, intraday=intraday)
        if tz is not None:
            kw['tz'] = tz
        cerebro.adddata(Bars(**kw), name='d%d' % i)
    setup(cerebro.broker)
    log = []
    cerebro.addstrategy(Random, seed=seed, log=log, **stratkw)
    strat = cerebro.run()[0]
    for d in strat.datas:
        p = cerebro.broker.getposition(d)
        log.append(['POS', r([p.size, p.price, p.adjbase, p.upopened, p.upclosed]),
                    str(getattr(p, 'datetime', None))])
    log.append(['END', r(cerebro.broker.getcash()), r(cerebro.broker.getvalue())])
    return log


def _stock(b):
    b.setcash(10000)  # an int on purpose: it must become a float as upstream's
    b.setcommission(commission=0.001)


def _futures(b):
    b.setcash(50000.0)
    b.setcommission(commission=2.0, margin=1000.0, mult=10.0)
    b.setcommission(commission=1.0, margin=None, mult=5.0, automargin=0.2, name='d1')


def _interest(b):
    b.setcommission(commission=0.001, interest=0.05, interest_long=True, leverage=2.0)
    b.setcommission(commission=0.002, interest=0.1, name='d1')


def _noshortcash(b):
    b.set_shortcash(False)
    b.setcommission(commission=0.001, interest=0.03)
    b.setcommission(commission=0.001, leverage=3.0, name='d1')


def _overriding(b):
    b.addcommissioninfo(OverridingComm())
    b.setcommission(commission=0.5, margin=500, mult=2, name='d1')  # ints


def _coc_slip(b):
    b.set_coc(True)
    b.set_slippage_perc(0.001)
    b.setcommission(commission=0.001)


def _filler(b):
    b.set_filler(bt.broker.fillers.FixedBarPerc(perc=30))
    b.set_slippage_fixed(0.05, slip_open=False)


def _fund(b):
    b.set_fundmode(True)
    b.setcommission(commission=0.001)


def _automargin_neg(b):
    b.setcommission(commission=1.0, margin=None, mult=3.0, automargin=-1)


def _switch_commission(b):
    b.setcommission(commission=2.0, margin=1000.0, mult=10.0, name='d0')


SCENARIOS = {
    'stock': (_stock, {}),
    'futures': (_futures, {}),
    'interest': (_interest, {}),
    'noshortcash': (_noshortcash, {}),
    'overriding': (_overriding, {}),
    'coc_slip': (_coc_slip, {}),
    'filler': (_filler, dict(ndatas=1)),
    'fund_addcash': (_fund, dict(ndatas=1, addcash=True)),
    'fractional': (_stock, dict(frac=True)),
    'numpy_sizes': (_stock, dict(npsize=True)),
    'automargin_neg': (_automargin_neg, {}),
    'tz_intraday': (_interest, dict(tz=FixedTZ(), intraday=True, ndatas=1)),
    'next_mode': (_futures, dict(runonce=False)),
    'commission_changed_midway': (_stock, dict(switch=(40, _switch_commission))),
}


@pytest.mark.parametrize('name', sorted(SCENARIOS))
def test_fast_paths_match_reference(name):
    setup, kw = SCENARIOS[name]
    fast = run(False, setup, **kw)
    ref = run(True, setup, **kw)
    assert len(fast) == len(ref)
    assert sum(1 for row in fast if row[0] == 'ORD') > 20
    for a, b in zip(fast, ref):
        assert a == b


def test_reference_actually_differs_in_path():
    # the reference broker must not run the kernels (else the test above
    # would compare a thing with itself)
    assert ReferenceBroker.next is not bt.brokers.BackBroker.next


# --------------------------------------------------------------- lazy stamps
class Stamps(bt.Strategy):
    def start(self):
        self.seen = []

    def next(self):
        pos = self.getposition()
        if len(self) == 2:
            self.buy(size=2)
        if len(self) == 9:
            self.close()
        if pos.size:
            # the broker stamped the position for this bar
            self.seen.append((pos.datetime, self.data.datetime.datetime()))
        if len(self) == 4:
            self.order = self.buy(size=1, exectype=bt.Order.Close)


@pytest.mark.parametrize('tz', [None, FixedTZ()])
def test_position_datetime_is_the_bar_time(tz):
    cerebro = bt.Cerebro(stdstats=False)
    kw = {} if tz is None else dict(tz=tz)
    cerebro.adddata(Bars(nbars=15, intraday=True, **kw))
    cerebro.addstrategy(Stamps)
    strat = cerebro.run()[0]
    assert len(strat.seen) >= 5
    for got, want in strat.seen:
        assert type(got) is datetime.datetime and got == want
    # once flat, the time of the closing fill stays
    pos = cerebro.broker.getposition(strat.data)
    assert not pos.size and pos.datetime == strat.seen[-1][1] + datetime.timedelta(minutes=37)


def test_order_dteos_is_computed_when_read():
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(Bars(nbars=8, intraday=True, tz=FixedTZ()))
    cerebro.addstrategy(Stamps)
    strat = cerebro.run()[0]
    order = strat.order
    data = strat.data
    # what the eager computation gives for the creation bar
    now = bt.num2date(order.created.dt, tz=data._tz)
    send = data.p.sessionend
    eos = now.replace(hour=send.hour, minute=send.minute, second=send.second,
                      microsecond=send.microsecond)
    if eos < now:
        eos += datetime.timedelta(days=1)
    assert order.dteos == data.date2num(eos)
    order.dteos = 5.0  # still a plain attribute for writers
    assert order.dteos == 5.0 and order.clone().dteos == 5.0


def test_position_datetime_attribute_protocol():
    pos = bt.Position(3, 10.0)
    assert not hasattr(pos, 'datetime')
    with pytest.raises(AttributeError):
        pos.datetime
    stamp = datetime.datetime(2021, 5, 6, 7, 8)
    pos.datetime = stamp
    assert pos.datetime is stamp
    assert copy.copy(pos).datetime == stamp
    assert pickle.loads(pickle.dumps(pos)).datetime == stamp
    del pos.datetime
    assert not hasattr(pos, 'datetime')
    pos._dtnum = bt.date2num(stamp)  # what the broker stores per bar
    assert pos.datetime == stamp
    pos.update(1, 11.0, stamp.replace(hour=9))
    assert pos.datetime == stamp.replace(hour=9)


# ------------------------------------------------------------- tick prices
def test_tick_prices_lookup_matches_getattr():
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(Bars(nbars=3))
    data = cerebro.datas[0]
    cerebro.run()
    names = bbroker._TICKS
    assert bbroker._tick_prices(data) == [None] * 4
    data.tick_open = 1.5
    data.tick_close = 2.5
    want = [getattr(data, n, None) for n in names]
    assert bbroker._tick_prices(data) == want == [1.5, None, None, 2.5]
    data.lines.tick_high = 7.0  # readable on the data too (a LinesAttribute)
    assert bbroker._tick_prices(data) == [getattr(data, n, None) for n in names]

    class Odd(object):
        tick_low = 3.0
    assert list(bbroker._tick_prices(Odd())) == [None, None, 3.0, None]


# ------------------------------------------------------------ order params
def test_order_params_read_like_upstream():
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(Bars(nbars=3))
    cerebro.run()
    data = cerebro.datas[0]
    o = bt.SellOrder(data=data, size=4, tradeid=7, simulated=False)
    assert o.size == -4 and o.p.size == 4          # set on the order
    assert o.tradeid == 7 and o.data is data        # read from the params
    o.p.tradeid = 8
    assert o.tradeid == 8
    o.tradeid = 9
    assert o.tradeid == 9 and o.p.tradeid == 8
    assert 'tradeid' in vars(o) and 'data' not in vars(o)
    with pytest.raises(AttributeError):
        o.no_such_param
    with pytest.raises(TypeError):
        bt.BuyOrder(data=data, size=1, no_such_param=1)

    class MyOrder(bt.BuyOrder):
        params = (('extra', 5),)
    m = MyOrder(data=data, size=2)
    assert m.extra == 5 and m.size == 2 and m.isbuy()


# ------------------------------------------------------- commission cache
def test_comminfo_map_changes_reach_the_kernels():
    b = bt.brokers.BackBroker()
    cimap = b.comminfo
    assert type(cimap) is bt.broker.CommInfoMap
    changes = (lambda m: m.__setitem__('x', CommInfoBase()),
               lambda m: m.update(y=1), lambda m: m.pop('y'),
               lambda m: m.setdefault('z', 2), lambda m: m.__delitem__('z'),
               lambda m: m.__ior__({'w': 3}), lambda m: m.popitem())
    for change in changes:
        before = cimap._version
        change(cimap)
        assert cimap._version > before
    back = pickle.loads(pickle.dumps(bt.broker.CommInfoMap({None: 1.5, 'x': 2.5})))
    assert type(back) is bt.broker.CommInfoMap and back == {None: 1.5, 'x': 2.5}


def test_shared_comminfo_map_reaches_every_broker():
    # two brokers holding the same map both see a change made through one
    logs = []
    for share in (True, False):
        cerebro = bt.Cerebro(stdstats=False)
        if not share:
            cerebro.broker = ReferenceBroker()  # no kernels, no cache
        cerebro.adddata(Bars(nbars=30, seed=5), name='d0')
        other = bt.brokers.BackBroker()
        if share:
            other.comminfo = cerebro.broker.comminfo
        log = []

        def switch(b, other=other):
            other.setcommission(commission=2.0, margin=1000.0, mult=10.0, name='d0')
            if not share:
                b.setcommission(commission=2.0, margin=1000.0, mult=10.0, name='d0')
        cerebro.addstrategy(Random, seed=5, log=log, switch=(12, switch))
        cerebro.run()
        logs.append(log)
    assert logs[0] == logs[1]


def test_broker_with_kernel_cache_copies_and_pickles():
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(Bars(nbars=10))
    cerebro.addstrategy(Stamps)
    cerebro.run()
    b = cerebro.broker
    assert b._bkcache is not None
    twin = copy.deepcopy(b.comminfo)
    assert type(twin) is bt.broker.CommInfoMap and list(twin) == list(b.comminfo)
    state = pickle.loads(pickle.dumps(b._bkcache))
    assert type(state) is type(b._bkcache) and not state.valid


# ------------------------------------------------------------------ trades
def test_trade_copy_is_a_plain_copy():
    t = bt.Trade(tradeid=3, size=2, price=10.0)
    t.custom = [1]
    c = copy.copy(t)
    assert c is not t and vars(c) == vars(t) and c.custom is t.custom

    class Hooked(bt.Trade):
        def __reduce_ex__(self, proto):
            return (Hooked, (), {'size': 42})
    h = copy.copy(Hooked())
    assert type(h) is Hooked and h.size == 42


# ------------------------------------------------------------- order data
def test_executed_shortcut_builds_what_the_constructor_builds():
    from backtrader.order import OrderData, _new_executed
    want, got = vars(OrderData(remsize=4)), vars(_new_executed(4))
    assert list(got) == list(want)
    for key in want:
        if key != 'exbits':
            assert type(got[key]) is type(want[key]) and got[key] == want[key], key
    assert got['exbits'] is not _new_executed(4).exbits


def test_order_clone_is_a_snapshot():
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(Bars(nbars=3))
    cerebro.run()
    o = bt.BuyOrder(data=cerebro.datas[0], size=2)
    o.executed.add(1.0, 1, 10.0)
    snap = o.clone()
    assert vars(snap).keys() == vars(o).keys()
    assert snap.executed is not o.executed and snap.created is o.created
    assert (snap.executed.p1, snap.executed.p2) == (0, 1) == (o.executed.p1, o.executed.p2)
    o.executed.add(2.0, 1, 11.0)
    assert len(snap.executed.getpending()) == 1 and snap.executed.size == 1
    assert o.clone().executed.getpending()[0].price == 11.0
