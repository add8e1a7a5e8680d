# Interface of lazy line objects: lines computed from other lines.
from backtrader._cy.linebuffer cimport LineBuffer

cdef Py_ssize_t length_of(object obj) except -1


cdef class LineActions(LineBuffer):
    cdef public object _clock
    cdef public list _datas
    cdef public bint _native        # computed by c_next/c_once, no Python per bar
    cdef void c_next(self) except *
    cdef void c_once(self, Py_ssize_t start, Py_ssize_t end) except *
    cdef void c_step(self) except *
    cpdef void _next(self) except *
    cpdef void _once(self) except *


cdef class LinesOperation(LineActions):
    cdef public object a
    cdef public object b
    cdef LineBuffer la, lb
    cdef double bval
    cdef public int opcode
    cdef public bint r
    cdef public object operation
    cdef int kind                    # 0: line op line, 1: line op value, 2: value op line, 3: time


cdef class LineOwnOperation(LineActions):
    cdef public object a
    cdef LineBuffer la
    cdef public int opcode
    cdef public object operation


cdef class _LineShift(LineActions):
    cdef public object a
    cdef LineBuffer la
    cdef public Py_ssize_t ago

cdef class LineDelay(_LineShift):
    pass


cdef class LineForward(_LineShift):
    pass


cdef class LineNumConst(LineActions):
    cdef public double value
