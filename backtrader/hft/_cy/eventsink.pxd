# Interface of the event sink: the growable columns normalisers write event records into
# (prices and sizes converted to ticks and lots by gridconv).
from libc.stdint cimport int64_t, uint64_t

from backtrader.hft._cy.book cimport L2Event
from backtrader.hft._cy.gridconv cimport Grid
from backtrader.hft._cy.eventkinds cimport (DEPTH_EVENT, TRADE_EVENT, DEPTH_CLEAR_EVENT,
                                            DEPTH_SNAPSHOT_EVENT, DEPTH_BBO_EVENT, BUY_EVENT,
                                            SELL_EVENT)

# ev codes of hftbacktest's records without the processing flags (kind | side flag); the sink
# adds EXCH_EVENT | LOCAL_EVENT to every record it writes
cdef enum:
    EV_BID_DEPTH = DEPTH_EVENT | BUY_EVENT
    EV_ASK_DEPTH = DEPTH_EVENT | SELL_EVENT
    EV_BUY_TRADE = TRADE_EVENT | BUY_EVENT
    EV_SELL_TRADE = TRADE_EVENT | SELL_EVENT
    EV_CLEAR_ALL = DEPTH_CLEAR_EVENT            # no side flag: the whole book
    EV_BID_SNAPSHOT = DEPTH_SNAPSHOT_EVENT | BUY_EVENT
    EV_ASK_SNAPSHOT = DEPTH_SNAPSHOT_EVENT | SELL_EVENT
    EV_BID_BBO = DEPTH_BBO_EVENT | BUY_EVENT
    EV_ASK_BBO = DEPTH_BBO_EVENT | SELL_EVENT


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
