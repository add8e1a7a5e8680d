# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Whole-column arithmetic and rounding of price adjustments.

Every function accepts :class:`~backtrader._cy.buffer.Buffer` columns (or
anything ``as_buffer`` takes) and returns new Buffers: the feeds run without
numpy.
"""
from libc.math cimport fabs, floor, rint, copysign, isfinite

from backtrader._cy.buffer cimport Buffer, as_buffer, new_buffer, F64

cdef double _P10[23]
cdef int _i
_P10[0] = 1.0
for _i in range(1, 23):
    _P10[_i] = _P10[_i - 1] * 10.0


def contains(values, double value):
    """Whether any item equals ``value``."""
    cdef Buffer col = as_buffer(values, F64)
    cdef Py_ssize_t i
    for i in range(col.n):
        if col.f64()[i] == value:
            return True
    return False


cdef Buffer _itemwise(a, b, bint quotient):
    """``a / b`` (``quotient``) or ``a * b`` item by item."""
    cdef Buffer x = as_buffer(a, F64), y = as_buffer(b, F64)
    if x.n != y.n:
        raise ValueError('columns differ in length (%d and %d)' % (x.n, y.n))
    cdef Buffer out = new_buffer(x.n, F64)
    cdef double* u = x.f64()
    cdef double* v = y.f64()
    cdef double* w = out.f64()
    cdef Py_ssize_t i
    if quotient:
        for i in range(x.n):
            w[i] = u[i] / v[i]
    else:
        for i in range(x.n):
            w[i] = u[i] * v[i]
    return out


def divide(a, b):
    """``a / b`` item by item (IEEE: x/0 is inf or nan)."""
    return _itemwise(a, b, True)


def multiply(a, b):
    """``a * b`` item by item."""
    return _itemwise(a, b, False)


def round_like_python(values, ndigits):
    """``[round(x, ndigits) for x in values]`` as a float64 column, bit-exact.

    Python rounds the exact binary value to ``ndigits`` decimals (ties to
    even) and returns the double nearest to that decimal.  The C loop scales
    by 10**ndigits and keeps the result when the scaled value is safely away
    from a half-way point; the rare near-ties are handed to Python's round.
    """
    cdef Buffer src = as_buffer(values, F64)
    cdef Buffer dst = new_buffer(src.n, F64)
    cdef double* inp = src.f64()
    cdef double* out = dst.f64()
    cdef Py_ssize_t i
    cdef int nd = int(ndigits)
    cdef double x, y, p, fl, t, r, ulp
    cdef bint fast = 0 <= nd <= 22
    p = _P10[nd] if fast else 1.0
    for i in range(src.n):
        x = inp[i]
        if not isfinite(x):
            out[i] = x
            continue
        if nd == 0:
            out[i] = rint(x)
            continue
        if fast:
            y = x * p
            if fabs(y) < 4503599627370496.0:
                fl = floor(y)
                t = y - fl
                ulp = fabs(y) * 4.5e-16 + 5e-324
                if fabs(t - 0.5) > 4.0 * ulp:
                    r = (fl + 1.0 if t > 0.5 else fl) / p
                    out[i] = copysign(r, x) if r == 0.0 else r
                    continue
        out[i] = round(x, nd)
    return dst
