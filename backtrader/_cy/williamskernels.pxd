# Interface of the Williams Accumulation/Distribution kernel.
from backtrader._cy.kernels cimport Kernel


cdef class WilliamsADKernel(Kernel):
    cdef Py_ssize_t m0
    cdef double pc                 # close of the previous bar
    cdef double total              # the accumulated value
    cdef double snappc, snaptotal
