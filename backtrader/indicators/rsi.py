"""Relative Strength Index and its building blocks (UpDay, DownDay, ...)."""
from backtrader.functions import DivZeroByZero
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import check_periods, kernel_for
from backtrader.indicators.mabase import kernel_kind
from backtrader.indicators.sma import MovingAverageSimple
from backtrader.indicators.ema import ExponentialMovingAverage
from backtrader.indicators.smma import SmoothedMovingAverage
from backtrader._cy import kernels

__all__ = ['UpDay', 'DownDay', 'UpDayBool', 'DownDayBool', 'RelativeStrengthIndex',
           'RSI', 'RSI_SMMA', 'RSI_Wilder', 'RSI_Safe', 'RSI_SMA', 'RSI_Cutler',
           'RSI_EMA']


class UpDay(Indicator):
    """The rise over ``period`` bars, 0 when the data fell: ``max(x - x(-period), 0)``."""
    lines = ('upday',)
    params = (('period', 1),)

    def __init__(self):
        check_periods(self)
        kernel_for(self, kernels.UpDayKernel, self.p.period)
        super(UpDay, self).__init__()


class DownDay(Indicator):
    """The fall over ``period`` bars, 0 when the data rose: ``max(x(-period) - x, 0)``."""
    lines = ('downday',)
    params = (('period', 1),)

    def __init__(self):
        check_periods(self)
        kernel_for(self, kernels.DownDayKernel, self.p.period)
        super(DownDay, self).__init__()


class UpDayBool(Indicator):
    """1.0 on bars where the data is above its value ``period`` bars ago."""
    lines = ('upday',)
    params = (('period', 1),)

    def __init__(self):
        check_periods(self)
        earlier = self.data(-self.p.period)
        self.lines.upday = self.data > earlier
        super(UpDayBool, self).__init__()


class DownDayBool(Indicator):
    """1.0 on bars where the data is below its value ``period`` bars ago."""
    lines = ('downday',)
    params = (('period', 1),)

    def __init__(self):
        check_periods(self)
        earlier = self.data(-self.p.period)
        self.lines.downday = earlier > self.data
        super(DownDayBool, self).__init__()


def _rs_for(rsi):
    """The up/down ratio at which the RSI equals ``rsi`` (inf for 100)."""
    if rsi == 100.0:
        return float('inf')
    return 100.0 / (100.0 - rsi) - 1.0


class RelativeStrengthIndex(Indicator):
    """Wilder's RSI: ``100 - 100 / (1 + avg(up moves) / avg(down moves))``.

    Moves are taken over ``lookback`` bars and averaged with ``movav`` (the
    compiled kernel does it for the simple, exponential and smoothed averages).
    With ``safediv`` a flat market gives ``safehigh`` (no down moves) or
    ``safelow`` (no moves at all) instead of dividing by zero.
    """
    alias = ('RSI', 'RSI_SMMA', 'RSI_Wilder',)
    lines = ('rsi',)
    params = (
        ('period', 14),
        ('movav', SmoothedMovingAverage),
        ('upperband', 70.0),
        ('lowerband', 30.0),
        ('safediv', False),
        ('safehigh', 100.0),
        ('safelow', 50.0),
        ('lookback', 1),
    )

    def _plotlabel(self):
        extras = [name for name in ('movav', 'lookback') if self.p.notdefault(name)]
        return [self.p.period] + [getattr(self.p, name) for name in extras]

    def _plotinit(self):
        self.plotinfo.plotyhlines = [self.p.upperband, self.p.lowerband]

    def __init__(self):
        check_periods(self)
        p = self.p
        kind = kernel_kind(p.movav)
        if kind is not None:
            kernel_for(self, kernels.RSIKernel, period=p.period, safediv=p.safediv,
                       safehigh=p.safehigh, safelow=p.safelow, lookback=p.lookback,
                       movav=kind)
        else:
            self.lines.rsi = 100.0 - 100.0 / (1.0 + self._ratio())
        super(RelativeStrengthIndex, self).__init__()

    def _ratio(self):
        """avg(up) / avg(down) composed of indicators (any other average)."""
        p = self.p
        ups, downs = (p.movav(move(self.data, period=p.lookback), period=p.period)
                      for move in (UpDay, DownDay))
        if p.safediv:
            return DivZeroByZero(ups, downs, _rs_for(p.safehigh), _rs_for(p.safelow))
        return ups / downs


class RSI_Safe(RelativeStrengthIndex):
    """RSI with ``safediv`` on."""
    params = (('safediv', True),)


class RSI_SMA(RelativeStrengthIndex):
    """RSI with simple moving averages (Cutler's RSI)."""
    alias = ('RSI_Cutler',)
    params = (('movav', MovingAverageSimple),)


class RSI_EMA(RelativeStrengthIndex):
    """RSI with exponential moving averages."""
    params = (('movav', ExponentialMovingAverage),)
