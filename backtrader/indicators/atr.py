"""True range and Average True Range."""
from backtrader.functions import Max, Min
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel
from backtrader.indicators.mabase import MovAv
from backtrader._cy import kernels

__all__ = ['TrueHigh', 'TrueLow', 'TrueRange', 'TR', 'AverageTrueRange', 'ATR']

_KERNEL_MOVAVS = {MovAv.Smoothed: 'smma', MovAv.Simple: 'sma', MovAv.Exponential: 'ema'}


def _hlc(ind):
    data = ind.data
    lines = (data.lines.high, data.lines.low, data.lines.close)
    return lines, [data._minperiod] * 3


class TrueHigh(Indicator):
    """The higher of today's high and yesterday's close."""
    lines = ('truehigh',)

    def __init__(self):
        self.lines.truehigh = Max(self.data.high, self.data.close(-1))
        super(TrueHigh, self).__init__()


class TrueLow(Indicator):
    """The lower of today's low and yesterday's close."""
    lines = ('truelow',)

    def __init__(self):
        self.lines.truelow = Min(self.data.low, self.data.close(-1))
        super(TrueLow, self).__init__()


class TrueRange(Indicator):
    """``TrueHigh - TrueLow`` (compiled kernel)."""
    alias = ('TR',)
    lines = ('tr',)

    def __init__(self):
        (high, low, close), mps = _hlc(self)
        build_kernel(self, kernels.TrueRangeKernel, high, low, close, self.lines.tr,
                     inminperiods=mps)
        super(TrueRange, self).__init__()


class AverageTrueRange(Indicator):
    """Moving average (Wilder's by default) of the true range."""
    alias = ('ATR',)
    lines = ('atr',)
    params = (('period', 14), ('movav', MovAv.Smoothed))

    def _plotlabel(self):
        return [self.p.period] + [self.p.movav] * self.p.notdefault('movav')

    def __init__(self):
        movav = _KERNEL_MOVAVS.get(self.p.movav)
        if movav is not None:
            (high, low, close), mps = _hlc(self)
            build_kernel(self, kernels.ATRKernel, high, low, close, self.lines.atr,
                         period=self.p.period, movav=movav, inminperiods=mps)
        else:
            self.lines.atr = self.p.movav(TrueRange(self.data), period=self.p.period)
        super(AverageTrueRange, self).__init__()
