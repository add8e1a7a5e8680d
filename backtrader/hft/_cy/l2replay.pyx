# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled replay of L2 event records (hftbacktest's 64-byte layout) for ``L2EventData``.

A record is applied when it carries the flag of the chosen timestamp side (``LOCAL_EVENT`` for
local time, ``EXCH_EVENT`` for exchange time) and is of an L2 kind; the others are counted and
skipped. Applied kinds act on the book as hftbacktest 2.4.4's local processor does:

- DEPTH and DEPTH_SNAPSHOT set the level at ``px`` on the flagged side to ``qty`` (0 deletes);
- DEPTH_CLEAR with a side flag removes that side's levels from its best price down to ``px``
  (inclusive); without one it empties the book;
- TRADE leaves the book alone and becomes the last trade (price, size, aggressor side);
- DEPTH_BBO is skipped by default (hftbacktest's local book ignores it); with ``bbo=True`` it
  removes the levels better than ``px`` on its side and sets the level at ``px``.

Steps: one applied record (``STEP_EVENT``), every applied record sharing a timestamp
(``STEP_TIMESTAMP``, hftbacktest's feed callback), or every applied record up to and including the
next multiple of the interval after the first record's exchange time (``STEP_INTERVAL``,
hftbacktest's ``elapse``; a wake-up happens at every boundary, with or without records). Unlike
hftbacktest, the batch that holds the last record is delivered too.

Records that are a read-only file map (``release``) are not kept resident: every pass over them
(validation, counting, each replay cursor) releases the pages a few megabytes behind itself (see
``pagerelease.pxd``), so a pass over a file of any size holds only a few megabytes of it.
"""
from libc.math cimport NAN, isfinite, llround
from libc.stdint cimport int64_t, uint64_t, INT64_MAX, INT64_MIN
from cpython.dict cimport PyDict_GetItemWithError
from cpython.object cimport PyObject

from backtrader.hft._cy.book cimport (OrderBook, L2Event, NO_BID, NO_ASK,
                                      ticks_to_price, lots_to_qty)
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.feedstep cimport FeedStep
from backtrader._cy.buffer cimport Buffer, new_buffer, F64, I64
from backtrader._cy.timeconv cimport ns_to_num
from backtrader.hft._cy.pagerelease cimport (PageRelease, pages_off, pages_on, pages_behind,
                                             pages_release)
from backtrader.hft._cy.eventviews cimport as_records, int64_column, grid_units, check_exact
from backtrader.hft._cy.eventkinds cimport (
    DEPTH_EVENT, TRADE_EVENT, DEPTH_CLEAR_EVENT, DEPTH_SNAPSHOT_EVENT, DEPTH_BBO_EVENT,
    ADD_ORDER_EVENT, FILL_EVENT, EXCH_EVENT, LOCAL_EVENT, BUY_EVENT, SELL_EVENT, ev_kind, ev_side)

cdef extern from "Python.h":
    PyObject** _PyObject_GetDictPtr(object obj)

CLASS_NAMES = ('depth', 'trade', 'clear', 'snapshot', 'bbo', 'other_side', 'l3', 'bbo_skipped')
MODES = {'event': STEP_EVENT, 'timestamp': STEP_TIMESTAMP, 'interval': STEP_INTERVAL}


cdef inline int classify(const L2Event* e, uint64_t flag, bint bbo) noexcept:
    """Class (C_*) of a record, -1 for an unknown kind."""
    cdef int kind = ev_kind(e.ev)
    if ADD_ORDER_EVENT <= kind <= FILL_EVENT:
        return C_L3
    if kind < DEPTH_EVENT or kind > DEPTH_BBO_EVENT:
        return -1
    if not (e.ev & flag):
        return C_OTHER_SIDE
    if kind == DEPTH_EVENT:
        return C_DEPTH
    if kind == TRADE_EVENT:
        return C_TRADE
    if kind == DEPTH_CLEAR_EVENT:
        return C_CLEAR
    if kind == DEPTH_SNAPSHOT_EVENT:
        return C_SNAPSHOT
    return C_BBO if bbo else C_BBO_SKIPPED


cdef inline bint applied_class(int c) noexcept:
    return 0 <= c <= C_BBO


cdef inline void _release_column(PageRelease* p, col) noexcept:
    """``pages_on`` for an int64 column (a memoryview-able array), or off when it is None."""
    cdef const int64_t[::1] c
    pages_off(p)
    if col is not None and len(col):
        c = col
        pages_on(p, &c[0], sizeof(int64_t))


def validate(const unsigned char[::1] raw, ptick, qlot, double tick_size, double lot_size,
             bint local, bint bbo, str source, bint release=False):
    """Check every record an L2 replay would apply; return the count of each record class.
    ``release``: the arrays are read-only file maps, release their pages behind the pass.

    Raises ValueError naming ``source``, the record index and the field at the first bad record:
    an unknown kind, a depth record without (or with both) side flags, a NaN or infinite price or
    size, a negative size, a price off the tick grid or a size off the lot grid, a ``ptick`` /
    ``qlot`` column disagreeing with ``px`` / ``qty``, a timestamp earlier than the previous
    applied record's.
    """
    cdef const L2Event* ev = as_records(raw)
    cdef Py_ssize_t n = raw.shape[0] // sizeof(L2Event), i
    cdef const int64_t* ptp = int64_column(ptick, n)
    cdef const int64_t* qlp = int64_column(qlot, n)
    cdef uint64_t flag = LOCAL_EVENT if local else EXCH_EVENT
    cdef double inv_tick = 1.0 / tick_size, inv_lot = 1.0 / lot_size
    cdef int64_t prev = INT64_MIN, t, whole
    cdef int c, kind
    cdef bint buy, sell, needpx, needqty
    cdef const L2Event* e
    cdef int64_t counts[N_CLASSES]
    cdef PageRelease pr_ev, pr_pt, pr_ql
    pages_off(&pr_ev)
    pages_off(&pr_pt)
    pages_off(&pr_ql)
    if release and n:
        pages_on(&pr_ev, ev, sizeof(L2Event))
        _release_column(&pr_pt, ptick)
        _release_column(&pr_ql, qlot)
    tsname = 'local_ts' if local else 'exch_ts'
    for c in range(N_CLASSES):
        counts[c] = 0
    for i in range(n):
        e = &ev[i]
        pages_behind(&pr_ev, i)
        pages_behind(&pr_pt, i)
        pages_behind(&pr_ql, i)
        c = classify(e, flag, bbo)
        if c < 0:
            raise ValueError("%s, record %d, field 'ev': unknown event kind %d (ev=%#x)"
                             % (source, i, ev_kind(e.ev), e.ev))
        counts[c] += 1
        if not applied_class(c):
            continue
        t = e.local_ts if local else e.exch_ts
        if t < prev:
            raise ValueError("%s, record %d, field '%s': timestamp %d goes back (the previous "
                             "applied record has %d)" % (source, i, tsname, t, prev))
        prev = t
        buy = (e.ev & BUY_EVENT) != 0
        sell = (e.ev & SELL_EVENT) != 0
        if buy and sell:
            raise ValueError("%s, record %d, field 'ev': both BUY and SELL flags (ev=%#x)"
                             % (source, i, e.ev))
        needpx = c != C_CLEAR or buy or sell
        needqty = c != C_CLEAR
        if c != C_TRADE and c != C_CLEAR and not (buy or sell):
            raise ValueError("%s, record %d, field 'ev': depth record without a BUY or SELL "
                             "side flag (ev=%#x)" % (source, i, e.ev))
        if needpx:
            whole = grid_units(e.px, inv_tick, source, i, 'px', 'price', tick_size)
            check_exact(ptp, i, whole, e.px, source, 'px', tick_size)
        if needqty:
            if not isfinite(e.qty):
                raise ValueError("%s, record %d, field 'qty': size %r is not a finite number"
                                 % (source, i, e.qty))
            if e.qty < 0:
                raise ValueError("%s, record %d, field 'qty': size %r is negative"
                                 % (source, i, e.qty))
            if c != C_TRADE:
                whole = grid_units(e.qty, inv_lot, source, i, 'qty', 'size', lot_size)
                check_exact(qlp, i, whole, e.qty, source, 'qty', lot_size)
    pages_release(&pr_ev, n)
    pages_release(&pr_pt, n)
    pages_release(&pr_ql, n)
    return [counts[c] for c in range(N_CLASSES)]


def class_counts(const unsigned char[::1] raw, bint local, bint bbo, Py_ssize_t lo, Py_ssize_t hi,
                 bint release=False):
    """Count of each record class among records ``lo`` to ``hi`` (exclusive). ``release``: the
    records are a read-only file map, release their pages behind the pass."""
    return count_classes(raw, classify, N_CLASSES, local, bbo, lo, hi, release)


cdef list count_classes(const unsigned char[::1] raw, Classifier classify_fn, int nclasses,
                        bint local, bint bbo, Py_ssize_t lo, Py_ssize_t hi, bint release):
    """Count of each class (``classify_fn``, ``nclasses`` <= MAX_CLASSES of them) among records
    ``lo`` to ``hi`` (exclusive), the pages behind the pass released with ``release``."""
    cdef const L2Event* ev = as_records(raw)
    cdef uint64_t flag = LOCAL_EVENT if local else EXCH_EVENT
    cdef int64_t counts[MAX_CLASSES]
    cdef Py_ssize_t i
    cdef int c
    cdef PageRelease pr
    pages_off(&pr)
    if release and hi > lo:
        pages_on(&pr, &ev[lo], sizeof(L2Event))
    for c in range(nclasses):
        counts[c] = 0
    for i in range(lo, hi):
        pages_behind(&pr, i - lo)
        c = classify_fn(&ev[i], flag, bbo)
        if c >= 0:
            counts[c] += 1
    pages_release(&pr, hi - lo)
    return [counts[c] for c in range(nclasses)]


cdef class RecordSink:
    """Base of what listens to a replay's records (``L2Replay.sink``): ``on_record`` runs after
    each applied record, with the record, its time and the replay's book."""

    cdef int on_record(self, const L2Event* e, int64_t ts, OrderBook book) except -1:
        return 0


cdef class L2Replay:
    """A cursor over event records that applies them to ``book`` one step at a time.

    ``raw`` is the records' bytes (a contiguous ``event_dtype`` array viewed as uint8), ``ptick``
    and ``qlot`` optional int64 columns of exact ticks and lots (else they are computed from
    ``px`` and ``qty``). Records must have passed :func:`validate` with the same settings.
    ``release``: ``raw`` is a read-only file map; the pages behind the cursor are released.
    ``sink``: a :class:`RecordSink` told of every record the cursor applies (a new cursor has
    none).
    """

    def __init__(self, const unsigned char[::1] raw, ptick, qlot, OrderBook book, bint local,
                 int mode, int64_t interval=0, bint bbo=False, bint release=False):
        self._keep = (raw, ptick, qlot)
        self.ev = as_records(raw)
        self.n = raw.shape[0] // sizeof(L2Event)
        self.ptick = int64_column(ptick, self.n)
        self.qlot = int64_column(qlot, self.n)
        self.book = book
        self.flag = LOCAL_EVENT if local else EXCH_EVENT
        self.local = local
        if mode < STEP_EVENT or mode > STEP_INTERVAL:
            raise ValueError('L2Replay: unknown step mode %d' % mode)
        if mode == STEP_INTERVAL and interval <= 0:
            raise ValueError('L2Replay: the interval must be a positive number of ns, not %d'
                             % interval)
        self.mode = mode
        self.interval = interval
        self.bbo = bbo
        self.release = release and self.n > 0
        pages_off(&self.pages)
        if self.release:
            pages_on(&self.pages, self.ev, sizeof(L2Event))
        if book is not None:
            self.inv_tick = 1.0 / book.tick_size
            self.inv_lot = 1.0 / book.lot_size
        self.boundary = self.ev[0].exch_ts + interval if self.n else 0
        self.steps = 0
        self.vals.price = NAN
        self.vals.size = NAN
        self.vals.side = 0.0
        self.vals.volume = 0.0
        self.pos = self.next_applied(0)
        self.fill()

    def fresh(self, OrderBook book):
        """A new cursor at the first record over the same records and settings."""
        pt, ql = self._keep[1], self._keep[2]
        return L2Replay(self._keep[0], pt, ql, book, self.local, self.mode, self.interval,
                        self.bbo, self.release)

    cdef bint applies(self, Py_ssize_t i) noexcept:
        return applied_class(classify(&self.ev[i], self.flag, self.bbo))

    cdef Py_ssize_t next_applied(self, Py_ssize_t i) noexcept:
        while i < self.n and not self.applies(i):
            i += 1
        return i

    cdef int apply(self, Py_ssize_t i) except -1:
        cdef const L2Event* e = &self.ev[i]
        cdef int kind = ev_kind(e.ev)
        cdef int side = ev_side(e.ev)
        cdef int64_t pt, ql
        if kind == TRADE_EVENT:
            self.vals.price = e.px
            self.vals.size = e.qty
            self.vals.side = side
            self.vals.volume += e.qty
            return 0
        pt = self.ptick[i] if self.ptick != NULL else llround(e.px * self.inv_tick)
        if kind == DEPTH_CLEAR_EVENT:
            if side == 0:
                self.book.clear_all()
            else:
                self.book.clear_tick(side, pt)
            return 0
        ql = self.qlot[i] if self.qlot != NULL else llround(e.qty * self.inv_lot)
        if kind == DEPTH_BBO_EVENT:
            # levels better than the new best go (a bid above it, an ask below it)
            self.book.clear_tick(side, pt + side)
        self.book.update_tick(side, pt, ql)
        return 0

    cdef int take(self, Py_ssize_t i) except -1:
        """Apply record ``i``, then tell the sink (if any) about it."""
        self.apply(i)
        if self.sink is not None:
            self.sink.on_record(&self.ev[i], self.ev[i].local_ts if self.local
                                else self.ev[i].exch_ts, self.book)
        return 0

    cdef int64_t peek(self) noexcept:
        """Time of the next step, INT64_MAX when there is none."""
        if self.pos >= self.n:
            return INT64_MAX
        if self.mode == STEP_INTERVAL:
            return self.boundary
        return self.ev[self.pos].local_ts if self.local else self.ev[self.pos].exch_ts

    cdef int step(self, bint dry) except -1:
        """Make the next step (``dry``: only move, apply nothing). 1 done, 0 at the end."""
        cdef Py_ssize_t i = self.pos
        cdef int64_t t0, b
        cdef bint local = self.local
        if i >= self.n:
            return 0
        self.vals.volume = 0.0
        if self.mode == STEP_INTERVAL:
            b = self.boundary
            while i < self.n and (self.ev[i].local_ts if local else self.ev[i].exch_ts) <= b:
                if not dry:
                    self.take(i)
                i = self.next_applied(i + 1)
            self.vals.ts = b
            self.boundary = b + self.interval
        else:
            t0 = self.ev[i].local_ts if local else self.ev[i].exch_ts
            if not dry:
                self.take(i)
            i = self.next_applied(i + 1)
            if self.mode == STEP_TIMESTAMP:
                while i < self.n and (self.ev[i].local_ts if local else self.ev[i].exch_ts) == t0:
                    if not dry:
                        self.take(i)
                    i = self.next_applied(i + 1)
            self.vals.ts = t0
        self.pos = i
        pages_behind(&self.pages, i)
        if i >= self.n:
            pages_release(&self.pages, i)
        self.steps += 1
        if not dry:
            self.fill()
        return 1

    cdef int64_t interval_steps_left(self) noexcept:
        """STEP_INTERVAL: the steps still to make (the last one reaches the last applied
        record), from the times alone."""
        cdef Py_ssize_t last = self.n - 1
        cdef int64_t t
        while last >= self.pos and not self.applies(last):
            last -= 1
        if last < self.pos:
            return 0
        t = self.ev[last].local_ts if self.local else self.ev[last].exch_ts
        if t <= self.boundary:
            return 1
        return 1 + (t - self.boundary + self.interval - 1) // self.interval

    cdef int step_to(self, int64_t k) except -1:
        """Step until ``k`` steps are made (or the records end)."""
        while self.steps < k:
            if not self.step(False):
                break
        return 0

    cdef void fill(self) noexcept:
        cdef OrderBook b = self.book
        cdef StepValues* v = &self.vals
        if b is None:
            return
        cdef bint hasbid = b.best_bid_tick != NO_BID, hasask = b.best_ask_tick != NO_ASK
        v.bid = ticks_to_price(b, <double>b.best_bid_tick) if hasbid else NAN
        v.ask = ticks_to_price(b, <double>b.best_ask_tick) if hasask else NAN
        v.bidsize = lots_to_qty(b, <double>b.best_bid_qlot)
        v.asksize = lots_to_qty(b, <double>b.best_ask_qlot)
        if hasbid and hasask:
            v.mid = ticks_to_price(b, (<double>b.best_bid_tick + <double>b.best_ask_tick) * 0.5)
            v.spread = ticks_to_price(b, <double>(b.best_ask_tick - b.best_bid_tick))
        else:
            v.mid = NAN
            v.spread = NAN

    def skip(self, int64_t k):
        """Step (applying records) until ``k`` steps are made; returns the steps made."""
        if self.book is None:
            raise ValueError('L2Replay.skip: this replay has no book to apply records to')
        self.step_to(k)
        return self.steps

    def next_time(self):
        """Time of the next step in ns, None at the end."""
        cdef int64_t t = self.peek()
        return None if t == INT64_MAX else t

    def values(self):
        """The step values after the last step, as a dict."""
        v = self.vals
        return dict(ts=v.ts, bid=v.bid, ask=v.ask, bidsize=v.bidsize, asksize=v.asksize,
                    mid=v.mid, spread=v.spread, price=v.price, size=v.size, side=v.side,
                    volume=v.volume)


cdef enum:
    RING = 1        # LineBuffer.QBuffer: the bounded (ring) mode of a line
    RING_ROOM = 256 # slots a ring line is given, so that it slides back to the start rarely


if LineBuffer.QBuffer != RING:
    raise ImportError('l2replay: LineBuffer.QBuffer is %r, expected %d' % (LineBuffer.QBuffer, RING))


cdef inline void _put(LineBuffer line, double value) noexcept:
    """``line.forward1(value)``, written in place for the steady state of a ring that is full
    and has room to slide by one slot (the oldest value drops, the index stays); any other
    state goes through ``forward1``."""
    if (line.mode == RING and line.idx >= line.lenmark and line.nsdata == NULL
            and line.used == line.maxlen + line.extrasize and line.start + line.used < line.cap):
        line.start += 1
        line.data += 1
        line.lencount += 1
        line.data[line.used - 1] = value
    else:
        line.forward1(value)
        _roomy(line)


cdef inline void _roomy(LineBuffer line) noexcept:
    """Give a ring line ``RING_ROOM`` free slots (once: a short ring slides its window back to
    the start of its memory every few steps)."""
    if line.mode == RING and line.used + RING_ROOM > line.cap:
        line._reserve(RING_ROOM)


cdef inline void _put_ns(LineBuffer line, int64_t ns) noexcept:
    """``line.forward_ns(ns)`` for a datetime line, written in place in the same steady state
    as :func:`_put`."""
    if (line.mode == RING and line.idx >= line.lenmark and line.nsdata != NULL
            and line.used == line.maxlen + line.extrasize and line.start + line.used < line.cap):
        line.start += 1
        line.data += 1
        line.nsdata += 1
        line.lencount += 1
        line.data[line.used - 1] = ns_to_num(ns)
        line.nsdata[line.used - 1] = ns
    else:
        line.forward_ns(ns)
        _roomy(line)


cdef class L2FeedState(FeedStep):
    """The running state of one L2EventData: the producing replay, the lazily synced replay
    behind ``data.book``, and the data's lines (given by name in ``lines``). It is the
    streaming data's ``next`` (see :class:`~backtrader._cy.feedstep.FeedStep`)."""

    def __init__(self, L2Replay rep, L2Replay live, dict lines, int64_t from_ns, int64_t to_ns):
        self.rep = rep
        self.live = live
        self.dt = lines['datetime']
        self.l_close = lines['close']
        self.l_open = lines['open']
        self.l_high = lines['high']
        self.l_low = lines['low']
        self.l_volume = lines['volume']
        self.l_oi = lines['openinterest']
        self.l_bid = lines['bid']
        self.l_ask = lines['ask']
        self.l_bidsize = lines['bidsize']
        self.l_asksize = lines['asksize']
        self.l_spread = lines['spread']
        self.l_price = lines['price']
        self.l_size = lines['size']
        self.l_side = lines['side']
        self.lines = list(lines.values())
        self.from_ns = from_ns
        self.to_ns = to_ns
        self.warmup = 0
        self.ended = False

    cdef OrderBook book_now(self):
        """The book as of the step the data shows now."""
        cdef int64_t k = self.warmup + self.dt.lencount
        if self.rep.steps == k:
            return self.rep.book
        self.live.step_to(k)
        return self.live.book

    cdef int step(self, object datamaster) except -2:
        """The streaming data's ``next``: the next step into the lines; 0 when the data has
        none (now, with ``datamaster``, or ever)."""
        cdef LineBuffer dt = self.dt, line
        cdef L2Replay rep = self.rep
        cdef int64_t t
        cdef double mdt = 0.0
        cdef bint gated = datamaster is not None
        if gated:
            mdt = datamaster.lines.datetime[0]
        if dt.lencount < dt.used - dt.extension:
            # a step loaded earlier and rewound by the clock
            for line in self.lines:
                line.advance1()
            if gated and dt.data[dt.idx] > mdt:
                for line in self.lines:
                    line.rewind(1)
                return 0
            return 1
        if self.ended:
            return 0
        while True:
            t = rep.peek()
            if t == INT64_MAX or t > self.to_ns:
                self.ended = True
                return 0
            if t >= self.from_ns and gated and ns_to_num(t) > mdt:
                return 0
            rep.step(False)
            if t >= self.from_ns:
                break
            self.warmup += 1
        self._push(&rep.vals)
        return 1

    cdef void _push(self, StepValues* v) noexcept:
        _put_ns(self.dt, v.ts)
        _put(self.l_close, v.mid)
        _put(self.l_open, v.mid)
        _put(self.l_high, v.mid)
        _put(self.l_low, v.mid)
        _put(self.l_volume, v.volume)
        _put(self.l_oi, 0.0)
        _put(self.l_bid, v.bid)
        _put(self.l_ask, v.ask)
        _put(self.l_bidsize, v.bidsize)
        _put(self.l_asksize, v.asksize)
        _put(self.l_spread, v.spread)
        _put(self.l_price, v.price)
        _put(self.l_size, v.size)
        _put(self.l_side, v.side)

    def load_current(self):
        """One step into the current slot of the lines (the engine moved them forward); False
        at the end. The upstream-style ``_load`` path, used when filters see every bar."""
        cdef L2Replay rep = self.rep
        cdef StepValues* v = &rep.vals
        cdef int64_t t
        cdef LineBuffer line
        while True:
            t = rep.peek()
            if t == INT64_MAX or t > self.to_ns:
                self.ended = True
                return False
            rep.step(False)
            if t >= self.from_ns:
                break
            self.warmup += 1
        self.dt.set_ns(v.ts)
        for line in (self.l_close, self.l_open, self.l_high, self.l_low):
            line.set0(0, v.mid)
        self.l_volume.set0(0, v.volume)
        self.l_oi.set0(0, 0.0)
        self.l_bid.set0(0, v.bid)
        self.l_ask.set0(0, v.ask)
        self.l_bidsize.set0(0, v.bidsize)
        self.l_asksize.set0(0, v.asksize)
        self.l_spread.set0(0, v.spread)
        self.l_price.set0(0, v.price)
        self.l_size.set0(0, v.size)
        self.l_side.set0(0, v.side)
        return True

    def preload_columns(self):
        """Run the producing replay over the whole delivery window and return the columns of
        every delivered step: ``{line name: Buffer}``, datetime as ``('datetime', 'ns')``."""
        cdef L2Replay rep = self.rep
        cdef L2Replay dry
        cdef int64_t t, total = 0, k = 0
        cdef StepValues* v = &rep.vals
        if rep.mode == STEP_INTERVAL:
            # every step, window or not: known from the times alone (no pass over the records)
            total = rep.interval_steps_left()
        else:
            dry = rep.fresh(None)
            while True:
                t = dry.peek()
                if t == INT64_MAX or t > self.to_ns:
                    break
                dry.step(True)
                if t >= self.from_ns:
                    total += 1
        names = ('mid', 'volume', 'bid', 'ask', 'bidsize', 'asksize', 'spread', 'price', 'size',
                 'side', 'oi', 'nums')
        cols = {name: new_buffer(total, F64) for name in names}
        cdef Buffer nsb = new_buffer(total, I64)
        cdef int64_t* ns = nsb.i64()
        cdef double* c_mid = (<Buffer>cols['mid']).f64()
        cdef double* c_vol = (<Buffer>cols['volume']).f64()
        cdef double* c_bid = (<Buffer>cols['bid']).f64()
        cdef double* c_ask = (<Buffer>cols['ask']).f64()
        cdef double* c_bs = (<Buffer>cols['bidsize']).f64()
        cdef double* c_as = (<Buffer>cols['asksize']).f64()
        cdef double* c_spr = (<Buffer>cols['spread']).f64()
        cdef double* c_px = (<Buffer>cols['price']).f64()
        cdef double* c_sz = (<Buffer>cols['size']).f64()
        cdef double* c_sd = (<Buffer>cols['side']).f64()
        cdef double* c_oi = (<Buffer>cols['oi']).f64()
        cdef double* c_num = (<Buffer>cols['nums']).f64()
        while k < total:
            t = rep.peek()
            if t == INT64_MAX or t > self.to_ns:
                break
            rep.step(False)
            if t < self.from_ns:
                self.warmup += 1
                continue
            ns[k] = v.ts
            c_num[k] = ns_to_num(v.ts)
            c_mid[k] = v.mid
            c_vol[k] = v.volume
            c_bid[k] = v.bid
            c_ask[k] = v.ask
            c_bs[k] = v.bidsize
            c_as[k] = v.asksize
            c_spr[k] = v.spread
            c_px[k] = v.price
            c_sz[k] = v.size
            c_sd[k] = v.side
            c_oi[k] = 0.0
            k += 1
        self.ended = True
        if k < total:
            for col in cols.values():
                (<Buffer>col).shrink(k)
            nsb.shrink(k)
        cols['ns'] = nsb
        return cols

    @property
    def book(self):
        """The book as of the step the data shows now."""
        return self.book_now()


cdef class BookAttribute:
    """Descriptor of ``L2EventData.book``: the live book at the data's current step, read from
    the instance's ``_l2state`` without a Python call. A data descriptor (the attribute cannot be
    set), so reading it looks at no instance dict before it runs."""

    def __get__(self, obj, objtype):
        if obj is None:
            return self
        cdef PyObject** dictptr = _PyObject_GetDictPtr(obj)
        cdef PyObject* st = NULL
        if dictptr != NULL and dictptr[0] != NULL:
            st = PyDict_GetItemWithError(<object>dictptr[0], '_l2state')
        if st == NULL or <object>st is None:
            raise AttributeError('%s.book: the feed has not started (add it to Cerebro and run, '
                                 'or call start())' % type(obj).__name__)
        return (<L2FeedState>st).book_now()

    def __set__(self, obj, value):
        raise AttributeError('%s.book is read-only: it is the live order book of the feed'
                             % type(obj).__name__)

    def __delete__(self, obj):
        raise AttributeError('%s.book is read-only: it is the live order book of the feed'
                             % type(obj).__name__)
