# Interface of the fractal (study) kernel.
from backtrader._cy.kernels cimport Kernel, MonoDeque, MonoDequeSnap


cdef class FractalKernel(Kernel):
    cdef Py_ssize_t period
    cdef Py_ssize_t m0
    cdef Py_ssize_t shift      # position of the extreme in the window, oldest = 0
    cdef double up             # 1 + bardist
    cdef double down           # 1 - bardist
    cdef MonoDeque hi
    cdef MonoDeque lo
    cdef MonoDequeSnap snaphi
    cdef MonoDequeSnap snaplo

    cdef double _mark(self, MonoDeque* d, double factor) noexcept
