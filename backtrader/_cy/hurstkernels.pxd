# Interface of the Hurst exponent kernel.
from backtrader._cy.kernels cimport _DayKernel


cdef class HurstKernel(_DayKernel):
    # (the value ring of UpDay/DownDay keeps the window)
    cdef Py_ssize_t lag0       # first lag
    cdef Py_ssize_t nlags      # lags lag0 .. lag0 + nlags - 1
    cdef double* window        # the window, oldest first (scratch)
    cdef double* logtau        # log10 of each lag's tau (scratch)
    cdef double logmean        # mean of log10(lag)
    cdef double logss          # sum of squared deviations of log10(lag)
