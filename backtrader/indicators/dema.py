"""Double and triple exponential moving averages (Mulloy)."""
from backtrader.indicators.mabase import MovingAverageBase
from backtrader.indicators.ema import ExponentialMovingAverage
from backtrader.indicators.basicops import check_periods

__all__ = ['DoubleExponentialMovingAverage', 'DEMA', 'MovingAverageDoubleExponential',
           'TripleExponentialMovingAverage', 'TEMA', 'MovingAverageTripleExponential']


def cascade(movav, data, period, depth):
    """``[movav(data), movav(movav(data)), ...]``: ``depth`` averages in a chain."""
    stages = []
    for _ in range(depth):
        data = movav(data, period=period)
        stages.append(data)
    return stages


class DoubleExponentialMovingAverage(MovingAverageBase):
    """``2 * ema - ema(ema)``, less lag than the plain average (compiled stages)."""
    alias = ('DEMA', 'MovingAverageDoubleExponential',)
    lines = ('dema',)
    params = (('_movav', ExponentialMovingAverage),)

    def __init__(self):
        check_periods(self)
        first, second = cascade(self.p._movav, self.data, self.p.period, 2)
        self.lines.dema = 2.0 * first - second
        super(DoubleExponentialMovingAverage, self).__init__()


class TripleExponentialMovingAverage(MovingAverageBase):
    """``3 * ema - 3 * ema(ema) + ema(ema(ema))`` (compiled stages)."""
    alias = ('TEMA', 'MovingAverageTripleExponential',)
    lines = ('tema',)
    params = (('_movav', ExponentialMovingAverage),)

    def __init__(self):
        check_periods(self)
        e1, e2, e3 = cascade(self.p._movav, self.data, self.p.period, 3)
        self.lines.tema = 3.0 * e1 - 3.0 * e2 + e3
        super(TripleExponentialMovingAverage, self).__init__()
