# Interface of the directional-movement kernel (Wilder's +DM / -DM).
from backtrader._cy.kernels cimport Kernel


cdef class DirectionalMoveKernel(Kernel):
    cdef int side                  # +1: up moves of the highs, -1: down moves of the lows
    cdef Py_ssize_t m0             # first bar with both inputs
    cdef double ph, pl             # high and low of the previous bar
    cdef double snapph, snappl
