"""Hurst exponent (compiled, ``backtrader/_cy/hurstkernels.pyx``)."""
from backtrader.indicators.basicops import PeriodN, kernel_for
from backtrader._cy.hurstkernels import HurstKernel

__all__ = ['HurstExponent', 'Hurst']


class HurstExponent(PeriodN):
    """Twice the slope of ``log10(sqrt(std(x[lag:] - x[:-lag])))`` against
    ``log10(lag)`` for ``lag`` in ``[lag_start, lag_end)`` (defaults 2 and
    ``period // 2``), fitted over the last ``period`` values."""
    alias = ('Hurst',)
    lines = ('hurst',)
    params = (
        ('period', 40),
        ('lag_start', None),
        ('lag_end', None),
    )

    def _plotlabel(self):
        return [self.p.period, self._lag_start, self._lag_end]

    def __init__(self):
        super(HurstExponent, self).__init__()
        self._lag_start = self.p.lag_start or 2
        self._lag_end = self.p.lag_end or (self.p.period // 2)
        kernel_for(self, HurstKernel, self.p.period, self._lag_start, self._lag_end)
