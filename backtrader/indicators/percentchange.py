"""Percent change."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import check_periods

__all__ = ['PercentChange', 'PctChange']


class PercentChange(Indicator):
    """``x / x(-period) - 1``."""
    params = (('period', 30),)
    alias = ('PctChange',)
    lines = ('pctchange',)
    plotlines = dict(pctchange=dict(_name='%change'))

    def __init__(self):
        check_periods(self)
        earlier = self.data(-self.p.period)
        self.lines.pctchange = self.data / earlier - 1.0
        super(PercentChange, self).__init__()
