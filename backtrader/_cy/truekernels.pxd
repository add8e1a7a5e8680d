# Interface of the true high / true low kernels.
from backtrader._cy.kernels cimport TrueRangeKernel


cdef class TrueExtremeKernel(TrueRangeKernel):
    cdef int sign                  # +1 true high, -1 true low
