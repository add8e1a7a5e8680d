"""The moving-average registry: ``bt.indicators.MovAv.Simple``, ``MovAv.EMA``, ...

A class deriving from :class:`MovingAverageBase` is entered in the registry
under each of its names (the class name and its aliases) and, for a name that
begins or ends with ``MovingAverage``, under the rest of that name as well
(``MovingAverageSimple`` -> ``Simple``, ``HullMovingAverage`` -> ``Hull``).

The registry resolves lazily: the moving-average modules are imported the
first time a name is missing from it, so ``import backtrader`` loads none.
"""
import importlib

from backtrader.indicator import Indicator

__all__ = ['MovingAverage', 'MovAv', 'MovingAverageBase', 'MetaMovAvBase']

# modules defining the stock moving averages, in upstream's registration order
STOCK_MODULES = ('sma', 'ema', 'smma', 'wma', 'dema', 'kama', 'zlema', 'hma',
                 'zlind', 'dma')

_WORD = 'MovingAverage'


def _entries(name):
    """The registry keys of one class or alias name."""
    yield name
    if name != _WORD:
        if name.endswith(_WORD):
            yield name[:-len(_WORD)]
        elif name.startswith(_WORD):
            yield name[len(_WORD):]


class _LazyRegistry(type):
    """Metaclass of the registry: a missing name loads the stock averages."""

    def __getattr__(cls, name):
        if name.startswith('__') or MovingAverage._complete:
            raise AttributeError("%s has no moving average %r" % (cls.__name__, name))
        MovingAverage.load_all()
        try:
            return type.__getattribute__(cls, name)
        except AttributeError:
            raise AttributeError("%s has no moving average %r"
                                 % (cls.__name__, name)) from None


class MovingAverage(object, metaclass=_LazyRegistry):
    """Namespace of every registered moving average (``MovAv`` is the same)."""
    _movavs = []
    _complete = False

    @classmethod
    def register(cls, regcls):
        """Enter ``regcls`` under its names (skipped when it sets ``_notregister``)."""
        if getattr(regcls, '_notregister', False):
            return
        MovingAverage._movavs.append(regcls)
        names = (regcls.__name__,) + tuple(regcls.__dict__.get('alias', ()))
        for name in names:
            if not isinstance(name, str):     # (alias, plot name) pairs
                name = name[0]
            for key in _entries(name):
                setattr(MovingAverage, key, regcls)

    @classmethod
    def load_all(cls):
        """Import every stock moving average (once)."""
        if not MovingAverage._complete:
            MovingAverage._complete = True
            for module in STOCK_MODULES:
                importlib.import_module('backtrader.indicators.' + module)


class MovAv(MovingAverage):
    """Short name of :class:`MovingAverage`."""


def kernel_kind(movav):
    """'sma', 'ema' or 'smma' when ``movav`` is a stock average (or one of its
    aliases) that the compiled kernels compute themselves, else None."""
    cls = movav
    while isinstance(cls, type) and cls.__dict__.get('aliased'):
        cls = cls.__bases__[0]
    return cls.__dict__.get('_kernelkind') if isinstance(cls, type) else None


class MetaMovAvBase(Indicator.__class__):
    """Registers every new moving-average class with :class:`MovingAverage`."""

    def __new__(meta, name, bases, dct):
        newcls = super(MetaMovAvBase, meta).__new__(meta, name, bases, dct)
        MovingAverage.register(newcls)
        return newcls


class MovingAverageBase(Indicator, metaclass=MetaMovAvBase):
    """Base of moving averages: a ``period`` and plotted over the data."""
    params = (('period', 30),)
    plotinfo = dict(subplot=False)
