"""Kaufman's adaptive moving average."""
from backtrader.indicators.basicops import check_periods, kernel_for
from backtrader.indicators.mabase import MovingAverageBase
from backtrader._cy.adaptivekernels import KAMAKernel

__all__ = ['AdaptiveMovingAverage', 'KAMA', 'MovingAverageAdaptive']


class AdaptiveMovingAverage(MovingAverageBase):
    """Exponential smoothing whose factor follows the efficiency ratio
    ``|x - x(-period)| / sum(|x - x(-1)|, period)``: between the factors of a
    ``fast`` and a ``slow`` average, squared. Seeded with the simple average.
    Compiled (``backtrader/_cy/adaptivekernels.pyx``)."""
    alias = ('KAMA', 'MovingAverageAdaptive',)
    lines = ('kama',)
    params = (('fast', 2), ('slow', 30))

    def __init__(self):
        check_periods(self)
        kernel_for(self, KAMAKernel, period=self.p.period, fast=self.p.fast,
                   slow=self.p.slow)
        super(AdaptiveMovingAverage, self).__init__()
