# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The matching engine of ``bt.hft.BidAskBroker`` for market-by-order (L3) data.

It is the L2 engine (``exchange.pyx``: buses, latency, fees, taking orders, time in force) with
the market side replaced: the records flagged ``EXCH_EVENT`` act on the feed's resting orders as
in ``l3orders.pyx`` (the engine's book is their sum per price), and every price level is a FIFO
queue of the feed's orders and ours (``L3FIFOQueue``). Our resting orders fill whole, at their
own price (maker), as hftbacktest 2.4.4's ``L3NoPartialFillExchange`` fills them:

- a FILL record of a feed order fills every order of ours queued ahead of it at its level (the
  market traded through them to reach it);
- an ADD or MODIFY record that moves the best bid up to or above our ask (the best ask down to or
  below our bid) fills that order;
- a DEPTH_CLEAR removes the orders of its side (or of both) and expires ours, whose places are
  no longer known.

TRADE records and the market-by-price kinds do not act here. A new order joins the back of its
level's queue; a cancel takes it out. Orders that cross the book on arrival take liquidity as in
the L2 engine ('no_partial' rules; GTX is rejected). Differences from hftbacktest: a feed order
modified to another price is queued at its new price (see ``l3queue.pyx``); a GTX order that
would take is Rejected (hftbacktest: Expired); IOC / FOK / market orders keep their rules
(hftbacktest's L3 exchange treats every order as a GTC / GTX limit).
"""
from libc.stdint cimport int64_t, int32_t, uint64_t
from libc.math cimport llround

from backtrader.hft._cy.book cimport (OrderBook, L2Event, SIDE_BID, SIDE_ASK, NO_BID, NO_ASK,
                                      ticks_to_price)
from backtrader.hft._cy.exchange cimport (Exchange, XOrder, XS_RESTING, R_ACK, R_EXPIRED, RS_NONE,
                                          RS_CLEARED)
from backtrader.hft._cy.eventkinds cimport (
    DEPTH_CLEAR_EVENT, ADD_ORDER_EVENT, CANCEL_ORDER_EVENT, MODIFY_ORDER_EVENT, FILL_EVENT, ev_kind,
    ev_side)
from backtrader.hft._cy.l3orders cimport MboOrders, MBO_OK
from backtrader.hft._cy.l3queue cimport L3FIFOQueue, L3_OK
from backtrader.hft._cy.latency cimport OrderLatency
from backtrader.hft._cy.fees cimport FeeModel
from backtrader.hft._cy.u64map cimport map_init, map_free, map_get, map_set, map_del

from backtrader.hft._cy.l3replay import problem

cdef class L3Exchange(Exchange):
    """A simulated exchange for one instrument of L3 data (see the module docstring).

    Arguments as :class:`~backtrader.hft._cy.exchange.Exchange`'s, without a queue model (each
    engine keeps its own :class:`~backtrader.hft.models.L3FIFOQueue`) and with ``reduce``: FILL
    records take their size off the order (``L3EventData(fills='reduce')``). Whole fills only:
    ``partial`` must be False.
    """

    def __cinit__(self, *args, **kwargs):
        map_init(&self.slots, 64)

    def __dealloc__(self):
        map_free(&self.slots)

    def __init__(self, const unsigned char[::1] raw, ptick, qlot, double tick_size,
                 double lot_size, OrderLatency latency not None, FeeModel fees not None,
                 bint partial=False, str crossed='fix', bint release=False, bint reduce=False,
                 bint take_best=False):
        if partial:
            raise ValueError("L3FIFOQueue fills whole orders only (as hftbacktest's L3 "
                             "exchange): use BidAskBroker(exchange='no_partial')")
        Exchange.__init__(self, raw, ptick, qlot, tick_size, lot_size, None, latency, fees,
                          False, crossed, release, take_best)
        self.orders = MboOrders(self.book)
        self.fifo = L3FIFOQueue()
        self.reduce = reduce

    # -- the market: the feed's orders ----------------------------------------------------------

    cdef int _record(self, Py_ssize_t i) except -1:
        cdef const L2Event* e = &self.ev[i]
        cdef int kind = ev_kind(e.ev)
        cdef int side = ev_side(e.ev)
        cdef int64_t tick = 0, lots = 0, prev_best, left
        cdef uint64_t oid = e.order_id
        cdef int status
        cdef OrderBook b = self.book
        if kind != DEPTH_CLEAR_EVENT and (kind < ADD_ORDER_EVENT or kind > FILL_EVENT):
            return 0
        if kind == ADD_ORDER_EVENT or kind == MODIFY_ORDER_EVENT:
            tick = self.ptick[i] if self.ptick != NULL else llround(e.px * self.inv_tick)
        if kind == ADD_ORDER_EVENT or kind == MODIFY_ORDER_EVENT or kind == FILL_EVENT:
            lots = self.qlot[i] if self.qlot != NULL else llround(e.qty * self.inv_lot)
        if kind == MODIFY_ORDER_EVENT:
            side = self.orders.side_of(oid)
        prev_best = b.best_bid_tick if side == SIDE_BID else b.best_ask_tick
        if kind == ADD_ORDER_EVENT:
            status = self.orders.add(side, oid, tick, lots)
            if status == MBO_OK:
                self.fifo.add_feed(side, oid, tick, <double>lots)
                self._best_moved(side, prev_best, e.exch_ts)
        elif kind == CANCEL_ORDER_EVENT:
            status = self.orders.cancel(oid)
            if status == MBO_OK:
                self.fifo.cancel_feed(oid)
        elif kind == MODIFY_ORDER_EVENT:
            status = self.orders.modify(oid, tick, lots)
            if status == MBO_OK:
                self.fifo.modify_feed(oid, tick, <double>lots)
                self._best_moved(side, prev_best, e.exch_ts)
        elif kind == FILL_EVENT:
            tick = self.orders.tick_of(oid)
            status = self.orders.fill(oid, lots, self.reduce)
            if status == MBO_OK:
                left = self.orders.lots_of(oid)
                self.fifo.fill_feed(oid, self.reduce and left == 0)
                self._settle_out(e.exch_ts, False)
                if self.reduce and left > 0:
                    self.fifo.modify_feed(oid, tick, <double>left)   # smaller: keeps its place
        else:
            status = self.orders.clear(side)
            self.fifo.clear(side)
            self._settle_out(e.exch_ts, True)
        if status != MBO_OK:
            raise ValueError('L3 exchange, record %d: %s (order_id %d, kind %d)'
                             % (i, problem(status), oid, kind))
        return 0

    cdef int _best_moved(self, int side, int64_t prev_best, int64_t ts) except -1:
        """After a record of ``side``: a best bid that rose reaches our asks at or below it, a
        best ask that fell our bids at or above it."""
        cdef OrderBook b = self.book
        if side == SIDE_BID:
            if b.best_bid_tick != NO_BID and b.best_bid_tick > prev_best and self.nrest[1]:
                self.fifo.best_bid_moved(b.best_bid_tick)
                self._settle_out(ts, False)
        elif b.best_ask_tick != NO_ASK and b.best_ask_tick < prev_best and self.nrest[0]:
            self.fifo.best_ask_moved(b.best_ask_tick)
            self._settle_out(ts, False)
        return 0

    cdef int _settle_out(self, int64_t ts, bint expire) except -1:
        """Our orders the queue's last call took out fill whole at their own price (maker), or
        with ``expire`` expire (a clear)."""
        cdef Py_ssize_t k
        cdef int64_t slot
        cdef XOrder* o
        for k in range(self.fifo.nout):
            if not map_get(&self.slots, self.fifo.out[k], &slot):
                continue
            o = &self.ords[slot]
            if expire:
                self._answer(ts + self.latency.response(ts), ts, o.oid, R_EXPIRED, RS_CLEARED,
                             o.side, o.leaves)
                self.n_expired += 1
                self._end(<int32_t>slot)
            else:
                self._fill(<int32_t>slot, ts, ticks_to_price(self.book, <double>o.tick),
                           o.leaves, True)
        return 0

    # -- our orders -----------------------------------------------------------------------------

    cdef int _rest(self, int32_t slot, int64_t ts) except -1:
        """The order joins the back of its level's FIFO queue."""
        cdef XOrder* o = &self.ords[slot]
        if self.fifo.add_ours(o.side, <uint64_t>o.oid, o.tick, <double>o.leaves) != L3_OK:
            raise ValueError('L3 exchange: order id %d is already resting' % o.oid)
        map_set(&self.slots, <uint64_t>o.oid, slot)
        self._link(slot)
        self._respond(ts, o.oid, R_ACK, RS_NONE, o.side)
        self.rs[self.rs_n - 1].leaves = o.leaves
        return 0

    cdef int _end(self, int32_t slot) noexcept:
        """The order leaves the exchange (and its queue, unless the queue took it out)."""
        cdef XOrder* o = &self.ords[slot]
        if o.state == XS_RESTING:
            self.fifo.cancel_ours(<uint64_t>o.oid)
            map_del(&self.slots, <uint64_t>o.oid)
        return Exchange._end(self, slot)

    def ahead(self, int64_t oid):
        """Lots of the feed's orders queued ahead of our resting order ``oid`` (its ref)."""
        return self.fifo.ahead(<uint64_t>oid)
