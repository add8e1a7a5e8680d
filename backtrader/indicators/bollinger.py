"""Bollinger Bands."""
from backtrader.indicator import Indicator
from backtrader.indicators.deviation import StdDev
from backtrader.indicators.sma import MovingAverageSimple
from backtrader.indicators.basicops import check_periods

__all__ = ['BollingerBands', 'BBands', 'BollingerBandsPct']


class BollingerBands(Indicator):
    """A moving average (``mid``) with bands ``devfactor`` standard deviations
    above (``top``) and below (``bot``) it.

    The average and the deviation are compiled kernels, the band arithmetic
    C-level line operations.
    """
    alias = ('BBands',)
    lines = ('mid', 'top', 'bot',)
    params = (('period', 20), ('devfactor', 2.0), ('movav', MovingAverageSimple),)
    plotinfo = dict(subplot=False)
    plotlines = dict(mid=dict(ls='--'), top=dict(_samecolor=True),
                     bot=dict(_samecolor=True))

    def _plotlabel(self):
        labels = [self.p.period, self.p.devfactor]
        return labels + ([self.p.movav] if self.p.notdefault('movav') else [])

    def __init__(self):
        check_periods(self)
        period, movav = self.p.period, self.p.movav
        centre = movav(self.data, period=period)
        width = StdDev(self.data, centre, period=period, movav=movav)
        width = self.p.devfactor * width
        out = self.lines
        out.mid, out.top, out.bot = centre, centre + width, centre - width
        super(BollingerBands, self).__init__()


class BollingerBandsPct(BollingerBands):
    """Bollinger Bands plus ``pctb``, where the data sits between the bands
    (0 at ``bot``, 1 at ``top``)."""
    lines = ('pctb',)
    plotlines = dict(pctb=dict(_name='%B'))

    def __init__(self):
        check_periods(self)
        super(BollingerBandsPct, self).__init__()
        out = self.lines
        out.pctb = (self.data - out.bot) / (out.top - out.bot)
