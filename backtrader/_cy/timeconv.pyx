# cython: language_level=3, cdivision=True
"""Conversions between int64 nanoseconds, float day numbers and datetimes.

The float day number is bit-identical to what upstream's ``date2num`` returns for
the same wall-clock time: the five components (ordinal, hours, minutes, seconds,
microseconds as fractions of a day) are added with a correctly rounded sum.
The reverse direction reproduces upstream's ``num2date`` rounding rules (a
microsecond part below 10 is dropped, one above 999990 rounds up to the next
second), so that ``num -> ns -> num`` is stable.
"""
import datetime as _dt

from libc.math cimport floor
from libc.stdint cimport int64_t

from backtrader._cy.buffer cimport Buffer, as_buffer, new_buffer, F64, I64
from backtrader._cy.exactsum cimport partials_fold, partials_round

NS_PER_US = 1000
NS_PER_SEC = 1000000000
NS_PER_DAY = 86400 * NS_PER_SEC
EPOCH_ORDINAL = 719163        # date(1970, 1, 1).toordinal()
NAT = -9223372036854775807 - 1


cdef inline int64_t _floordiv(int64_t a, int64_t b) noexcept nogil:
    cdef int64_t q = a // b
    if (a % b != 0) and ((a < 0) != (b < 0)):
        q -= 1
    return q


cdef int64_t days_from_civil(int64_t y, int64_t m, int64_t d) noexcept nogil:
    """Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm)."""
    if m <= 2:
        y -= 1
    cdef int64_t era = _floordiv(y, 400)
    cdef int64_t yoe = y - era * 400
    cdef int64_t mp = (m + 9) % 12
    cdef int64_t doy = (153 * mp + 2) // 5 + d - 1
    cdef int64_t doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


cdef void civil_from_days(int64_t days, int64_t* y, int64_t* m, int64_t* d) noexcept nogil:
    """Inverse of :func:`days_from_civil`."""
    days += 719468
    cdef int64_t era = _floordiv(days, 146097)
    cdef int64_t doe = days - era * 146097
    cdef int64_t yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    cdef int64_t doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    cdef int64_t mp = (5 * doy + 2) // 153
    d[0] = doy - (153 * mp + 2) // 5 + 1
    m[0] = mp + 3 if mp < 10 else mp - 9
    y[0] = yoe + era * 400 + (1 if m[0] <= 2 else 0)


cdef int64_t civil_to_ns(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi,
                         int64_t s, int64_t nsfrac) noexcept nogil:
    return (days_from_civil(y, mo, d) * NS_PER_DAY
            + (h * 3600 + mi * 60 + s) * NS_PER_SEC + nsfrac)


cdef double _exact_sum(double* xs, int n) noexcept nogil:
    """Correctly rounded sum of n doubles (Shewchuk partials), n <= 8."""
    cdef double partials[16]
    cdef Py_ssize_t np = 0
    cdef int i
    cdef double x
    for i in range(n):
        x = xs[i]
        np = partials_fold(partials, np, &x)
        partials[np] = x
        np += 1
    return partials_round(partials, np)


cdef double ns_to_num(int64_t ns) noexcept nogil:
    cdef int64_t days = _floordiv(ns, NS_PER_DAY)
    cdef int64_t rem = ns - days * NS_PER_DAY
    cdef int64_t us = rem // NS_PER_US
    cdef int64_t secs = us // 1000000
    cdef double parts[5]
    parts[0] = <double>(days + EPOCH_ORDINAL)
    parts[1] = <double>(secs // 3600) / 24.0
    parts[2] = <double>((secs // 60) % 60) / 1440.0
    parts[3] = <double>(secs % 60) / 86400.0
    parts[4] = <double>(us % 1000000) / 86400000000.0
    return _exact_sum(parts, 5)


cdef int64_t num_to_ns(double num) noexcept nogil:
    cdef int64_t ordinal = <int64_t>num       # truncation, as upstream's int()
    cdef double rem = num - <double>ordinal
    cdef double hour, minute, second, x
    x = 24.0 * rem
    hour = floor(x); rem = x - hour
    x = 60.0 * rem
    minute = floor(x); rem = x - minute
    x = 60.0 * rem
    second = floor(x); rem = x - second
    cdef int64_t us = <int64_t>(1e6 * rem)
    if us < 10:
        us = 0
    cdef int64_t ns = ((ordinal - EPOCH_ORDINAL) * NS_PER_DAY
                       + (<int64_t>hour * 3600 + <int64_t>minute * 60 + <int64_t>second) * NS_PER_SEC
                       + us * NS_PER_US)
    if us > 999990:
        ns += (1000000 - us) * NS_PER_US
    return ns


# ----------------------------------------------------------------------------
# Python-level API
# ----------------------------------------------------------------------------
_EPOCH = _dt.datetime(1970, 1, 1)


def py_ns_to_num(int64_t ns):
    """Float day number (upstream ``date2num`` scale) of a nanosecond stamp."""
    return ns_to_num(ns)


def py_num_to_ns(double num):
    """Nanosecond stamp of a float day number, with upstream's rounding rules."""
    return num_to_ns(num)


def datetime_to_ns(dt):
    """Nanoseconds of a naive (UTC) or aware datetime, or of a date at midnight."""
    if not isinstance(dt, _dt.datetime):
        dt = _dt.datetime(dt.year, dt.month, dt.day)
    if dt.tzinfo is not None:
        off = dt.utcoffset()
        dt = dt.replace(tzinfo=None)
        if off is not None:
            dt = dt - off
    return civil_to_ns(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second,
                       dt.microsecond * 1000)


def ns_to_datetime(int64_t ns):
    """Naive UTC datetime of a nanosecond stamp (truncated to the microsecond)."""
    cdef int64_t days = _floordiv(ns, NS_PER_DAY)
    cdef int64_t rem = ns - days * NS_PER_DAY
    cdef int64_t y, m, d
    civil_from_days(days, &y, &m, &d)
    cdef int64_t us = rem // NS_PER_US
    cdef int64_t secs = us // 1000000
    return _dt.datetime(y, m, d, secs // 3600, (secs // 60) % 60, secs % 60, us % 1000000)


def ns_to_iso(int64_t ns):
    """ISO 8601 text of a nanosecond stamp, keeping every nanosecond."""
    cdef int64_t frac = ns - _floordiv(ns, NS_PER_SEC) * NS_PER_SEC
    text = ns_to_datetime(ns - (frac % 1000)).replace(microsecond=0).isoformat()
    return text + ('.%09d' % frac if frac else '')


def ns_array_to_nums(ns):
    """Float day numbers (a float64 Buffer) of an int64 nanosecond column."""
    cdef Buffer src = as_buffer(ns, I64)
    cdef Buffer out = new_buffer(src.n, F64)
    cdef int64_t* inp = src.i64()
    cdef double* dst = out.f64()
    cdef Py_ssize_t i
    with nogil:
        for i in range(src.n):
            dst[i] = ns_to_num(inp[i])
    return out


def ns_num_roundtrip(ns):
    """``ns -> float day number -> ns`` for every stamp of an int64 column.

    Reproduces what upstream does to a stored time when it reads it back with
    ``num2date`` (microsecond resolution, its rounding rules), e.g. before
    localizing it to an input time zone.
    """
    cdef Buffer src = as_buffer(ns, I64)
    cdef Buffer out = new_buffer(src.n, I64)
    cdef Py_ssize_t i
    for i in range(src.n):
        out.i64()[i] = num_to_ns(ns_to_num(src.i64()[i]))
    return out
