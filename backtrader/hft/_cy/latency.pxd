# Interface of the order latency models.
#
# entry(local_ts): nanoseconds from the moment the strategy sends a request
# (local time) to the moment the exchange processes it. A negative value means
# the exchange rejects the request, and the rejection reaches the strategy
# -value ns after sending.
# response(exch_ts): nanoseconds from the exchange's answer to its receipt by
# the strategy.
from libc.stdint cimport int64_t


cdef class OrderLatency:
    cdef int64_t entry(self, int64_t local_ts) noexcept
    cdef int64_t response(self, int64_t exch_ts) noexcept


cdef class ConstantLatency(OrderLatency):
    cdef readonly int64_t entry_ns
    cdef readonly int64_t response_ns


cdef class IntpOrderLatency(OrderLatency):
    cdef int64_t* req_ts        # request times (local), not decreasing
    cdef int64_t* exch_ts       # exchange processing times (<= 0: rejected)
    cdef int64_t* resp_ts       # response receipt times (local)
    cdef readonly Py_ssize_t nrows
    cdef int64_t* rx            # exch_ts of the accepted rows, ascending
    cdef int64_t* ry            # their response latency resp_ts - exch_ts
    cdef Py_ssize_t nresp       # accepted rows
    cdef Py_ssize_t entry_i     # cursor: segment of the last entry() lookup
    cdef Py_ssize_t resp_i      # cursor: segment of the last response() lookup
    cdef int64_t _row_entry(self, Py_ssize_t i) noexcept
