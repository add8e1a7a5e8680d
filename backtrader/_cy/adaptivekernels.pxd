# Interface of the adaptive moving-average kernels (KAMA, error-correcting EC).
from backtrader._cy.kernels cimport Kernel, WinSum, WinSumSnap, Avg, AvgSnap


cdef class KAMAKernel(Kernel):
    cdef Py_ssize_t period
    cdef Py_ssize_t m0
    cdef double fastsc, slowsc     # smoothing factors of the fast and slow averages
    cdef double* ring              # last period + 1 inputs, slot = count % (period + 1)
    cdef Py_ssize_t count          # inputs pushed since the last clear
    cdef double prev               # the last output
    cdef WinSum vol                # exact sum of |x - x(-1)| over ``period`` bars
    cdef WinSum seed               # exact sum of the inputs over ``period`` bars
    cdef Py_ssize_t snapcount
    cdef double snapprev
    cdef double snapslot
    cdef WinSumSnap snapvol
    cdef WinSumSnap snapseed


cdef class ErrorCorrectingKernel(Kernel):
    cdef Py_ssize_t m0
    cdef Py_ssize_t gainlimit
    cdef Avg ema
    cdef AvgSnap snapema
    cdef double prev               # the last output (NaN before the first)
    cdef double snapprev
