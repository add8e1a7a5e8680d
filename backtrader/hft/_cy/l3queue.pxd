# Interface of the L3 (market-by-order) FIFO queue.
#
# Every resting order of the feed and every resting order of ours sits in a
# FIFO per (side, price tick), in arrival order. Nodes live in one growable
# pool and are linked into their level's FIFO; ids map to nodes and ticks to
# levels through U64Map tables. Our orders are also linked in a list per side,
# for the crossing checks. Calls that fill or expire our orders leave the ids
# in out[0:nout] (valid until the next call).
from libc.stdint cimport int32_t, int64_t, uint64_t

from backtrader.hft._cy.u64map cimport U64Map

# Status of the calls on one order
cdef enum:
    L3_OK = 0
    L3_UNKNOWN = -1        # no live order with that id
    L3_DUPLICATE = -2      # the id is already in use


cdef struct L3Node:
    uint64_t oid
    int64_t tick
    double qty
    int32_t prev           # FIFO neighbours at the level (-1: none)
    int32_t next           # (also links the free nodes)
    int32_t oprev          # neighbours in the side's list of our orders (ours only)
    int32_t onext
    int32_t level          # the level's slot
    int side               # SIDE_BID / SIDE_ASK
    bint ours


cdef struct L3Level:
    int64_t tick
    int32_t head           # first node (also links the free levels)
    int32_t tail           # last node


cdef class L3FIFOQueue:
    cdef L3Node* nodes
    cdef Py_ssize_t nodes_cap
    cdef int32_t free_node
    cdef L3Level* levels
    cdef Py_ssize_t levels_cap
    cdef int32_t free_level
    cdef U64Map feed_ids           # feed order id -> node
    cdef U64Map our_ids            # our order id -> node
    cdef U64Map bid_levels         # tick -> level slot
    cdef U64Map ask_levels
    cdef int32_t our_bids          # first of our bid orders (-1: none)
    cdef int32_t our_asks          # first of our ask orders
    cdef uint64_t* out             # ids of our orders filled / expired by the last call
    cdef Py_ssize_t nout
    cdef Py_ssize_t out_cap

    # the market feed
    cdef int add_feed(self, int side, uint64_t oid, int64_t tick, double qty) except -9
    cdef int cancel_feed(self, uint64_t oid) noexcept
    cdef int modify_feed(self, uint64_t oid, int64_t tick, double qty) except -9
    cdef Py_ssize_t fill_feed(self, uint64_t oid, bint delete) noexcept
    # our orders
    cdef int add_ours(self, int side, uint64_t oid, int64_t tick, double qty) except -9
    cdef int cancel_ours(self, uint64_t oid) noexcept
    cdef int modify_ours(self, uint64_t oid, int64_t tick, double qty) except -9
    # the book
    cdef Py_ssize_t best_bid_moved(self, int64_t best_bid) noexcept
    cdef Py_ssize_t best_ask_moved(self, int64_t best_ask) noexcept
    cdef Py_ssize_t clear(self, int side) noexcept
    # internals
    cdef int32_t _alloc_node(self) except -9
    cdef void _free_node(self, int32_t i) noexcept
    cdef int _push(self, int32_t i) except -9
    cdef void _unlink(self, int32_t i) noexcept
    cdef void _link_ours(self, int32_t i) noexcept
    cdef void _unlink_ours(self, int32_t i) noexcept
    cdef void _take_ours(self, int32_t i) noexcept
    cdef int _add(self, U64Map* ids, bint ours, int side, uint64_t oid, int64_t tick,
                  double qty) except -9
    cdef int _modify(self, U64Map* ids, uint64_t oid, int64_t tick, double qty) except -9
    cdef void _clear_side(self, int side) noexcept
    cdef list _out_list(self)
    cdef list _levels_state(self)
