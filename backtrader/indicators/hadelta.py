"""Heikin Ashi delta (Dan Valcu)."""
from backtrader.indicator import Indicator
from backtrader.indicators.heikinashi import HeikinAshi
from backtrader.indicators.sma import SMA
from backtrader.indicators.basicops import check_periods

__all__ = ['haDelta', 'haD']


class haDelta(Indicator):
    """Heikin Ashi ``close - open`` and its ``period`` average; with
    ``autoheikin`` off the data is taken as Heikin Ashi candles already."""
    alias = ('haD',)
    lines = ('haDelta', 'smoothed')
    params = (
        ('period', 3),
        ('movav', SMA),
        ('autoheikin', True),
    )
    plotlines = dict(haDelta=dict(color='red'),
                     smoothed=dict(color='grey', _fill_gt=(0, 'green'),
                                   _fill_lt=(0, 'red')))
    plotinfo = dict(subplot=True)

    def __init__(self):
        check_periods(self)
        candles = HeikinAshi(self.data) if self.p.autoheikin else self.data
        self.lines.haDelta = body = candles.close - candles.open
        self.lines.smoothed = self.p.movav(body, period=self.p.period)
        super(haDelta, self).__init__()
