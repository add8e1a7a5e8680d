"""Lines and lazy line objects, as seen from Python.

The storage and the C-level operations live in ``backtrader._cy``; this module
gives them upstream's names, finds the owner of each lazy object (the strategy or
indicator under construction) and installs the constructors that line arithmetic
uses while objects are being built.
"""
from backtrader._cy import linebuffer as _clb
from backtrader._cy.linebuffer import LineBuffer, MultiLineBase
from backtrader._cy.lineops import (LineActions, LinesOperation, LineOwnOperation,
                                    LineDelay as _LineDelay,
                                    LineForward as _LineForward, LineNumConst)
from backtrader import metabase

__all__ = ['LineBuffer', 'LineActions', 'LinesOperation', 'LineOwnOperation',
           'LineDelay', 'LineNum', 'MetaLineActions', 'PseudoArray', 'NAN']

NAN = float('NaN')


def _line_of(x):
    if isinstance(x, MultiLineBase):
        return x._line0
    return x


def _find_owner(obj, skip=None):
    from backtrader.lineseries import LineSeries
    return metabase.findowner(obj, LineSeries, startlevel=3, skip=skip)


def prepare_actions(obj, args, ownerskip=None):
    """Wire a lazy line object before its ``__init__``: owner, clock, minperiod."""
    obj._owner = _find_owner(obj, ownerskip)
    lineargs = [x for x in args if isinstance(x, (LineBuffer, MultiLineBase))]
    obj._clock = args[0] if args and isinstance(args[0], (LineBuffer, MultiLineBase)) \
        else obj._owner
    obj._datas = lineargs
    periods = [_line_of(x)._minperiod for x in lineargs]
    obj.updateminperiod(max(periods or [1]))


def finish_actions(obj):
    if obj._owner is not None:
        obj._owner.addindicator(obj)
    return obj


def _build(cls, args, ownerskip=None):
    obj = cls.__new__(cls)
    prepare_actions(obj, args, ownerskip)
    obj.__init__(*args)
    return finish_actions(obj)


def make_operation(a, b, operation, r=False, _ownerskip=None):
    """``a <operation> b`` as a lazy line (``r``: operands reversed)."""
    a = _line_of(a)
    b = _line_of(b)
    return _build(LinesOperation, (a, b, operation, r), _ownerskip)


def make_operation_own(a, operation, _ownerskip=None):
    return _build(LineOwnOperation, (_line_of(a), operation), _ownerskip)


def LineDelay(a, ago=0, **kwargs):
    """``a`` seen ``-ago`` bars in the past (or ``ago`` bars ahead if positive)."""
    a = _line_of(a)
    cls = _LineDelay if ago <= 0 else _LineForward
    return _build(cls, (a, ago), kwargs.get('_ownerskip'))


def LineNum(num):
    """A constant as a line."""
    return _build(LineNumConst, (float(num),))


class PseudoArray(object):
    """A constant that answers any index with itself; it is its own
    ``array`` (and ``memview``), so code asking for the array gets it too."""

    def __init__(self, wrapped):
        self.wrapped = wrapped

    def __getitem__(self, key):
        return self.wrapped

    array = memview = property(lambda self: self)


def _make_coupler(line, clock):
    from backtrader.lineiterator import LinesCoupler
    return LinesCoupler(line, clock)


class MetaLineActions(type):
    """Metaclass of Python-defined lazy lines (``bt.And``, ``bt.Max``, ...)."""

    def __call__(cls, *args, **kwargs):
        obj = cls.__new__(cls)
        prepare_actions(obj, args, kwargs.pop('_ownerskip', None))
        obj.__init__(*args, **kwargs)
        return finish_actions(obj)


class PyLineActions(LineActions, metaclass=MetaLineActions):
    """Base of lazy lines whose ``next``/``once`` are written in Python."""

    @staticmethod
    def arrayize(obj):
        if isinstance(obj, MultiLineBase):
            return obj._line0
        if isinstance(obj, LineBuffer):
            return obj
        return PseudoArray(obj)


_clb.set_factories(
    operation=make_operation,
    operation_own=make_operation_own,
    delay=LineDelay,
    coupler=_make_coupler,
)
