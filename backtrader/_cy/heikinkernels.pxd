# Interface of the Heikin Ashi kernels (the smoothed open, the candle's extremes).
from backtrader._cy.kernels cimport Kernel


cdef class HeikinOpenKernel(Kernel):
    cdef Py_ssize_t m0
    cdef double prevopen, prevclose      # smoothed open and close of the previous bar
    cdef double snapopen, snapclose


cdef class HeikinExtremeKernel(Kernel):
    cdef int sign                        # +1 the high, -1 the low
