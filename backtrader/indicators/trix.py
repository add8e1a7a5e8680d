"""TRIX: the rate of change of a triple exponential smoothing."""
from backtrader.indicator import Indicator
from backtrader.indicators.dema import cascade
from backtrader.indicators.ema import ExponentialMovingAverage
from backtrader.indicators.basicops import check_periods

__all__ = ['Trix', 'TRIX', 'TrixSignal']


class Trix(Indicator):
    """``100 * (e3 / e3(-_rocperiod) - 1)`` with ``e3`` = ema(ema(ema(x)))."""
    alias = ('TRIX',)
    lines = ('trix',)
    params = (('period', 15), ('_rocperiod', 1),
              ('_movav', ExponentialMovingAverage),)
    plotinfo = dict(plothlines=[0.0])

    def _plotlabel(self):
        return [self.p.period] + [getattr(self.p, n) for n in ('_rocperiod', '_movav')
                                  if self.p.notdefault(n)]

    def __init__(self):
        check_periods(self)
        triple = cascade(self.p._movav, self.data, self.p.period, 3)[-1]
        self.lines.trix = 100.0 * (triple / triple(-self.p._rocperiod) - 1.0)
        super(Trix, self).__init__()


class TrixSignal(Trix):
    """TRIX and its ``sigperiod`` average."""
    lines = ('signal',)
    params = (('sigperiod', 9),)

    def __init__(self):
        check_periods(self)
        super(TrixSignal, self).__init__()
        self.lines.signal = self.p._movav(self.lines[0], period=self.p.sigperiod)
