# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Whole-column kernels of the data feeds.

Time zones and upstream's session-end rule over int64 nanosecond columns, the
time-order check and the ``fromdate``/``todate`` window of preloaded rows, and
the arithmetic and rounding of price adjustments.  Every function accepts
:class:`~backtrader._cy.buffer.Buffer` columns (or anything ``to_buffer``
takes) and returns new Buffers: the feeds run without numpy.
"""
from libc.math cimport fabs, floor, rint, copysign, isfinite
from libc.stdint cimport int64_t

from backtrader._cy.buffer cimport Buffer, as_buffer, new_buffer, F64, I64
from backtrader._cy.timeconv cimport ns_to_num, num_to_ns, NS_PER_DAY, NS_PER_SEC
from backtrader._cy.timeconv import ns_to_datetime

cdef int64_t _NS_HOUR = 3600 * 1000000000
cdef double _P10[23]
cdef int _i
_P10[0] = 1.0
for _i in range(1, 23):
    _P10[_i] = _P10[_i - 1] * 10.0


cdef inline int64_t _floordiv(int64_t a, int64_t b) noexcept nogil:
    cdef int64_t q = a // b
    if (a % b != 0) and ((a < 0) != (b < 0)):
        q -= 1
    return q


cdef Buffer _same_length(Buffer a, Buffer b):
    if a.n != b.n:
        raise ValueError('columns differ in length (%d and %d)' % (a.n, b.n))
    return new_buffer(a.n, F64)


# ---------------------------------------------------------------------------
# Order and date window
# ---------------------------------------------------------------------------
def first_descent(ns):
    """Position of the first stamp earlier than the one before it, or -1."""
    cdef Buffer col = as_buffer(ns, I64)
    cdef int64_t* v = col.i64()
    cdef Py_ssize_t i
    for i in range(1, col.n):
        if v[i] < v[i - 1]:
            return i
    return -1


def date_window(nums, double fromdate, double todate):
    """Rows kept by the date limits: those before the first day number above
    ``todate`` (the feed ends there) that are not below ``fromdate``.

    Returns None when every row is kept, else the int64 positions kept.
    """
    cdef Buffer col = as_buffer(nums, F64)
    cdef double* v = col.f64()
    cdef Py_ssize_t i, stop = col.n, k = 0
    for i in range(col.n):
        if v[i] > todate:
            stop = i
            break
    for i in range(stop):
        if v[i] >= fromdate:
            k += 1
    if k == col.n:
        return None
    cdef Buffer sel = new_buffer(k, I64)
    k = 0
    for i in range(stop):
        if v[i] >= fromdate:
            sel.i64()[k] = i
            k += 1
    return sel


# ---------------------------------------------------------------------------
# Time
# ---------------------------------------------------------------------------
def ns_num_roundtrip(ns):
    """``ns -> float day number -> ns`` for every stamp.

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


cdef int64_t _offset_ns(zone, int64_t wall_ns) except? -1:
    """UTC offset (ns) that ``zone.localize`` gives the wall time ``wall_ns``."""
    aware = zone.localize(ns_to_datetime(wall_ns))
    delta = aware.tzinfo.utcoffset(aware)
    if delta is None:
        return 0
    return (delta.days * 86400 + delta.seconds) * NS_PER_SEC + delta.microseconds * 1000


def to_utc(wall, zone):
    """UTC stamps of the wall-clock times ``wall`` (int64 ns) in ``zone``
    (an object with pytz's ``localize``).

    The offset is looked up at both ends of each wall-clock hour; an hour
    whose ends agree has one offset throughout, the others (an hour holding a
    zone transition) are looked up time by time.
    """
    cdef Buffer src = as_buffer(wall, I64)
    cdef Buffer out = new_buffer(src.n, I64)
    cdef int64_t* w = src.i64()
    cdef Py_ssize_t i
    cdef int64_t key, lastkey = 0, first, last, off = 0
    cdef bint known = False, mixed = False
    cdef dict hours = {}
    for i in range(src.n):
        key = _floordiv(w[i], _NS_HOUR)
        if not known or key != lastkey:
            ends = hours.get(key)
            if ends is None:
                first = _offset_ns(zone, key * _NS_HOUR)
                last = _offset_ns(zone, key * _NS_HOUR + _NS_HOUR - 1000)
                ends = hours[key] = (first, last)
            first, last = ends
            mixed = first != last
            off = first
            lastkey = key
            known = True
        out.i64()[i] = w[i] - (_offset_ns(zone, w[i]) if mixed else off)
    return out


def session_end(ns, int64_t tod, tz=None, tzinput=None):
    """Upstream's session-end rule for daily bars.

    A bar moves to the session end of its day (time of day ``tod`` ns, in the
    output zone ``tz``) when that is later than the bar's own time (in the
    input zone ``tzinput``); the comparison is made on the float day numbers,
    as upstream does.
    """
    cdef Buffer src = as_buffer(ns, I64)
    cdef Buffer eos = new_buffer(src.n, I64)
    cdef Py_ssize_t i
    cdef int64_t v
    for i in range(src.n):
        v = src.i64()[i]
        eos.i64()[i] = _floordiv(v, NS_PER_DAY) * NS_PER_DAY + tod
    if tz is not None:
        eos = to_utc(eos, tz)
    cdef Buffer own = to_utc(src, tzinput) if tzinput is not None else src
    cdef Buffer out = new_buffer(src.n, I64)
    for i in range(src.n):
        if ns_to_num(eos.i64()[i]) > ns_to_num(own.i64()[i]):
            out.i64()[i] = eos.i64()[i]
        else:
            out.i64()[i] = src.i64()[i]
    return out


# ---------------------------------------------------------------------------
# Arithmetic and rounding
# ---------------------------------------------------------------------------
def contains(values, double value):
    """Whether any item equals ``value``."""
    cdef Buffer col = as_buffer(values, F64)
    cdef Py_ssize_t i
    for i in range(col.n):
        if col.f64()[i] == value:
            return True
    return False


def divide(a, b):
    """``a / b`` item by item (IEEE: x/0 is inf or nan)."""
    cdef Buffer x = as_buffer(a, F64), y = as_buffer(b, F64)
    cdef Buffer out = _same_length(x, y)
    cdef Py_ssize_t i
    for i in range(x.n):
        out.f64()[i] = x.f64()[i] / y.f64()[i]
    return out


def multiply(a, b):
    """``a * b`` item by item."""
    cdef Buffer x = as_buffer(a, F64), y = as_buffer(b, F64)
    cdef Buffer out = _same_length(x, y)
    cdef Py_ssize_t i
    for i in range(x.n):
        out.f64()[i] = x.f64()[i] * y.f64()[i]
    return out


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
