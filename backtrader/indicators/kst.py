"""Know Sure Thing (Martin Pring)."""
from backtrader.indicator import Indicator
from backtrader.indicators.momentum import ROC100
from backtrader.indicators.sma import SMA
from backtrader.indicators.basicops import check_periods

__all__ = ['KnowSureThing', 'KST']


class KnowSureThing(Indicator):
    """A weighted sum of four smoothed rates of change and its signal average."""
    alias = ('KST',)
    lines = ('kst', 'signal',)
    params = (
        ('rp1', 10), ('rp2', 15), ('rp3', 20), ('rp4', 30),
        ('rma1', 10), ('rma2', 10), ('rma3', 10), ('rma4', 10),
        ('rsignal', 9),
        ('rfactors', [1.0, 2.0, 3.0, 4.0]),
        ('_rmovav', SMA),
        ('_smovav', SMA),
    )
    plotinfo = dict(plothlines=[0.0])

    def __init__(self):
        check_periods(self)
        p = self.p
        parts = [self.p._rmovav(ROC100(self.data, period=getattr(p, 'rp%d' % n)),
                                period=getattr(p, 'rma%d' % n)) for n in (1, 2, 3, 4)]
        total = 0
        for weight, part in zip(p.rfactors, parts):
            total = total + weight * part
        self.lines.kst = total
        self.lines.signal = p._smovav(self.lines.kst, period=p.rsignal)
        super(KnowSureThing, self).__init__()
