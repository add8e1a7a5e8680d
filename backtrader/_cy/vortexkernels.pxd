# Interface of the Vortex indicator kernel.
from backtrader._cy.kernels cimport Kernel, WinSum, WinSumSnap


cdef struct PrevBar:
    double high, low, close


cdef class VortexKernel(Kernel):
    cdef Py_ssize_t period
    cdef Py_ssize_t m0
    cdef PrevBar prev
    cdef PrevBar snapprev
    cdef WinSum up                 # exact sums over ``period`` bars of |high - low(-1)|
    cdef WinSum down               # ... of |low - high(-1)|
    cdef WinSum ranges             # ... of the true range
    cdef WinSumSnap snapup, snapdown, snapranges
