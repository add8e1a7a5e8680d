# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled replay of L3 (market-by-order) event records for ``L3EventData``.

A record is applied when it carries the flag of the chosen timestamp side and is of an L3 kind,
a TRADE or a DEPTH_CLEAR; the market-by-price kinds (DEPTH, DEPTH_SNAPSHOT, DEPTH_BBO) are
counted and skipped. Applied kinds act as hftbacktest 2.4.4's L3 processors do (see
``l3orders.pyx``): ADD_ORDER, CANCEL_ORDER, MODIFY_ORDER and FILL change the resting orders,
and the book shows, per side and price, the sum of the orders resting there; DEPTH_CLEAR empties
the side it is flagged with (its price is not used), or the whole book without a side flag;
TRADE becomes the last trade. Steps are those of ``l2replay.pyx``.
"""
from libc.math cimport isfinite, llround
from libc.stdint cimport int64_t, uint64_t, INT64_MIN

from backtrader.hft._cy.book cimport OrderBook, L2Event
from backtrader.hft._cy.eventkinds cimport (
    DEPTH_EVENT, TRADE_EVENT, DEPTH_CLEAR_EVENT, DEPTH_SNAPSHOT_EVENT, DEPTH_BBO_EVENT,
    ADD_ORDER_EVENT, CANCEL_ORDER_EVENT, MODIFY_ORDER_EVENT, FILL_EVENT, EXCH_EVENT, LOCAL_EVENT,
    BUY_EVENT, SELL_EVENT, ev_kind, ev_side)
from backtrader.hft._cy.eventviews cimport as_records, int64_column, grid_units, check_exact
from backtrader.hft._cy.l2replay cimport L2Replay, count_classes
from backtrader.hft._cy.l3orders cimport MboOrders, MBO_OK
from backtrader.hft._cy.pagerelease cimport (PageRelease, pages_off, pages_on, pages_behind,
                                             pages_release)

from backtrader.hft._cy.l3orders import PROBLEMS

CLASS_NAMES = ('add', 'cancel', 'modify', 'fill', 'trade', 'clear', 'other_side', 'l2')
N_APPLIED = C3_OTHER_SIDE
FILLS = ('keep', 'reduce')


cdef inline int classify3(const L2Event* e, uint64_t flag) noexcept:
    """Class (C3_*) of a record, -1 for an unknown kind."""
    cdef int kind = ev_kind(e.ev)
    if kind == DEPTH_EVENT or kind == DEPTH_SNAPSHOT_EVENT or kind == DEPTH_BBO_EVENT:
        return C3_L2
    if (kind != TRADE_EVENT and kind != DEPTH_CLEAR_EVENT
            and (kind < ADD_ORDER_EVENT or kind > FILL_EVENT)):
        return -1
    if not (e.ev & flag):
        return C3_OTHER_SIDE
    if kind == TRADE_EVENT:
        return C3_TRADE
    if kind == DEPTH_CLEAR_EVENT:
        return C3_CLEAR
    return kind - ADD_ORDER_EVENT     # C3_ADD .. C3_FILL


cdef inline int apply_order(MboOrders orders, const L2Event* e, int kind, int64_t tick,
                            int64_t lots, bint reduce) except -9:
    """What an L3 record (ADD / CANCEL / MODIFY / FILL / CLEAR) does to the resting orders: the
    status of the call (MBO_*)."""
    if kind == ADD_ORDER_EVENT:
        return orders.add(ev_side(e.ev), e.order_id, tick, lots)
    if kind == CANCEL_ORDER_EVENT:
        return orders.cancel(e.order_id)
    if kind == MODIFY_ORDER_EVENT:
        return orders.modify(e.order_id, tick, lots)
    if kind == FILL_EVENT:
        return orders.fill(e.order_id, lots, reduce)
    return orders.clear(ev_side(e.ev))


def problem(int status):
    """The text of a failed call's status."""
    return PROBLEMS.get(status, 'status %d' % status)


def validate(const unsigned char[::1] raw, ptick, qlot, double tick_size, double lot_size,
             bint local, bint reduce, str source, bint release=False):
    """Check every record an L3 replay would apply, replaying the resting orders; return the
    count of each record class (``CLASS_NAMES``). ``release``: the arrays are read-only file
    maps, release their pages behind the pass.

    Raises ValueError naming ``source``, the record index and the field at the first bad
    record: an unknown kind; both side flags; an ADD without one; a NaN, infinite or off-grid
    price (ADD, MODIFY, TRADE) or size (ADD, MODIFY, FILL: also not positive; TRADE: negative);
    a ``ptick`` / ``qlot`` column disagreeing with ``px`` / ``qty``; a timestamp earlier than the
    previous applied record's; an ADD of an id already resting; a CANCEL, MODIFY or FILL of an id
    not resting; a FILL larger than its order.
    """
    cdef const L2Event* ev = as_records(raw)
    cdef Py_ssize_t n = raw.shape[0] // sizeof(L2Event), i
    cdef const int64_t* pt = int64_column(ptick, n)
    cdef const int64_t* ql = int64_column(qlot, n)
    cdef uint64_t flag = LOCAL_EVENT if local else EXCH_EVENT
    cdef double inv_tick = 1.0 / tick_size, inv_lot = 1.0 / lot_size
    cdef int64_t prev = INT64_MIN, t, tick = 0, lots = 0
    cdef int c, kind, status
    cdef const L2Event* e
    cdef int64_t counts[N3_CLASSES]
    cdef MboOrders orders = MboOrders(None)
    cdef PageRelease pr_ev
    pages_off(&pr_ev)
    if release and n:
        pages_on(&pr_ev, ev, sizeof(L2Event))
    tsname = 'local_ts' if local else 'exch_ts'
    for c in range(N3_CLASSES):
        counts[c] = 0
    for i in range(n):
        e = &ev[i]
        pages_behind(&pr_ev, i)
        c = classify3(e, flag)
        if c < 0:
            raise ValueError("%s, record %d, field 'ev': unknown event kind %d (ev=%#x)"
                             % (source, i, ev_kind(e.ev), e.ev))
        counts[c] += 1
        if c >= N_APPLIED:
            continue
        kind = ev_kind(e.ev)
        t = e.local_ts if local else e.exch_ts
        if t < prev:
            raise ValueError("%s, record %d, field '%s': timestamp %d goes back (the previous "
                             "applied record has %d)" % (source, i, tsname, t, prev))
        prev = t
        if (e.ev & BUY_EVENT) and (e.ev & SELL_EVENT):
            raise ValueError("%s, record %d, field 'ev': both BUY and SELL flags (ev=%#x)"
                             % (source, i, e.ev))
        if kind == ADD_ORDER_EVENT and not (e.ev & (BUY_EVENT | SELL_EVENT)):
            raise ValueError("%s, record %d, field 'ev': ADD_ORDER without a BUY or SELL side "
                             "flag (ev=%#x)" % (source, i, e.ev))
        if kind == ADD_ORDER_EVENT or kind == MODIFY_ORDER_EVENT or kind == TRADE_EVENT:
            tick = grid_units(e.px, inv_tick, source, i, 'px', 'price', tick_size)
            check_exact(pt, i, tick, e.px, source, 'px', tick_size)
        if kind == TRADE_EVENT:
            if not (isfinite(e.qty) and e.qty >= 0):
                raise ValueError("%s, record %d, field 'qty': trade size %r is not a finite "
                                 "number >= 0" % (source, i, e.qty))
            continue
        if kind == ADD_ORDER_EVENT or kind == MODIFY_ORDER_EVENT or kind == FILL_EVENT:
            lots = grid_units(e.qty, inv_lot, source, i, 'qty', 'size', lot_size)
            if lots <= 0:
                raise ValueError("%s, record %d, field 'qty': size %r is not positive (an "
                                 "order's size must be at least one lot)" % (source, i, e.qty))
            check_exact(ql, i, lots, e.qty, source, 'qty', lot_size)
        status = apply_order(orders, e, kind, tick, lots, reduce)
        if status != MBO_OK:
            raise ValueError("%s, record %d, field 'order_id': %s (order_id %d, kind %d)"
                             % (source, i, problem(status), e.order_id, kind))
    pages_release(&pr_ev, n)
    return [counts[c] for c in range(N3_CLASSES)]


def class_counts(const unsigned char[::1] raw, bint local, bint bbo, Py_ssize_t lo,
                 Py_ssize_t hi, bint release=False):
    """Count of each record class among records ``lo`` to ``hi`` (exclusive); ``bbo`` is not
    used (the signature is ``l2replay.class_counts``'s). ``release``: the records are a
    read-only file map, release their pages behind the pass."""
    return count_classes(raw, classify3_any, N3_CLASSES, local, bbo, lo, hi, release)


cdef int classify3_any(const L2Event* e, uint64_t flag, bint bbo) noexcept:
    """:func:`classify3` as an ``l2replay.Classifier`` (``bbo`` is not used)."""
    return classify3(e, flag)


cdef class L3Replay(L2Replay):
    """An :class:`~backtrader.hft._cy.l2replay.L2Replay` over L3 records: the book is the sum
    of the resting orders (``orders``). ``reduce``: FILL records take their size off the order
    (else they leave the book alone). Records must have passed :func:`validate` with the same
    settings."""

    def __init__(self, const unsigned char[::1] raw, ptick, qlot, OrderBook book, bint local,
                 int mode, int64_t interval=0, bint reduce=False, bint release=False):
        self.orders = MboOrders(book) if book is not None else None
        self.reduce = reduce
        L2Replay.__init__(self, raw, ptick, qlot, book, local, mode, interval, False, release)

    def fresh(self, OrderBook book):
        """A new cursor at the first record over the same records and settings."""
        raw, pt, ql = self._keep
        return L3Replay(raw, pt, ql, book, self.local, self.mode, self.interval, self.reduce,
                        self.release)

    cdef bint applies(self, Py_ssize_t i) noexcept:
        return 0 <= classify3(&self.ev[i], self.flag) < N_APPLIED

    cdef int apply(self, Py_ssize_t i) except -1:
        cdef const L2Event* e = &self.ev[i]
        cdef int kind = ev_kind(e.ev)
        cdef int64_t tick = 0, lots = 0
        cdef int status
        if kind == TRADE_EVENT:
            return L2Replay.apply(self, i)
        if kind == ADD_ORDER_EVENT or kind == MODIFY_ORDER_EVENT:
            tick = self.ptick[i] if self.ptick != NULL else llround(e.px * self.inv_tick)
        if kind != CANCEL_ORDER_EVENT and kind != DEPTH_CLEAR_EVENT:
            lots = self.qlot[i] if self.qlot != NULL else llround(e.qty * self.inv_lot)
        status = apply_order(self.orders, e, kind, tick, lots, self.reduce)
        if status != MBO_OK:
            raise ValueError('L3 replay, record %d: %s (order_id %d)'
                             % (i, problem(status), e.order_id))
        return 0
