"""Weighted moving average."""
from backtrader.indicators.basicops import kernel_for
from backtrader.indicators.mabase import MovingAverageBase
from backtrader._cy import kernels

__all__ = ['WeightedMovingAverage', 'WMA', 'MovingAverageWeighted']


class WeightedMovingAverage(MovingAverageBase):
    """Linearly weighted average: the newest value weighs ``period``, the
    oldest 1."""
    alias = ('WMA', 'MovingAverageWeighted',)
    lines = ('wma',)

    def __init__(self):
        kernel_for(self, kernels.WMAKernel, self.p.period)
        super(WeightedMovingAverage, self).__init__()
