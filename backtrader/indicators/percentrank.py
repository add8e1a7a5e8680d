"""Percent rank."""
import math

from backtrader.indicators.basicops import BaseApplyN, OperationN, keeps_steps, kernel_for
from backtrader._cy.rankkernels import PercentRankKernel

__all__ = ['PercentRank', 'PctRank']


def _share_below_last(values):
    """Fraction of the window's values below its newest value."""
    newest = values[-1]
    return math.fsum(v < newest for v in values) / len(values)


class PercentRank(BaseApplyN):
    """The fraction of the last ``period`` values that are below the current one
    (compiled for the default ``func``)."""
    alias = ('PctRank',)
    lines = ('pctrank',)
    params = (('period', 50), ('func', _share_below_last),)

    def __init__(self):
        super(PercentRank, self).__init__()
        if self.p.func is _share_below_last and keeps_steps(self, OperationN) \
                and type(self)._apply is OperationN._apply:
            kernel_for(self, PercentRankKernel, self.p.period)
