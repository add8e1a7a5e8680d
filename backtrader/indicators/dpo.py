"""Detrended Price Oscillator."""
from backtrader.indicator import Indicator
from backtrader.indicators.sma import MovingAverageSimple
from backtrader.indicators.basicops import check_periods

__all__ = ['DetrendedPriceOscillator', 'DPO']


class DetrendedPriceOscillator(Indicator):
    """The data minus its average shifted back ``period // 2 + 1`` bars."""
    alias = ('DPO',)
    lines = ('dpo',)
    params = (('period', 20), ('movav', MovingAverageSimple))
    plotinfo = dict(plothlines=[0.0])

    def _plotlabel(self):
        extra = [self.p.movav] if self.p.notdefault('movav') else []
        return [self.p.period] + extra

    def __init__(self):
        check_periods(self)
        average = self.p.movav(self.data, period=self.p.period)
        self.lines.dpo = self.data - average(-self.p.period // 2 + 1)
        super(DetrendedPriceOscillator, self).__init__()
