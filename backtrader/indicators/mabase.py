"""The moving-average registry: ``bt.indicators.MovAv.Simple``, ``MovAv.EMA``, ...

Every subclass of ``MovingAverageBase`` registers itself under its class name,
the name with ``MovingAverage`` stripped (``Simple``) and its aliases (``SMA``).
"""
from backtrader.indicator import Indicator

__all__ = ['MovingAverage', 'MovAv', 'MovingAverageBase', 'MetaMovAvBase']


class MovingAverage(object):
    """Namespace holding every registered moving average."""
    _movavs = []

    @classmethod
    def register(cls, regcls):
        if getattr(regcls, '_notregister', False):
            return
        cls._movavs.append(regcls)
        name = regcls.__name__
        setattr(cls, name, regcls)
        short = ''
        if name.endswith('MovingAverage'):
            short = name.split('MovingAverage')[0]
        elif name.startswith('MovingAverage'):
            short = name.split('MovingAverage')[1]
        if short:
            setattr(cls, short, regcls)
        for alias in getattr(regcls, 'alias', []):
            setattr(cls, alias, regcls)


class MovAv(MovingAverage):
    """Short name of :class:`MovingAverage`."""


class MetaMovAvBase(Indicator.__class__):
    def __new__(meta, name, bases, dct):
        cls = super(MetaMovAvBase, meta).__new__(meta, name, bases, dct)
        MovingAverage.register(cls)
        return cls


class MovingAverageBase(Indicator, metaclass=MetaMovAvBase):
    """Base of moving averages: a ``period`` and plotted over the data."""
    params = (('period', 30),)
    plotinfo = dict(subplot=False)
