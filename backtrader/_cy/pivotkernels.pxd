# Interface of the Demark pivot kernel.
from backtrader._cy.kernels cimport Kernel


cdef class DemarkPivotKernel(Kernel):
    cdef bint stepwise         # computing bar by bar (next mode), not in once
