"""Analyzers: objects that watch a strategy run and produce a summary of it.

An analyzer is attached to one strategy (``cerebro.addanalyzer``). It is not a
lines object: it receives the same calls as the strategy (``start``, the
``prenext``/``nextstart``/``next`` family, the ``notify_*`` callbacks, ``stop``)
and keeps its results in ``self.rets``, returned by ``get_analysis()``.

Analyzers created inside another analyzer's ``__init__`` become its children:
every call reaches the children before the parent. Analyzers created inside an
observer's ``__init__`` (through ``strategy._addanalyzer_slave``) are driven by
that observer, right before it updates its lines.

``TimeFrameAnalyzerBase`` adds period bucketing: ``on_dt_over`` is called each
time the strategy's clock enters a new period of ``timeframe``/``compression``,
with ``self.dtkey`` naming the period (its last instant).
"""
import calendar
import datetime
import pprint as _pprint
import sys
from collections import OrderedDict

from backtrader import metabase
from backtrader.dataseries import TimeFrame
from backtrader.metabase import MetaParams
from backtrader.lineiterator import alias_datas
from backtrader._cy.timeconv import ns_to_datetime, py_num_to_ns

_NS_PER_DAY = 86400 * 10**9

__all__ = ['Analyzer', 'MetaAnalyzer', 'TimeFrameAnalyzerBase',
           'MetaTimeFrameAnalyzerBase']

MAXINT = sys.maxsize


def _strategy_class():
    from backtrader.strategy import Strategy
    return Strategy


def _observer_class():
    from backtrader.observer import Observer
    return Observer


class MetaAnalyzer(MetaParams):
    """Wires an analyzer to its strategy, its parent analyzer and (when created
    by one) its observer before ``__init__`` runs."""

    def donew(cls, *args, **kwargs):
        _obj, args, kwargs = super(MetaAnalyzer, cls).donew(*args, **kwargs)
        _obj._children = []

        strategy = metabase.findowner(_obj, _strategy_class())
        _obj.strategy = strategy
        _obj._parent = metabase.findowner(_obj, Analyzer)

        observer = metabase.findowner(_obj, _observer_class())
        if observer is not None:
            observer._register_analyzer(_obj)

        _obj.datas = datas = strategy.datas if strategy is not None else []
        alias_datas(_obj, datas)

        _obj.create_analysis()
        return _obj, args, kwargs

    def doinit(cls, _obj, *args, **kwargs):
        # analyzers created by this one's __init__ find it as their parent
        metabase.owner_stack.append(_obj)
        try:
            _obj.__init__(*args, **kwargs)
        finally:
            metabase.owner_stack.pop()
        return _obj, args, kwargs

    def dopostinit(cls, _obj, *args, **kwargs):
        _obj, args, kwargs = super(MetaAnalyzer, cls).dopostinit(_obj, *args, **kwargs)
        if _obj._parent is not None:
            _obj._parent._register(_obj)
        return _obj, args, kwargs


class Analyzer(metabase.ParamsBase, metaclass=MetaAnalyzer):
    """Base class of analyzers.

    Available attributes: ``self.strategy``, ``self.datas`` (the strategy's
    datas), ``self.data`` / ``self.dataN`` / ``self.data_close`` /
    ``self.dataN_close`` style aliases, ``self.rets`` (an ``OrderedDict`` made by
    ``create_analysis``).

    Override ``start``/``stop``, ``prenext``/``nextstart``/``next`` (both
    default to calling ``next``), ``notify_order``, ``notify_trade``,
    ``notify_cashvalue``, ``notify_fund`` as needed, and ``get_analysis`` if the
    results are not kept in ``self.rets``.
    """
    csv = True

    def __len__(self):
        return len(self.strategy)

    def __getstate__(self):
        # results travel (optimization workers), the engine objects do not:
        # the strategy, its datas/lines and cached clock lines are dropped
        state = dict(self.__dict__)
        for key in state:
            if key in ('strategy', '_stdt') or key.startswith('data'):
                state[key] = None
        return state

    def _register(self, child):
        self._children.append(child)

    # -- dispatch: children first, then self ----------------------------------------
    def _start(self):
        for child in self._children:
            child._start()
        self.start()

    def _stop(self):
        for child in self._children:
            child._stop()
        self.stop()

    def _prenext(self):
        for child in self._children:
            child._prenext()
        self.prenext()

    def _nextstart(self):
        for child in self._children:
            child._nextstart()
        self.nextstart()

    def _next(self):
        for child in self._children:
            child._next()
        self.next()

    def _notify_order(self, order):
        for child in self._children:
            child._notify_order(order)
        self.notify_order(order)

    def _notify_trade(self, trade):
        for child in self._children:
            child._notify_trade(trade)
        self.notify_trade(trade)

    def _notify_cashvalue(self, cash, value):
        for child in self._children:
            child._notify_cashvalue(cash, value)
        self.notify_cashvalue(cash, value)

    def _notify_fund(self, cash, value, fundvalue, shares):
        for child in self._children:
            child._notify_fund(cash, value, fundvalue, shares)
        self.notify_fund(cash, value, fundvalue, shares)

    # -- flattened per-bar calls (used by the strategy's stepping) -------------------
    _USER_HOOK = {'_next': 'next', '_prenext': 'prenext', '_nextstart': 'nextstart',
                  '_notify_cashvalue': 'notify_cashvalue', '_notify_fund': 'notify_fund'}

    def _flat_calls(self, hook):
        """The bound methods that calling ``self.<hook>(...)`` ends up running,
        children first, leaving out the base class's empty hooks.

        Calling them in order has exactly the effect of ``self.<hook>(...)``.
        Analyzers that drive their own stepping (period analyzers, user
        overrides of ``_next``...) are kept whole.
        """
        cls = type(self)
        if getattr(cls, hook) is not getattr(Analyzer, hook):
            return [getattr(self, hook)]
        calls = []
        for child in self._children:
            calls.extend(child._flat_calls(hook))
        user = self._USER_HOOK[hook]
        overridden = getattr(cls, user) is not getattr(Analyzer, user)
        if user in ('prenext', 'nextstart'):
            # the defaults run next()
            overridden = overridden or cls.next is not Analyzer.next
        if overridden:
            calls.append(getattr(self, user))
        return calls

    # -- user hooks -----------------------------------------------------------------
    def start(self):
        """Called before the first bar."""

    def stop(self):
        """Called after the last bar."""

    def prenext(self):
        """Called on bars before the strategy's minimum period; runs ``next``."""
        self.next()

    def nextstart(self):
        """Called once, when the strategy's minimum period is met; runs ``next``."""
        self.next()

    def next(self):
        """Called on each bar once the strategy's minimum period is met."""

    def notify_order(self, order):
        """Receives the same order notifications as the strategy."""

    def notify_trade(self, trade):
        """Receives the same trade notifications as the strategy."""

    def notify_cashvalue(self, cash, value):
        """Receives the broker's cash and value before each bar's ``next``."""

    def notify_fund(self, cash, value, fundvalue, shares):
        """Receives cash, value, fund value and fund shares before each ``next``."""

    # -- results --------------------------------------------------------------------
    def create_analysis(self):
        """Create the container of results (default: ``self.rets = OrderedDict()``)."""
        self.rets = OrderedDict()

    def get_analysis(self):
        """The results: a dict-like object whose layout depends on the analyzer."""
        return self.rets

    def print(self, *args, **kwargs):
        """Write ``get_analysis()`` through a ``WriterFile`` (stdout by default)."""
        from backtrader.writer import WriterFile
        writer = WriterFile(*args, **kwargs)
        writer.start()
        writer.writedict({self.__class__.__name__: self.get_analysis()})
        writer.stop()

    def pprint(self, *args, **kwargs):
        """Pretty-print ``get_analysis()`` with the ``pprint`` module."""
        _pprint.pprint(self.get_analysis(), *args, **kwargs)


class MetaTimeFrameAnalyzerBase(MetaAnalyzer):
    """Accepts the old hook name ``_on_dt_over`` for ``on_dt_over``."""

    def __new__(meta, name, bases, dct):
        if '_on_dt_over' in dct:
            dct['on_dt_over'] = dct.pop('_on_dt_over')
        return super(MetaTimeFrameAnalyzerBase, meta).__new__(meta, name, bases, dct)


class TimeFrameAnalyzerBase(Analyzer, metaclass=MetaTimeFrameAnalyzerBase):
    """An analyzer that works on periods of ``timeframe`` x ``compression``.

    Params
    ------
    timeframe : int or None
        Period unit (``TimeFrame.Days``, ...); ``None`` uses the first data's.
        ``TimeFrame.NoTimeFrame`` makes the whole run a single period.
    compression : int or None
        Units per period for sub-day time frames; ``None`` uses the first data's.
    _doprenext : bool
        Whether ``prenext`` is called before the strategy's minimum period.
    """
    params = (
        ('timeframe', None),
        ('compression', None),
        ('_doprenext', True),
    )

    _slotunit = 0        # nanoseconds of a sub-day unit on the fast path (0: off)
    _slotend = None      # last nanosecond of the current sub-day slot

    def _start(self):
        self.timeframe = self.p.timeframe or self.data._timeframe
        self.compression = self.p.compression or self.data._compression
        self.dtcmp, self.dtkey = self._get_dt_cmpkey(datetime.datetime.min)
        self.dtcmp1 = self.dtkey1 = None
        # the strategy's datetime line (the system clock)
        self._stdt = line = self.strategy.lines.datetime
        # fast path for whole-day periods without time zone: while the raw
        # day number stays below ``_rawbound`` the period cannot have changed
        self._rawbound = -1.0
        self._usebound = (
            TimeFrame.Days <= self.timeframe <= TimeFrame.Years
            and getattr(line, '_tz', None) is None
            and type(self)._get_dt_cmpkey is TimeFrameAnalyzerBase._get_dt_cmpkey)
        # fast path for minute and second periods without time zone: the slot
        # end is computed on nanoseconds (from the day number with upstream's
        # rounding, as line.datetime() does); bars inside the current slot need
        # no datetime at all
        self._slotunit = 0
        self._slotend = None
        if (self.timeframe in (TimeFrame.Minutes, TimeFrame.Seconds)
                and getattr(line, '_tz', None) is None
                and type(self)._get_dt_cmpkey is TimeFrameAnalyzerBase._get_dt_cmpkey
                and type(self)._get_subday_cmpkey is TimeFrameAnalyzerBase._get_subday_cmpkey):
            self._slotunit = (60 if self.timeframe == TimeFrame.Minutes else 1) * 10**9
        super(TimeFrameAnalyzerBase, self)._start()

    def _prenext(self):
        for child in self._children:
            child._prenext()
        if self._dt_over():
            self.on_dt_over()
        if self.p._doprenext:
            self.prenext()

    def _nextstart(self):
        for child in self._children:
            child._nextstart()
        # without prenext calls the first period must still be opened here
        if self._dt_over() or not self.p._doprenext:
            self.on_dt_over()
        self.nextstart()

    def _next(self):
        for child in self._children:
            child._next()
        if self._dt_over():
            self.on_dt_over()
        self.next()

    def on_dt_over(self):
        """Called when a new period starts (``self.dtkey`` names it)."""

    def _dt_over(self):
        """Whether the strategy's current time lies in a newer period; if so the
        current/previous period keys are moved (``dtcmp``/``dtkey`` and
        ``dtcmp1``/``dtkey1``)."""
        if self.timeframe == TimeFrame.NoTimeFrame:
            dtcmp, dtkey = MAXINT, datetime.datetime.max
        else:
            line = self._stdt
            if self._slotunit:
                ns = py_num_to_ns(line[0])
                if self._slotend is not None and ns <= self._slotend:
                    return False
                unit = self._slotunit
                day = ns - ns % _NS_PER_DAY
                slots = (ns - day) // unit // self.compression + 1
                self._slotend = day + slots * self.compression * unit - unit
                dtcmp = dtkey = ns_to_datetime(self._slotend)
            else:
                if self._usebound:
                    if line[0] < self._rawbound:
                        return False
                    dt = line.datetime()
                    self._rawbound = self._next_rawbound(dt)
                else:
                    dt = line.datetime()
                dtcmp, dtkey = self._get_dt_cmpkey(dt)

        if self.dtcmp is None or dtcmp > self.dtcmp:
            self.dtkey1, self.dtkey = self.dtkey, dtkey
            self.dtcmp1, self.dtcmp = self.dtcmp, dtcmp
            return True
        return False

    def _next_rawbound(self, dt):
        """A float day number safely below the start of the period after dt's."""
        tf = self.timeframe
        day = dt.toordinal()
        if tf == TimeFrame.Days:
            nxt = day + 1
        elif tf == TimeFrame.Weeks:
            nxt = day + 8 - dt.isoweekday()
        elif tf == TimeFrame.Months:
            if dt.month == 12:
                nxt = datetime.date(dt.year + 1, 1, 1).toordinal()
            else:
                nxt = datetime.date(dt.year, dt.month + 1, 1).toordinal()
        else:
            nxt = datetime.date(dt.year + 1, 1, 1).toordinal() \
                if dt.year < datetime.MAXYEAR else float('inf')
        # keep well clear of sub-second rounding in the day-number conversion
        return nxt - 1e-6

    def _get_dt_cmpkey(self, dt):
        """``(cmp, key)`` of the period holding ``dt``: ``cmp`` grows with time,
        ``key`` is the period's closing date/datetime."""
        tf = self.timeframe
        if tf == TimeFrame.NoTimeFrame:
            return None, None
        if tf == TimeFrame.Years:
            return dt.year, datetime.date(dt.year, 12, 31)
        if tf == TimeFrame.Months:
            lastday = calendar.monthrange(dt.year, dt.month)[1]
            return (dt.year * 100 + dt.month,
                    datetime.datetime(dt.year, dt.month, lastday))
        if tf == TimeFrame.Weeks:
            isoyear, isoweek, isoweekday = dt.isocalendar()
            sunday = dt + datetime.timedelta(days=7 - isoweekday)
            return (isoyear * 100 + isoweek,
                    datetime.datetime(sunday.year, sunday.month, sunday.day))
        if tf == TimeFrame.Days:
            return (dt.year * 10000 + dt.month * 100 + dt.day,
                    datetime.datetime(dt.year, dt.month, dt.day))
        return self._get_subday_cmpkey(dt)

    def _get_subday_cmpkey(self, dt):
        """Sub-day periods: the key is the last instant (one unit before the
        next boundary) of the ``compression``-sized slot holding ``dt``."""
        tf = self.timeframe
        comp = self.compression
        if tf == TimeFrame.Ticks:
            # every distinct timestamp is a period of its own
            return dt, dt

        # position of dt inside its day, in units of the time frame
        pos = dt.hour * 60 + dt.minute
        if tf < TimeFrame.Minutes:
            pos = pos * 60 + dt.second
        if tf < TimeFrame.Seconds:
            pos = pos * 1e6 + dt.microsecond

        # start of the next slot, in units
        bound = (pos // comp + 1) * comp

        if tf == TimeFrame.Minutes:
            hh, mm = divmod(bound, 60)
            ss = us = 0
            step = datetime.timedelta(minutes=1)
        elif tf == TimeFrame.Seconds:
            hh, rest = divmod(bound, 3600)
            mm, ss = divmod(rest, 60)
            us = 0
            step = datetime.timedelta(seconds=1)
        else:
            hh, rest = divmod(bound, 3600 * 1e6)
            mm, rest = divmod(rest, 60 * 1e6)
            ss, us = divmod(rest, 1e6)
            step = datetime.timedelta(microseconds=1)

        if hh > 23:
            dt += datetime.timedelta(days=hh // 24)
            hh %= 24

        slot_end = dt.replace(hour=int(hh), minute=int(mm), second=int(ss),
                              microsecond=int(us)) - step
        return slot_end, slot_end
