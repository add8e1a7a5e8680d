# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=False
"""Wall-clock times of a time zone to UTC, over int64 nanosecond columns.

A zone is any object with pytz's ``localize``; its offsets are asked once per
wall-clock hour. (``cdivision=False``: ``//`` floors, for stamps before 1970.)
"""
from libc.stdint cimport int64_t

from backtrader._cy.buffer cimport Buffer, as_buffer, new_buffer, I64
from backtrader._cy.timeconv cimport NS_PER_SEC
from backtrader._cy.timeconv import ns_to_datetime

cdef int64_t _NS_HOUR = 3600 * 1000000000


cdef int64_t _offset_ns(zone, int64_t wall_ns) except? -1:
    """UTC offset (ns) that ``zone.localize`` gives the wall time ``wall_ns``."""
    aware = zone.localize(ns_to_datetime(wall_ns))
    delta = aware.tzinfo.utcoffset(aware)
    if delta is None:
        return 0
    return (delta.days * 86400 + delta.seconds) * NS_PER_SEC + delta.microseconds * 1000


cpdef Buffer to_utc(object wall, object zone):
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
        key = w[i] // _NS_HOUR
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
