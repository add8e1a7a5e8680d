"""Standard and mean deviation."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel
from backtrader.indicators.mabase import MovAv
from backtrader._cy import kernels

__all__ = ['StandardDeviation', 'StdDev', 'MeanDeviation', 'MeanDev']


class StandardDeviation(Indicator):
    """``sqrt(mean(x^2) - mean(x)^2)`` over ``period`` values (``safepow`` takes
    the absolute value first). A second data, if given, is used as the mean."""
    alias = ('StdDev',)
    lines = ('stddev',)
    params = (('period', 20), ('movav', MovAv.Simple), ('safepow', True),)

    def _plotlabel(self):
        return [self.p.period] + [self.p.movav] * self.p.notdefault('movav')

    def __init__(self):
        if self.p.movav is MovAv.Simple:
            if len(self.datas) > 1:
                mean, mps = self.data1._line0, [self.data._minperiod, self.data1._minperiod]
            else:
                mean, mps = None, [self.data._minperiod]
            build_kernel(self, kernels.StdDevKernel, self.data._line0, self.lines[0],
                         self.p.period, safepow=self.p.safepow, mean=mean,
                         inminperiods=mps)
            return
        mean = self.data1 if len(self.datas) > 1 else self.p.movav(
            self.data, period=self.p.period)
        meansq = self.p.movav(pow(self.data, 2), period=self.p.period)
        sqmean = pow(mean, 2)
        if self.p.safepow:
            self.lines.stddev = pow(abs(meansq - sqmean), 0.5)
        else:
            self.lines.stddev = pow(meansq - sqmean, 0.5)


class MeanDeviation(Indicator):
    """Mean of the absolute deviations from the mean over ``period`` values."""
    alias = ('MeanDev',)
    lines = ('meandev',)
    params = (('period', 20), ('movav', MovAv.Simple),)

    def _plotlabel(self):
        return [self.p.period] + [self.p.movav] * self.p.notdefault('movav')

    def __init__(self):
        mean = self.data1 if len(self.datas) > 1 else self.p.movav(
            self.data, period=self.p.period)
        self.lines.meandev = self.p.movav(abs(self.data - mean), period=self.p.period)
