# Interface of the exact conversion of exchange prices and sizes (decimal strings, ints,
# floats) to integer units of a decimal grid (ticks, lots).
from libc.stdint cimport int64_t

# conversion outcomes
cdef enum:
    CONV_OK = 0
    CONV_NAN = 1        # not a number at all
    CONV_OFF = 2        # a number off the grid
    CONV_RANGE = 3      # beyond int64 in grid units (beyond 2**53 on the float route)


cdef struct Grid:
    # a price or size grid, step = num * 10**-exp exactly (num > 0)
    int64_t num
    int exp
    double scale            # 10**exp as a double (exact for exp <= 22)
    double step
    int64_t exact_max       # |units| below it: units * step is one exact division away
    # a value m * 10**-f is m * 10**k / num grid units, k = exp - f; for k = 0..18, with
    # g = gcd(num, 10**k): it is on the grid iff div[k] = num / g divides m, and then
    # (m / div[k]) * mul[k] units, mul[k] = 10**k / g (div[k] and mul[k] are coprime)
    int64_t div[19]
    int64_t mul[19]
    int64_t max_q[19]       # INT64_MAX // mul[k]: the largest m / div[k] that fits


# fill ``g`` for the grid ``step`` (a decimal such as 0.01 or 0.5); ValueError otherwise
cdef int make_grid(Grid* g, double step) except -1
# ``x`` (str, int or float) -> grid units: a CONV_ outcome; ``value`` gets x's float value
# when the units are too many for grid_value to derive it exactly (else 0)
cdef int convert(object x, const Grid* g, double* value, int64_t* units) except -1


cdef inline bint exact_units(int64_t units, const Grid* g) noexcept nogil:
    """``units * step`` is computed correctly rounded by :func:`grid_value` (``units * num``
    and ``10**exp`` both exact doubles)."""
    return -g.exact_max < units < g.exact_max


cdef inline double grid_value(int64_t units, const Grid* g) noexcept nogil:
    """``units * step``, correctly rounded when :func:`exact_units` holds."""
    return <double>(units * g.num) / g.scale
