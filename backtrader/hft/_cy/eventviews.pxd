# C views of event-record arrays for the compiled readers: the records' bytes and the optional
# int64 columns of exact ticks and lots beside them. Inline, no module of its own. The pointers
# are valid while the caller keeps the arrays alive (and unresized).
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
