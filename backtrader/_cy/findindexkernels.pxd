# Interface of the kernel giving how many bars ago a window's extreme occurred.
from backtrader._cy.kernels cimport _ExtremeKernel


cdef class FindIndexKernel(_ExtremeKernel):
    pass
