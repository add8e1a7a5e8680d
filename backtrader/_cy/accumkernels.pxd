# Interface of the running-sum kernel (Accum / CumSum).
from backtrader._cy.kernels cimport Kernel


cdef class AccumKernel(Kernel):
    cdef Py_ssize_t m0
    cdef double seed
    cdef double total              # the last output (seed before the first)
    cdef double snaptotal
