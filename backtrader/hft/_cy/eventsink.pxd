# Interface of the event sink: the growable columns normalisers write event records into, with
# exact decimal-string -> tick / lot conversion at the edge.
from libc.stdint cimport int64_t, uint64_t

from backtrader.hft._cy.book cimport L2Event

# ev codes of hftbacktest's records without the processing flags (kind | side flag); the sink
# adds EXCH_EVENT | LOCAL_EVENT (1 << 31 | 1 << 30) to every record it writes
cdef enum:
    EV_BUY = 1 << 29
    EV_SELL = 1 << 28
    EV_BID_DEPTH = 1 | EV_BUY
    EV_ASK_DEPTH = 1 | EV_SELL
    EV_BUY_TRADE = 2 | EV_BUY
    EV_SELL_TRADE = 2 | EV_SELL
    EV_CLEAR_ALL = 3                    # no side flag: the whole book
    EV_BID_SNAPSHOT = 4 | EV_BUY
    EV_ASK_SNAPSHOT = 4 | EV_SELL
    EV_BID_BBO = 5 | EV_BUY
    EV_ASK_BBO = 5 | EV_SELL


cdef struct Grid:
    # a price or size grid, step = num * 10**-exp exactly (num > 0)
    int64_t num
    int exp
    double step
    int64_t exact_max       # |units| below it: units * step is one exact division away
    # a value m * 10**-f is m * 10**k / num grid units, k = exp - f; for k = 0..18, with
    # g = gcd(num, 10**k): it is on the grid iff div[k] = num / g divides m, and then
    # (m / div[k]) * mul[k] units, mul[k] = 10**k / g (div[k] and mul[k] are coprime)
    int64_t div[19]
    int64_t mul[19]
    int64_t max_q[19]       # INT64_MAX // mul[k]: the largest m / div[k] that fits


cdef class EventSink:
    cdef readonly Py_ssize_t n              # records written
    cdef Py_ssize_t cap                     # records allocated
    cdef Grid tick                          # the price grid
    cdef Grid lot                           # the size grid
    cdef object buf                         # numpy uint8: cap records of hftbacktest's 64 bytes
    cdef object ptick_arr                   # numpy int64: price of each record in ticks
    cdef object qlot_arr                    # numpy int64: size of each record in lots
    cdef L2Event* rec                       # their data, valid until the next reserve
    cdef int64_t* ptick
    cdef int64_t* qlot
    cdef int64_t kinds[8]                   # records written per kind (the ev's low byte, 1..5)

    cdef int reserve(self, Py_ssize_t extra) except -1
    # one record of an already converted value (a DEPTH_CLEAR); never fails on the grid
    # (``ev`` is one of the EV_ codes above: the processing flags are added here)
    cdef int add_raw(self, uint64_t ev, int64_t exch, int64_t local, double px, double qty,
                     int64_t ptick, int64_t qlot) except -1
    # one record from a price and a size as the exchange sent them (str, int or float)
    cdef int add(self, uint64_t ev, int64_t exch, int64_t local, object price, object size,
                 int64_t line, object pfield, object qfield) except -1
    # one record per [price, size] pair of the list ``levels``
    cdef int add_levels(self, uint64_t ev, int64_t exch, int64_t local, object levels,
                        int64_t line, object field) except -1
