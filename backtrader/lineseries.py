"""Declarative ``lines``: the named lines of feeds, indicators and strategies.

A class declares ``lines = ('macd', 'signal')``; subclasses add to the lines of
their bases. Each instance gets ``self.lines`` (also ``self.l``), an object whose
attributes are the ``LineBuffer``s by name and which is indexable by position.
Assigning a line series to a line (``self.lines.macd = ema1 - ema2``) binds it:
every value computed by the right-hand side is copied into the named line.

Whatever ``self.lines`` holds is also readable on the series itself
(``data.close``, ``data.get(size=3)``), without a ``__getattr__``: line names are
instance attributes of the series, every other attribute of the lines is read by a
``LinesAttribute`` that ``LineSeries`` gets when the attribute first appears. A
class without ``__getattr__`` keeps CPython's fast attribute reads (the specialised
``LOAD_ATTR`` / ``STORE_ATTR`` of 3.11) for every feed, indicator and strategy.
"""
import sys

from backtrader._cy.linebuffer import LineBuffer, MultiLineBase
from backtrader._cy.lineops import LineActions
from backtrader.linebuffer import LineDelay
from backtrader.lineroot import LineRoot, LineSingle, LineMultiple
from backtrader.metabase import AutoInfoClass, MetaParams
from backtrader import metabase

__all__ = ['Lines', 'LineSeries', 'LineSeriesStub', 'LineSeriesMaker', 'MetaLineSeries']


class LineAlias(object):
    """Descriptor giving access to line number ``line`` by name."""

    def __init__(self, line):
        self.line = line

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return obj.lines[self.line]

    def __set__(self, obj, value):
        if isinstance(value, MultiLineBase):
            value = value._line0
        if not isinstance(value, LineActions):
            value = LineDelay(value, 0)
        value.addbinding(obj.lines[self.line])


class LinesAttribute(object):
    """``series.<name>`` for a name the series classes do not define: the
    attribute ``name`` of ``series.lines``. A non-data descriptor on
    ``LineSeries``, so instance attributes and the attributes of subclasses come
    first; read on a class it is absent (AttributeError), as the name belongs to
    the lines of an instance."""
    __slots__ = ('name',)

    def __init__(self, name):
        self.name = name

    def __get__(self, obj, cls=None):
        if obj is None:
            raise AttributeError('type object %r has no attribute %r'
                                 % (cls.__name__, self.name))
        return getattr(obj.lines, self.name)


_SHOWN = set()   # names already given to (or found on) LineSeries


def show_lines_attribute(name):
    """Make ``series.<name>`` read ``series.lines.<name>`` when no class of the
    series defines ``name`` (dunder names excepted)."""
    if name in _SHOWN:
        return
    _SHOWN.add(name)
    if not name.startswith('__') and not any(name in vars(k) for k in LineSeries.__mro__):
        setattr(LineSeries, name, LinesAttribute(name))


class Lines(object):
    """An ordered collection of lines with the LineBuffer index API applied to all."""
    _lines = ()
    _baselines = ()
    _extralines = 0
    _baseextralines = 0

    @classmethod
    def _derive(cls, name, lines, extralines, otherbases, linesoverride=False,
                lalias=None):
        morelines = ()
        moreextra = 0
        for other in otherbases:
            if isinstance(other, tuple):
                morelines += other
            else:
                morelines += other._lines
                moreextra += other._extralines
        if linesoverride:
            baselines, baseextra, base = (), 0, Lines
        else:
            baselines = cls._lines + morelines
            baseextra = cls._extralines + moreextra
            base = cls
        newcls = metabase.register_derived(base, str(cls.__name__ + '_' + name))
        newcls._baselines = baselines
        newcls._lines = baselines + tuple(lines)
        newcls._baseextralines = baseextra
        newcls._extralines = baseextra + extralines
        aliases = {} if lalias is None else lalias._getkwargsdefault()
        for i, lname in enumerate(newcls._lines):
            if not isinstance(lname, str):
                lname = lname[0]
            desc = LineAlias(i)
            setattr(newcls, lname, desc)
            extra = aliases.get(lname)
            if extra:
                for ename in ([extra] if isinstance(extra, str) else extra):
                    setattr(newcls, ename, desc)
        return newcls

    @classmethod
    def _getlines(cls):
        return cls._lines

    @classmethod
    def _getlinesbase(cls):
        return cls._baselines

    @classmethod
    def _getlinesextra(cls):
        return cls._extralines

    @classmethod
    def _getlinesextrabase(cls):
        return cls._baseextralines

    @classmethod
    def _getlinealias(cls, i):
        lines = cls._lines
        if i >= len(lines):
            return ''
        return lines[i]

    @classmethod
    def getlinealiases(cls):
        return cls._lines

    def __init__(self, initlines=None):
        self.lines = [LineBuffer(datetime=(name == 'datetime'))
                      for name in self._lines]
        for i in range(self._extralines):
            self.lines.append(initlines[i] if initlines else LineBuffer())

    def itersize(self):
        # not self.size(): a line may be aliased 'size' (TickCSVData's volume)
        return iter(self.lines[0:len(self.lines) - self._extralines])

    def __len__(self):
        return len(self.lines[0])

    def size(self):
        return len(self.lines) - self._extralines

    def fullsize(self):
        return len(self.lines)

    def extrasize(self):
        return self._extralines

    def __getitem__(self, line):
        return self.lines[line]

    def __iter__(self):
        return iter(self.lines)

    def get(self, ago=0, size=1, line=0):
        return self.lines[line].get(ago, size=size)

    def __setitem__(self, line, value):
        setattr(self, self._getlinealias(line), value)

    def buflen(self, line=0):
        return self.lines[line].buflen()

    def __setattr__(self, name, value):
        # an attribute set on the lines (not a line: those are bound through
        # their LineAlias) is readable on the series too
        object.__setattr__(self, name, value)
        if name not in _SHOWN and name in self.__dict__:
            show_lines_attribute(name)

    def __setstate__(self, state):
        # unpickled in a fresh process: its attributes are shown again
        for name, value in state.items():
            setattr(self, name, value)

    # forward, backwards, rewind, ...: see _MOVES below


# declarations of a class body turned into derived info classes (name -> values)
_INFO_DECLARATIONS = ('linealias', 'plotinfo', 'plotlines')


def _plot_name(value):
    """``value`` as a plot label shows it (a class with plotinfo: its plot name)."""
    if not hasattr(value, 'plotinfo'):
        return value
    return getattr(value.plotinfo, 'plotname', '') or value.__name__


def _publish_aliases(cls, aliases):
    """Put a subclass of ``cls`` in its module under each alias; an alias
    given as ``(name, plotname)`` also names the plot."""
    module = sys.modules[cls.__module__]
    for alias in aliases:
        body = dict(__doc__=cls.__doc__, __module__=cls.__module__, aliased=cls.__name__)
        if not isinstance(alias, str):
            body['plotinfo'] = {'plotname': alias[1]}
            alias = alias[0]
        setattr(module, alias, type(str(alias), (cls,), body))


def publish_lines(obj):
    """Point the shortcuts of ``obj`` at its ``lines``: ``line`` and ``_line0``
    (line 0), ``line<i>`` and ``line_<i>``, and the line names as instance
    attributes (but names its class or the instance itself already defines:
    ``p``, ``params``, ``plotinfo``, ``data0``, ...); lines without an owner
    get ``obj``."""
    lines = obj.lines
    if lines.fullsize():
        obj.line = obj._line0 = lines[0]
        for line in lines.lines:
            if line._owner is None:
                line._owner = obj
    for i, line in enumerate(lines):
        setattr(obj, 'line_%d' % i, line)
        setattr(obj, 'line%d' % i, line)
    cls, linescls, attrs = type(obj), type(lines), obj.__dict__
    for name in dir(linescls):
        desc = getattr(linescls, name, None)
        if (isinstance(desc, LineAlias) and not hasattr(cls, name)
                and name not in attrs):
            attrs[name] = lines.lines[desc.line]


class MetaLineSeries(MetaParams):
    """Turns ``lines``, ``linealias``, ``plotinfo`` and ``plotlines`` declarations
    into derived classes, creates aliases (``alias = ('SMA',)``) and gives each
    instance its own lines."""

    def __new__(meta, name, bases, dct):
        aliases = dct.setdefault('alias', ())
        dct.setdefault('aliased', '')
        # the declarations leave the class body: the class gets instead classes
        # derived from the first base's, merged with the other bases' ones
        declared = dct.pop('lines', ())
        extralines = dct.pop('extralines', 0)
        override = dct.pop('linesoverride', False)
        own = {attr: dict(dct.pop(attr, {})) for attr in _INFO_DECLARATIONS}
        for line in declared:           # every new line gets its plotlines entry
            own['plotlines'].setdefault(line, {})

        cls = super().__new__(meta, name, bases, dct)

        def derive(attr, prefix, root=AutoInfoClass, **kwargs):
            first = getattr(cls, attr, root)
            others = [getattr(b, attr) for b in bases[1:] if hasattr(b, attr)]
            return first._derive(prefix + name, own[attr], others, **kwargs)

        cls.linealias = derive('linealias', 'la_')
        first = getattr(cls, 'lines', Lines)
        cls.lines = first._derive(name, declared, extralines,
                                  [b.lines for b in bases[1:] if hasattr(b, 'lines')],
                                  override, lalias=cls.linealias)
        cls.plotinfo = derive('plotinfo', 'pi_')
        cls.plotlines = derive('plotlines', 'pl_', recurse=True)
        _publish_aliases(cls, aliases)
        return cls

    def donew(cls, *args, **kwargs):
        plotinfo = cls.plotinfo()
        for pname, pdefault in cls.plotinfo._getitems():
            setattr(plotinfo, pname, kwargs.pop(pname, pdefault))
        _obj, args, kwargs = super(MetaLineSeries, cls).donew(*args, **kwargs)
        _obj.plotinfo = plotinfo
        _obj.lines = _obj.l = cls.lines()
        _obj.plotlines = cls.plotlines()
        publish_lines(_obj)
        return _obj, args, kwargs


class LineSeries(MultiLineBase, metaclass=MetaLineSeries):
    """An object with named lines: the base of feeds, indicators and strategies."""
    IndType, StratType, ObsType = 0, 1, 2
    _ltype = None
    _OwnerCls = None
    _minperiod = 1
    _opstage = 1

    plotinfo = dict(plot=True, plotmaster=None, legendloc=None)
    csv = True

    @property
    def array(self):
        return self.lines[0].array

    def __len__(self):
        return self.lines.lines[0].lencount

    def __setitem__(self, key, value):
        setattr(self.lines, self.lines._getlinealias(key), value)

    def __init__(self, *args):
        # extra positional arguments are tolerated (upstream passes them on);
        # unknown keyword arguments are refused by the params machinery
        pass

    def _getlinealias(self, i):
        return self.lines._getlinealias(i)

    def getlinealiases(self):
        return self.lines.getlinealiases()

    def size(self):
        return self.lines.size()

    def fullsize(self):
        return self.lines.fullsize()

    def extrasize(self):
        return self.lines.extrasize()

    def buflen(self):
        return self.lines.lines[0].buflen()

    def setminperiod(self, minperiod):
        self._minperiod = minperiod

    def updateminperiod(self, minperiod):
        self._minperiod = max(self._minperiod, minperiod)

    def addminperiod(self, minperiod):
        for line in self.lines:
            line.addminperiod(minperiod)

    def incminperiod(self, minperiod):
        for line in self.lines:
            line.incminperiod(minperiod)

    def minbuffer(self, size):
        for line in self.lines:
            line.minbuffer(size)

    def qbuffer(self, savemem=0):
        for line in self.lines:
            line.qbuffer()

    def _stage1(self):
        pass

    def _stage2(self):
        pass

    def plotlabel(self):
        """The label of the plot: its name (default: the class name) followed
        by the values of ``_plotlabel()`` in parentheses; a value that is a
        plotted class shows as its plot name."""
        label = self.plotinfo.plotname or self.__class__.__name__
        values = self._plotlabel()
        if not values:
            return label
        return '%s (%s)' % (label, ', '.join(str(_plot_name(v)) for v in values))

    def _plotlabel(self):
        return self.params._getvalues()

    def _getline(self, line, minusall=False):
        if isinstance(line, str):
            return getattr(self.lines, line)
        if line == -1:
            if minusall:
                return None
            line = 0
        return self.lines[line]

    def __call__(self, ago=None, line=-1):
        """``obj(-n)``: a delayed line; ``obj()`` / ``obj(data)``: a coupler that
        adapts this object to a faster clock."""
        if ago is None or isinstance(ago, (LineBuffer, MultiLineBase)):
            from backtrader.lineiterator import LinesCoupler
            lineobj = self._getline(line, minusall=True)
            return LinesCoupler(lineobj if lineobj is not None else self, ago,
                                _ownerskip=self)
        return LineDelay(self._getline(line), ago, _ownerskip=self)

    def _makeoperation(self, other, operation, r=False, _ownerskip=None):
        return self.lines[0]._makeoperation(other, operation, r, _ownerskip)

    def _makeoperationown(self, operation, _ownerskip=None):
        return self.lines[0]._makeoperationown(operation, _ownerskip)

    # forward, backwards, rewind, ...: see _MOVES below


class LineSeriesStub(LineSeries):
    """Presents a single line as a line series (a line passed as a data).

    A *slave* stub does not move its line: the object that owns the line does.
    """
    extralines = 1

    def __init__(self, line, slave=False):
        self.lines = self.__class__.lines(initlines=[line])
        self.line = self._line0 = line
        self.owner = self._owner = line._owner
        self._minperiod = line._minperiod
        self.slave = slave

    # the moves and the buffer sizing: see _MOVES below


# The calls that move a series through its bars, with LineBuffer's arguments
# (``forward(value=NaN, size=1)``, ``backwards(size=1, force=False)``,
# ``rewind(size=1)``, ``extend(value=NaN, size=0)``, ``reset()``, ``home()``,
# ``advance(size=1)``): ``Lines`` makes each on every line, ``LineSeries`` hands
# it to its lines, and a slave ``LineSeriesStub`` leaves it (and the buffer
# sizing) to the object that owns its line.
_MOVES = ('forward', 'backwards', 'rewind', 'extend', 'reset', 'home', 'advance')


def _on_every_line(name):
    def move(self, *args, **kwargs):
        for line in self.lines:
            getattr(line, name)(*args, **kwargs)
    return _named(move, name, 'Lines', 'Call ``%s`` on every line.' % name)


def _by_the_lines(name):
    def move(self, *args, **kwargs):
        getattr(self.lines, name)(*args, **kwargs)
    return _named(move, name, 'LineSeries', 'Call ``%s`` on every line.' % name)


def _unless_slave(name):
    base = getattr(LineSeries, name)

    def move(self, *args, **kwargs):
        if not self.slave:
            base(self, *args, **kwargs)
    return _named(move, name, 'LineSeriesStub',
                  '``LineSeries.%s`` unless the line belongs to another object.' % name)


def _named(fn, name, owner, doc):
    fn.__name__ = name
    fn.__qualname__ = '%s.%s' % (owner, name)
    fn.__doc__ = doc
    return fn


for _name in _MOVES:
    setattr(Lines, _name, _on_every_line(_name))
    setattr(LineSeries, _name, _by_the_lines(_name))
for _name in _MOVES + ('qbuffer', 'minbuffer'):
    setattr(LineSeriesStub, _name, _unless_slave(_name))
for _name in dir(Lines):
    show_lines_attribute(_name)
del _name


def LineSeriesMaker(arg, slave=False):
    """A line series for ``arg``: itself if it already is one, else a stub."""
    if isinstance(arg, LineSeries):
        return arg
    return LineSeriesStub(arg, slave=slave)
