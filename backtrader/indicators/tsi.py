"""True Strength Indicator (William Blau)."""
from backtrader.indicator import Indicator
from backtrader.indicators.ema import EMA
from backtrader.indicators.basicops import check_periods

__all__ = ['TrueStrengthIndicator', 'TSI']


class TrueStrengthIndicator(Indicator):
    """``100 * ma2(ma1(change)) / ma2(ma1(|change|))`` with the change over
    ``pchange`` bars."""
    alias = ('TSI',)
    params = (
        ('period1', 25),
        ('period2', 13),
        ('pchange', 1),
        ('_movav', EMA),
    )
    lines = ('tsi',)

    def _double(self, line):
        ma = self.p._movav
        return ma(ma(line, period=self.p.period1), period=self.p.period2)

    def __init__(self):
        check_periods(self)
        change = self.data - self.data(-self.p.pchange)
        self.lines.tsi = 100.0 * (self._double(change) / self._double(abs(change)))
