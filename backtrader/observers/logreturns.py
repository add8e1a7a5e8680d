"""Observers of rolling log returns of one or two datas (Python observers,
not in the default set)."""
from backtrader.dataseries import TimeFrame
from backtrader.observer import Observer

__all__ = ['LogReturns', 'LogReturns2']


def _rolling(observer, data):
    from backtrader.analyzers.logreturnsrolling import LogReturnsRolling
    return observer._owner._addanalyzer_slave(LogReturnsRolling, data=data,
                                              **observer.p._getkwargs())


class LogReturns(Observer):
    """Log return of the first data's close over the last ``compression``
    periods of ``timeframe`` (line ``logret1``), from a ``LogReturnsRolling``
    analyzer this observer runs.

    Params
    ------
    timeframe : int or None
        Period unit; ``None`` takes the first data's.
    compression : int or None
        Periods in the window; ``None`` takes the first data's.
    fund : bool or None
        Passed to the analyzer.
    """
    _stclock = True
    lines = ('logret1',)
    plotinfo = dict(plot=True, subplot=True)
    params = (
        ('timeframe', None),
        ('compression', None),
        ('fund', None),
    )

    def __init__(self):
        self.logret1 = _rolling(self, self.data0)

    def _plotlabel(self):
        an = self.logret1
        return [TimeFrame.getname(an.timeframe, an.compression), str(an.compression)]

    def next(self):
        an = self.logret1
        self.lines.logret1[0] = an.rets[an.dtkey]


class LogReturns2(LogReturns):
    """``LogReturns`` of the first data (``logret1``) and of the second one
    (``logret2``)."""
    lines = ('logret2',)

    def __init__(self):
        super(LogReturns2, self).__init__()
        self.logret2 = _rolling(self, self.data1)

    def next(self):
        super(LogReturns2, self).next()
        an = self.logret2
        self.lines.logret2[0] = an.rets[an.dtkey]
