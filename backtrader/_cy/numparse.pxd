# Interface of the number parsing of the CSV reader: byte classes and the short
# decimal test inline (they run per field), and the C parsers of decimals,
# integers and epoch stamps (nogil; 1 on success, 0 when Python must decide).
from libc.stdint cimport int64_t, uint64_t

cdef extern from *:
    """
    /* exact powers of ten (every one up to 1e22 is a double) */
    static const double bt_numparse_pow10[16] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    """
    const double bt_numparse_pow10[16]


cdef inline bint isws(char c) noexcept nogil:
    return c == c' ' or c == c'\t' or c == c'\n' or c == c'\r' or c == c'\f' or c == c'\v'


cdef inline bint isdigit(char c) noexcept nogil:
    return c >= c'0' and c <= c'9'


cdef inline char lower_ascii(char c) noexcept nogil:
    if c >= c'A' and c <= c'Z':
        return c + 32
    return c


cdef inline int short_decimal(const char* s, Py_ssize_t n, double* out) noexcept nogil:
    """``[-]digits[.digits]`` with 1 to 15 digits in all (the common price or
    volume field): the digits as an integer, exact in a double, divided by
    an exact power of ten (one correctly rounded operation). 0 when the
    text has any other shape."""
    cdef Py_ssize_t i = 0
    cdef uint64_t mant = 0
    cdef int ndig = 0, frac = -1
    cdef char c
    cdef double v
    if n <= 0 or n > 17:
        return 0
    if s[0] == c'-':
        i = 1
    while i < n:
        c = s[i]
        if c >= c'0' and c <= c'9':
            mant = mant * 10 + <uint64_t>(c - c'0')
            ndig += 1
            if frac >= 0:
                frac += 1
        elif c == c'.' and frac < 0:
            frac = 0
        else:
            return 0
        i += 1
    if ndig == 0 or ndig > 15:
        return 0
    v = <double>mant
    if frac > 0:  # an exact power of ten: one correctly rounded division
        v = v / bt_numparse_pow10[frac]
    out[0] = -v if s[0] == c'-' else v
    return 1


cdef int fast_double(const char* s, Py_ssize_t n, double* out) noexcept nogil
cdef int fast_int(const char* s, Py_ssize_t n, int64_t* out) noexcept nogil
cdef int fast_epoch_decimal(const char* s, Py_ssize_t n, int64_t unit,
                            int64_t* out) noexcept nogil
cdef int epoch_float_to_ns(double d, int64_t* out) noexcept nogil
