# C views of event-record arrays for the compiled readers: the records' bytes, the optional
# int64 columns of exact ticks and lots beside them, and the check of a record's price or size
# against its grid. Inline, no module of its own. The pointers are valid while the caller keeps
# the arrays alive (and unresized).
from libc.math cimport isfinite, fabs, llround
from libc.stdint cimport int64_t

from backtrader.hft._cy.book cimport L2Event


cdef inline const L2Event* as_records(const unsigned char[::1] raw):
    """The records of ``raw`` (an event_dtype array viewed as uint8); NULL when it is empty."""
    return <const L2Event*>&raw[0] if raw.shape[0] else NULL


cdef inline const int64_t* int64_column(object column, Py_ssize_t n) except? NULL:
    """The values of ``column`` (a contiguous int64 array of the ``n`` records, or None); NULL
    for None or no records."""
    cdef const int64_t[::1] view
    if column is None or n == 0:
        return NULL
    view = column
    return &view[0]


cdef inline int64_t grid_units(double x, double inv, str source, Py_ssize_t i, str field,
                               str what, double unit) except? -1:
    """Field ``field`` ('px' or 'qty', a ``what``: price or size) of record ``i`` in grid units
    (ticks or lots; ``inv`` = 1 / ``unit``, the grid's step); ValueError naming the source, the
    record and the field unless it is finite and on the grid."""
    cdef double units
    cdef int64_t whole
    if not isfinite(x):
        raise ValueError("%s, record %d, field '%s': %s %r is not a finite number"
                         % (source, i, field, what, x))
    units = x * inv
    whole = llround(units)
    if fabs(units - <double>whole) > 1e-6 + 1e-12 * fabs(units):
        raise ValueError("%s, record %d, field '%s': %s %r is not on the %s grid (%s_size %r)"
                         % (source, i, field, what, x, 'tick' if field == 'px' else 'lot',
                            'tick' if field == 'px' else 'lot', unit))
    return whole


cdef inline int check_exact(const int64_t* column, Py_ssize_t i, int64_t units, double x,
                            str source, str field, double unit) except -1:
    """The exact column beside field ``field`` (``ptick`` for 'px', ``qlot`` for 'qty'), when
    there is one, holds ``units`` for record ``i``; else ValueError naming both."""
    if column != NULL and column[i] != units:
        raise ValueError("%s, record %d, field '%s': %d disagrees with %s %r / %s_size %r"
                         % (source, i, 'ptick' if field == 'px' else 'qlot', column[i], field,
                            x, 'tick' if field == 'px' else 'lot', unit))
    return 0
