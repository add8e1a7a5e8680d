"""Declarative ``lines``: the named lines of feeds, indicators and strategies.

A class declares ``lines = ('macd', 'signal')``; subclasses add to the lines of
their bases. Each instance gets ``self.lines`` (also ``self.l``), an object whose
attributes are the ``LineBuffer``s by name and which is indexable by position.
Assigning a line series to a line (``self.lines.macd = ema1 - ema2``) binds it:
every value computed by the right-hand side is copied into the named line.
"""
import sys

from backtrader._cy.linebuffer import LineBuffer, MultiLineBase, get_opstage
from backtrader._cy.lineops import LineActions
from backtrader.linebuffer import LineDelay, NAN
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


class Lines(object):
    """An ordered collection of lines with the LineBuffer index API applied to all."""
    _lines = ()
    _baselines = ()
    _extralines = 0
    _baseextralines = 0
    _datetime_lines = ()

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
        return iter(self.lines[0:self.size()])

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

    def forward(self, value=NAN, size=1):
        for line in self.lines:
            line.forward(value, size)

    def backwards(self, size=1, force=False):
        for line in self.lines:
            line.backwards(size, force)

    def rewind(self, size=1):
        for line in self.lines:
            line.rewind(size)

    def extend(self, value=NAN, size=0):
        for line in self.lines:
            line.extend(value, size)

    def reset(self):
        for line in self.lines:
            line.reset()

    def home(self):
        for line in self.lines:
            line.home()

    def advance(self, size=1):
        for line in self.lines:
            line.advance(size)

    def buflen(self, line=0):
        return self.lines[line].buflen()


class MetaLineSeries(MetaParams):
    """Turns ``lines``, ``linealias``, ``plotinfo`` and ``plotlines`` declarations
    into derived classes, creates aliases (``alias = ('SMA',)``) and gives each
    instance its own lines."""

    def __new__(meta, name, bases, dct):
        aliases = dct.setdefault('alias', ())
        dct.setdefault('aliased', '')
        linesoverride = dct.pop('linesoverride', False)
        newlines = dct.pop('lines', ())
        extralines = dct.pop('extralines', 0)
        newlalias = dict(dct.pop('linealias', {}))
        newplotinfo = dict(dct.pop('plotinfo', {}))
        newplotlines = dict(dct.pop('plotlines', {}))

        cls = super(MetaLineSeries, meta).__new__(meta, name, bases, dct)

        lalias = getattr(cls, 'linealias', AutoInfoClass)
        morelalias = [b.linealias for b in bases[1:] if hasattr(b, 'linealias')]
        cls.linealias = la = lalias._derive('la_' + name, newlalias, morelalias)

        lines = getattr(cls, 'lines', Lines)
        morelines = [b.lines for b in bases[1:] if hasattr(b, 'lines')]
        cls.lines = lines._derive(name, newlines, extralines, morelines,
                                  linesoverride, lalias=la)

        plotinfo = getattr(cls, 'plotinfo', AutoInfoClass)
        moreplotinfo = [b.plotinfo for b in bases[1:] if hasattr(b, 'plotinfo')]
        cls.plotinfo = plotinfo._derive('pi_' + name, newplotinfo, moreplotinfo)

        for line in newlines:
            newplotlines.setdefault(line, dict())
        plotlines = getattr(cls, 'plotlines', AutoInfoClass)
        moreplotlines = [b.plotlines for b in bases[1:] if hasattr(b, 'plotlines')]
        cls.plotlines = plotlines._derive('pl_' + name, newplotlines, moreplotlines,
                                          recurse=True)

        module = sys.modules[cls.__module__]
        for alias in aliases:
            newdct = {'__doc__': cls.__doc__, '__module__': cls.__module__,
                      'aliased': cls.__name__}
            if not isinstance(alias, str):
                alias, plotname = alias[0], alias[1]
                newdct['plotinfo'] = dict(plotname=plotname)
            setattr(module, alias, type(str(alias), (cls,), newdct))
        return cls

    def donew(cls, *args, **kwargs):
        plotinfo = cls.plotinfo()
        for pname, pdefault in cls.plotinfo._getitems():
            setattr(plotinfo, pname, kwargs.pop(pname, pdefault))
        _obj, args, kwargs = super(MetaLineSeries, cls).donew(*args, **kwargs)
        _obj.plotinfo = plotinfo
        _obj.lines = _obj.l = cls.lines()
        _obj.plotlines = cls.plotlines()
        if _obj.lines.fullsize():
            _obj.line = _obj._line0 = _obj.lines[0]
            for line in _obj.lines.lines:
                if line._owner is None:
                    line._owner = _obj
        for i, line in enumerate(_obj.lines):
            setattr(_obj, 'line_%s' % i, _obj._getlinealias(i))
            setattr(_obj, 'line_%d' % i, line)
            setattr(_obj, 'line%d' % i, line)
        # line names as plain instance attributes (what __getattr__ would find,
        # without its cost); names the class defines keep their meaning
        linescls = type(_obj.lines)
        for name in dir(linescls):
            desc = getattr(linescls, name, None)
            if isinstance(desc, LineAlias) and not hasattr(cls, name):
                _obj.__dict__[name] = _obj.lines.lines[desc.line]
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

    def __getattr__(self, name):
        # only reached when normal lookup fails: resolve line names
        if name.startswith('__'):
            raise AttributeError(name)
        return getattr(self.lines, name)

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
        label = self.plotinfo.plotname or self.__class__.__name__
        sublabels = self._plotlabel()
        if sublabels:
            for i, sub in enumerate(sublabels):
                if hasattr(sub, 'plotinfo'):
                    try:
                        name = sub.plotinfo.plotname
                    except AttributeError:
                        name = ''
                    sublabels[i] = name or sub.__name__
            label += ' (%s)' % ', '.join(map(str, sublabels))
        return label

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

    def forward(self, value=NAN, size=1):
        self.lines.forward(value, size)

    def backwards(self, size=1, force=False):
        self.lines.backwards(size, force=force)

    def rewind(self, size=1):
        self.lines.rewind(size)

    def extend(self, value=NAN, size=0):
        self.lines.extend(value, size)

    def reset(self):
        self.lines.reset()

    def home(self):
        self.lines.home()

    def advance(self, size=1):
        self.lines.advance(size)


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

    def forward(self, value=NAN, size=1):
        if not self.slave:
            LineSeries.forward(self, value, size)

    def backwards(self, size=1, force=False):
        if not self.slave:
            LineSeries.backwards(self, size, force=force)

    def rewind(self, size=1):
        if not self.slave:
            LineSeries.rewind(self, size)

    def extend(self, value=NAN, size=0):
        if not self.slave:
            LineSeries.extend(self, value, size)

    def reset(self):
        if not self.slave:
            LineSeries.reset(self)

    def home(self):
        if not self.slave:
            LineSeries.home(self)

    def advance(self, size=1):
        if not self.slave:
            LineSeries.advance(self, size)

    def qbuffer(self, savemem=0):
        if not self.slave:
            LineSeries.qbuffer(self, savemem)

    def minbuffer(self, size):
        if not self.slave:
            LineSeries.minbuffer(self, size)


def LineSeriesMaker(arg, slave=False):
    """A line series for ``arg``: itself if it already is one, else a stub."""
    if isinstance(arg, LineSeries):
        return arg
    return LineSeriesStub(arg, slave=slave)
