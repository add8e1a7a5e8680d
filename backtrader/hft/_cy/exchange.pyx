# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The compiled matching engine of ``bt.hft.BidAskBroker``: a simulated exchange for one data.

What happens, in time order (the order hftbacktest 2.4.4's backtester keeps, ties included):

- the data's records flagged ``EXCH_EVENT`` are applied at ``exch_ts`` to the engine's own
  :class:`~backtrader.hft.OrderBook` (the strategy sees the book at ``local_ts`` through its feed);
- a request (new order, cancel) sent by the strategy at local time ``t`` reaches the exchange at
  ``t + entry latency`` and is processed after every record of the same exchange time;
- every answer of the exchange (ack, fill, cancel, expiry, rejection) reaches the strategy at its
  exchange time plus the response latency.

Both buses are first in, first out: a message never overtakes an earlier one (its time is raised to
the previous message's when the latency model would make it earlier).

Fill rules (those of hftbacktest's ``NoPartialFillExchange`` / ``PartialFillExchange``):

- a resting buy fills at its own price (maker) when the best ask falls to or below it, when a
  seller-initiated trade prints below it, or when a trade at its price has consumed the queue ahead
  of it according to the queue model; sells mirror this. Without partial fills the whole order
  fills at once, with them a trade at the order's price fills what the queue model lets through;
- an order that crosses the book on arrival takes liquidity (taker): a post-only (GTX) order is
  rejected instead. ``'partial'``: one fill per displayed level at that level's price (market
  orders and IOC walk every level within reach and expire the rest; FOK is rejected unless the
  levels within its price hold its whole size; a GTC limit takes the levels better than its price
  and fills its remainder at its own price, as hftbacktest does). ``'no_partial'``: one fill of the
  whole size at the average price of the levels it takes; a GTC limit beyond the displayed depth
  within its price fills its remainder at its price; a market order, IOC or FOK that the displayed
  depth cannot fill whole is refused (market, FOK: rejected; IOC: expired). With ``take_best``
  (the broker's ``taker='best'``) a ``'no_partial'`` taker fills its whole size at the best
  opposite price whatever that level holds, as hftbacktest's ``NoPartialFillExchange`` does;
- a non-crossing limit GTC / GTX order rests in the queue of its price level behind the displayed
  size; a non-crossing IOC expires and a non-crossing FOK is rejected.
"""
from libc.stdlib cimport malloc, free
from libc.string cimport memmove
from cpython.pyport cimport PY_SSIZE_T_MAX
from libc.math cimport llround, fabs, isfinite, round as c_round
from libc.stdint cimport int64_t, int32_t, uint64_t, INT64_MAX

from backtrader._cy.growth cimport grow_array
from backtrader.hft._cy.pagerelease cimport pages_off, pages_on, pages_behind
from backtrader.hft._cy.book cimport (OrderBook, L2Event, SIDE_BID, SIDE_ASK, NO_BID, NO_ASK,
                                      ticks_to_price)
from backtrader.hft._cy.eventviews cimport as_records, int64_column
from backtrader.hft._cy.eventkinds cimport (DEPTH_EVENT, TRADE_EVENT, DEPTH_CLEAR_EVENT,
                                            DEPTH_SNAPSHOT_EVENT, EXCH_EVENT, ev_kind, ev_side)

import numpy as np

cdef enum:
    NBUCKET = 1024          # hash buckets per side (a power of two)
    LEVELS = 256            # displayed levels a taker order may walk

FILL_DTYPE = np.dtype([('exch_ts', 'i8'), ('local_ts', 'i8'), ('order', 'i8'), ('side', 'i8'),
                       ('px', 'f8'), ('qty', 'f8'), ('maker', 'i8'), ('fee', 'f8')])

TIFS = {'GTC': TIF_GTC, 'IOC': TIF_IOC, 'FOK': TIF_FOK, 'GTX': TIF_GTX}
KINDS = ('ack', 'fill', 'canceled', 'expired', 'rejected', 'cancel_rejected')
REASONS = {
    RS_NONE: '',
    RS_GTX_TAKE: 'post-only (GTX) order would take liquidity',
    RS_FOK: 'FOK order: the displayed depth within its price cannot fill it whole',
    RS_NO_DEPTH: 'market order: the displayed depth cannot fill it whole',
    RS_LATENCY: 'rejected by the order latency model (negative entry latency)',
    RS_IOC: 'IOC order: the rest of its size found nothing to take',
    RS_UNFILLED: 'market order: the rest of its size is beyond the displayed depth',
    RS_CLEARED: 'the exchange cleared the side of the book the order rested on',
}


cdef inline int sidx(int side) noexcept:
    """Index of a side in the per-side arrays: 0 buy, 1 sell."""
    return 0 if side > 0 else 1


cdef inline bint beyond(int side, int64_t level_tick, int64_t limit) noexcept:
    """A level of the opposite book at ``level_tick`` is out of reach of a ``side`` order
    limited at ``limit``."""
    return level_tick > limit if side > 0 else level_tick < limit


cdef int bus_room(void** items, Py_ssize_t* head, Py_ssize_t* n, Py_ssize_t* cap,
                  size_t itemsize) except -1:
    """Room for one more item at the end of a full bus (``n == cap``): the items taken from
    its front (``head`` of them) make way, else it grows."""
    if head[0] > 0:
        memmove(items[0], <char*>items[0] + head[0] * itemsize, (n[0] - head[0]) * itemsize)
        n[0] -= head[0]
        head[0] = 0
    if n[0] == cap[0]:
        cap[0] = grow_array(items, cap[0], 64, itemsize, PY_SSIZE_T_MAX // itemsize)
    return 0


cdef class Exchange:
    """A simulated exchange for one instrument (see the module docstring).

    ``raw`` is the records' bytes (a contiguous ``event_dtype`` array viewed as uint8), ``ptick``
    and ``qlot`` the optional int64 tick / lot columns. Times are int64 ns, sizes lots, prices
    ticks; the broker converts at its edge. ``release``: the records are a read-only file map
    whose pages may be released behind the cursor (``L2EventData._mapped``).
    """

    def __cinit__(self, *args, **kwargs):
        self.ords = NULL
        self.bucket = NULL
        self.rq = NULL
        self.rs = NULL
        self.fl = NULL
        self.lv_ticks = NULL
        self.lv_lots = NULL

    def __dealloc__(self):
        free(self.ords)
        free(self.bucket)
        free(self.rq)
        free(self.rs)
        free(self.fl)
        free(self.lv_ticks)
        free(self.lv_lots)

    def __init__(self, const unsigned char[::1] raw, ptick, qlot, double tick_size,
                 double lot_size, QueueModel queue_model, OrderLatency latency not None,
                 FeeModel fees not None, bint partial, str crossed='fix', bint release=False,
                 bint take_best=False):
        cdef Py_ssize_t i
        self._keep = (raw, ptick, qlot)
        self.n = raw.shape[0] // sizeof(L2Event)
        self.ev = as_records(raw)
        self.ptick = int64_column(ptick, self.n)
        self.qlot = int64_column(qlot, self.n)
        self.book = OrderBook(tick_size, lot_size, crossed)
        self.tick_size = tick_size
        self.lot_size = lot_size
        self.inv_tick = 1.0 / tick_size
        self.inv_lot = 1.0 / lot_size
        if queue_model is not None:     # None: a subclass keeps the queues (L3Exchange)
            queue_model.bind(lot_size)
        self.queue_model = queue_model
        self.latency = latency
        self.fees = fees
        self.partial = partial
        self.take_best = take_best and not partial
        self.now = -INT64_MAX
        self.bucket = <int32_t*>malloc(2 * NBUCKET * sizeof(int32_t))
        self.lv_cap = LEVELS
        self.lv_ticks = <int64_t*>malloc(LEVELS * sizeof(int64_t))
        self.lv_lots = <int64_t*>malloc(LEVELS * sizeof(int64_t))
        if self.bucket == NULL or self.lv_ticks == NULL or self.lv_lots == NULL:
            raise MemoryError()
        for i in range(2 * NBUCKET):
            self.bucket[i] = -1
        self.cap = 0
        self.free_head = -1
        self.nrest[0] = self.nrest[1] = 0
        self.rq_head = self.rq_n = self.rq_cap = 0
        self.rs_head = self.rs_n = self.rs_cap = 0
        self.rq_last = self.rs_last = -INT64_MAX
        self.fl_n = self.fl_cap = 0
        pages_off(&self.pages)
        if release and self.n:
            pages_on(&self.pages, self.ev, sizeof(L2Event))
        self.pos = self._next_exch(0)

    cdef Py_ssize_t _next_exch(self, Py_ssize_t i) noexcept:
        while i < self.n and not (self.ev[i].ev & EXCH_EVENT):
            i += 1
        return i

    # -- order slots and the (side, tick) hash ------------------------------------------------

    cdef int32_t _alloc(self) except -1:
        cdef int32_t s, i, ncap
        if self.free_head < 0:
            ncap = <int32_t>grow_array(<void**>&self.ords, self.cap, 16, sizeof(XOrder), 0x7fffffff)
            for i in range(self.cap, ncap):
                self.ords[i].state = XS_FREE
                self.ords[i].next = i + 1 if i + 1 < ncap else -1
            self.free_head = self.cap
            self.cap = ncap
        s = self.free_head
        self.free_head = self.ords[s].next
        return s

    cdef int32_t* _head(self, int side, int64_t tick) noexcept:
        return &self.bucket[sidx(side) * NBUCKET + (tick & (NBUCKET - 1))]

    cdef void _link(self, int32_t slot) noexcept:
        cdef XOrder* o = &self.ords[slot]
        cdef int32_t* head = self._head(o.side, o.tick)
        o.prev = -1
        o.next = head[0]
        if head[0] >= 0:
            self.ords[head[0]].prev = slot
        head[0] = slot
        o.state = XS_RESTING
        self.nrest[sidx(o.side)] += 1

    cdef void _unlink(self, int32_t slot) noexcept:
        cdef XOrder* o = &self.ords[slot]
        if o.prev >= 0:
            self.ords[o.prev].next = o.next
        else:
            self._head(o.side, o.tick)[0] = o.next
        if o.next >= 0:
            self.ords[o.next].prev = o.prev
        self.nrest[sidx(o.side)] -= 1

    cdef int _end(self, int32_t slot) noexcept:
        """The order leaves the exchange; its slot goes back to the free list."""
        cdef XOrder* o = &self.ords[slot]
        if o.state == XS_RESTING:
            self._unlink(slot)
        o.state = XS_FREE
        o.next = self.free_head
        self.free_head = slot
        return 0

    # -- buses --------------------------------------------------------------------------------

    cdef Response* _push_resp(self, int64_t recv_ts) except NULL:
        cdef Response* p
        if self.rs_n == self.rs_cap:
            bus_room(<void**>&self.rs, &self.rs_head, &self.rs_n, &self.rs_cap, sizeof(Response))
        if recv_ts < self.rs_last:
            recv_ts = self.rs_last
        self.rs_last = recv_ts
        p = &self.rs[self.rs_n]
        self.rs_n += 1
        p.recv_ts = recv_ts
        p.px = 0.0
        p.fee = 0.0
        p.qty = 0
        p.maker = 0
        p.reason = RS_NONE
        return p

    cdef int _push_req(self, int64_t ts, int64_t oid, int32_t slot, int kind) except -1:
        cdef Request* p
        if self.rq_n == self.rq_cap:
            bus_room(<void**>&self.rq, &self.rq_head, &self.rq_n, &self.rq_cap, sizeof(Request))
        if ts < self.rq_last:
            ts = self.rq_last
        self.rq_last = ts
        p = &self.rq[self.rq_n]
        self.rq_n += 1
        p.ts = ts
        p.oid = oid
        p.slot = slot
        p.kind = kind
        return 0

    cdef int _respond(self, int64_t ts, int64_t oid, int kind, int reason, int side) except -1:
        """An answer without a fill, leaving the exchange at ``ts``."""
        self._answer(ts + self.latency.response(ts), ts, oid, kind, reason, side, 0)
        return 0

    cdef Response* _answer(self, int64_t recv_ts, int64_t exch_ts, int64_t oid, int kind,
                           int reason, int side, int64_t leaves) except NULL:
        """An answer without a fill, received at ``recv_ts``."""
        cdef Response* r = self._push_resp(recv_ts)
        r.exch_ts = exch_ts
        r.oid = oid
        r.kind = kind
        r.reason = reason
        r.side = side
        r.leaves = leaves
        return r

    # -- the strategy's side ------------------------------------------------------------------

    cdef int32_t submit_c(self, int64_t oid, int side, int kind, int tif, int64_t tick,
                          int64_t lots, int64_t local_ts) except -2:
        """Send a new order at local time ``local_ts``; its slot, or -1 when the latency model
        rejects it (the rejection is on its way back)."""
        cdef int64_t lat = self.latency.entry(local_ts)
        cdef int32_t slot
        cdef XOrder* o
        if lat < 0:
            self._answer(local_ts - lat, 0, oid, R_REJECTED, RS_LATENCY, side, lots)
            self.n_rejected += 1
            return -1
        slot = self._alloc()
        o = &self.ords[slot]
        o.oid = oid
        o.tick = tick
        o.leaves = lots
        o.side = side
        o.kind = kind
        o.tif = tif
        o.state = XS_SENT
        o.next = o.prev = -1
        self._push_req(local_ts + lat, oid, slot, REQ_NEW)
        return slot

    cdef int cancel_c(self, int32_t slot, int64_t oid, int64_t local_ts) except -1:
        """Send a cancel of the order in ``slot`` at local time ``local_ts``."""
        cdef int64_t lat = self.latency.entry(local_ts)
        if lat < 0:
            self._answer(local_ts - lat, 0, oid, R_CANCEL_REJECTED, RS_LATENCY, 0, 0)
            return 0
        self._push_req(local_ts + lat, oid, slot, REQ_CANCEL)
        return 0

    cdef int advance_c(self, int64_t t) except -1:
        """Process every record and request due at or before ``t``: records first at equal
        times, as hftbacktest does."""
        cdef int64_t te, tr
        cdef Request r
        while True:
            te = self.ev[self.pos].exch_ts if self.pos < self.n else INT64_MAX
            tr = self.rq[self.rq_head].ts if self.rq_head < self.rq_n else INT64_MAX
            if te <= tr:
                if te > t or te == INT64_MAX:
                    break
                self._record(self.pos)
                self.pos = self._next_exch(self.pos + 1)
            else:
                if tr > t:
                    break
                r = self.rq[self.rq_head]
                self.rq_head += 1
                if self.rq_head == self.rq_n:
                    self.rq_head = self.rq_n = 0
                self._request(&r)
        pages_behind(&self.pages, self.pos)
        if t > self.now:
            self.now = t
        return 0

    cdef bint pop_c(self, int64_t t, Response* out) noexcept:
        """Take the next response received by ``t``; False when there is none."""
        if self.rs_head >= self.rs_n or self.rs[self.rs_head].recv_ts > t:
            return False
        out[0] = self.rs[self.rs_head]
        self.rs_head += 1
        if self.rs_head == self.rs_n:
            self.rs_head = self.rs_n = 0
        return True

    # -- the exchange's side: market data -----------------------------------------------------

    cdef int _record(self, Py_ssize_t i) except -1:
        cdef const L2Event* e = &self.ev[i]
        cdef int kind = ev_kind(e.ev)
        cdef int side = ev_side(e.ev)
        cdef int64_t pt, ql, prev_lots, prev_best
        cdef OrderBook b = self.book
        if kind == DEPTH_EVENT or kind == DEPTH_SNAPSHOT_EVENT:
            if side == 0:
                return 0
            pt = self.ptick[i] if self.ptick != NULL else llround(e.px * self.inv_tick)
            ql = self.qlot[i] if self.qlot != NULL else llround(e.qty * self.inv_lot)
            prev_best = b.best_bid_tick if side == SIDE_BID else b.best_ask_tick
            if self.nrest[sidx(side)]:
                prev_lots = b.qlot_at_tick(side, pt)
                b.update_tick(side, pt, ql)
                self._level_changed(side, pt, prev_lots * self.lot_size, ql * self.lot_size)
            else:
                b.update_tick(side, pt, ql)
            # the best of a side moving into our orders of the other side fills them
            if side == SIDE_BID:
                if b.best_bid_tick != NO_BID and b.best_bid_tick > prev_best and self.nrest[1]:
                    self._cross(SIDE_ASK, b.best_bid_tick, e.exch_ts)
            elif b.best_ask_tick != NO_ASK and b.best_ask_tick < prev_best and self.nrest[0]:
                self._cross(SIDE_BID, b.best_ask_tick, e.exch_ts)
        elif kind == TRADE_EVENT:
            if side == 0 or not self.nrest[sidx(-side)]:
                return 0
            pt = self.ptick[i] if self.ptick != NULL else llround(e.px * self.inv_tick)
            # a buyer-initiated trade reaches our sells, a seller-initiated one our buys
            self._trade(-side, pt, e.qty, e.exch_ts)
        elif kind == DEPTH_CLEAR_EVENT:
            if side == 0:
                b.clear_all()
            else:
                pt = self.ptick[i] if self.ptick != NULL else llround(e.px * self.inv_tick)
                b.clear_tick(side, pt)
        return 0

    cdef int _level_changed(self, int side, int64_t tick, double prev_qty,
                            double new_qty) noexcept:
        """Tell the queue model of every order of ``side`` at ``tick`` that the level changed."""
        cdef int32_t s = self._head(side, tick)[0]
        cdef XOrder* o
        while s >= 0:
            o = &self.ords[s]
            if o.tick == tick:
                self.queue_model.depth(&o.q, prev_qty, new_qty)
            s = o.next
        return 0

    cdef int _cross(self, int side, int64_t best, int64_t ts) except -1:
        """The opposite best moved to ``best``: our ``side`` orders at or beyond it fill whole
        at their own price (buys at ``best`` and above, sells at ``best`` and below)."""
        cdef int32_t s
        cdef XOrder* o
        for s in range(self.cap):
            o = &self.ords[s]
            if o.state == XS_RESTING and o.side == side and not beyond(-side, o.tick, best):
                self._fill(s, ts, ticks_to_price(self.book, <double>o.tick), o.leaves, True)
        return 0

    cdef int _trade(self, int side, int64_t tick, double qty, int64_t ts) except -1:
        """A trade printed at ``tick`` against our ``side`` orders: those better than the
        trade price fill whole; those at it advance in their queue and fill what it lets
        through (whole orders without partial fills)."""
        cdef int32_t s
        cdef XOrder* o
        cdef double f
        cdef int64_t lots
        for s in range(self.cap):
            o = &self.ords[s]
            if o.state != XS_RESTING or o.side != side:
                continue
            if o.tick == tick:
                self.queue_model.trade(&o.q, qty)
                f = self.queue_model.filled(&o.q)
                if f > 0.0:
                    o.q.front = 0.0         # the queue ahead is gone (hftbacktest resets it)
                    lots = o.leaves
                    if self.partial:
                        lots = llround(f * self.inv_lot)
                        if lots > o.leaves:
                            lots = o.leaves
                    self._fill(s, ts, ticks_to_price(self.book, <double>o.tick), lots, True)
            elif beyond(side, o.tick, tick):
                # a buy above a sell trade's price (a sell below a buy trade's)
                self._fill(s, ts, ticks_to_price(self.book, <double>o.tick), o.leaves, True)
        return 0

    cdef int _fill(self, int32_t slot, int64_t ts, double px, int64_t lots,
                   bint maker) except -1:
        cdef XOrder* o = &self.ords[slot]
        cdef double qty = lots * self.lot_size
        cdef Response* r = self._push_resp(ts + self.latency.response(ts))
        o.leaves -= lots
        r.exch_ts = ts
        r.oid = o.oid
        r.kind = R_FILL
        r.side = o.side
        r.px = px
        r.qty = lots
        r.leaves = o.leaves
        r.maker = maker
        r.fee = self.fees.fee(px, qty, maker)
        self.n_fills += 1
        if o.leaves <= 0:
            self._end(slot)
        return 0

    # -- the exchange's side: requests --------------------------------------------------------

    cdef int _request(self, Request* r) except -1:
        if r.kind == REQ_NEW:
            return self._new(r.slot, r.ts)
        return self._cancel(r.slot, r.oid, r.ts)

    cdef int _cancel(self, int32_t slot, int64_t oid, int64_t ts) except -1:
        cdef XOrder* o
        if slot < 0 or slot >= self.cap:
            return self._respond(ts, oid, R_CANCEL_REJECTED, RS_NONE, 0)
        o = &self.ords[slot]
        if o.state != XS_RESTING or o.oid != oid:
            return self._respond(ts, oid, R_CANCEL_REJECTED, RS_NONE, 0)
        self._respond(ts, oid, R_CANCELED, RS_NONE, o.side)
        self.rs[self.rs_n - 1].leaves = o.leaves
        self.n_cancelled += 1
        self._end(slot)
        return 0

    cdef int _new(self, int32_t slot, int64_t ts) except -1:
        cdef XOrder* o = &self.ords[slot]
        cdef OrderBook b = self.book
        cdef int64_t opp_best = b.best_ask_tick if o.side > 0 else b.best_bid_tick
        cdef bint has_opp = opp_best != (NO_ASK if o.side > 0 else NO_BID)
        cdef bint crosses = o.kind == OK_MARKET or (has_opp and not beyond(o.side, opp_best,
                                                                            o.tick))
        if crosses:
            if o.tif == TIF_GTX and o.kind == OK_LIMIT:
                self._respond(ts, o.oid, R_REJECTED, RS_GTX_TAKE, o.side)
                self.n_rejected += 1
                self._end(slot)
                return 0
            return self._take(slot, ts)
        if o.tif == TIF_IOC or o.tif == TIF_FOK:
            self._respond(ts, o.oid, R_EXPIRED if o.tif == TIF_IOC else R_REJECTED,
                          RS_IOC if o.tif == TIF_IOC else RS_FOK, o.side)
            if o.tif == TIF_IOC:
                self.n_expired += 1
            else:
                self.n_rejected += 1
            self._end(slot)
            return 0
        return self._rest(slot, ts)

    cdef int _rest(self, int32_t slot, int64_t ts) except -1:
        """The order joins the queue of its price level, behind the displayed size."""
        cdef XOrder* o = &self.ords[slot]
        self.queue_model.new_order(&o.q, self.book.qlot_at_tick(o.side, o.tick) * self.lot_size)
        self._link(slot)
        self._respond(ts, o.oid, R_ACK, RS_NONE, o.side)
        self.rs[self.rs_n - 1].leaves = o.leaves
        return 0

    cdef Py_ssize_t _levels(self, int side, Py_ssize_t need) except -1:
        """The top displayed levels of ``side`` into the scratch arrays; their count."""
        if need > self.lv_cap:
            need = self.lv_cap
        return self.book.levels_c(side, need, self.lv_ticks, self.lv_lots)

    cdef int _take(self, int32_t slot, int64_t ts) except -1:
        """A crossing order takes liquidity (see the module docstring for the rules)."""
        cdef XOrder* o = &self.ords[slot]
        cdef int side = o.side
        cdef bint limit = o.kind == OK_LIMIT
        cdef Py_ssize_t nlev = self._levels(-side, LEVELS), i, reach = 0
        cdef int64_t avail = 0, need = o.leaves, take, oid = o.oid
        cdef double notional = 0.0
        # the levels within the order's reach, and what they hold
        while reach < nlev and not (limit and beyond(side, self.lv_ticks[reach], o.tick)):
            avail += self.lv_lots[reach]
            reach += 1
        if self.take_best and reach:
            # hftbacktest's whole fill: the entire size at the best opposite price
            self._respond(ts, oid, R_ACK, RS_NONE, side)
            self.rs[self.rs_n - 1].leaves = need
            return self._fill(slot, ts, ticks_to_price(self.book, <double>self.lv_ticks[0]),
                              need, False)
        if (o.tif == TIF_FOK or (not self.partial and o.tif != TIF_GTC)
                or (not self.partial and not limit)) and avail < need:
            # cannot fill whole: FOK and (no_partial) market / IOC orders are refused
            if o.tif == TIF_IOC and limit:
                self._respond(ts, oid, R_EXPIRED, RS_IOC, side)
                self.n_expired += 1
            else:
                self._respond(ts, oid, R_REJECTED, RS_FOK if limit else RS_NO_DEPTH, side)
                self.n_rejected += 1
            self._end(slot)
            return 0
        self._respond(ts, oid, R_ACK, RS_NONE, side)
        self.rs[self.rs_n - 1].leaves = need
        if not self.partial:
            i = 0
            while need > 0 and i < reach:
                take = self.lv_lots[i] if self.lv_lots[i] < need else need
                notional += <double>take * <double>self.lv_ticks[i]
                need -= take
                i += 1
            if need > 0:        # a GTC limit beyond the displayed depth: the rest at its price
                notional += <double>need * <double>o.tick
            return self._fill(slot, ts, ticks_to_price(self.book, notional / <double>o.leaves),
                              o.leaves, False)
        if limit and o.tif == TIF_GTC:
            # hftbacktest's rule: the levels better than the price, the rest at the price
            while reach > 0 and self.lv_ticks[reach - 1] == o.tick:
                reach -= 1
        i = 0
        while o.leaves > 0 and i < reach:
            take = self.lv_lots[i] if self.lv_lots[i] < o.leaves else o.leaves
            self._fill(slot, ts, ticks_to_price(self.book, <double>self.lv_ticks[i]), take, False)
            i += 1
        if o.leaves <= 0:
            return 0
        if limit and o.tif == TIF_GTC:
            return self._fill(slot, ts, ticks_to_price(self.book, <double>o.tick), o.leaves,
                              False)
        self._respond(ts, oid, R_EXPIRED, RS_IOC if limit else RS_UNFILLED, side)
        self.rs[self.rs_n - 1].leaves = o.leaves
        self.n_expired += 1
        self._end(slot)
        return 0

    # -- Python API ---------------------------------------------------------------------------

    cpdef object send(self, int64_t oid, int side, int exectype, object price, double size,
                      object tif, int64_t local_ts):
        """Check an order request and send it: ``exectype`` 0 market / 2 limit (backtrader's
        numbers), ``price`` (limit), ``size`` > 0, ``tif`` 'GTC' / 'IOC' / 'FOK' / 'GTX'. Returns
        its slot, -1 when the latency model rejects it, or the reason (a str) to refuse it."""
        cdef double units, whole
        cdef int64_t tick = 0, lots
        cdef int kind
        code = TIFS.get(tif)
        if code is None:
            return "unknown time in force %r (use 'GTC', 'IOC', 'FOK' or 'GTX')" % (tif,)
        units = size * self.inv_lot
        whole = c_round(units)
        if not (whole >= 1.0 and fabs(units - whole) <= 1e-6 + 1e-12 * units):
            return ('size %r is not a positive whole number of lots (lot_size %r)'
                    % (size, self.lot_size))
        lots = <int64_t>whole
        if exectype == 0:
            kind = OK_MARKET
        elif exectype == 2:
            kind = OK_LIMIT
            if not isinstance(price, (int, float)) or not isfinite(price):
                return 'a Limit order needs a finite price, got %r' % (price,)
            units = <double>price * self.inv_tick
            whole = c_round(units)
            if fabs(units - whole) > 1e-6 + 1e-12 * fabs(units):
                return ('price %r is not on the tick grid (tick_size %r)'
                        % (price, self.tick_size))
            tick = <int64_t>whole
        else:
            return 'execution type %d is not supported (Market or Limit only)' % exectype
        return self.submit_c(oid, side, kind, code, tick, lots, local_ts)

    def submit(self, int64_t oid, int side, int kind, int tif, int64_t tick, int64_t lots,
               int64_t local_ts):
        """Send a new order; its slot (-1: rejected by the latency model)."""
        if side != 1 and side != -1:
            raise ValueError('Exchange.submit: side %d is not 1 (buy) or -1 (sell)' % side)
        if lots <= 0:
            raise ValueError('Exchange.submit: size %d lots is not positive' % lots)
        return self.submit_c(oid, side, kind, tif, tick, lots, local_ts)

    def cancel(self, int32_t slot, int64_t oid, int64_t local_ts):
        """Send a cancel of the order in ``slot`` (its id ``oid``)."""
        self.cancel_c(slot, oid, local_ts)

    def advance(self, int64_t t):
        """Run the exchange up to time ``t`` (ns)."""
        self.advance_c(t)

    def poll(self, int64_t t):
        """Run the exchange up to ``t`` and return the responses received by then, in order,
        as tuples ``(kind, oid, px, lots, leaves, maker, fee, reason, exch_ts, recv_ts)``;
        every fill among them is added to the fill log."""
        cdef Response r
        cdef list out = []
        self.advance_c(t)
        while self.receive_c(t, &r):
            out.append((r.kind, r.oid, r.px, r.qty, r.leaves, r.maker, r.fee, r.reason,
                        r.exch_ts, r.recv_ts))
        return out

    cdef bint receive_c(self, int64_t t, Response* out) except -1:
        """:meth:`pop_c`, a fill among them added to the fill log."""
        if not self.pop_c(t, out):
            return False
        if out.kind == R_FILL:
            self._log(out)
        return True

    cdef int _log(self, Response* r) except -1:
        cdef FillRow* p
        if self.fl_n == self.fl_cap:
            self.fl_cap = grow_array(<void**>&self.fl, self.fl_cap, 1024, sizeof(FillRow),
                                     PY_SSIZE_T_MAX // sizeof(FillRow))
        p = &self.fl[self.fl_n]
        self.fl_n += 1
        p.exch_ts = r.exch_ts
        p.local_ts = r.recv_ts
        p.order = r.oid
        p.side = r.side
        p.px = r.px
        p.qty = r.qty * self.lot_size
        p.maker = r.maker
        p.fee = r.fee
        return 0

    def fill_log(self):
        """Every fill received so far, in order, as a ``FILL_DTYPE`` array."""
        out = np.empty(self.fl_n, dtype=FILL_DTYPE)
        cdef unsigned char[::1] view = out.view(np.uint8)
        cdef Py_ssize_t nbytes = self.fl_n * sizeof(FillRow)
        if nbytes:
            memmove(&view[0], self.fl, nbytes)
        return out

    def queue(self, int32_t slot):
        """``(front, cum_trade)`` of the queue position of the resting order in ``slot``."""
        if slot < 0 or slot >= self.cap or self.ords[slot].state != XS_RESTING:
            raise ValueError('Exchange.queue: no resting order in slot %d' % slot)
        return self.ords[slot].q.front, self.ords[slot].q.cum_trade

    def resting(self):
        """Number of our orders resting in the book (buys, sells)."""
        return self.nrest[0], self.nrest[1]

    def in_flight(self):
        """Requests on their way to the exchange and responses on their way back."""
        return self.rq_n - self.rq_head, self.rs_n - self.rs_head
