# Inline tests and conversions of plain numbers: int (not bool) and float, whose
# arithmetic the compiled steps may do in C with the same results as Python.
from cpython.float cimport PyFloat_AS_DOUBLE
from cpython.long cimport PyLong_AsDouble
from libc.math cimport isfinite, signbit


cdef inline bint plain(object x):
    """An int (not bool) or a float."""
    return type(x) is float or type(x) is int


cdef inline double num(object x) except? -1.0:
    """``float(x)`` of a plain number, without making a float for an int."""
    if type(x) is float:
        return PyFloat_AS_DOUBLE(x)
    return PyLong_AsDouble(x)


cdef inline bint same_float(object stored, double value):
    """Whether ``stored`` is a float holding exactly ``value`` (zeros of the
    same sign; a NaN is never the same)."""
    cdef double v
    if type(stored) is not float:
        return False
    v = PyFloat_AS_DOUBLE(stored)
    return v == value and signbit(v) == signbit(value)


cdef inline bint finite(object x):
    """An int, or a finite float."""
    if type(x) is int:
        return True
    return type(x) is float and isfinite(<double>x)
