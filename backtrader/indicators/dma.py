"""Dickson moving average."""
from backtrader.indicators.mabase import MovingAverageBase
from backtrader.indicators.ema import ExponentialMovingAverage
from backtrader.indicators.hma import HullMovingAverage
from backtrader.indicators.zlind import ZeroLagIndicator
from backtrader.indicators.basicops import check_periods

__all__ = ['DicksonMovingAverage', 'DMA', 'DicksonMA']


class DicksonMovingAverage(MovingAverageBase):
    """The mean of a zero-lag (error-correcting) average of ``period`` and a
    Hull average of ``hperiod``."""
    alias = ('DMA', 'DicksonMA',)
    lines = ('dma',)
    params = (
        ('gainlimit', 50),
        ('hperiod', 7),
        ('_movav', ExponentialMovingAverage),
        ('_hma', HullMovingAverage),
    )

    def _plotlabel(self):
        labels = [self.p.period, self.p.gainlimit, self.p.hperiod]
        return labels + [getattr(self.p, n) for n in ('_movav', '_hma')
                         if self.p.notdefault(n)]

    def __init__(self):
        check_periods(self)
        p = self.p
        corrected = ZeroLagIndicator(self.data, period=p.period,
                                     gainlimit=p.gainlimit, _movav=p._movav)
        hull = p._hma(self.data, period=p.hperiod)
        self.lines.dma = (corrected + hull) / 2.0
        super(DicksonMovingAverage, self).__init__()
