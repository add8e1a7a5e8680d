"""Strategies: the user's trading logic, driven bar by bar by Cerebro."""
import collections
import copy
import itertools
import sys

from backtrader._cy.positionprop import PositionProperty as _PositionProperty
from backtrader._cy import clock as _clock
from backtrader._cy.fundfanout import FundFanout as _FundFanout
from backtrader._cy.steps import PyStep as _PyStep
from backtrader.brokers.bbroker import BackBroker as _BackBroker
from backtrader.lineiterator import LineIterator, StrategyBase, iter_plan, line0_of
from backtrader.lineseries import LineSeriesStub
from backtrader.metabase import ItemCollection, findowner
from backtrader.trade import Trade
from backtrader._cy.linebuffer import LineBuffer

__all__ = ["Strategy", "MetaStrategy"]


class _AutoDictList(dict):
    """``d[key]`` is a list created on first access."""

    def __missing__(self, key):
        value = self[key] = []
        return value


def _overrides(obj, name, base):
    return getattr(type(obj), name) is not getattr(base, name)


def _flat_steps(analyzers, hook):
    """The per-bar steps doing ``analyzer.<hook>()`` for each analyzer."""
    return [step for analyzer in analyzers for step in analyzer._flat_steps(hook)]


def _clock_of(obj):
    """The clock of a line iterator, else its owner's (None if neither has one)."""
    clk = getattr(obj, '_clock', None)
    return clk if clk is not None else getattr(obj._owner, '_clock', None)


def _csv_label(item):
    """How writers name a strategy, indicator or observer."""
    return item.plotinfo.plotname or item.__class__.__name__


# callbacks of old upstream releases, under the names they have now
_RENAMED_CALLBACKS = (('notify', 'notify_order'), ('notify_operation', 'notify_trade'))


def _phase(status):
    """Which hook a minimum-period status calls: 0 next, 1 nextstart, 2 prenext."""
    return 0 if status < 0 else (1 if status == 0 else 2)


class MetaStrategy(StrategyBase.__class__):
    _indcol = dict()        # the strategy classes by name

    def __new__(meta, name, bases, dct):
        for old, new in _RENAMED_CALLBACKS:
            if old in dct:
                dct[new] = dct.pop(old)
        return super().__new__(meta, name, bases, dct)

    def __init__(cls, name, bases, dct):
        super(MetaStrategy, cls).__init__(name, bases, dct)
        if not cls.aliased and name != 'Strategy' and not name.startswith('_'):
            cls._indcol[name] = cls

    def donew(cls, *args, **kwargs):
        _obj, args, kwargs = super(MetaStrategy, cls).donew(*args, **kwargs)
        from backtrader.cerebro import Cerebro
        _obj.env = _obj.cerebro = cerebro = findowner(_obj, Cerebro)
        _obj._id = cerebro._next_stid()
        return _obj, args, kwargs

    def dopreinit(cls, _obj, *args, **kwargs):
        _obj, args, kwargs = super(MetaStrategy, cls).dopreinit(_obj, *args, **kwargs)
        from backtrader.sizers import FixedSize
        _obj.broker = _obj.env.broker
        _obj._sizer = FixedSize()
        _obj._orderspending = []
        _obj._trades = collections.defaultdict(_AutoDictList)
        _obj._tradespending = []
        _obj.stats = _obj.observers = ItemCollection()
        _obj.analyzers = ItemCollection()
        _obj._alnames = collections.defaultdict(itertools.count)
        _obj.writers = []
        _obj._slave_analyzers = []
        _obj._tradehistoryon = False
        return _obj, args, kwargs

    def dopostinit(cls, _obj, *args, **kwargs):
        _obj, args, kwargs = super(MetaStrategy, cls).dopostinit(_obj, *args, **kwargs)
        _obj._sizer.set(_obj, _obj.broker)
        return _obj, args, kwargs


class Strategy(StrategyBase, metaclass=MetaStrategy):
    """Base class of user strategies (override ``__init__``, ``next`` and the
    ``notify_*`` callbacks)."""
    _ltype = LineIterator.StratType
    csv = True
    _oldsync = False
    lines = ('datetime',)

    # -- buffers and periods ------------------------------------------------------
    def qbuffer(self, savemem=0, replaying=False):
        """exactbars: above 0 bounds the datas, the strategy and every child;
        -1 bounds the indicators that are lazy lines, -2 also those not plotted."""
        if savemem > 0:
            for data in self.datas:
                data.qbuffer(replaying=replaying)
            for line in self.lines:
                line.qbuffer(savemem=1)
            for children in self._lineiterators.values():
                for child in children:
                    child.qbuffer(savemem=1)
        elif savemem < 0:
            for ind in self.getindicators():
                bounded = isinstance(ind, LineBuffer) or (savemem < -1 and not ind.plotinfo.plot)
                ind.qbuffer(savemem=bounded)

    def _periodset(self):
        """Minimum period per data, from the indicators clocked by each data."""
        dataids = set(id(d) for d in self.datas)
        per_clock = collections.defaultdict(list)
        for ind in self._lineiterators[LineIterator.IndType]:
            clk = _clock_of(ind)
            # up the chain of clocks to the data feed that drives the indicator
            while clk is not None and id(clk) not in dataids:
                upper = _clock_of(clk)
                if upper is None:
                    break
                clk = upper
            if clk is None:
                continue
            if isinstance(clk, LineSeriesStub):
                clk = clk.lines[0]
            per_clock[clk].append(ind._minperiod)

        self._minperiods = []
        for data in self.datas:
            periods = list(per_clock.get(data, []))
            for line in data.lines:
                periods += per_clock.get(line, [])
            self._minperiods.append(max(periods) if periods else data._minperiod)

        periods = [x._minperiod for x in self._lineiterators[LineIterator.IndType]]
        self._minperiod = max(periods or [self._minperiod])

    # -- children added by Cerebro ----------------------------------------------------
    def _owning(self, factory, *args, **kwargs):
        from backtrader import metabase
        metabase.owner_stack.append(self)
        try:
            return factory(*args, **kwargs)
        finally:
            metabase.owner_stack.pop()

    def _addwriter(self, writer):
        self.writers.append(writer)

    def _addindicator(self, indcls, *indargs, **indkwargs):
        self._owning(indcls, *indargs, **indkwargs)

    def _addanalyzer_slave(self, ancls, *anargs, **ankwargs):
        analyzer = self._owning(ancls, *anargs, **ankwargs)
        self._slave_analyzers.append(analyzer)
        return analyzer

    def _getanalyzer_slave(self, idx):
        return self._slave_analyzers[idx]

    def _addanalyzer(self, ancls, *anargs, **ankwargs):
        anname = ankwargs.pop('_name', '') or ancls.__name__.lower()
        suffix = next(self._alnames[anname])
        anname += str(suffix or '')
        analyzer = self._owning(ancls, *anargs, **ankwargs)
        self.analyzers.append(analyzer, anname)

    def _addobserver(self, multi, obscls, *obsargs, **obskwargs):
        obsname = obskwargs.pop('obsname', '') or obscls.__name__.lower()
        if not multi:
            args = list(itertools.chain(self.datas, obsargs))
            self.stats.append(self._owning(obscls, *args, **obskwargs), obsname)
            return
        setattr(self.stats, obsname, [])
        group = getattr(self.stats, obsname)
        for data in self.datas:
            group.append(self._owning(obscls, data, *obsargs, **obskwargs))

    def _getminperstatus(self):
        status = max(mp - len(d) for mp, d in zip(self._minperiods, self.datas))
        self._minperstatus = status
        return status

    # -- the cheat-on-open hooks ------------------------------------------------------
    def prenext_open(self):
        """cheat-on-open: like ``prenext``, before the broker acts on the bar."""

    def nextstart_open(self):
        """cheat-on-open: like ``nextstart``; calls ``next_open``."""
        self.next_open()

    def next_open(self):
        """cheat-on-open: like ``next``, before the broker acts on the bar."""

    def _oncepost_open(self):
        hooks = (self.next_open, self.nextstart_open, self.prenext_open)
        hooks[_phase(self._minperstatus)]()

    _next_open = _oncepost_open

    # -- stepping -------------------------------------------------------------------
    def _oncepost(self, dt):
        _clock.oncepost(self._plan, dt)

    def _clk_update(self):
        if self._oldsync:
            clk_len = LineIterator._clk_update(self)
            self.lines.datetime[0] = max(d.datetime[0] for d in self.datas if len(d))
            return clk_len
        newlens = [len(d) for d in self.datas]
        if any(new > old for old, new in zip(self._dlens, newlens)):
            self.forward()
        self.lines.datetime[0] = max(d.datetime[0] for d in self.datas if len(d))
        self._dlens = newlens
        return len(self)

    def _next(self):
        _clock.stepnext(self._plan)

    def _next_one_observer(self, observer, status, once):
        """Step one observer (and the analyzers it drives) after the strategy."""
        phase = _phase(status)
        for analyzer in observer._analyzers:
            (analyzer._next, analyzer._nextstart, analyzer._prenext)[phase]()
        if not once:
            observer._next()
            return
        if len(self) > len(observer):
            (observer.advance if self._oldsync else observer.forward)()
        if phase < 2 or len(observer):
            (observer.next, observer.nextstart, observer.prenext)[phase]()

    def _flatten_analyzer_calls(self):
        """Resolve once the analyzer steps run on every bar (see
        ``Analyzer._flat_steps``): the clock then does exactly what upstream's
        recursive calls would, minus empty hooks, with standard hooks compiled.
        The per-bar cash/value notifications, in upstream's order: the
        strategy's own (when overridden), then each analyzer's."""
        top = list(self.analyzers)
        self._an_next = _flat_steps(top, '_next')
        self._an_nextstart = _flat_steps(top, '_nextstart')
        self._an_prenext = _flat_steps(top, '_prenext')
        funds = [_PyStep(hook, nargs) for hook, nargs in (
            (self.notify_cashvalue, 2), (self.notify_fund, 4))
            if _overrides(self, hook.__name__, Strategy)]
        for analyzer in top + self._slave_analyzers:
            funds += analyzer._flat_steps('_notify_cashvalue')
            funds += analyzer._flat_steps('_notify_fund')
        self._fundcalls = _FundFanout(funds)

    def _settz(self, tz):
        self.lines.datetime._settz(tz)

    def _every_analyzer(self):
        """The strategy's analyzers, then those driven by its observers."""
        return itertools.chain(self.analyzers, self._slave_analyzers)

    def _start(self):
        self._periodset()
        for analyzer in self._every_analyzer():
            analyzer._start()
        for obs in self.observers:
            for o in (obs if isinstance(obs, list) else [obs]):
                o._start()
        self._stage2()
        self._dlens = [len(d) for d in self.datas]
        self._minperstatus = sys.maxsize
        self._flatten_analyzer_calls()
        self.start()
        self._plan = self._build_plan()

    def _build_plan(self):
        """Resolve, once, how the compiled clock steps this strategy."""
        observers = []
        for obs in self._lineiterators[LineIterator.ObsType]:
            simple = (not obs._lineiterators[0]
                      and type(obs)._next is LineIterator._next)
            plan = _clock.IterPlan(3 if simple else 2, obs, line0_of(obs._clock),
                                   obs.lines.lines, minperiod=obs._minperiod)
            plan.idle_without = [getattr(self, name) for name in obs._idle_without]
            plan.step = obs._next_step()
            plan.an_next = _flat_steps(obs._analyzers, '_next')
            plan.an_nextstart = _flat_steps(obs._analyzers, '_nextstart')
            plan.an_prenext = _flat_steps(obs._analyzers, '_prenext')
            observers.append(plan)
        return _clock.StrategyPlan(
            self,
            [iter_plan(ind) for ind in self._lineiterators[LineIterator.IndType]],
            observers, self.lines.lines, self.lines.datetime,
            [d._line0 for d in self.datas], [d.lines.datetime for d in self.datas],
            self._minperiods,
            type(self)._notify is not Strategy._notify, self._oldsync)

    def start(self):
        """Called right before the backtest starts."""

    def _stop(self):
        self.stop()
        for analyzer in self._every_analyzer():
            analyzer._stop()
        self._stage1()

    def stop(self):
        """Called right after the backtest has finished."""

    # -- writers ----------------------------------------------------------------------
    def getwriterheaders(self):
        """CSV columns of the strategy and of its indicators and observers
        marked ``csv``: for each its label, 'len' and its lines."""
        written = itertools.chain(self.getindicators_lines(), self.getobservers())
        self.indobscsv = [self] + [item for item in written if item.csv]
        headers = []
        for item in self.indobscsv:
            headers += [_csv_label(item), 'len', *item.getlinealiases()]
        return headers

    def getwritervalues(self):
        """The current values under the columns of :meth:`getwriterheaders`."""
        values = []
        for item in self.indobscsv:
            n = len(item)
            current = ([line[0] for line in item.lines.itersize()] if n
                       else [''] * item.lines.size())
            values += [_csv_label(item), n, *current]
        return values

    def getwriterinfo(self):
        from backtrader.utils import AutoOrderedDict
        info = AutoOrderedDict()
        info['Params'] = self.p._getkwargs()
        # a section is there even when it has no entries
        for section, items in (('Indicators', self.getindicators_lines()),
                               ('Observers', self.getobservers())):
            entries = info[section]
            for item in items:
                entry = entries[type(item).__name__]
                entry['Lines'] = item.lines.getlinealiases() or None
                entry['Params'] = item.p._getkwargs() or None
        analyzers = info['Analyzers']
        analyzers['Value']['Begin'] = self.broker.startingcash
        analyzers['Value']['End'] = self.broker.getvalue()
        for name, analyzer in self.analyzers.getitems():
            entry = analyzers[name]
            entry['Params'] = analyzer.p._getkwargs() or None
            entry['Analysis'] = analyzer.get_analysis()
        return info

    # -- notifications ------------------------------------------------------------------
    def set_tradehistory(self, onoff=True):
        self._tradehistoryon = onoff

    def clear(self):
        # emptied in place: the compiled clock keeps references to these lists. Notified orders
        # are not kept as a history (nothing reads one, and a market maker's hundreds of
        # thousands of order snapshots would cost the collector seconds)
        if self._orderspending:
            del self._orderspending[:]
        if self._tradespending:
            del self._tradespending[:]

    def _new_trade(self, datatrades, data, order):
        """Open a new trade for ``order``'s tradeid on ``data`` and keep it."""
        trade = Trade(data=data, tradeid=order.tradeid, historyon=self._tradehistoryon)
        datatrades.append(trade)
        return trade

    def _addnotification(self, order, quicknotify=False):
        if not order.p.simulated:
            self._orderspending.append(order)
        if not order.executed.size:
            if quicknotify:
                self._notify(qorders=[order], qtrades=[])
            return
        qorders, qtrades = [order], []

        tradedata = order.data._compensate
        if tradedata is None:           # no other data whose position this offsets
            tradedata = order.data
        datatrades = self._trades[tradedata][order.tradeid]
        trade = datatrades[-1] if datatrades else self._new_trade(datatrades, tradedata, order)

        def publish(t):
            self._tradespending.append(copy.copy(t))
            if quicknotify:
                qtrades.append(copy.copy(t))

        for exbit in order.executed.iterpending():
            if exbit is None:
                break
            if exbit.closed:
                trade.update(order, exbit.closed, exbit.price, exbit.closedvalue,
                             exbit.closedcomm, exbit.pnl, comminfo=order.comminfo)
                if trade.isclosed:
                    publish(trade)
            if exbit.opened:
                if trade.isclosed:
                    trade = self._new_trade(datatrades, tradedata, order)
                trade.update(order, exbit.opened, exbit.price, exbit.openedvalue,
                             exbit.openedcomm, exbit.pnl, comminfo=order.comminfo)
                if trade.isclosed:
                    publish(trade)
            if trade.justopened:
                publish(trade)

        if quicknotify:
            self._notify(qorders=qorders, qtrades=qtrades)

    def _notify(self, qorders=[], qtrades=[]):
        if self.cerebro.p.quicknotify:
            orders, trades = qorders, qtrades
        else:
            orders, trades = self._orderspending, self._tradespending
        analyzers = self.analyzers._items + self._slave_analyzers
        for order in orders:
            if order.exectype != order.Historical or order.histnotify:
                self.notify_order(order)
            for analyzer in analyzers:
                analyzer._notify_order(order)
        for trade in trades:
            self.notify_trade(trade)
            for analyzer in analyzers:
                analyzer._notify_trade(trade)
        if qorders:
            return
        self._notify_funds()

    def _notify_funds(self):
        """The per-bar cash and value hooks (the strategy's and the analyzers')."""
        self._fundcalls.notify(self.broker)

    def add_timer(self, when, offset=None, repeat=None, weekdays=[],
                  weekcarry=False, monthdays=[], monthcarry=True, allow=None,
                  tzdata=None, cheat=False, *args, **kwargs):
        """Schedule calls of this strategy's ``notify_timer`` (from ``__init__``
        or ``start``); the params are ``backtrader.timer.Timer``'s."""
        import datetime
        return self.cerebro._add_timer(
            self, when, offset or datetime.timedelta(), repeat or datetime.timedelta(),
            weekdays, weekcarry, monthdays, monthcarry, allow, tzdata, False, cheat,
            *args, **kwargs)

    def notify_timer(self, timer, when, *args, **kwargs):
        pass

    def notify_cashvalue(self, cash, value):
        """Receives the broker's cash and value on every bar."""

    def notify_fund(self, cash, value, fundvalue, shares):
        """Receives cash, value, fund value and fund shares on every bar."""

    def notify_order(self, order):
        """Receives every change of status of an order."""

    def notify_trade(self, trade):
        """Receives trades when they open, change and close."""

    def notify_store(self, msg, *args, **kwargs):
        pass

    def notify_data(self, data, status, *args, **kwargs):
        pass

    def getdatanames(self):
        return self.env.datasbyname.keys()

    def getdatabyname(self, name):
        return self.env.datasbyname[name]

    # -- orders -----------------------------------------------------------------------
    def cancel(self, order):
        """Cancel ``order`` in the broker."""
        self.broker.cancel(order)

    def _resolve(self, data):
        if isinstance(data, str):
            return self.getdatabyname(data)
        return data if data is not None else self.datas[0]

    def _order(self, isbuy, data, size, price=None, plimit=None, exectype=None,
               valid=None, tradeid=0, oco=None, trailamount=None, trailpercent=None,
               parent=None, transmit=True, **kwargs):
        """Send a buy or sell of ``size`` (the sizer's when None) to the broker."""
        if data is None:
            data = self.datas[0]
        elif isinstance(data, str):
            data = self.getdatabyname(data)
        if size is None:
            size = self.getsizing(data, isbuy=isbuy)
        if not size:
            return None
        broker = self.broker
        place = broker.buy if isbuy else broker.sell
        if type(broker).buy is _BackBroker.buy and type(broker).sell is _BackBroker.sell:
            # BackBroker's own buy/sell: the same arguments, by position
            return place(self, data, abs(size), price, plimit, exectype, valid,
                         tradeid, oco, trailamount, trailpercent, parent,
                         transmit, **kwargs)
        return place(self, data, size=abs(size), price=price, plimit=plimit,
                     exectype=exectype, valid=valid, tradeid=tradeid, oco=oco,
                     trailamount=trailamount, trailpercent=trailpercent,
                     parent=parent, transmit=transmit, **kwargs)

    def buy(self, data=None, size=None, price=None, plimit=None, exectype=None,
            valid=None, tradeid=0, oco=None, trailamount=None, trailpercent=None,
            parent=None, transmit=True, **kwargs):
        """Create a buy order (market by default) and send it to the broker."""
        return self._order(True, data, size, price, plimit, exectype, valid,
                           tradeid, oco, trailamount, trailpercent, parent,
                           transmit, **kwargs)

    def sell(self, data=None, size=None, price=None, plimit=None, exectype=None,
             valid=None, tradeid=0, oco=None, trailamount=None, trailpercent=None,
             parent=None, transmit=True, **kwargs):
        """Create a sell order (market by default) and send it to the broker."""
        return self._order(False, data, size, price, plimit, exectype, valid,
                           tradeid, oco, trailamount, trailpercent, parent,
                           transmit, **kwargs)

    def close(self, data=None, size=None, **kwargs):
        """Close (or reduce by ``size``) the position on ``data``."""
        data = self._resolve(data)
        possize = self.getposition(data, self.broker).size
        size = abs(size if size is not None else possize)
        if possize > 0:
            return self.sell(data=data, size=size, **kwargs)
        if possize < 0:
            return self.buy(data=data, size=size, **kwargs)
        return None

    def _bracket(self, main, exit_, data, size, price, plimit, exectype, valid,
                 tradeid, trailamount, trailpercent, oargs, stopprice, stopexec,
                 stopargs, limitprice, limitexec, limitargs, kwargs):
        # None picks the usual kinds: a Limit main order, a Stop and a Limit child
        from backtrader.order import Order
        if exectype is None:
            exectype = Order.Limit
        if stopexec is None:
            stopexec = Order.Stop
        if limitexec is None:
            limitexec = Order.Limit
        margs = dict(size=size, data=data, price=price, plimit=plimit,
                     exectype=exectype, valid=valid, tradeid=tradeid,
                     trailamount=trailamount, trailpercent=trailpercent)
        margs.update(oargs)
        margs.update(kwargs)
        margs['transmit'] = limitexec is None and stopexec is None
        order = main(**margs)
        children = []
        for cprice, cexec, cargs, last in (
                (stopprice, stopexec, stopargs, limitexec is None),
                (limitprice, limitexec, limitargs, True)):
            if cexec is None:
                children.append(None)
                continue
            args = dict(data=data, price=cprice, exectype=cexec, valid=valid,
                        tradeid=tradeid)
            args.update(cargs)
            args.update(kwargs)
            args['parent'] = order
            args['transmit'] = last
            args['size'] = order.size
            children.append(exit_(**args))
        return [order] + children

    def buy_bracket(self, data=None, size=None, price=None, plimit=None,
                    exectype=None, valid=None, tradeid=0, trailamount=None,
                    trailpercent=None, oargs={}, stopprice=None, stopexec=None,
                    stopargs={}, limitprice=None, limitexec=None, limitargs={},
                    **kwargs):
        """A buy order with a protective stop and a take-profit limit sell."""
        return self._bracket(
            self.buy, self.sell, data, size, price, plimit, exectype, valid,
            tradeid, trailamount, trailpercent, oargs, stopprice, stopexec,
            stopargs, limitprice, limitexec, limitargs, kwargs)

    def sell_bracket(self, data=None, size=None, price=None, plimit=None,
                     exectype=None, valid=None, tradeid=0, trailamount=None,
                     trailpercent=None, oargs={}, stopprice=None, stopexec=None,
                     stopargs={}, limitprice=None, limitexec=None, limitargs={},
                     **kwargs):
        """A sell order with a protective stop and a take-profit limit buy."""
        return self._bracket(
            self.sell, self.buy, data, size, price, plimit, exectype, valid,
            tradeid, trailamount, trailpercent, oargs, stopprice, stopexec,
            stopargs, limitprice, limitexec, limitargs, kwargs)

    def order_target_size(self, data=None, target=0, **kwargs):
        """Order what is needed for the position to become ``target`` units."""
        data = self._resolve(data)
        possize = self.getposition(data, self.broker).size
        if not target and possize:
            return self.close(data=data, size=possize, **kwargs)
        if target > possize:
            return self.buy(data=data, size=target - possize, **kwargs)
        if target < possize:
            return self.sell(data=data, size=possize - target, **kwargs)
        return None

    def order_target_value(self, data=None, target=0.0, price=None, **kwargs):
        """Order what is needed for the position to be worth ``target``."""
        data = self._resolve(data)
        possize = self.getposition(data, self.broker).size
        if not target and possize:
            return self.close(data=data, size=possize, price=price, **kwargs)
        value = self.broker.getvalue(datas=[data])
        if target > value:
            place, gap = self.buy, target - value
        elif target < value:
            place, gap = self.sell, value - target
        else:
            return None
        if price is None:
            price = data.close[0]
        size = self.broker.getcommissioninfo(data).getsize(price, gap)
        return place(data=data, size=size, price=price, **kwargs)

    def order_target_percent(self, data=None, target=0.0, **kwargs):
        """Order what is needed for the position to be ``target`` of the value."""
        data = self._resolve(data)
        target *= self.broker.getvalue()
        return self.order_target_value(data=data, target=target, **kwargs)

    # -- positions and sizers ------------------------------------------------------------
    def getposition(self, data=None, broker=None):
        """The position on ``data`` (default: the first data)."""
        data = data if data is not None else self.datas[0]
        return (broker or self.broker).getposition(data)

    position = _PositionProperty(getposition, _BackBroker.getposition)

    def getpositionbyname(self, name=None, broker=None):
        data = self.datas[0] if not name else self.getdatabyname(name)
        return (broker or self.broker).getposition(data)

    positionbyname = property(getpositionbyname)

    def getpositions(self, broker=None):
        return (broker or self.broker).positions

    positions = property(getpositions)

    def getpositionsbyname(self, broker=None):
        positions = (broker or self.broker).positions
        return collections.OrderedDict(
            (name, positions[data]) for name, data in self.env.datasbyname.items())

    positionsbyname = property(getpositionsbyname)

    def _addsizer(self, sizer, *args, **kwargs):
        if sizer is None:           # the default: a fixed stake
            from backtrader.sizers import FixedSize
            sizer, args, kwargs = FixedSize, (), {}
        self.setsizer(sizer(*args, **kwargs))

    def getsizer(self):
        """The sizer deciding the size of orders given without one (also ``sizer``)."""
        return self._sizer

    def setsizer(self, sizer):
        """Use ``sizer`` for orders given without a size; returns it."""
        sizer.set(self, self.broker)
        self._sizer = sizer
        return sizer

    sizer = property(getsizer, setsizer)

    def getsizing(self, data=None, isbuy=True):
        """The stake the sizer gives for ``data`` (default: the first data)."""
        return self._sizer.getsizing(self.datas[0] if data is None else data, isbuy=isbuy)


# the clock delivers the broker's notifications with the same steps as
# Strategy._addnotification, in C, when a strategy does not override it
_clock.register_notifications(Strategy._addnotification)

# upstream exports SignalStrategy from this module too (it lives in signalstrategy.py)
from backtrader.signalstrategy import SignalStrategy, MetaSigStrategy  # noqa: E402
__all__ += ['SignalStrategy', 'MetaSigStrategy']
