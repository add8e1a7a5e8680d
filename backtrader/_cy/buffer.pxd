# Interface of the typed memory blocks behind lines and CSV columns.
#
# A Buffer holds contiguous float64 or int64 items (malloc'd here, or wrapped
# zero-copy from another object exporting the buffer protocol) and exports
# them through the buffer protocol: numpy, imported only by whoever wants
# arrays, builds zero-copy views over it and keeps it alive.
from cpython.buffer cimport Py_buffer
from libc.stdint cimport int64_t

# item kinds: the struct-module format character of each (Python: 'd', 'q')
cdef enum:
    F64 = 100     # 'd': float64
    I64 = 113     # 'q': int64


cdef class Buffer:
    cdef char* ptr              # first item
    cdef readonly Py_ssize_t n  # number of items
    cdef int kind               # F64 or I64
    cdef int exports            # buffer-protocol views currently open
    cdef Py_ssize_t _itemsize   # always 8 (exported as the stride)
    cdef bint _wraps            # the memory belongs to _src.obj (else malloc'd)
    cdef Py_buffer _src         # the view held on the wrapped object

    cdef inline double* f64(self) noexcept:
        return <double*>self.ptr
    cdef inline int64_t* i64(self) noexcept:
        return <int64_t*>self.ptr
    cdef int shrink(self, Py_ssize_t n) except -1


cdef Buffer new_buffer(Py_ssize_t n, int kind)
cdef Buffer copy_of(const void* src, Py_ssize_t n, int kind)
cdef Buffer as_buffer(object obj, int kind)
cdef int kind_of(str kind) except -1
