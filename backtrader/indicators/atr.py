"""True range and Average True Range."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel, check_periods
from backtrader.indicators.mabase import kernel_kind
from backtrader.indicators.smma import SmoothedMovingAverage
from backtrader._cy import kernels
from backtrader._cy.truekernels import TrueExtremeKernel

__all__ = ['TrueHigh', 'TrueLow', 'TrueRange', 'TR', 'AverageTrueRange', 'ATR']

def _hlc(ind):
    data = ind.data
    lines = (data.lines.high, data.lines.low, data.lines.close)
    return lines, [data._minperiod] * 3


def _true_extreme(ind, sign):
    (high, low, close), mps = _hlc(ind)
    build_kernel(ind, TrueExtremeKernel, high, low, close, ind.lines[0], sign,
                 inminperiods=mps)


class TrueHigh(Indicator):
    """The higher of today's high and yesterday's close (compiled)."""
    lines = ('truehigh',)

    def __init__(self):
        check_periods(self)
        _true_extreme(self, 1)
        super(TrueHigh, self).__init__()


class TrueLow(Indicator):
    """The lower of today's low and yesterday's close (compiled)."""
    lines = ('truelow',)

    def __init__(self):
        check_periods(self)
        _true_extreme(self, -1)
        super(TrueLow, self).__init__()


class TrueRange(Indicator):
    """``TrueHigh - TrueLow`` (compiled kernel)."""
    alias = ('TR',)
    lines = ('tr',)

    def __init__(self):
        check_periods(self)
        (high, low, close), mps = _hlc(self)
        build_kernel(self, kernels.TrueRangeKernel, high, low, close, self.lines.tr,
                     inminperiods=mps)
        super(TrueRange, self).__init__()


class AverageTrueRange(Indicator):
    """Moving average (Wilder's by default) of the true range."""
    alias = ('ATR',)
    lines = ('atr',)
    params = (('period', 14), ('movav', SmoothedMovingAverage))

    def _plotlabel(self):
        return [self.p.period] + [self.p.movav] * self.p.notdefault('movav')

    def __init__(self):
        check_periods(self)
        movav = kernel_kind(self.p.movav)
        if movav is not None:
            (high, low, close), mps = _hlc(self)
            build_kernel(self, kernels.ATRKernel, high, low, close, self.lines.atr,
                         period=self.p.period, movav=movav, inminperiods=mps)
        else:
            self.lines.atr = self.p.movav(TrueRange(self.data), period=self.p.period)
        super(AverageTrueRange, self).__init__()
