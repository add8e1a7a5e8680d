"""Exponential moving average."""
from backtrader.indicators.basicops import kernel_for
from backtrader.indicators.mabase import MovingAverageBase
from backtrader._cy import kernels

__all__ = ['ExponentialMovingAverage', 'EMA', 'MovingAverageExponential']


class ExponentialMovingAverage(MovingAverageBase):
    """Exponential smoothing with ``alpha = 2 / (1 + period)``, seeded with the
    simple average of the first ``period`` values."""
    alias = ('EMA', 'MovingAverageExponential',)
    lines = ('ema',)
    _kernelkind = 'ema'      # the kernels' own averages (mabase.kernel_kind)

    def __init__(self):
        self.alpha = 2.0 / (1.0 + self.p.period)
        self.alpha1 = 1.0 - self.alpha
        kernel_for(self, kernels.EMAKernel, self.p.period)
        super(ExponentialMovingAverage, self).__init__()
