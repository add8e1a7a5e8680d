"""Objects driven bar by bar by a clock: indicators, observers, strategies.

Construction (see ``MetaLineIterator``): positional line arguments become
``self.datas`` (``self.data``, ``self.data0``, ``self.data_close``, ... aliases);
an indicator given no data uses its owner's first data; the first data is the
clock; the object is pushed on the owner stack while its ``__init__`` runs, so the
indicators it creates register with it; afterwards its minimum period is the
largest of its lines' and its children's, and it registers with its own owner.

Running: in next mode ``_next`` forwards the lines when the clock has moved,
runs the children, then calls ``prenext``/``nextstart``/``next`` according to the
minimum period. In once mode ``_once`` sizes the lines to the clock's buffer and
computes everything with ``preonce``/``oncestart``/``once`` over array ranges.
"""
import collections

from backtrader._cy import clock as _clock
from backtrader._cy.linebuffer import LineBuffer, MultiLineBase
from backtrader._cy.lineops import LineActions
from backtrader.dataseries import DataSeries
from backtrader.linebuffer import LineNum, NAN
from backtrader.lineseries import LineSeries, LineSeriesMaker, MetaLineSeries
from backtrader.utils import DotDict
from backtrader import metabase

__all__ = ['LineIterator', 'DataAccessor', 'IndicatorBase', 'ObserverBase',
           'StrategyBase', 'LinesCoupler', 'LineCoupler', 'MetaLineIterator']


def alias_datas(obj, datas):
    """Give ``obj`` upstream's shortcuts to ``datas``: ``data``, ``data0``,
    ``data1``, ... and their lines ``data_close``, ``data0_close``, ``data_3``,
    ``data1_3``, ..."""
    if not datas:
        return
    obj.data = datas[0]
    _alias_lines(obj, datas[0], 'data_')
    for idx, data in enumerate(datas):
        prefix = 'data%d' % idx
        setattr(obj, prefix, data)
        _alias_lines(obj, data, prefix + '_')


def _alias_lines(obj, data, prefix):
    """``<prefix><alias>`` and ``<prefix><index>`` attributes for the lines of data."""
    for idx, line in enumerate(data.lines):
        alias = data._getlinealias(idx)
        if alias:
            setattr(obj, prefix + alias, line)
        setattr(obj, '%s%d' % (prefix, idx), line)


def line0_of(obj):
    """The line whose length is the length of ``obj`` (None for no object)."""
    if obj is None or isinstance(obj, LineBuffer):
        return obj
    return obj._line0


def iter_plan(ind):
    """How the compiled clock steps ``ind``, a child of a line iterator."""
    from backtrader.indicator import Indicator
    if isinstance(ind, LineActions):
        return _clock.IterPlan(_clock.KIND_LAZY, ind, line0_of(ind._clock), [ind])
    cls = type(ind)
    # a plain line iterator (a coupler, ...) has no kernel: its Python _next
    kernel = ind._kernel if isinstance(ind, Indicator) else None
    kind = _clock.KIND_PYTHON
    if (kernel is not None and not ind._lineiterators[0]
            and cls._next is Indicator._next
            and cls.advance is Indicator.advance):
        kind = _clock.KIND_KERNEL
    elif (isinstance(ind, Indicator) and kernel is None
          and not ind._lineiterators[1] and not ind._lineiterators[2]
          and cls._next is Indicator._next and cls._clk_update is LineIterator._clk_update
          and cls._notify is LineIterator._notify and cls.forward is LineSeries.forward
          and cls.next is LineIterator.next and cls.prenext is LineIterator.prenext
          and cls.nextstart is LineIterator.nextstart):
        kind = _clock.KIND_COMPOSITE
    plan = _clock.IterPlan(kind, ind, line0_of(ind._clock), ind.lines.lines,
                           kernel if kind == _clock.KIND_KERNEL else None)
    if kind == _clock.KIND_COMPOSITE:
        plan.children = [iter_plan(child) for child in ind._lineiterators[0]]
    plan.pyadvance = (not isinstance(ind, Indicator)
                      or type(ind).advance is not Indicator.advance)
    plan.rerun = kind == _clock.KIND_KERNEL and replays_bars(ind)
    return plan


def replays_bars(obj):
    """Whether a data of the strategy above ``obj`` is replayed: its current bar
    then changes in place and indicators compute it again."""
    strat = obj._strategy_above()
    return strat is not None and any(d.replaying for d in strat.datas)


def _is_line(x):
    return isinstance(x, (LineBuffer, MultiLineBase))


def _leading_datas(args, wanted):
    """Split the positional arguments of a line iterator: its datas come
    first (lines and line series; while fewer than ``wanted`` have been seen,
    numbers too, as constant lines), the rest are returned as they are."""
    datas = []
    for pos, arg in enumerate(args):
        if _is_line(arg):
            datas.append(LineSeriesMaker(arg))
        elif not wanted:
            return datas, args[pos:]
        else:
            try:
                datas.append(LineSeriesMaker(LineNum(arg)))
            except (TypeError, ValueError):
                return datas, args[pos:]
        wanted = max(0, wanted - 1)
    return datas, args[len(args):]


class MetaLineIterator(MetaLineSeries):

    def donew(cls, *args, **kwargs):
        ownerskip = kwargs.pop('_ownerskip', None)
        _obj, args, kwargs = super(MetaLineIterator, cls).donew(*args, **kwargs)
        ownercls = cls._OwnerCls or LineSeries
        _obj._owner = metabase.findowner(_obj, ownercls, startlevel=3, skip=ownerskip)
        _obj._lineiterators = collections.defaultdict(list)

        mindatas = _obj._mindatas
        _obj.datas, args = _leading_datas(args, mindatas)
        if not _obj.datas and isinstance(_obj, (IndicatorBase, ObserverBase)):
            _obj.datas = _obj._owner.datas[0:mindatas]  # given none: the owner's

        _obj.ddatas = {x: None for x in _obj.datas}
        alias_datas(_obj, _obj.datas)
        _obj.dnames = DotDict([(d._name, d) for d in _obj.datas
                               if getattr(d, '_name', '')])
        return _obj, args, kwargs

    def dopreinit(cls, _obj, *args, **kwargs):
        _obj, args, kwargs = super(MetaLineIterator, cls).dopreinit(_obj, *args, **kwargs)
        _obj.datas = _obj.datas or [_obj._owner]
        _obj._clock = _obj.datas[0]
        _obj._minperiod = max([x._minperiod for x in _obj.datas] or [_obj._minperiod])
        for line in _obj.lines:
            line.addminperiod(_obj._minperiod)
        return _obj, args, kwargs

    doinit = metabase.doinit_owning

    def dopostinit(cls, _obj, *args, **kwargs):
        _obj, args, kwargs = super(MetaLineIterator, cls).dopostinit(_obj, *args, **kwargs)
        _obj._minperiod = max([x._minperiod for x in _obj.lines] or [_obj._minperiod])
        _obj._periodrecalc()
        if _obj._owner is not None:
            _obj._owner.addindicator(_obj)
        return _obj, args, kwargs


class LineIterator(LineSeries, metaclass=MetaLineIterator):
    """Base of everything iterated by a clock."""
    _nextforce = False
    _mindatas = 1
    _ltype = LineSeries.IndType

    plotinfo = dict(plot=True, subplot=True, plotname='', plotskip=False,
                    plotabove=False, plotlinelabels=False, plotlinevalues=True,
                    plotvaluetags=True, plotymargin=0.0, plotyhlines=[],
                    plotyticks=[], plothlines=[], plotforce=False, plotmaster=None)

    def _periodrecalc(self):
        periods = [ind._minperiod for ind in self._lineiterators[LineIterator.IndType]]
        self.updateminperiod(max(periods or [self._minperiod]))

    def _stage1(self):
        """Hook of the object model's build stage (nothing to do here)."""

    _stage2 = _stage1

    def getindicators(self):
        """The indicators registered with this object."""
        return self._lineiterators[self.IndType]

    def getindicators_lines(self):
        """The registered indicators that carry lines of their own."""
        return [ind for ind in self.getindicators()
                if hasattr(ind.lines, 'getlinealiases')]

    def getobservers(self):
        """The observers registered with this object."""
        return self._lineiterators[self.ObsType]

    def addindicator(self, indicator):
        """Register a child. A child that needs next mode (``_nextforce``)
        turns runonce off for the strategy above it."""
        self._lineiterators[indicator._ltype].append(indicator)
        if getattr(indicator, '_nextforce', False):
            strategy = self._strategy_above()
            if strategy is not None:
                strategy.cerebro._disable_runonce()

    def _strategy_above(self):
        """The first strategy in the owner chain starting at self, or None."""
        obj = self
        while obj is not None and obj._ltype != self.StratType:
            obj = obj._owner
        return obj

    def bindlines(self, owner=None, own=None):
        """Copy the values of lines ``own`` of self into lines ``owner`` of the
        owner: names or indices, by default line 0 and then position by position."""
        targets = _line_keys(owner or 0)
        sources = _line_keys(own) if own else range(len(targets))
        for tkey, skey in zip(targets, sources):
            _line_at(self.lines, skey).addbinding(_line_at(self._owner.lines, tkey))
        return self

    bind2lines = bind2line = bindlines

    # -- next mode ---------------------------------------------------------------
    def _next(self):
        clock_len = self._clk_update()
        children = self._lineiterators[0]
        if children:
            plans = self.__dict__.get('_childplans')
            if plans is None or len(plans) != len(children):
                plans = self._childplans = [iter_plan(c) for c in children]
            _clock.step_children(plans)
        self._notify()
        # bars past the minimum period decide the phase; a strategy asks its datas
        if self._ltype == self.StratType:
            ahead, begun = -self._getminperstatus(), True
        else:
            ahead, begun = clock_len - self._minperiod, clock_len > 0
        if ahead >= 0:
            (self.next if ahead else self.nextstart)()
        elif begun:
            self.prenext()

    def _clk_update(self):
        """Forward the lines if the clock has moved; returns the clock's length."""
        ticks = len(self._clock)
        if ticks != len(self):
            self.forward()
        return ticks

    # -- once mode -----------------------------------------------------------------
    def _once(self):
        """runonce: size the lines to the clock, compute the children, rewind
        everything and run this object's phases over their index ranges."""
        self.forward(size=self._clock.buflen())
        indicators = self._lineiterators[self.IndType]
        observers = self._lineiterators[self.ObsType]
        for ind in indicators:
            ind._once()
        size = self.buflen()
        for obs in observers:
            obs.forward(size=size)
        for obj in (*self.datas, *indicators, *observers, self):
            obj.home()
        mp = self._minperiod
        self.preonce(0, mp - 1)
        self.oncestart(mp - 1, mp)
        self.once(mp, size)
        for line in self.lines:
            line.oncebinding()

    def preonce(self, start, end):
        """runonce counterpart of ``prenext`` over indices [start, end)."""

    def oncestart(self, start, end):
        """runonce counterpart of ``nextstart``: runs ``once`` on its range."""
        self.once(start, end)

    def once(self, start, end):
        """runonce counterpart of ``next`` over indices [start, end)."""

    def prenext(self):
        """Called while the minimum period has not been reached yet."""

    def nextstart(self):
        """Called once, on the first bar where the minimum period is met."""
        self.next()

    def next(self):
        """Called on every bar once the minimum period is met."""

    def _addnotification(self, *args, **kwargs):
        """Queue a broker notification (strategies keep them; others drop them)."""

    def _notify(self):
        """Deliver queued notifications (strategies only)."""

    def _plotinit(self):
        """Hook run before plotting (nothing here)."""

    def qbuffer(self, savemem=0):
        """Bounded memory: own lines when ``savemem``, every child indicator's,
        and datas that keep at least this object's minimum period."""
        if savemem:
            for line in self.lines:
                line.qbuffer()
        for ind in self.getindicators():
            ind.qbuffer(savemem=1)
        keep = self._minperiod
        for data in self.datas:
            data.minbuffer(keep)


class DataAccessor(LineIterator):
    """Gives the price-line constants of feeds to iterators (``PriceClose``, ...)."""


# the line indices of a feed under the names iterators know them by
# (``PriceOpenInteres`` keeps the spelling user code relies on)
for _attr, _line in (('Close', 'Close'), ('Low', 'Low'), ('High', 'High'), ('Open', 'Open'),
                     ('Volume', 'Volume'), ('OpenInteres', 'OpenInterest'),
                     ('DateTime', 'DateTime')):
    setattr(DataAccessor, 'Price' + _attr, getattr(DataSeries, _line))
del _attr, _line


class IndicatorBase(DataAccessor):
    """Root of the indicator classes."""


class ObserverBase(DataAccessor):
    """Root of the observer classes."""


class StrategyBase(DataAccessor):
    """Root of the strategy classes."""


class SingleCoupler(LineActions):
    """A single line of a slower data repeated on the ticks of a faster clock."""

    def __init__(self, cdata, clock=None):
        LineActions.__init__(self)
        self._clock = clock if clock is not None else self._owner
        self.cdata = cdata
        self.dlen = 0
        self.val = NAN

    def next(self):
        src = self.cdata
        if len(src) > self.dlen:        # the slower line moved: take its new value
            self.dlen += 1
            self.val = src[0]
        self[0] = self.val


class MultiCoupler(LineIterator):
    """All lines of a slower data repeated on the ticks of a faster clock."""
    _ltype = LineIterator.IndType

    def __init__(self):
        self.dlen = 0                   # bars of the slower data seen so far
        self.dsize = self.fullsize()
        self.dvals = [NAN] * self.dsize  # its latest values, repeated until it moves

    def next(self):
        src = self.data
        if len(src) > self.dlen:
            self.dlen += 1
            self.dvals = [src.lines[i][0] for i in range(self.dsize)]
        lines = self.lines
        for i, val in enumerate(self.dvals):
            lines[i][0] = val


_coupler_classes = {}


def _line_keys(spec):
    """A line name or index as a one-item list; a sequence of them as it is."""
    return [spec] if isinstance(spec, (str, int)) else spec


def _line_at(lines, key):
    """The line named ``key`` (a string) or at index ``key``."""
    return getattr(lines, key) if isinstance(key, str) else lines[key]


def LinesCoupler(cdata, clock=None, **kwargs):
    """Adapt ``cdata`` (of a slower time frame) to the clock of its user."""
    from backtrader.linebuffer import MetaLineActions, prepare_actions, finish_actions
    if isinstance(cdata, LineBuffer):
        obj = SingleCoupler.__new__(SingleCoupler)
        prepare_actions(obj, (cdata,), kwargs.get('_ownerskip'))
        obj.__init__(cdata, clock)
        return finish_actions(obj)

    srccls = cdata.__class__
    ncls = _coupler_classes.get(srccls)
    if ncls is None:
        ncls = metabase.register_derived(MultiCoupler, 'LinesCoupler_%s' % srccls.__name__)
        ncls.lines = srccls.lines
        ncls.params = srccls.params
        ncls.plotinfo = srccls.plotinfo
        ncls.plotlines = srccls.plotlines
        _coupler_classes[srccls] = ncls
    obj = ncls(cdata, **kwargs)
    if clock is None:
        clock = _coupled_clock(cdata)
    obj._clock = obj._owner if clock is None else clock
    return obj


def _coupled_clock(cdata):
    """What a coupler of ``cdata`` ticks with: the clock of cdata's clock, else
    that clock's data, else cdata's clock itself (None if it has none)."""
    clock = getattr(cdata, '_clock', None)
    if clock is not None:
        for attr in ('_clock', 'data'):
            inner = getattr(clock, attr, None)
            if inner is not None:
                return inner
    return clock


LineCoupler = LinesCoupler
