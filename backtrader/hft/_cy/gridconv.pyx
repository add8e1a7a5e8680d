# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Exact conversion of exchange prices and sizes to integer units of a decimal grid.

Exchanges send prices and sizes as decimal strings.  A plain decimal ``[-]digits[.digits]`` of at
most 18 significant digits is parsed exactly into ``mantissa * 10**-frac``; it is on a grid
``num * 10**-exp`` when ``mantissa * 10**(exp - frac)`` is a multiple of ``num``: no float error
decides the grid check (zeros trailing the point do not count as digits).  Other strings
(exponent notation, more digits) and JSON numbers go through the float route, with a 1e-6
grid-unit tolerance, up to 2**53 grid units.  A value's float is its grid value
``units * num / 10**exp``, correctly rounded in one division of two exact doubles (Clinger's
fast path: ``|units * num| < 2**53`` and ``exp <= 22``), so for a decimal string on the grid it
is the double nearest to it; beyond that range the string's own float value is kept.
"""
from libc.math cimport isfinite, fabs, rint
from libc.stdint cimport INT64_MAX, int64_t
from cpython.ref cimport PyObject

cdef extern from "Python.h":
    bint PyUnicode_IS_COMPACT_ASCII(object s)
    void* PyUnicode_DATA(object s)
    Py_ssize_t PyUnicode_GET_LENGTH(object s)
    const char* PyUnicode_AsUTF8AndSize(object s, Py_ssize_t* size) except NULL
    double PyOS_string_to_double(const char* s, char** endptr, PyObject* exc) except? -1.0


cdef double[23] POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
                         1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]
cdef int64_t[19] IPOW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
                           1000000000, 10000000000, 100000000000, 1000000000000,
                           10000000000000, 100000000000000, 1000000000000000,
                           10000000000000000, 100000000000000000, 1000000000000000000]
cdef int64_t TWO53 = 1 << 53


cdef int64_t _gcd(int64_t a, int64_t b) noexcept nogil:
    cdef int64_t t
    while b:
        t = a % b
        a = b
        b = t
    return a


cdef int make_grid(Grid* g, double step) except -1:
    """``g`` for the grid ``step``: the first power of ten that makes the step a whole number
    gives ``num`` and ``exp``; then the per-``k`` divisibility tables."""
    cdef int e, k
    cdef int64_t d
    cdef double x, r
    if not (step > 0 and isfinite(step)):
        raise ValueError('grid step must be a positive number, not %r' % step)
    for e in range(16):
        x = step * POW10[e]
        r = rint(x)
        if r >= 1 and fabs(x - r) <= 1e-9 * x:
            g.num = <int64_t>r
            g.exp = e
            g.scale = POW10[e]
            g.step = step
            g.exact_max = TWO53 // g.num if e <= 22 else 0
            for k in range(19):
                d = _gcd(g.num, IPOW10[k])
                g.div[k] = g.num // d
                g.mul[k] = IPOW10[k] // d
                g.max_q[k] = INT64_MAX // g.mul[k]
            return 0
    raise ValueError('grid step %r is not a decimal of at most 15 fraction digits' % step)


cdef int _parse_decimal(const char* s, Py_ssize_t n, int64_t* mant, int* frac) noexcept nogil:
    """``[-]digits[.digits]`` -> mantissa and fraction digits; 0 when done, 1 otherwise.

    Zeros after the point count only once a non-zero digit follows them, so trailing zeros never
    use up the 18 significant digits."""
    cdef Py_ssize_t i = 0
    cdef int64_t m = 0
    cdef int f = 0, nd = 0, zeros = 0
    cdef bint neg = False, dot = False, digit = False
    cdef char c
    if n > 0 and s[0] == b'-':
        neg = True
        i = 1
    while i < n:
        c = s[i]
        if b'0' <= c <= b'9':
            digit = True
            if dot and c == b'0':
                zeros += 1
            else:
                if m != 0 or c != b'0':
                    nd += zeros + 1
                    if nd > 18:
                        return 1
                while zeros:
                    m *= 10
                    zeros -= 1
                    f += 1
                m = m * 10 + (c - 48)
                if dot:
                    f += 1
        elif c == b'.' and not dot:
            dot = True
        else:
            return 1
        i += 1
    if not digit:
        return 1
    mant[0] = -m if neg else m
    frac[0] = f
    return 0


cdef int _on_grid(int64_t mant, int frac, const Grid* g, int64_t* units) noexcept nogil:
    """Exact: ``mant * 10**-frac`` in grid units, or CONV_OFF / CONV_RANGE."""
    cdef int k = g.exp - frac
    cdef int64_t den
    if k >= 0:
        if k > 18:
            return CONV_RANGE if mant != 0 else _zero(units)
        if g.div[k] != 1:
            if mant % g.div[k] != 0:
                return CONV_OFF
            mant = mant // g.div[k]
        if (mant if mant >= 0 else -mant) > g.max_q[k]:
            return CONV_RANGE
        units[0] = mant * g.mul[k]
        return CONV_OK
    k = -k
    if k > 18 or g.num > INT64_MAX // IPOW10[k]:
        return CONV_OFF if mant != 0 else _zero(units)
    den = g.num * IPOW10[k]
    if mant % den != 0:
        return CONV_OFF
    units[0] = mant // den
    return CONV_OK


cdef inline int _zero(int64_t* units) noexcept nogil:
    units[0] = 0
    return CONV_OK


cdef int _float_on_grid(double v, const Grid* g, int64_t* units) noexcept nogil:
    cdef double r = v / g.step
    cdef double k = rint(r)
    if fabs(k) >= 9007199254740992.0:      # 2**53: the float no longer pins the unit down
        return CONV_RANGE
    if fabs(r - k) > 1e-6 + 1e-10 * fabs(r):
        return CONV_OFF
    units[0] = <int64_t>k
    return CONV_OK


cdef int convert(object x, const Grid* g, double* value, int64_t* units) except -1:
    """A price or size as sent (str, int or float) -> grid units, and its float value when the
    units are too many for :func:`grid_value` to derive it exactly (else 0)."""
    cdef Py_ssize_t n
    cdef const char* s
    cdef int64_t mant
    cdef int frac, rc
    cdef double v
    if type(x) is str:
        if PyUnicode_IS_COMPACT_ASCII(x):
            s = <const char*>PyUnicode_DATA(x)
            n = PyUnicode_GET_LENGTH(x)
        else:
            s = PyUnicode_AsUTF8AndSize(x, &n)
        if _parse_decimal(s, n, &mant, &frac) == 0:
            rc = _on_grid(mant, frac, g, units)
            value[0] = 0.0
            if rc == CONV_OK and not exact_units(units[0], g):
                value[0] = PyOS_string_to_double(s, NULL, NULL)
            return rc
        try:
            v = PyOS_string_to_double(s, NULL, NULL)
        except ValueError:
            return CONV_NAN
    elif type(x) is int:
        try:
            mant = x
        except OverflowError:
            return CONV_RANGE
        value[0] = <double>mant
        return _on_grid(mant, 0, g, units)
    elif type(x) is float:
        v = x
    else:
        return CONV_NAN
    value[0] = v
    if not isfinite(v):
        return CONV_NAN
    return _float_on_grid(v, g, units)
