# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""FIFO queue model for L3 (market-by-order) data: where our resting orders stand among the
feed's orders, order by order.

With a market-by-order feed every resting order is visible, so no estimate is needed: each price
level is a first-in first-out queue of the feed's orders and ours, in arrival order. Our order
is filled whole when the market reaches it:

* a feed order that stands *behind* one of ours at its level is filled -- the market traded
  through everything ahead of it, so our orders ahead of it are filled;
* the opposite best price crosses our price (the best bid rises to or above our ask, the best
  ask falls to or below our bid).

A feed order that is cancelled leaves its place; one whose size falls keeps its place; one that
moves to another price or grows goes to the back of the (new) level's queue. Our orders follow
the same rules. Clearing a side (a session close, or a reset before a snapshot) removes every
order of that side and expires ours, since their places are no longer known.

Prices are integer ticks, sides 1 (bid/buy) and -1 (ask/sell); feed ids and our ids are
separate spaces. The exchange calls the ``cdef`` methods, which leave the ids of the orders of
ours they filled or expired in an output buffer; the Python methods of the same names wrap
them and return lists of ids.

Compared with hftbacktest's ``L3FIFOQueueModel``: a feed order moved to another price is
queued at its new price (hftbacktest keeps it in the old price's queue), and orders of ours
filled by a crossing come out in a fixed order rather than a hash map's order.
"""
from libc.math cimport isfinite
from libc.stdint cimport int32_t, int64_t, uint64_t, INT32_MAX
from libc.stdlib cimport free

from backtrader._cy.growth cimport grow_array
from backtrader.hft._cy.book cimport SIDE_ASK, SIDE_BID, parse_side
from backtrader.hft._cy.u64map cimport (U64Map, map_clear, map_del, map_free, map_get,
                                        map_init, map_set)


cdef class L3FIFOQueue:
    """Market-by-order FIFO queues of the feed's orders and ours, per side and price tick.

    Use one per instrument. Feed events: :meth:`add_feed_order`, :meth:`cancel_feed_order`,
    :meth:`modify_feed_order`, :meth:`fill_feed_order`, :meth:`clear`; our orders:
    :meth:`add_order`, :meth:`cancel_order`, :meth:`modify_order`; best-price changes:
    :meth:`on_best_bid`, :meth:`on_best_ask`. Methods that can fill or expire our orders
    return the list of their ids.
    """

    def __cinit__(self):
        self.nodes = NULL
        self.levels = NULL
        self.out = NULL
        self.nodes_cap = 0
        self.levels_cap = 0
        self.out_cap = 0
        self.free_node = -1
        self.free_level = -1
        self.our_bids = -1
        self.our_asks = -1
        self.nout = 0
        map_init(&self.feed_ids, 64)
        map_init(&self.our_ids, 16)
        map_init(&self.bid_levels, 64)
        map_init(&self.ask_levels, 64)

    def __dealloc__(self):
        map_free(&self.feed_ids)
        map_free(&self.our_ids)
        map_free(&self.bid_levels)
        map_free(&self.ask_levels)
        free(self.nodes)
        free(self.levels)
        free(self.out)

    # -- pools -----------------------------------------------------------------------------

    cdef int32_t _alloc_node(self) except -9:
        cdef Py_ssize_t i, cap
        if self.free_node < 0:
            cap = grow_array(<void**>&self.nodes, self.nodes_cap, 64, sizeof(L3Node), INT32_MAX)
            for i in range(self.nodes_cap, cap):
                self.nodes[i].next = <int32_t>(i + 1) if i + 1 < cap else -1
            self.free_node = <int32_t>self.nodes_cap
            self.nodes_cap = cap
        i = self.free_node
        self.free_node = self.nodes[i].next
        return <int32_t>i

    cdef void _free_node(self, int32_t i) noexcept:
        self.nodes[i].next = self.free_node
        self.free_node = i

    cdef int _push(self, int32_t i) except -9:
        # append node i at the back of its (side, tick) level, opening the level if needed
        cdef L3Node* n = &self.nodes[i]
        cdef U64Map* lv = &self.bid_levels if n.side == SIDE_BID else &self.ask_levels
        cdef int64_t slot
        cdef Py_ssize_t k, cap
        cdef L3Level* L
        if not map_get(lv, <uint64_t>n.tick, &slot):
            if self.free_level < 0:
                cap = grow_array(<void**>&self.levels, self.levels_cap, 16, sizeof(L3Level),
                                 INT32_MAX)
                for k in range(self.levels_cap, cap):
                    self.levels[k].head = <int32_t>(k + 1) if k + 1 < cap else -1
                self.free_level = <int32_t>self.levels_cap
                self.levels_cap = cap
            slot = self.free_level
            map_set(lv, <uint64_t>n.tick, slot)
            L = &self.levels[slot]
            self.free_level = L.head
            L.tick = n.tick
            L.head = -1
            L.tail = -1
        L = &self.levels[slot]
        n.level = <int32_t>slot
        n.prev = L.tail
        n.next = -1
        if L.tail >= 0:
            self.nodes[L.tail].next = i
        else:
            L.head = i
        L.tail = i
        return 0

    cdef void _unlink(self, int32_t i) noexcept:
        # take node i out of its level's queue, closing the level when it empties
        cdef L3Node* n = &self.nodes[i]
        cdef L3Level* L = &self.levels[n.level]
        if n.prev >= 0:
            self.nodes[n.prev].next = n.next
        else:
            L.head = n.next
        if n.next >= 0:
            self.nodes[n.next].prev = n.prev
        else:
            L.tail = n.prev
        if L.head < 0:
            map_del(&self.bid_levels if n.side == SIDE_BID else &self.ask_levels,
                    <uint64_t>L.tick)
            L.head = self.free_level
            self.free_level = n.level

    cdef void _link_ours(self, int32_t i) noexcept:
        cdef L3Node* n = &self.nodes[i]
        cdef int32_t* head = &self.our_bids if n.side == SIDE_BID else &self.our_asks
        n.oprev = -1
        n.onext = head[0]
        if head[0] >= 0:
            self.nodes[head[0]].oprev = i
        head[0] = i

    cdef void _unlink_ours(self, int32_t i) noexcept:
        cdef L3Node* n = &self.nodes[i]
        if n.oprev >= 0:
            self.nodes[n.oprev].onext = n.onext
        elif n.side == SIDE_BID:
            self.our_bids = n.onext
        else:
            self.our_asks = n.onext
        if n.onext >= 0:
            self.nodes[n.onext].oprev = n.oprev

    cdef void _take_ours(self, int32_t i) noexcept:
        # our order i leaves the book (filled or expired): its id goes to the output
        self.out[self.nout] = self.nodes[i].oid
        self.nout += 1
        map_del(&self.our_ids, self.nodes[i].oid)
        self._unlink_ours(i)
        self._unlink(i)
        self._free_node(i)

    # -- shared steps of the feed's orders and ours ----------------------------------------------

    cdef int _add(self, U64Map* ids, bint ours, int side, uint64_t oid, int64_t tick,
                  double qty) except -9:
        cdef int64_t found
        cdef int32_t i
        if map_get(ids, oid, &found):
            return L3_DUPLICATE
        if ours and self.out_cap <= self.our_ids.n:
            # the output never holds more ids than we have orders
            self.out_cap = grow_array(<void**>&self.out, self.out_cap, 16, sizeof(uint64_t),
                                      INT32_MAX)
        i = self._alloc_node()
        self.nodes[i].oid = oid
        self.nodes[i].tick = tick
        self.nodes[i].qty = qty
        self.nodes[i].side = side
        self.nodes[i].ours = ours
        try:
            map_set(ids, oid, i)
        except MemoryError:
            self._free_node(i)
            raise
        try:
            self._push(i)
        except MemoryError:
            map_del(ids, oid)
            self._free_node(i)
            raise
        if ours:
            self._link_ours(i)
        return L3_OK

    cdef int _modify(self, U64Map* ids, uint64_t oid, int64_t tick, double qty) except -9:
        cdef int64_t found
        cdef int32_t i
        cdef L3Node* n
        if not map_get(ids, oid, &found):
            return L3_UNKNOWN
        i = <int32_t>found
        n = &self.nodes[i]
        if n.tick == tick and qty <= n.qty:
            n.qty = qty                 # a smaller order keeps its place
            return L3_OK
        self._unlink(i)                 # moved or grown: back of the queue
        n.tick = tick
        n.qty = qty
        try:
            self._push(i)
        except MemoryError:
            map_del(ids, oid)
            if n.ours:
                self._unlink_ours(i)
            self._free_node(i)
            raise
        return L3_OK

    # -- the market feed -----------------------------------------------------------------------

    cdef int add_feed(self, int side, uint64_t oid, int64_t tick, double qty) except -9:
        return self._add(&self.feed_ids, False, side, oid, tick, qty)

    cdef int cancel_feed(self, uint64_t oid) noexcept:
        cdef int64_t found
        if not map_get(&self.feed_ids, oid, &found):
            return L3_UNKNOWN
        map_del(&self.feed_ids, oid)
        self._unlink(<int32_t>found)
        self._free_node(<int32_t>found)
        return L3_OK

    cdef int modify_feed(self, uint64_t oid, int64_t tick, double qty) except -9:
        return self._modify(&self.feed_ids, oid, tick, qty)

    cdef Py_ssize_t fill_feed(self, uint64_t oid, bint delete) noexcept:
        # our orders ahead of the filled feed order are filled; returns their count or L3_UNKNOWN
        cdef int64_t found
        cdef int32_t i, j, nxt
        self.nout = 0
        if not map_get(&self.feed_ids, oid, &found):
            return L3_UNKNOWN
        i = <int32_t>found
        j = self.levels[self.nodes[i].level].head
        while j != i:
            nxt = self.nodes[j].next
            if self.nodes[j].ours:
                self._take_ours(j)
            j = nxt
        if delete:
            self.cancel_feed(oid)
        return self.nout

    # -- our orders ----------------------------------------------------------------------------

    cdef int add_ours(self, int side, uint64_t oid, int64_t tick, double qty) except -9:
        return self._add(&self.our_ids, True, side, oid, tick, qty)

    cdef int cancel_ours(self, uint64_t oid) noexcept:
        cdef int64_t found
        if not map_get(&self.our_ids, oid, &found):
            return L3_UNKNOWN
        map_del(&self.our_ids, oid)
        self._unlink_ours(<int32_t>found)
        self._unlink(<int32_t>found)
        self._free_node(<int32_t>found)
        return L3_OK

    cdef int modify_ours(self, uint64_t oid, int64_t tick, double qty) except -9:
        return self._modify(&self.our_ids, oid, tick, qty)

    # -- the book ------------------------------------------------------------------------------

    cdef Py_ssize_t best_bid_moved(self, int64_t best_bid) noexcept:
        # our asks at or below the new best bid are filled
        cdef int32_t j = self.our_asks, nxt
        self.nout = 0
        while j >= 0:
            nxt = self.nodes[j].onext
            if self.nodes[j].tick <= best_bid:
                self._take_ours(j)
            j = nxt
        return self.nout

    cdef Py_ssize_t best_ask_moved(self, int64_t best_ask) noexcept:
        # our bids at or above the new best ask are filled
        cdef int32_t j = self.our_bids, nxt
        self.nout = 0
        while j >= 0:
            nxt = self.nodes[j].onext
            if self.nodes[j].tick >= best_ask:
                self._take_ours(j)
            j = nxt
        return self.nout

    cdef void _clear_side(self, int side) noexcept:
        cdef U64Map* lv = &self.bid_levels if side == SIDE_BID else &self.ask_levels
        cdef Py_ssize_t s
        cdef int32_t j, nxt, slot
        for s in range(lv.cap):
            if not lv.used[s]:
                continue
            slot = <int32_t>lv.vals[s]
            j = self.levels[slot].head
            while j >= 0:
                nxt = self.nodes[j].next
                if self.nodes[j].ours:
                    self.out[self.nout] = self.nodes[j].oid
                    self.nout += 1
                    map_del(&self.our_ids, self.nodes[j].oid)
                else:
                    map_del(&self.feed_ids, self.nodes[j].oid)
                self._free_node(j)
                j = nxt
            self.levels[slot].head = self.free_level
            self.free_level = slot
        map_clear(lv)
        if side == SIDE_BID:
            self.our_bids = -1
        else:
            self.our_asks = -1

    cdef Py_ssize_t clear(self, int side) noexcept:
        # every order of the side (0: both sides) goes; ours are expired
        self.nout = 0
        if side != SIDE_ASK:
            self._clear_side(SIDE_BID)
        if side != SIDE_BID:
            self._clear_side(SIDE_ASK)
        return self.nout

    # -- Python API ----------------------------------------------------------------------------

    cdef list _out_list(self):
        return [self.out[k] for k in range(self.nout)]

    def add_feed_order(self, side, uint64_t order_id, int64_t tick, double qty):
        """A feed order of ``qty`` joins the back of the queue at ``tick``."""
        cdef int sd = parse_side(side, 'L3FIFOQueue.add_feed_order')
        _check_qty('add_feed_order', qty)
        if self.add_feed(sd, order_id, tick, qty) == L3_DUPLICATE:
            raise _duplicate('add_feed_order', 'a feed order', order_id)

    def cancel_feed_order(self, uint64_t order_id):
        """A feed order leaves the book (cancelled or deleted)."""
        if self.cancel_feed(order_id) == L3_UNKNOWN:
            raise _unknown('cancel_feed_order', 'feed order', order_id)

    def modify_feed_order(self, uint64_t order_id, int64_t tick, double qty):
        """A feed order changes: it keeps its place if only its size falls."""
        _check_qty('modify_feed_order', qty)
        if self.modify_feed(order_id, tick, qty) == L3_UNKNOWN:
            raise _unknown('modify_feed_order', 'feed order', order_id)

    def fill_feed_order(self, uint64_t order_id, bint delete=True):
        """A feed order is filled: returns the ids of our orders ahead of it, which fill too.

        With ``delete=False`` the feed order stays until its own cancel event (feeds that send
        a fill and a delete separately)."""
        if self.fill_feed(order_id, delete) == L3_UNKNOWN:
            raise _unknown('fill_feed_order', 'feed order', order_id)
        return self._out_list()

    def add_order(self, side, uint64_t order_id, int64_t tick, double qty):
        """Our order of ``qty`` joins the back of the queue at ``tick``."""
        cdef int sd = parse_side(side, 'L3FIFOQueue.add_order')
        _check_qty('add_order', qty)
        if self.add_ours(sd, order_id, tick, qty) == L3_DUPLICATE:
            raise _duplicate('add_order', 'an order of ours', order_id)

    def cancel_order(self, uint64_t order_id):
        """Our order leaves the book."""
        if self.cancel_ours(order_id) == L3_UNKNOWN:
            raise _unknown('cancel_order', 'order of ours', order_id)

    def modify_order(self, uint64_t order_id, int64_t tick, double qty):
        """Our order changes: it keeps its place if only its size falls."""
        _check_qty('modify_order', qty)
        if self.modify_ours(order_id, tick, qty) == L3_UNKNOWN:
            raise _unknown('modify_order', 'order of ours', order_id)

    def on_best_bid(self, int64_t tick):
        """The best bid is now ``tick``: returns the ids of our asks it crosses (filled)."""
        self.best_bid_moved(tick)
        return self._out_list()

    def on_best_ask(self, int64_t tick):
        """The best ask is now ``tick``: returns the ids of our bids it crosses (filled)."""
        self.best_ask_moved(tick)
        return self._out_list()

    def clear_side(self, side=None):
        """Remove every order of ``side`` (None: both); returns the ids of ours, expired."""
        self.clear(0 if side is None else parse_side(side, 'L3FIFOQueue.clear_side'))
        return self._out_list()

    def queue(self, side, int64_t tick):
        """The queue at ``tick``, front first, as ``(order_id, ours, qty)`` tuples."""
        cdef int sd = parse_side(side, 'L3FIFOQueue.queue')
        cdef int64_t slot
        cdef int32_t j
        out = []
        if map_get(&self.bid_levels if sd == SIDE_BID else &self.ask_levels,
                   <uint64_t>tick, &slot):
            j = self.levels[slot].head
            while j >= 0:
                out.append((self.nodes[j].oid, bool(self.nodes[j].ours), self.nodes[j].qty))
                j = self.nodes[j].next
        return out

    def ahead(self, uint64_t order_id):
        """Quantity of the feed's orders ahead of our order ``order_id``."""
        cdef int64_t found
        cdef int32_t j
        cdef double total = 0.0
        if not map_get(&self.our_ids, order_id, &found):
            raise _unknown('ahead', 'order of ours', order_id)
        j = self.nodes[found].prev
        while j >= 0:
            if not self.nodes[j].ours:
                total += self.nodes[j].qty
            j = self.nodes[j].prev
        return total

    def __contains__(self, uint64_t order_id):
        """Whether our order ``order_id`` is resting."""
        cdef int64_t found
        return map_get(&self.our_ids, order_id, &found)

    @property
    def n_orders(self):
        """Number of our resting orders."""
        return self.our_ids.n

    @property
    def n_feed_orders(self):
        """Number of the feed's resting orders."""
        return self.feed_ids.n

    def describe(self):
        """A short text naming the model."""
        return 'L3FIFOQueue()'

    def __repr__(self):
        return self.describe()

    def __reduce__(self):
        # the state: every level of each side, front first
        return (L3FIFOQueue, (), self._levels_state())

    cdef list _levels_state(self):
        cdef list state = []
        cdef U64Map* lv
        cdef Py_ssize_t s
        cdef int sd
        for sd in (SIDE_BID, SIDE_ASK):
            lv = &self.bid_levels if sd == SIDE_BID else &self.ask_levels
            for s in range(lv.cap):
                if lv.used[s]:
                    state.append((sd, self.levels[lv.vals[s]].tick,
                                  self.queue(sd, self.levels[lv.vals[s]].tick)))
        return state

    def __setstate__(self, state):
        for sd, tick, orders in state:
            for oid, ours, qty in orders:
                if ours:
                    self.add_order(sd, oid, tick, qty)
                else:
                    self.add_feed_order(sd, oid, tick, qty)


def _check_qty(str where, double qty):
    if not (isfinite(qty) and qty > 0.0):
        raise ValueError("L3FIFOQueue.%s: qty must be a finite number > 0, not %r" % (where, qty))


def _unknown(str where, str what, uint64_t order_id):
    return KeyError("L3FIFOQueue.%s: no resting %s with id %d" % (where, what, order_id))


def _duplicate(str where, str what, uint64_t order_id):
    return ValueError("L3FIFOQueue.%s: %s with id %d is already resting" % (where, what, order_id))
