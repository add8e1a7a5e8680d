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

Per bar, the strategy's clock runs the *steps* the analyzers resolve once per
run (``_flat_steps``): the standard hooks as their compiled twins
(``backtrader._cy.hooktwins``), the hooks a user overrides as Python calls.
"""
import datetime
import sys
from collections import OrderedDict

from backtrader import metabase
from backtrader.dataseries import TimeFrame
from backtrader.metabase import MetaParams
from backtrader.lineiterator import alias_datas
from backtrader._cy.periodclock import PeriodClock, PeriodStep
from backtrader._cy.steps import PyStep, twin_step

# the constants a period analyzer can bucket on
_TIMEFRAMES = frozenset(range(TimeFrame.Ticks, TimeFrame.NoTimeFrame + 1))

__all__ = ['Analyzer', 'MetaAnalyzer', 'TimeFrameAnalyzerBase',
           'MetaTimeFrameAnalyzerBase']

MAXINT = sys.maxsize      # a name upstream's module has


def fundmode_of(analyzer):
    """Whether ``analyzer`` follows the fund value (its ``fund`` param True)
    or the net asset value (False); None takes the broker's ``fundmode``."""
    fund = analyzer.p.fund
    return analyzer.strategy.broker.fundmode if fund is None else fund


def followed_value(analyzer):
    """The broker's fund value when ``analyzer._fundmode`` is set, else its
    net asset value."""
    broker = analyzer.strategy.broker
    return broker.fundvalue if analyzer._fundmode else broker.getvalue()


def _strategy_class():
    from backtrader.strategy import Strategy
    return Strategy


def _observer_class():
    from backtrader.observer import Observer
    return Observer


def _children_first(hook):
    """The dispatch method ``_<hook>``: the same call on every child analyzer,
    then the analyzer's own ``<hook>``."""
    step = '_' + hook

    def dispatch(self, *args):
        for child in self._children:
            getattr(child, step)(*args)
        getattr(self, hook)(*args)

    dispatch.__name__ = dispatch.__qualname__ = step
    return dispatch


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

    # analyzers created by this one's __init__ find it as their parent
    doinit = metabase.doinit_owning

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
            if key in ('strategy', '_period') or key.startswith('data'):
                state[key] = None
        return state

    def _register(self, child):
        self._children.append(child)

    # -- dispatch: each ``_<hook>`` reaches the children first, then ``<hook>`` ------
    _start = _children_first('start')
    _stop = _children_first('stop')
    _prenext = _children_first('prenext')
    _nextstart = _children_first('nextstart')
    _next = _children_first('next')
    _notify_order = _children_first('notify_order')
    _notify_trade = _children_first('notify_trade')
    _notify_cashvalue = _children_first('notify_cashvalue')
    _notify_fund = _children_first('notify_fund')

    # -- flattened per-bar steps (run by the strategy's clock) -----------------------
    # dispatch method -> (user hook, number of arguments)
    _HOOKS = {'_next': ('next', 0), '_prenext': ('prenext', 0),
              '_nextstart': ('nextstart', 0),
              '_notify_cashvalue': ('notify_cashvalue', 2),
              '_notify_fund': ('notify_fund', 4)}

    def _flat_steps(self, hook):
        """The steps (``backtrader._cy.steps.Step``) that together do what calling
        ``self.<hook>(...)`` does: the children's first, then this analyzer's,
        leaving out the base classes' empty hooks. An analyzer whose class
        overrides the dispatch method itself is kept whole.
        """
        if self._own_dispatch(hook):
            return [PyStep(getattr(self, hook), self._HOOKS[hook][1])]
        steps = []
        for child in self._children:
            steps += child._flat_steps(hook)
        return steps + self._own_steps(hook)

    def _own_dispatch(self, hook):
        return getattr(type(self), hook) is not getattr(Analyzer, hook)

    def _own_steps(self, hook):
        step = self._user_step(*self._HOOKS[hook])
        return [] if step is None else [step]

    def _user_step(self, name, nargs=0):
        """The step running user hook ``name``: the compiled twin of a standard
        hook, the bound method of any other, None for an empty base hook (the
        default ``prenext``/``nextstart`` run ``next``)."""
        fn = getattr(type(self), name)
        if fn in _EMPTY_HOOKS:
            return None
        if fn is Analyzer.prenext or fn is Analyzer.nextstart:
            return self._user_step('next')
        step = twin_step(fn, self)
        return PyStep(getattr(self, name), nargs) if step is None else step

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
        import pprint as _pprint
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

    def _start(self):
        # periods default to the first data's; the first bar always opens one
        p, data = self.p, self.data
        self.timeframe = p.timeframe or data._timeframe
        self.compression = p.compression or data._compression
        if self.timeframe not in _TIMEFRAMES:
            raise ValueError('%s: timeframe=%r is not a bt.TimeFrame constant'
                             % (type(self).__name__, self.timeframe))
        self.dtcmp, self.dtkey = self._get_dt_cmpkey(datetime.datetime.min)
        self.dtcmp1 = self.dtkey1 = None
        self._period = self._period_clock(self.strategy.lines.datetime)
        super(TimeFrameAnalyzerBase, self)._start()

    def _period_clock(self, line):
        """The compiled ``_dt_over`` on ``line`` (the strategy's clock): on
        nanoseconds with the standard period keys and no time zone, else
        through ``line.datetime()`` and ``_get_dt_cmpkey``."""
        cls = type(self)
        fast = (cls._get_dt_cmpkey is TimeFrameAnalyzerBase._get_dt_cmpkey
                and cls._get_subday_cmpkey is TimeFrameAnalyzerBase._get_subday_cmpkey
                and line._tz is None)
        return PeriodClock(self, line, fast)

    def _prenext(self):
        self._children_then_period('_prenext')
        if self.p._doprenext:
            self.prenext()

    def _nextstart(self):
        # without prenext calls the first period must still be opened here
        self._children_then_period('_nextstart', force=not self.p._doprenext)
        self.nextstart()

    def _next(self):
        self._children_then_period('_next')
        self.next()

    def _children_then_period(self, step, force=False):
        """The children's ``step``, then ``on_dt_over`` if the clock entered a
        new period (or if ``force``)."""
        for child in self._children:
            getattr(child, step)()
        if self._dt_over() or force:
            self.on_dt_over()

    def on_dt_over(self):
        """Called when a new period starts (``self.dtkey`` names it)."""

    def _dt_over(self):
        """Whether the strategy's current time lies in a newer period; if so the
        current/previous period keys are moved (``dtcmp``/``dtkey`` and
        ``dtcmp1``/``dtkey1``)."""
        return self._period.over()

    # -- flattened steps: the period part runs compiled ---------------------------
    _PERIOD_HOOKS = ('_next', '_prenext', '_nextstart')

    def _own_dispatch(self, hook):
        cls = type(self)
        if getattr(cls, hook) is not getattr(TimeFrameAnalyzerBase, hook):
            return True
        return (hook in self._PERIOD_HOOKS
                and cls._dt_over is not TimeFrameAnalyzerBase._dt_over)

    def _own_steps(self, hook):
        if hook not in self._PERIOD_HOOKS:
            return super(TimeFrameAnalyzerBase, self)._own_steps(hook)
        if hook == '_prenext':
            user = self._user_step('prenext') if self.p._doprenext else None
        else:
            user = self._user_step(hook[1:])
        # without prenext calls, nextstart must still open the first period
        force = hook == '_nextstart' and not self.p._doprenext
        return [PeriodStep(self._period, self._user_step('on_dt_over'), user, force)]

    def _get_dt_cmpkey(self, dt):
        """``(cmp, key)`` of the period holding ``dt``: ``cmp`` grows with time,
        ``key`` is the period's closing date/datetime."""
        tf = self.timeframe
        if tf == TimeFrame.NoTimeFrame:
            return None, None
        if tf == TimeFrame.Years:
            return dt.year, datetime.date(dt.year, 12, 31)
        if tf == TimeFrame.Months:
            import calendar
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


# the base classes' hooks that do nothing: no step runs them
_EMPTY_HOOKS = frozenset([Analyzer.next, Analyzer.notify_cashvalue, Analyzer.notify_fund,
                          TimeFrameAnalyzerBase.on_dt_over])
