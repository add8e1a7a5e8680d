"""Relative Strength Index and its building blocks."""
from backtrader.functions import DivZeroByZero, Max
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel, kernel_for
from backtrader.indicators.mabase import MovAv
from backtrader._cy import kernels

__all__ = ['UpDay', 'DownDay', 'UpDayBool', 'DownDayBool', 'RelativeStrengthIndex',
           'RSI', 'RSI_SMMA', 'RSI_Wilder', 'RSI_Safe', 'RSI_SMA', 'RSI_Cutler',
           'RSI_EMA']

# moving averages the RSI kernel computes itself
_KERNEL_MOVAVS = {MovAv.Smoothed: 'smma', MovAv.Simple: 'sma',
                  MovAv.Exponential: 'ema'}


class UpDay(Indicator):
    """``max(x - x(-period), 0)``."""
    lines = ('upday',)
    params = (('period', 1),)

    def __init__(self):
        kernel_for(self, kernels.UpDayKernel, self.p.period)
        super(UpDay, self).__init__()


class DownDay(Indicator):
    """``max(x(-period) - x, 0)``."""
    lines = ('downday',)
    params = (('period', 1),)

    def __init__(self):
        kernel_for(self, kernels.DownDayKernel, self.p.period)
        super(DownDay, self).__init__()


class UpDayBool(Indicator):
    """1.0 when ``x > x(-period)``."""
    lines = ('upday',)
    params = (('period', 1),)

    def __init__(self):
        self.lines.upday = self.data > self.data(-self.p.period)
        super(UpDayBool, self).__init__()


class DownDayBool(Indicator):
    """1.0 when ``x(-period) > x``."""
    lines = ('downday',)
    params = (('period', 1),)

    def __init__(self):
        self.lines.downday = self.data(-self.p.period) > self.data
        super(DownDayBool, self).__init__()


class RelativeStrengthIndex(Indicator):
    """``100 - 100 / (1 + avg(up moves) / avg(down moves))`` (Wilder's RSI).

    ``safediv`` replaces the division by zero of a flat market with the RSI
    values ``safehigh`` (no down moves) and ``safelow`` (no moves at all).
    """
    alias = ('RSI', 'RSI_SMMA', 'RSI_Wilder',)
    lines = ('rsi',)
    params = (
        ('period', 14),
        ('movav', MovAv.Smoothed),
        ('upperband', 70.0),
        ('lowerband', 30.0),
        ('safediv', False),
        ('safehigh', 100.0),
        ('safelow', 50.0),
        ('lookback', 1),
    )

    def _plotlabel(self):
        labels = [self.p.period]
        labels += [self.p.movav] * self.p.notdefault('movav')
        labels += [self.p.lookback] * self.p.notdefault('lookback')
        return labels

    def _plotinit(self):
        self.plotinfo.plotyhlines = [self.p.upperband, self.p.lowerband]

    def __init__(self):
        movav = _KERNEL_MOVAVS.get(self.p.movav)
        if movav is not None:
            kernel_for(self, kernels.RSIKernel, period=self.p.period,
                       safediv=self.p.safediv, safehigh=self.p.safehigh,
                       safelow=self.p.safelow, lookback=self.p.lookback, movav=movav)
        else:
            upday = UpDay(self.data, period=self.p.lookback)
            downday = DownDay(self.data, period=self.p.lookback)
            maup = self.p.movav(upday, period=self.p.period)
            madown = self.p.movav(downday, period=self.p.period)
            if not self.p.safediv:
                rs = maup / madown
            else:
                rs = DivZeroByZero(maup, madown, self._rscalc(self.p.safehigh),
                                   self._rscalc(self.p.safelow))
            self.lines.rsi = 100.0 - 100.0 / (1.0 + rs)
        super(RelativeStrengthIndex, self).__init__()

    def _rscalc(self, rsi):
        try:
            return (-100.0 / (rsi - 100.0)) - 1.0
        except ZeroDivisionError:
            return float('inf')


class RSI_Safe(RelativeStrengthIndex):
    """RSI with ``safediv`` on."""
    params = (('safediv', True),)


class RSI_SMA(RelativeStrengthIndex):
    """RSI with simple moving averages (Cutler's RSI)."""
    alias = ('RSI_Cutler',)
    params = (('movav', MovAv.Simple),)


class RSI_EMA(RelativeStrengthIndex):
    """RSI with exponential moving averages."""
    params = (('movav', MovAv.Exponential),)
