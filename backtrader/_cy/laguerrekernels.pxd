# Interface of the Laguerre filter kernels (Ehlers' LRSI and LAGF).
from backtrader._cy.kernels cimport Kernel


cdef struct LaguerreStages:
    double s0, s1, s2, s3


cdef class LaguerreKernel(Kernel):
    cdef double gamma
    cdef bint rsi                  # the RSI of the stages (else the 1:2:2:1 filter)
    cdef LaguerreStages st
    cdef LaguerreStages snap
