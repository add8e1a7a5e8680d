"""Commodity Channel Index."""
from backtrader.indicator import Indicator
from backtrader.indicators.deviation import MeanDev
from backtrader.indicators.sma import MovingAverageSimple
from backtrader.indicators.basicops import check_periods

__all__ = ['CommodityChannelIndex', 'CCI']


class CommodityChannelIndex(Indicator):
    """Lambert's CCI: the typical price's distance from its average in units of
    ``factor`` times its mean deviation."""
    alias = ('CCI',)
    lines = ('cci',)
    params = (('period', 20),
              ('factor', 0.015),
              ('movav', MovingAverageSimple),
              ('upperband', 100.0),
              ('lowerband', -100.0),)

    def _plotlabel(self):
        extra = [self.p.movav] if self.p.notdefault('movav') else []
        return [self.p.period, self.p.factor] + extra

    def _plotinit(self):
        self.plotinfo.plotyhlines = [0.0, self.p.upperband, self.p.lowerband]

    def __init__(self):
        check_periods(self)
        data, p = self.data, self.p
        typical = (data.high + data.low + data.close) / 3.0
        centre = p.movav(typical, period=p.period)
        spread = MeanDev(typical, centre, period=p.period)
        self.lines.cci = (typical - centre) / (p.factor * spread)
        super(CommodityChannelIndex, self).__init__()
