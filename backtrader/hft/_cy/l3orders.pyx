# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Market-by-order state: the feed's resting orders by id, and the L2 book they add up to.

What each L3 record does (hftbacktest's conventions, with sizes in lots and prices in ticks):

- ADD_ORDER rests a new order; the level at its price grows by its size;
- CANCEL_ORDER removes the order; its level shrinks by what it held (and goes at zero);
- MODIFY_ORDER gives the order a new price and size: the old level shrinks, the new one grows;
- FILL_ORDER reports an execution against the order. With ``reduce`` False (hftbacktest's and
  Databento's convention) it leaves the book alone: the feed updates the order by the cancel or
  modify that follows. With ``reduce`` True the fill takes its size off the order, which leaves
  the book when nothing is left. Either way a fill larger than the order is refused;
- a clear removes every order of a side (or of both).

A record that does not fit the resting orders (an unknown id, an id already resting, a fill too
large) changes nothing and returns a negative status; the caller names the record.
"""
from libc.stdint cimport int32_t, int64_t, uint64_t
from libc.stdlib cimport free, malloc

from backtrader._cy.growth cimport grow_array

from backtrader.hft._cy.book cimport OrderBook, SIDE_BID, SIDE_ASK
from backtrader.hft._cy.u64map cimport (U64Map, map_clear, map_del, map_free, map_get,
                                        map_init, map_set)

PROBLEMS = {
    MBO_UNKNOWN: 'no resting order has this id',
    MBO_DUPLICATE: 'an order with this id is already resting',
    MBO_TOO_BIG: 'the fill is larger than the order',
}


cdef class MboOrders:
    """The resting orders of a market-by-order feed; ``book`` (an OrderBook or None) is kept
    equal to the sum of their sizes per side and price."""

    def __cinit__(self):
        self.pool = NULL
        self.cap = 0
        self.free = -1
        map_init(&self.ids, 64)
        map_init(&self.bid_levels, 64)
        map_init(&self.ask_levels, 64)

    def __init__(self, OrderBook book=None):
        self.book = book

    def __dealloc__(self):
        map_free(&self.ids)
        map_free(&self.bid_levels)
        map_free(&self.ask_levels)
        free(self.pool)

    cdef int _level(self, int side, int64_t tick, int64_t delta) except -9:
        """The level of ``side`` at ``tick`` changes by ``delta`` lots (into the book too)."""
        cdef U64Map* lv = &self.bid_levels if side == SIDE_BID else &self.ask_levels
        cdef int64_t total = 0
        map_get(lv, <uint64_t>tick, &total)
        total += delta
        if total > 0:
            map_set(lv, <uint64_t>tick, total)
        else:
            map_del(lv, <uint64_t>tick)
            total = 0
        if self.book is not None:
            self.book.update_tick(side, tick, total)
        return 0

    cdef void _release(self, uint64_t oid, int32_t slot) noexcept:
        map_del(&self.ids, oid)
        self.pool[slot].next = self.free
        self.free = slot

    cdef int add(self, int side, uint64_t oid, int64_t tick, int64_t lots) except -9:
        cdef Py_ssize_t i, ncap
        cdef int32_t slot
        if self._find(oid, &slot) != NULL:
            return MBO_DUPLICATE
        if self.free < 0:
            ncap = grow_array(<void**>&self.pool, self.cap, 256, sizeof(MboOrder), 0x7fffffff)
            for i in range(self.cap, ncap):
                self.pool[i].next = <int32_t>(i + 1) if i + 1 < ncap else -1
            self.free = <int32_t>self.cap
            self.cap = ncap
        slot = self.free
        map_set(&self.ids, oid, slot)
        self.free = self.pool[slot].next
        self.pool[slot].side = side
        self.pool[slot].tick = tick
        self.pool[slot].lots = lots
        return self._level(side, tick, lots)

    cdef int cancel(self, uint64_t oid) except -9:
        cdef int32_t slot
        cdef MboOrder* o = self._find(oid, &slot)
        if o == NULL:
            return MBO_UNKNOWN
        self._release(oid, slot)
        return self._level(o.side, o.tick, -o.lots)

    cdef int modify(self, uint64_t oid, int64_t tick, int64_t lots) except -9:
        cdef int32_t slot
        cdef MboOrder* o = self._find(oid, &slot)
        if o == NULL:
            return MBO_UNKNOWN
        if o.tick == tick:
            self._level(o.side, tick, lots - o.lots)
        else:
            self._level(o.side, o.tick, -o.lots)
            self._level(o.side, tick, lots)
        o.tick = tick
        o.lots = lots
        return MBO_OK

    cdef int fill(self, uint64_t oid, int64_t lots, bint reduce) except -9:
        cdef int32_t slot
        cdef MboOrder* o = self._find(oid, &slot)
        if o == NULL:
            return MBO_UNKNOWN
        if lots > o.lots:
            return MBO_TOO_BIG
        if reduce:
            o.lots -= lots
            if o.lots == 0:
                self._release(oid, slot)
            self._level(o.side, o.tick, -lots)
        return MBO_OK

    cdef int clear(self, int side) except -9:
        """Every order of ``side`` (0: of both sides) leaves, with its levels."""
        cdef Py_ssize_t i, k = 0
        cdef uint64_t* gone
        cdef U64Map* lv
        cdef int sd
        if side == 0:
            map_clear(&self.ids)
            self.free = -1
            for i in range(self.cap - 1, -1, -1):
                self.pool[i].next = self.free
                self.free = <int32_t>i
        else:
            gone = <uint64_t*>malloc((self.ids.n + 1) * sizeof(uint64_t))
            if gone == NULL:
                raise MemoryError()
            for i in range(self.ids.cap):
                if self.ids.used[i] and self.pool[self.ids.vals[i]].side == side:
                    gone[k] = self.ids.keys[i]
                    k += 1
            for i in range(k):
                self.cancel(gone[i])
            free(gone)
        for sd in (SIDE_BID, SIDE_ASK):
            if side != 0 and sd != side:
                continue
            lv = &self.bid_levels if sd == SIDE_BID else &self.ask_levels
            if self.book is not None:
                for i in range(lv.cap):
                    if lv.used[i]:
                        self.book.update_tick(sd, <int64_t>lv.keys[i], 0)
            map_clear(lv)
        return MBO_OK

    cdef MboOrder* _find(self, uint64_t oid, int32_t* slot) noexcept:
        cdef int64_t found
        if not map_get(&self.ids, oid, &found):
            return NULL
        slot[0] = <int32_t>found
        return &self.pool[found]

    cdef int side_of(self, uint64_t oid) noexcept:
        cdef int64_t found
        return self.pool[found].side if map_get(&self.ids, oid, &found) else 0

    cdef int64_t lots_of(self, uint64_t oid) noexcept:
        cdef int64_t found
        return self.pool[found].lots if map_get(&self.ids, oid, &found) else 0

    cdef int64_t tick_of(self, uint64_t oid) noexcept:
        cdef int64_t found
        return self.pool[found].tick if map_get(&self.ids, oid, &found) else 0

    # -- inspection ------------------------------------------------------------------------
    def order(self, uint64_t order_id):
        """``(side, tick, lots)`` of a resting order; KeyError when none has that id."""
        cdef int32_t slot
        cdef MboOrder* o = self._find(order_id, &slot)
        if o == NULL:
            raise KeyError('MboOrders: no resting order with id %d' % order_id)
        return o.side, o.tick, o.lots

    def __len__(self):
        return self.ids.n
