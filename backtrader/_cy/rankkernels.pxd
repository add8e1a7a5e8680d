# Interface of the percent-rank kernel.
from backtrader._cy.kernels cimport _DayKernel


cdef class PercentRankKernel(_DayKernel):
    pass
