# cython: language_level=3, boundscheck=False, wraparound=False
"""Time-order check of a feed's preloaded stamps: where an int64 nanosecond
column first goes back in time."""
from libc.stdint cimport int64_t

from backtrader._cy.buffer cimport Buffer, as_buffer, I64


def first_descent(ns):
    """Position of the first stamp earlier than the one before it, or -1."""
    cdef Buffer col = as_buffer(ns, I64)
    cdef int64_t* v = col.i64()
    cdef Py_ssize_t i
    for i in range(1, col.n):
        if v[i] < v[i - 1]:
            return i
    return -1
