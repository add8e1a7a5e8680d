"""The broker's state and the positions are compiled classes: for Python code
they must stay ordinary objects (attributes, subclasses, copies, pickles),
and a broker class that redefines one of the state attributes must still
get the right figures (the kernels then use the Python reference path)."""
import copy
import datetime
import pickle

import backtrader as bt
from backtrader._cy.brokerstate import BrokerState
from brokerref import ReferenceRounds as PythonRounds


class Bars(bt.feed.DataBase):
    params = (('nbars', 40),)

    def start(self):
        super(Bars, self).start()
        self._i = 0

    def _load(self):
        i = self._i
        if i >= self.p.nbars:
            return False
        self._i += 1
        price = 100.0 + (i % 7) - (i % 3) * 1.5
        lines = self.lines
        lines.datetime[0] = bt.date2num(datetime.datetime(2021, 1, 1) + datetime.timedelta(days=i))
        lines.open[0] = price
        lines.high[0] = price + 1.0
        lines.low[0] = price - 1.0
        lines.close[0] = price + 0.25
        lines.volume[0] = 100.0
        lines.openinterest[0] = 0.0
        return True


class Flip(bt.Strategy):
    def __init__(self):
        self.values = []

    def next(self):
        n = len(self)
        if n % 5 == 0:
            self.order_target_size(target=3 if (n // 5) % 2 else -2)
        self.values.append((self.broker.get_cash(), self.broker.get_value()))


def _values(broker=None):
    cerebro = bt.Cerebro(stdstats=False)
    if broker is not None:
        cerebro.broker = broker
    cerebro.adddata(Bars())
    cerebro.addstrategy(Flip)
    cerebro.broker.setcommission(commission=0.001)
    return cerebro.run()[0].values


def test_position_is_an_ordinary_object():
    pos = bt.Position(size=3, price=2.5)
    assert (pos.size, pos.price, pos.price_orig, pos.adjbase) == (3, 2.5, 2.5, None)
    pos.note = 'mine'
    twin = copy.copy(pos)
    assert (twin.size, twin.price, twin.note) == (3, 2.5, 'mine')
    pos.update(-1, 4.0, dt=datetime.datetime(2021, 1, 2))
    back = pickle.loads(pickle.dumps(pos))
    assert (back.size, back.price, back.upclosed, back.note) == (2, 2.5, -1, 'mine')
    assert back.datetime == datetime.datetime(2021, 1, 2)
    fresh = pickle.loads(pickle.dumps(bt.Position()))
    try:
        fresh.datetime
    except AttributeError:
        pass
    else:
        raise AssertionError('a position never stamped has no datetime')

    class Tagged(bt.Position):
        def describe(self):
            return 'tagged %s' % self.size

    assert Tagged(size=2, price=1.0).describe() == 'tagged 2'


def test_broker_state_fields_are_attributes_and_pickle():
    cerebro = bt.Cerebro()
    broker = cerebro.broker
    assert isinstance(broker, BrokerState)
    broker.set_cash(2500)
    broker.extra = [1, 2]
    back = pickle.loads(pickle.dumps(broker))
    assert (back.cash, back.getvalue(), back.p.cash, back.extra) == (2500, 2500, 2500, [1, 2])


def test_broker_hiding_a_state_attribute_gets_the_same_figures():
    class Audited(bt.brokers.BackBroker):
        """``cash`` as a property: the kernels must not write the C field."""
        @property
        def cash(self):
            return self.__dict__['_audited_cash']

        @cash.setter
        def cash(self, value):
            self.__dict__['_audited_cash'] = value

    plain = _values()
    audited = _values(Audited())
    assert len(plain) == 40 and plain == audited
    assert plain[-1] != plain[0]


class Logged(bt.Strategy):
    """Reversals, partial closes and a second trade id: every notification
    logged with the trade figures it carries."""

    def __init__(self):
        self.log = []

    def notify_order(self, order):
        self.log.append(('order', len(self), order.size, order.getstatusname(),
                         order.executed.size, order.executed.price))

    def notify_trade(self, trade):
        self.log.append(('trade', len(self), trade.tradeid, trade.status, trade.size,
                         trade.price, trade.value, trade.pnl, trade.pnlcomm,
                         trade.justopened, trade.isclosed, trade.barlen))

    def next(self):
        n = len(self)
        if n % 6 == 0:
            self.order_target_size(target=(4, -3, 0, 2)[(n // 6) % 4])
        if n % 9 == 0:
            self.buy(size=1, tradeid=7) if (n // 9) % 2 else self.sell(size=1, tradeid=7)


class LoggedPython(Logged):
    """The same, with ``_addnotification`` run by the Python reference."""

    def _addnotification(self, order, quicknotify=False):
        super(LoggedPython, self)._addnotification(order, quicknotify=quicknotify)


def test_compiled_notifications_match_the_python_reference():
    logs = []
    for cls in (Logged, LoggedPython):
        cerebro = bt.Cerebro(stdstats=False)
        cerebro.adddata(Bars(nbars=80))
        cerebro.addstrategy(cls)
        cerebro.broker.setcommission(commission=0.002)
        logs.append(cerebro.run()[0].log)
    assert len(logs[0]) > 60 and any(e[0] == 'trade' and e[10] for e in logs[0])
    assert logs[0] == logs[1]


class Named(bt.Trade):
    def label(self):
        return 'trade %d' % self.tradeid


def test_trade_is_an_ordinary_object():
    t = bt.Trade(tradeid=3, size=2, price=10.0)
    try:
        t.long
    except AttributeError:
        pass
    else:
        raise AssertionError('long is set when the trade opens')
    t.note = 'x'
    back = pickle.loads(pickle.dumps(t))
    assert (back.tradeid, back.size, back.price, back.ref, back.note) == (3, 2, 10.0, t.ref, 'x')
    t.long = True
    twin = copy.copy(t)
    assert twin is not t and twin.long is True and twin.history is t.history
    assert vars(twin) == {'note': 'x'}
    n = Named(tradeid=5)
    assert copy.copy(n).label() == 'trade 5' and type(pickle.loads(pickle.dumps(n))) is Named


def _fields(order):
    state = {k: v for k, v in vars(order).items() if k not in ('ref', 'created', 'executed', 'p', 'params', 'info')}
    recs = [{name: getattr(rec, name) for name in ('pclose', 'dt', 'size', 'remsize', 'price', 'pricelimit',
                                                  'trailamount', 'trailpercent', 'value', 'comm', 'margin',
                                                  'pnl', 'psize', 'pprice')}
            for rec in (order.created, order.executed)]
    return list(vars(order)), state, vars(order.p), recs, type(order.info)


def test_broker_orders_are_the_orders_the_classes_build():
    from backtrader._cy.ordercreate import broker_order
    from backtrader.order import BuyOrder, SellOrder

    class Probe(bt.Strategy):
        def next(self):
            if len(self) != 3:
                return
            d = self.data
            self.pairs = []
            for cls in (BuyOrder, SellOrder):
                for args in ((2, None, None, None, None), (1.5, 101.0, None, bt.Order.Limit, 3.0),
                             (3, 99.0, 98.0, bt.Order.StopLimit, None),
                             (4, None, None, bt.Order.StopTrail, None)):  # the class path
                    size, price, plimit, exectype, valid = args
                    made = broker_order(cls, self, d, size, price, plimit, exectype, valid, 0,
                                        None, 0.02 if exectype == bt.Order.StopTrail else None,
                                        None, True, False)
                    want = cls(owner=self, data=d, size=size, price=price, pricelimit=plimit,
                               exectype=exectype, valid=valid, tradeid=0, trailamount=None,
                               trailpercent=0.02 if exectype == bt.Order.StopTrail else None,
                               parent=None, transmit=True, histnotify=False)
                    self.pairs.append((_fields(made), _fields(want), made.ref, want.ref))

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(Bars(nbars=5))
    cerebro.addstrategy(Probe)
    pairs = cerebro.run()[0].pairs
    assert len(pairs) == 8
    for made, want, ref_made, ref_want in pairs:
        assert made == want
        assert ref_want == ref_made + 1  # one numbering for both




class Mixed(Logged):
    """Market orders, brackets, OCO pairs, expiring limits and orders the
    cash cannot pay for."""

    def next(self):
        n = len(self)
        close = self.data.close[0]
        if n % 7 == 1:
            self.buy_bracket(size=2, price=close * 0.999, stopprice=close * 0.98,
                             limitprice=close * 1.02)
        if n % 11 == 2:
            first = self.sell(size=1, exectype=bt.Order.Limit, price=close * 1.01,
                              valid=datetime.timedelta(days=3))
            self.sell(size=1, exectype=bt.Order.Stop, price=close * 0.99, oco=first)
        if n % 13 == 5:
            self.buy(size=500)  # more than the cash pays for: Margin
        if n % 17 == 3:
            self.buy(size=1, exectype=bt.Order.Limit, price=close * 0.8,
                     valid=datetime.timedelta(days=2))  # expires
        if n % 5 == 0:
            self.order_target_size(target=(3, 0, -2)[(n // 5) % 3])


def test_compiled_rounds_match_the_python_reference():
    logs = []
    for broker in (None, PythonRounds()):
        cerebro = bt.Cerebro(stdstats=False)
        if broker is not None:
            cerebro.broker = broker
        cerebro.adddata(Bars(nbars=120))
        cerebro.addstrategy(Mixed)
        cerebro.broker.setcommission(commission=0.001)
        strat = cerebro.run()[0]
        logs.append((strat.log, cerebro.broker.getvalue(), cerebro.broker.getcash()))
    statuses = {e[3] for e in logs[0][0] if e[0] == 'order'}
    assert {'Completed', 'Canceled', 'Margin', 'Expired'} <= statuses
    assert logs[0] == logs[1]


class Hooked(bt.Strategy):
    """``next`` replaced on the instance, ``prenext`` a callable object."""

    class Counter(object):
        def __init__(self):
            self.calls = 0

        def __call__(self, strat):
            self.calls += 1

    prenext_counter = Counter()

    def __init__(self):
        self.sma = bt.indicators.SMA(period=5)
        self.seen = []
        self.next = lambda: self.seen.append(len(self))

    def prenext(self):
        Hooked.prenext_counter(self)


def test_strategy_hooks_are_looked_up_as_attributes():
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(Bars(nbars=20))
    cerebro.addstrategy(Hooked)
    strat = cerebro.run()[0]
    assert strat.seen == list(range(5, 21))  # nextstart calls the instance's next
    assert Hooked.prenext_counter.calls == 4
