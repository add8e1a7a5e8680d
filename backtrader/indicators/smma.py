"""Smoothed (Wilder) moving average."""
from backtrader.indicators.basicops import kernel_for
from backtrader.indicators.mabase import MovingAverageBase
from backtrader._cy import kernels

__all__ = ['SmoothedMovingAverage', 'SMMA', 'WilderMA', 'MovingAverageSmoothed',
           'MovingAverageWilder', 'ModifiedMovingAverage']


class SmoothedMovingAverage(MovingAverageBase):
    """Exponential smoothing with ``alpha = 1 / period`` (Wilder)."""
    alias = ('SMMA', 'WilderMA', 'MovingAverageSmoothed', 'MovingAverageWilder',
             'ModifiedMovingAverage',)
    lines = ('smma',)
    _kernelkind = 'smma'      # the kernels' own averages (mabase.kernel_kind)

    def __init__(self):
        self.alpha = 1.0 / self.p.period
        self.alpha1 = 1.0 - self.alpha
        kernel_for(self, kernels.SMMAKernel, self.p.period)
        super(SmoothedMovingAverage, self).__init__()
