# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=False
"""Upstream's session-end rule for daily bars, over int64 nanosecond columns.
(``cdivision=False``: ``//`` floors, for stamps before 1970.)"""
from libc.stdint cimport int64_t

from backtrader._cy.buffer cimport Buffer, as_buffer, new_buffer, I64
from backtrader._cy.timeconv cimport ns_to_num, NS_PER_DAY
from backtrader._cy.timezones cimport to_utc


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
    for i in range(src.n):
        eos.i64()[i] = src.i64()[i] // NS_PER_DAY * NS_PER_DAY + tod
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
