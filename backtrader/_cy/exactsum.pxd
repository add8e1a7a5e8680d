# Exact sums of doubles kept as non-overlapping partials (Shewchuk's
# method, the one behind ``math.fsum``), inline for the kernels' window sums
# and the datetime conversions. Partials are stored smallest first.
from libc.math cimport fabs


cdef inline Py_ssize_t partials_fold(double* p, Py_ssize_t n, double* x) noexcept nogil:
    """Fold ``x[0]`` into the ``n`` partials ``p``: the partials that stay are
    rewritten at the front (their count is returned) and ``x[0]`` becomes the
    new largest one, which the caller appends (or drops when zero)."""
    cdef Py_ssize_t i = 0, j
    cdef double v = x[0], y, t, hi, lo
    for j in range(n):
        y = p[j]
        if fabs(v) < fabs(y):
            t = v
            v = y
            y = t
        hi = v + y
        lo = y - (hi - v)
        if lo != 0.0:
            p[i] = lo
            i += 1
        v = hi
    x[0] = v
    return i


cdef inline double partials_round(const double* p, Py_ssize_t n) noexcept nogil:
    """The exact sum of the ``n`` partials ``p`` rounded to the nearest double
    (ties to even)."""
    cdef double hi = 0.0, lo = 0.0, x, y, back
    if n == 0:
        return 0.0
    n -= 1
    hi = p[n]
    # add from the largest partial down while the additions are exact
    while n > 0:
        x = hi
        n -= 1
        y = p[n]
        hi = x + y
        back = hi - x
        lo = y - back
        if lo != 0.0:
            break
    # ``hi + lo`` sits exactly half-way between two doubles and rounded to even:
    # the remaining partials decide the direction
    if n > 0 and ((lo < 0.0 and p[n - 1] < 0.0) or (lo > 0.0 and p[n - 1] > 0.0)):
        y = lo * 2.0
        x = hi + y
        back = x - hi
        if y == back:
            hi = x
    return hi
