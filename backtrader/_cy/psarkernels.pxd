# Interface of the Parabolic SAR kernel.
from backtrader._cy.kernels cimport Kernel


cdef struct SarState:
    bint started           # the first trend has been set (from bar 2 on)
    bint rising            # trend direction
    double sar             # stop-and-reverse level for the next bar
    double ep              # extreme point of the trend
    double af              # acceleration factor
    double ph, pl, pc      # high, low and close of the previous bar


cdef class PSARKernel(Kernel):
    cdef double step       # af: start and increment of the acceleration factor
    cdef double afmax
    cdef SarState st
    cdef SarState snap
