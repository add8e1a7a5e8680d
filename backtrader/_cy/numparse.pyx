# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Numbers from CSV fields, parsed in C.

:func:`fast_double` reads a plain decimal (with an optional exponent) and
gives the double ``float()`` gives, or leaves the field to Python when it
cannot be sure; :func:`fast_int` reads an integer; :func:`fast_epoch_decimal`
an exact decimal count of a time unit as nanoseconds; :func:`epoch_float_to_ns`
turns float seconds into nanoseconds with upstream's microsecond rounding.
The byte classes and ``short_decimal`` (the common short field) are inline
in ``numparse.pxd``.
"""
from libc.math cimport fabs, modf, round as c_round, isfinite
from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport strtod
from libc.string cimport memcpy

cdef int64_t _NS_SEC = 1000000000

cdef double _P10[23]
cdef int _i
_P10[0] = 1.0
for _i in range(1, 23):
    _P10[_i] = _P10[_i - 1] * 10.0


cdef inline void _trim(const char* s, Py_ssize_t* i, Py_ssize_t* n) noexcept nogil:
    """Move ``[i, n)`` inwards past whitespace at both ends."""
    while i[0] < n[0] and isws(s[i[0]]):
        i[0] += 1
    while n[0] > i[0] and isws(s[n[0] - 1]):
        n[0] -= 1


cdef inline bint _trim_sign(const char* s, Py_ssize_t* i, Py_ssize_t* n) noexcept nogil:
    """:func:`_trim`, then step over a sign; True when it was a minus."""
    _trim(s, i, n)
    if i[0] < n[0] and (s[i[0]] == c'+' or s[i[0]] == c'-'):
        i[0] += 1
        return s[i[0] - 1] == c'-'
    return False


cdef int fast_double(const char* s, Py_ssize_t n, double* out) noexcept nogil:
    """Parse a plain decimal number; 1 on success, 0 if Python must decide.

    Accepts ``[ws][+-]digits[.digits][(e|E)[+-]digits][ws]`` with at least one
    mantissa digit.  Exact for up to 19 significant digits and powers of ten
    within 1e22 (Clinger's fast path); other plain decimals go through the C
    library's correctly rounded ``strtod``.
    """
    cdef Py_ssize_t i = 0, j
    cdef bint neg = False
    cdef uint64_t mant = 0
    cdef int sig = 0, ndig = 0, frac = 0
    cdef bint dropped = False
    cdef int64_t ex = 0
    cdef bint eneg = False
    cdef int exdig = 0
    cdef double v
    cdef char tmp[128]
    cdef char* endp
    cdef Py_ssize_t a, b
    if short_decimal(s, n, out):
        return 1
    _trim(s, &i, &n)
    a = i
    b = n
    if i < n and (s[i] == c'+' or s[i] == c'-'):
        neg = s[i] == c'-'
        i += 1
    # the integer digits (frac 0), then those after a point (frac 1): a digit
    # kept past the point lowers the exponent, one dropped before it raises it
    while True:
        while i < n and isdigit(s[i]):
            ndig += 1
            if sig > 0 or s[i] != c'0':
                if sig < 19:
                    mant = mant * 10 + <uint64_t>(s[i] - c'0')
                    sig += 1
                    ex -= frac
                else:
                    if s[i] != c'0':
                        dropped = True
                    ex += 1 - frac
            else:
                ex -= frac
            i += 1
        if frac or i >= n or s[i] != c'.':
            break
        frac = 1
        i += 1
    if ndig == 0:
        return 0
    if i < n and (s[i] == c'e' or s[i] == c'E'):
        i += 1
        j = 0
        if i < n and (s[i] == c'+' or s[i] == c'-'):
            eneg = s[i] == c'-'
            i += 1
        while i < n and isdigit(s[i]):
            if j < 1000000:
                j = j * 10 + (s[i] - c'0')
            exdig += 1
            i += 1
        if exdig == 0:
            return 0
        ex += -j if eneg else j
    if i != n:
        return 0
    if mant == 0:
        out[0] = -0.0 if neg else 0.0
        return 1
    if not dropped and mant <= 9007199254740992ULL and -22 <= ex <= 22:
        v = <double>mant
        if ex >= 0:
            v = v * _P10[ex]
        else:
            v = v / _P10[-ex]
        out[0] = -v if neg else v
        return 1
    # general plain decimal: the C library rounds correctly
    if b - a >= 127:
        return 0
    memcpy(tmp, s + a, b - a)
    tmp[b - a] = 0
    v = strtod(tmp, &endp)
    if endp != tmp + (b - a):
        return 0
    out[0] = v
    return 1


cdef int fast_int(const char* s, Py_ssize_t n, int64_t* out) noexcept nogil:
    """Parse ``[ws][+-]digits[ws]`` fitting comfortably in int64 (<= 18 digits)."""
    cdef Py_ssize_t i = 0
    cdef bint neg = False
    cdef int64_t v = 0
    cdef int nd = 0
    neg = _trim_sign(s, &i, &n)
    while i < n and isdigit(s[i]):
        if nd >= 18:
            return 0
        v = v * 10 + (s[i] - c'0')
        nd += 1
        i += 1
    if nd == 0 or i != n:
        return 0
    out[0] = -v if neg else v
    return 1


cdef int fast_epoch_decimal(const char* s, Py_ssize_t n, int64_t unit,
                            int64_t* out) noexcept nogil:
    """Exact ``[ws][+-]digits[.digits][ws]`` count of ``unit`` ns -> ns.

    Fraction digits finer than a nanosecond are truncated.
    """
    cdef Py_ssize_t i = 0
    cdef bint neg = False
    cdef uint64_t ip = 0, frac = 0
    cdef int nd = 0, fd = 0, fdmax = 0
    cdef int64_t u = unit
    cdef uint64_t total
    while u > 1:
        u //= 10
        fdmax += 1
    neg = _trim_sign(s, &i, &n)
    while i < n and isdigit(s[i]):
        if nd >= 19:
            return 0
        ip = ip * 10 + <uint64_t>(s[i] - c'0')
        nd += 1
        i += 1
    if i < n and s[i] == c'.':
        i += 1
        while i < n and isdigit(s[i]):
            if fd < fdmax:
                frac = frac * 10 + <uint64_t>(s[i] - c'0')
                fd += 1
            nd += 1
            i += 1
    if nd == 0 or i != n:
        return 0
    while fd < fdmax:
        frac *= 10
        fd += 1
    if ip > <uint64_t>(9223372036854775807LL // unit):
        return 0
    total = ip * <uint64_t>unit + frac
    if total > <uint64_t>9223372036854775807LL:
        return 0
    out[0] = -<int64_t>total if neg else <int64_t>total
    return 1


cdef inline double _round_half_even(double x) noexcept nogil:
    cdef double r = c_round(x)
    if fabs(x - r) == 0.5:
        r = 2.0 * c_round(x / 2.0)
    return r


cdef int epoch_float_to_ns(double d, int64_t* out) noexcept nogil:
    """Seconds as a float -> ns, rounded to the microsecond like Python's
    ``datetime.fromtimestamp`` (half to even).  0 if out of range / not finite.
    """
    cdef double ip, fp
    if not isfinite(d) or fabs(d) > 9.2e9:
        return 0
    fp = modf(d, &ip)
    fp = _round_half_even(fp * 1e6)
    if fp >= 1e6:
        fp -= 1e6
        ip += 1.0
    elif fp < 0.0:
        fp += 1e6
        ip -= 1.0
    out[0] = <int64_t>ip * _NS_SEC + <int64_t>fp * 1000
    return 1
