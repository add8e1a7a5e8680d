"""Standard and mean deviation."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel, check_periods
from backtrader.indicators.mabase import kernel_kind
from backtrader.indicators.sma import MovingAverageSimple
from backtrader._cy import kernels

__all__ = ['StandardDeviation', 'StdDev', 'MeanDeviation', 'MeanDev']


def _mean_line(ind):
    """The mean to measure from: the second data when given, else movav(data)."""
    if len(ind.datas) > 1:
        return ind.data1
    return ind.p.movav(ind.data, period=ind.p.period)


def _label(ind):
    movav = [ind.p.movav] if ind.p.notdefault('movav') else []
    return [ind.p.period] + movav


class StandardDeviation(Indicator):
    """``sqrt(mean(x^2) - mean(x)^2)`` over ``period`` values; ``safepow`` takes
    the absolute value of the difference first. A second data, if given, is
    used as ``mean(x)``. Compiled (exact window sums) with the simple average."""
    alias = ('StdDev',)
    lines = ('stddev',)
    params = (('period', 20), ('movav', MovingAverageSimple), ('safepow', True),)

    def _plotlabel(self):
        return _label(self)

    def __init__(self):
        check_periods(self)
        if kernel_kind(self.p.movav) == 'sma':
            datas = self.datas[:2]
            mean = datas[1]._line0 if len(datas) > 1 else None
            build_kernel(self, kernels.StdDevKernel, self.data._line0, self.lines[0],
                         self.p.period, safepow=self.p.safepow, mean=mean,
                         inminperiods=[d._minperiod for d in datas])
            return
        variance = (self.p.movav(pow(self.data, 2), period=self.p.period)
                    - pow(_mean_line(self), 2))
        self.lines.stddev = pow(abs(variance) if self.p.safepow else variance, 0.5)


class MeanDeviation(Indicator):
    """Mean of the absolute deviations from the mean over ``period`` values
    (a second data, if given, is the mean)."""
    alias = ('MeanDev',)
    lines = ('meandev',)
    params = (('period', 20), ('movav', MovingAverageSimple),)

    def _plotlabel(self):
        return _label(self)

    def __init__(self):
        check_periods(self)
        spread = abs(self.data - _mean_line(self))
        self.lines.meandev = self.p.movav(spread, period=self.p.period)
