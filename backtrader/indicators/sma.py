"""Simple moving average."""
from backtrader.indicators.basicops import kernel_for
from backtrader.indicators.mabase import MovingAverageBase
from backtrader._cy import kernels

__all__ = ['MovingAverageSimple', 'SMA', 'SimpleMovingAverage']


class MovingAverageSimple(MovingAverageBase):
    """Arithmetic mean of the last ``period`` values (compiled kernel)."""
    alias = ('SMA', 'SimpleMovingAverage',)
    lines = ('sma',)
    _kernelkind = 'sma'      # the kernels' own averages (mabase.kernel_kind)

    def __init__(self):
        kernel_for(self, kernels.SMAKernel, self.p.period)
        super(MovingAverageSimple, self).__init__()
