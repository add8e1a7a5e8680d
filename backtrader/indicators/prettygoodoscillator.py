"""Pretty Good Oscillator (Mark Johnson)."""
from backtrader.indicator import Indicator
from backtrader.indicators.atr import ATR
from backtrader.indicators.sma import MovingAverageSimple
from backtrader.indicators.basicops import check_periods

__all__ = ['PrettyGoodOscillator', 'PGO', 'PrettyGoodOsc']


class PrettyGoodOscillator(Indicator):
    """The data's distance from its average in units of the ATR."""
    alias = ('PGO', 'PrettyGoodOsc',)
    lines = ('pgo',)
    params = (('period', 14), ('_movav', MovingAverageSimple),)

    def __init__(self):
        check_periods(self)
        period = self.p.period
        distance = self.data - self.p._movav(self.data, period=period)
        self.lines.pgo = distance / ATR(self.data, period=period)
        super(PrettyGoodOscillator, self).__init__()
