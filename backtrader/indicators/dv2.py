"""DV2 (David Varadi)."""
from backtrader.indicator import Indicator
from backtrader.indicators.percentrank import PercentRank
from backtrader.indicators.sma import SMA
from backtrader.indicators.basicops import check_periods

__all__ = ['DV2']


class DV2(Indicator):
    """100 times the percent rank of a short average of ``close / midrange``."""
    params = (
        ('period', 252),
        ('maperiod', 2),
        ('_movav', SMA),
    )
    lines = ('dv2',)

    def __init__(self):
        check_periods(self)
        d = self.data
        ratio = d.close / ((d.high + d.low) / 2.0)
        smooth = self.p._movav(ratio, period=self.p.maperiod)
        self.lines.dv2 = PercentRank(smooth, period=self.p.period) * 100
        super(DV2, self).__init__()
