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
    kind = _clock.KIND_PYTHON
    if (ind._kernel is not None and not ind._lineiterators[0]
            and cls._next is Indicator._next
            and cls.advance is Indicator.advance):
        kind = _clock.KIND_KERNEL
    elif (isinstance(ind, Indicator) and ind._kernel is None
          and not ind._lineiterators[1] and not ind._lineiterators[2]
          and cls._next is Indicator._next and cls._clk_update is LineIterator._clk_update
          and cls._notify is LineIterator._notify and cls.forward is LineSeries.forward
          and cls.next is LineIterator.next and cls.prenext is LineIterator.prenext
          and cls.nextstart is LineIterator.nextstart):
        kind = _clock.KIND_COMPOSITE
    plan = _clock.IterPlan(kind, ind, line0_of(ind._clock), ind.lines.lines,
                           ind._kernel if kind == _clock.KIND_KERNEL else None)
    if kind == _clock.KIND_COMPOSITE:
        plan.children = [iter_plan(child) for child in ind._lineiterators[0]]
    plan.pyadvance = (not isinstance(ind, Indicator)
                      or type(ind).advance is not Indicator.advance)
    return plan


def _is_line(x):
    return isinstance(x, (LineBuffer, MultiLineBase))


class MetaLineIterator(MetaLineSeries):

    def donew(cls, *args, **kwargs):
        ownerskip = kwargs.pop('_ownerskip', None)
        _obj, args, kwargs = super(MetaLineIterator, cls).donew(*args, **kwargs)
        ownercls = cls._OwnerCls or LineSeries
        _obj._owner = metabase.findowner(_obj, ownercls, startlevel=3, skip=ownerskip)
        _obj._lineiterators = collections.defaultdict(list)

        mindatas = _obj._mindatas
        consumed = 0
        _obj.datas = []
        for arg in args:
            if _is_line(arg):
                _obj.datas.append(LineSeriesMaker(arg))
            elif not mindatas:
                break
            else:
                try:
                    _obj.datas.append(LineSeriesMaker(LineNum(arg)))
                except (TypeError, ValueError):
                    break
            mindatas = max(0, mindatas - 1)
            consumed += 1
        args = args[consumed:]

        if not _obj.datas and isinstance(_obj, (IndicatorBase, ObserverBase)):
            _obj.datas = _obj._owner.datas[0:mindatas]

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

    def doinit(cls, _obj, *args, **kwargs):
        metabase.owner_stack.append(_obj)
        try:
            _obj.__init__(*args, **kwargs)
        finally:
            metabase.owner_stack.pop()
        return _obj, args, kwargs

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

    def _stage2(self):
        pass

    def _stage1(self):
        pass

    def getindicators(self):
        return self._lineiterators[LineIterator.IndType]

    def getindicators_lines(self):
        return [x for x in self._lineiterators[LineIterator.IndType]
                if hasattr(x.lines, 'getlinealiases')]

    def getobservers(self):
        return self._lineiterators[LineIterator.ObsType]

    def addindicator(self, indicator):
        self._lineiterators[indicator._ltype].append(indicator)
        if getattr(indicator, '_nextforce', False):
            owner = self
            while owner is not None:
                if owner._ltype == LineIterator.StratType:
                    owner.cerebro._disable_runonce()
                    break
                owner = owner._owner

    def bindlines(self, owner=None, own=None):
        """Copy the values of lines ``own`` of self into lines ``owner`` of the owner."""
        if not owner:
            owner = 0
        if isinstance(owner, (str, int)):
            owner = [owner]
        if not own:
            own = range(len(owner))
        if isinstance(own, (str, int)):
            own = [own]
        for lowner, lown in zip(owner, own):
            target = (getattr(self._owner.lines, lowner) if isinstance(lowner, str)
                      else self._owner.lines[lowner])
            source = (getattr(self.lines, lown) if isinstance(lown, str)
                      else self.lines[lown])
            source.addbinding(target)
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
        if self._ltype == LineIterator.StratType:
            status = self._getminperstatus()
            if status < 0:
                self.next()
            elif status == 0:
                self.nextstart()
            else:
                self.prenext()
        else:
            if clock_len > self._minperiod:
                self.next()
            elif clock_len == self._minperiod:
                self.nextstart()
            elif clock_len:
                self.prenext()

    def _clk_update(self):
        clock_len = len(self._clock)
        if clock_len != len(self):
            self.forward()
        return clock_len

    # -- once mode -----------------------------------------------------------------
    def _once(self):
        self.forward(size=self._clock.buflen())
        for indicator in self._lineiterators[0]:
            indicator._once()
        for observer in self._lineiterators[2]:
            observer.forward(size=self.buflen())
        for data in self.datas:
            data.home()
        for indicator in self._lineiterators[0]:
            indicator.home()
        for observer in self._lineiterators[2]:
            observer.home()
        self.home()
        self.preonce(0, self._minperiod - 1)
        self.oncestart(self._minperiod - 1, self._minperiod)
        self.once(self._minperiod, self.buflen())
        for line in self.lines:
            line.oncebinding()

    def preonce(self, start, end):
        pass

    def oncestart(self, start, end):
        self.once(start, end)

    def once(self, start, end):
        pass

    def prenext(self):
        """Called while the minimum period has not been reached yet."""

    def nextstart(self):
        """Called once, on the first bar where the minimum period is met."""
        self.next()

    def next(self):
        """Called on every bar once the minimum period is met."""

    def _addnotification(self, *args, **kwargs):
        pass

    def _notify(self):
        pass

    def _plotinit(self):
        pass

    def qbuffer(self, savemem=0):
        if savemem:
            for line in self.lines:
                line.qbuffer()
        for obj in self._lineiterators[self.IndType]:
            obj.qbuffer(savemem=1)
        for data in self.datas:
            data.minbuffer(self._minperiod)


class DataAccessor(LineIterator):
    """Gives the price-line constants of feeds to iterators."""
    PriceClose = DataSeries.Close
    PriceLow = DataSeries.Low
    PriceHigh = DataSeries.High
    PriceOpen = DataSeries.Open
    PriceVolume = DataSeries.Volume
    PriceOpenInteres = DataSeries.OpenInterest
    PriceDateTime = DataSeries.DateTime


class IndicatorBase(DataAccessor):
    pass


class ObserverBase(DataAccessor):
    pass


class StrategyBase(DataAccessor):
    pass


class SingleCoupler(LineActions):
    """A single line of a slower data repeated on the ticks of a faster clock."""

    def __init__(self, cdata, clock=None):
        LineActions.__init__(self)
        self._clock = clock if clock is not None else self._owner
        self.cdata = cdata
        self.dlen = 0
        self.val = NAN

    def next(self):
        if len(self.cdata) > self.dlen:
            self.val = self.cdata[0]
            self.dlen += 1
        self[0] = self.val


class MultiCoupler(LineIterator):
    """All lines of a slower data repeated on the ticks of a faster clock."""
    _ltype = LineIterator.IndType

    def __init__(self):
        self.dlen = 0
        self.dsize = self.fullsize()
        self.dvals = [NAN] * self.dsize

    def next(self):
        if len(self.data) > self.dlen:
            self.dlen += 1
            for i in range(self.dsize):
                self.dvals[i] = self.data.lines[i][0]
        for i in range(self.dsize):
            self.lines[i][0] = self.dvals[i]


_coupler_classes = {}


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
        clock = getattr(cdata, '_clock', None)
        if clock is not None:
            nclock = getattr(clock, '_clock', None)
            if nclock is not None:
                clock = nclock
            else:
                nclock = getattr(clock, 'data', None)
                if nclock is not None:
                    clock = nclock
        if clock is None:
            clock = obj._owner
    obj._clock = clock
    return obj


LineCoupler = LinesCoupler
