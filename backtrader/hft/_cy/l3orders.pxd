# Interface of the market-by-order state behind an L3 feed's book.
#
# Every resting order of the feed is kept by id with its side, price tick and size in lots; the
# size of each price level is the sum of the orders resting there and is written to an OrderBook
# (optional) whenever it changes. The L3 feed replay, its validation and the L3 exchange all act
# through this one class, so they agree on what a record does to the book.
from libc.stdint cimport int32_t, int64_t, uint64_t

from backtrader.hft._cy.book cimport OrderBook
from backtrader.hft._cy.u64map cimport U64Map

# Status of a call (0 done, negative: the record does not fit the orders resting)
cdef enum:
    MBO_OK = 0
    MBO_UNKNOWN = -1        # no resting order with that id
    MBO_DUPLICATE = -2      # an order with that id is already resting
    MBO_TOO_BIG = -3        # a fill larger than the order's size


cdef struct MboOrder:
    int64_t tick
    int64_t lots
    int32_t side            # SIDE_BID / SIDE_ASK
    int32_t next            # free list link


cdef class MboOrders:
    cdef readonly OrderBook book    # the book the level sizes go to (None: no book kept)
    cdef MboOrder* pool
    cdef Py_ssize_t cap
    cdef int32_t free
    cdef U64Map ids                 # order id -> pool slot
    cdef U64Map bid_levels          # tick -> lots resting at it
    cdef U64Map ask_levels

    cdef int add(self, int side, uint64_t oid, int64_t tick, int64_t lots) except -9
    cdef int cancel(self, uint64_t oid) except -9
    cdef int modify(self, uint64_t oid, int64_t tick, int64_t lots) except -9
    cdef int fill(self, uint64_t oid, int64_t lots, bint reduce) except -9
    cdef int clear(self, int side) except -9
    cdef int side_of(self, uint64_t oid) noexcept         # 0 when not resting
    cdef int64_t lots_of(self, uint64_t oid) noexcept     # 0 when not resting
    cdef int64_t tick_of(self, uint64_t oid) noexcept     # 0 when not resting
    cdef MboOrder* _find(self, uint64_t oid, int32_t* slot) noexcept      # NULL when not resting
    cdef int _level(self, int side, int64_t tick, int64_t delta) except -9
    cdef void _release(self, uint64_t oid, int32_t slot) noexcept
