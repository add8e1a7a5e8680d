"""Bollinger Bands."""
from backtrader.indicator import Indicator
from backtrader.indicators.deviation import StdDev
from backtrader.indicators.mabase import MovAv

__all__ = ['BollingerBands', 'BBands', 'BollingerBandsPct']


class BollingerBands(Indicator):
    """``mid = movav(period)``, ``top/bot = mid +/- devfactor * StdDev(period)``.

    Every piece is compiled: the moving average and the deviation are kernels,
    the band arithmetic is C-level line operations.
    """
    alias = ('BBands',)
    lines = ('mid', 'top', 'bot',)
    params = (('period', 20), ('devfactor', 2.0), ('movav', MovAv.Simple),)
    plotinfo = dict(subplot=False)
    plotlines = dict(mid=dict(ls='--'), top=dict(_samecolor=True),
                     bot=dict(_samecolor=True))

    def _plotlabel(self):
        return ([self.p.period, self.p.devfactor]
                + [self.p.movav] * self.p.notdefault('movav'))

    def __init__(self):
        self.lines.mid = ma = self.p.movav(self.data, period=self.p.period)
        stddev = self.p.devfactor * StdDev(self.data, ma, period=self.p.period,
                                           movav=self.p.movav)
        self.lines.top = ma + stddev
        self.lines.bot = ma - stddev
        super(BollingerBands, self).__init__()


class BollingerBandsPct(BollingerBands):
    """Bollinger Bands plus ``pctb``, the position of the data within the bands."""
    lines = ('pctb',)
    plotlines = dict(pctb=dict(_name='%B'))

    def __init__(self):
        super(BollingerBandsPct, self).__init__()
        self.l.pctb = (self.data - self.l.bot) / (self.l.top - self.l.bot)
