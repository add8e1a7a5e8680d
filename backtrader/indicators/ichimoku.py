"""Ichimoku Kinko Hyo."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import Highest, Lowest, check_periods

__all__ = ['Ichimoku']


class Ichimoku(Indicator):
    """Midpoints of the high/low ranges of three windows; the cloud lines are
    shown ``senkou_lead`` bars ahead and the close ``chikou`` bars back."""
    lines = ('tenkan_sen', 'kijun_sen',
             'senkou_span_a', 'senkou_span_b', 'chikou_span',)
    params = (
        ('tenkan', 9),
        ('kijun', 26),
        ('senkou', 52),
        ('senkou_lead', 26),
        ('chikou', 26),
    )
    plotinfo = dict(subplot=False)
    plotlines = dict(
        senkou_span_a=dict(_fill_gt=('senkou_span_b', 'g'),
                           _fill_lt=('senkou_span_b', 'r')),
    )

    def _midrange(self, period):
        data = self.data
        return (Highest(data.high, period=period) + Lowest(data.low, period=period)) / 2.0

    def __init__(self):
        check_periods(self)
        p, out = self.p, self.lines
        out.tenkan_sen = self._midrange(p.tenkan)
        out.kijun_sen = self._midrange(p.kijun)
        cloud_a = (out.tenkan_sen + out.kijun_sen) / 2.0
        out.senkou_span_a = cloud_a(-p.senkou_lead)
        out.senkou_span_b = self._midrange(p.senkou)(-p.senkou_lead)
        out.chikou_span = self.data.close(p.chikou)
        super(Ichimoku, self).__init__()
