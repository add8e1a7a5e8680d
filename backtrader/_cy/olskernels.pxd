# Interface of the rolling least-squares kernel.
from backtrader._cy.kernels cimport Kernel, WinSum, WinSumSnap


cdef class OLSKernel(Kernel):
    cdef Py_ssize_t period
    cdef Py_ssize_t m0
    cdef WinSum ys             # the windows and their exact sums
    cdef WinSum xs
    cdef WinSum acc            # scratch: the centred sums of one bar
    cdef WinSumSnap snapy
    cdef WinSumSnap snapx
