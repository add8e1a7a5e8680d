"""Crossings of two lines: NonZeroDifference, CrossUp, CrossDown, CrossOver."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel
from backtrader._cy import kernels

__all__ = ['NonZeroDifference', 'NZD', 'CrossUp', 'CrossDown', 'CrossOver']


class _TwoDataKernel(Indicator):
    _mindatas = 2
    _kernelcls = None

    def __init__(self):
        build_kernel(self, self._kernelcls, self.data0._line0, self.data1._line0,
                     self.lines[0],
                     inminperiods=[self.data0._minperiod, self.data1._minperiod])


class NonZeroDifference(_TwoDataKernel):
    """``data0 - data1``, keeping the previous value when the difference is 0."""
    alias = ('NZD',)
    lines = ('nzd',)
    _kernelcls = kernels.NonZeroDifferenceKernel


class _CrossBase(_TwoDataKernel):
    lines = ('cross',)
    plotinfo = dict(plotymargin=0.05, plotyhlines=[0.0, 1.0])


class CrossUp(_CrossBase):
    """1.0 on the bar where data0 crosses data1 upwards, else 0.0."""
    _crossup = True
    _kernelcls = kernels.CrossUpKernel


class CrossDown(_CrossBase):
    """1.0 on the bar where data0 crosses data1 downwards, else 0.0."""
    _crossup = False
    _kernelcls = kernels.CrossDownKernel


class CrossOver(_TwoDataKernel):
    """1.0 on an upward cross of data0 over data1, -1.0 on a downward one, else 0.0.

    A cross is counted against the last non-zero difference, so touching and
    moving away again is not a cross.
    """
    lines = ('crossover',)
    plotinfo = dict(plotymargin=0.05, plotyhlines=[-1.0, 1.0])
    _kernelcls = kernels.CrossOverKernel
