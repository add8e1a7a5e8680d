# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
"""Compiled L2 (market-by-price) order book on integer price ticks and lot counts.

Layout: each side keeps its levels in "key" space (key = +tick for bids, -tick
for asks, so the best level is the largest key on both sides). Keys inside the
side's window ``[lo, lo + cap)`` are slots of a flat int64 array; the rare
levels outside it are kept in a sorted overflow array. The best key of a side
is maintained incrementally and always lies inside the window: when it leaves,
the window is rebuilt around it (and doubled when the overflow grows large).
An update near the touch is one array store; finding the next level after the
best is deleted scans the dense array.

Crossed updates (a bid at or above the best ask, an ask at or below the best
bid) follow one of three policies:

``'fix'``
    what hftbacktest's market depths do: the new level becomes the best of its
    side and the opposite best moves to the first stored level beyond it. The
    crossed opposite levels stay stored but hidden behind the new best; they
    show again only if the opposite best later moves back past them. Hidden
    levels are counted in ``n_hidden`` and are not reported by any query.
``'flag'``
    the update is applied as is; the book reports ``is_crossed`` / ``is_locked``
    until later updates uncross it. ``n_crossed`` counts such updates.
``'raise'``
    the update is refused with ``ValueError`` and the book is unchanged;
    ``n_rejected`` counts them.
"""
from libc.stdlib cimport malloc, calloc, free
from libc.string cimport memmove, memset
from libc.math cimport isfinite, fabs, NAN
from libc.math cimport round as c_round
from libc.stdint cimport int64_t, uint64_t
from cpython.pyport cimport PY_SSIZE_T_MAX

from backtrader._cy.growth cimport grow_array
from backtrader.hft._cy.eventkinds cimport (DEPTH_EVENT, TRADE_EVENT, DEPTH_CLEAR_EVENT,
                                            DEPTH_SNAPSHOT_EVENT, DEPTH_BBO_EVENT, ev_kind, ev_side)

import numpy as np

BID = 1
ASK = -1
NO_BID_TICK = NO_BID
NO_ASK_TICK = NO_ASK

POLICIES = ('fix', 'flag', 'raise')

cdef enum:
    INIT_CAP = 4096            # initial window, ticks per side
    MAX_CAP = 1 << 22          # the window stops doubling here (32 MiB per side)
    OVF_GROW = 1024            # overflow size that makes the window double

# keys and ticks are kept well inside int64 so that window arithmetic cannot wrap
cdef int64_t TICK_LIMIT = (<int64_t> 1) << 60
cdef int64_t KEY_NONE = NO_ASK       # "no floor": larger than every key
cdef double LIMIT_F = <double> TICK_LIMIT


# -- one side -----------------------------------------------------------------

cdef int side_init(BookSide* s) except -1:
    s.q = <int64_t*> calloc(INIT_CAP, sizeof(int64_t))
    if s.q == NULL:
        raise MemoryError()
    s.lo = -(INIT_CAP // 2)
    s.cap = INIT_CAP
    s.nwin = 0
    s.okey = NULL
    s.oqty = NULL
    s.on = 0
    s.ocap = 0
    s.has_best = False
    s.best = 0
    s.floor = KEY_NONE
    return 0


cdef void side_free(BookSide* s) noexcept:
    free(s.q)
    free(s.okey)
    free(s.oqty)
    s.q = NULL
    s.okey = NULL
    s.oqty = NULL


cdef inline Py_ssize_t ovf_lower(const BookSide* s, int64_t k) noexcept nogil:
    """Index of the first overflow key >= k (binary search)."""
    cdef Py_ssize_t a = 0, b = s.on, m
    while a < b:
        m = (a + b) >> 1
        if s.okey[m] < k:
            a = m + 1
        else:
            b = m
    return a


cdef inline int64_t side_get(const BookSide* s, int64_t k) noexcept nogil:
    """Stored lots at key k (hidden levels included), 0 when none."""
    cdef int64_t i = k - s.lo
    cdef Py_ssize_t j
    if <uint64_t> i < <uint64_t> s.cap:
        return s.q[i]
    j = ovf_lower(s, k)
    if j < s.on and s.okey[j] == k:
        return s.oqty[j]
    return 0


cdef int side_rebuild(BookSide* s, int64_t center, int64_t cap) except -1:
    """Move the window so that ``center`` sits in its middle, with ``cap`` slots."""
    cdef int64_t total = s.nwin + s.on
    cdef int64_t nlo = center - cap // 2
    cdef int64_t* nq = <int64_t*> calloc(cap, sizeof(int64_t))
    cdef int64_t ncap = total if total > 16 else 16
    cdef int64_t* nk = <int64_t*> malloc(ncap * sizeof(int64_t))
    cdef int64_t* nv = <int64_t*> malloc(ncap * sizeof(int64_t))
    cdef int64_t i = 0, j = 0, k, v, nn = 0, nwin = 0
    if nq == NULL or nk == NULL or nv == NULL:
        free(nq)
        free(nk)
        free(nv)
        raise MemoryError()
    # merge the window (ascending slots) with the overflow (ascending keys)
    while True:
        while i < s.cap and s.q[i] == 0:
            i += 1
        if i < s.cap and (j >= s.on or s.lo + i < s.okey[j]):
            k = s.lo + i
            v = s.q[i]
            i += 1
        elif j < s.on:
            k = s.okey[j]
            v = s.oqty[j]
            j += 1
        else:
            break
        if <uint64_t> (k - nlo) < <uint64_t> cap:
            nq[k - nlo] = v
            nwin += 1
        else:
            nk[nn] = k
            nv[nn] = v
            nn += 1
    side_free(s)
    s.q = nq
    s.lo = nlo
    s.cap = cap
    s.nwin = nwin
    s.okey = nk
    s.oqty = nv
    s.on = nn
    s.ocap = ncap
    return 0


cdef inline int side_keep_best(BookSide* s) except -1:
    """Re-centre the window when the best key has left it."""
    if s.has_best and <uint64_t> (s.best - s.lo) >= <uint64_t> s.cap:
        side_rebuild(s, s.best, s.cap)
    return 0


cdef int ovf_set(BookSide* s, int64_t k, int64_t v) except -1:
    cdef Py_ssize_t j = ovf_lower(s, k)
    cdef Py_ssize_t ncap
    if j < s.on and s.okey[j] == k:
        if v != 0:
            s.oqty[j] = v
        else:
            memmove(s.okey + j, s.okey + j + 1, (s.on - j - 1) * sizeof(int64_t))
            memmove(s.oqty + j, s.oqty + j + 1, (s.on - j - 1) * sizeof(int64_t))
            s.on -= 1
        return 0
    if v == 0:
        return 0
    if s.on == s.ocap:
        ncap = grow_array(<void**>&s.okey, s.ocap, 16, sizeof(int64_t), PY_SSIZE_T_MAX)
        grow_array(<void**>&s.oqty, s.ocap, 16, sizeof(int64_t), PY_SSIZE_T_MAX)
        s.ocap = ncap
    memmove(s.okey + j + 1, s.okey + j, (s.on - j) * sizeof(int64_t))
    memmove(s.oqty + j + 1, s.oqty + j, (s.on - j) * sizeof(int64_t))
    s.okey[j] = k
    s.oqty[j] = v
    s.on += 1
    if s.on > OVF_GROW and s.cap < MAX_CAP:
        side_rebuild(s, s.best if s.has_best else k, s.cap * 2)
    return 0


cdef inline int side_set(BookSide* s, int64_t k, int64_t v) except -1:
    """Store v lots at key k (0 removes the level)."""
    cdef int64_t i = k - s.lo
    cdef int64_t old
    if <uint64_t> i < <uint64_t> s.cap:
        old = s.q[i]
        s.q[i] = v
        s.nwin += (v != 0) - (old != 0)
        return 0
    return ovf_set(s, k, v)


cdef bint side_below(const BookSide* s, int64_t k, int64_t bound, int64_t* out) noexcept nogil:
    """Largest stored key in [bound, k); False when there is none."""
    cdef Py_ssize_t j
    cdef int64_t top, low, key
    cdef bint found = False
    cdef int64_t cand = 0
    if bound >= k:
        return False
    j = ovf_lower(s, k) - 1
    if j >= 0 and s.okey[j] >= bound:
        cand = s.okey[j]
        found = True
    if s.nwin > 0:
        top = k - 1
        if top > s.lo + s.cap - 1:
            top = s.lo + s.cap - 1
        low = bound if bound > s.lo else s.lo
        if found and low <= cand:
            low = cand + 1
        key = top
        while key >= low:
            if s.q[key - s.lo] != 0:
                out[0] = key
                return True
            key -= 1
    if found:
        out[0] = cand
    return found


cdef int64_t side_count(const BookSide* s, int64_t a, int64_t b) noexcept nogil:
    """Number of stored levels with a <= key <= b."""
    cdef int64_t n = 0, key, wa, wb
    cdef Py_ssize_t j
    if a > b:
        return 0
    j = ovf_lower(s, a)
    while j < s.on and s.okey[j] <= b:
        n += 1
        j += 1
    wa = a if a > s.lo else s.lo
    wb = b if b < s.lo + s.cap - 1 else s.lo + s.cap - 1
    key = wa
    while key <= wb:
        if s.q[key - s.lo] != 0:
            n += 1
        key += 1
    return n


cdef Py_ssize_t side_walk(const BookSide* s, int sign, Py_ssize_t n, int64_t* ticks,
                          int64_t* qlots, int64_t* total) noexcept nogil:
    """Go over up to n visible levels, best first: write their ticks and lots (``ticks`` and
    ``qlots`` may be NULL) and add their lots to ``*total`` (may be NULL); return how many."""
    cdef Py_ssize_t cnt = 0, j
    cdef int64_t i, v, tick
    if not s.has_best or n <= 0:
        return 0
    i = s.best - s.lo
    j = ovf_lower(s, s.lo)
    while cnt < n:
        if i >= 0:  # the dense window first, then the overflow levels behind it
            v = s.q[i]
            tick = s.lo + i
            i -= 1
            if v == 0:
                continue
        elif j > 0:
            j -= 1
            v = s.oqty[j]
            tick = s.okey[j]
        else:
            break
        if ticks != NULL:
            ticks[cnt] = sign * tick
        if qlots != NULL:
            qlots[cnt] = v
        if total != NULL:
            total[0] += v
        cnt += 1
    return cnt


cdef int64_t side_sum(const BookSide* s, Py_ssize_t n) noexcept nogil:
    """Lots in the top n visible levels."""
    cdef int64_t total = 0
    side_walk(s, 1, n, NULL, NULL, &total)
    return total


cdef Py_ssize_t side_nvisible(const BookSide* s) noexcept nogil:
    """Number of visible levels (stored at or behind the best)."""
    if not s.has_best:
        return 0
    return <Py_ssize_t> side_count(s, -TICK_LIMIT - 1, s.best)


cdef int side_clear_from(BookSide* s, int64_t kup) except -1:
    """Remove every stored level with key >= kup and find the new best."""
    cdef int64_t i, nb
    cdef Py_ssize_t j
    i = kup - s.lo
    if i < 0:
        i = 0
    while i < s.cap:
        if s.q[i] != 0:
            s.q[i] = 0
            s.nwin -= 1
        i += 1
    j = ovf_lower(s, kup)
    s.on = j
    if s.has_best and s.best < kup:
        return 0
    if side_below(s, kup, s.floor, &nb):
        s.has_best = True
        s.best = nb
        side_keep_best(s)
    else:
        s.has_best = False
        s.floor = KEY_NONE
    return 0


cdef void side_reset(BookSide* s) noexcept:
    memset(s.q, 0, s.cap * sizeof(int64_t))
    s.nwin = 0
    s.on = 0
    s.has_best = False
    s.floor = KEY_NONE


cdef int side_load(BookSide* s, const int64_t[::1] keys, const int64_t[::1] qlots,
                   bint has_best, int64_t best, int64_t floor) except -1:
    """Fill an empty side from stored (key, lots) pairs and its best/floor."""
    cdef Py_ssize_t i
    cdef int64_t center
    if keys.shape[0]:
        center = best if has_best else keys[keys.shape[0] - 1]
        s.lo = center - s.cap // 2
    for i in range(keys.shape[0]):
        side_set(s, keys[i], qlots[i])
    s.has_best = has_best
    s.best = best
    s.floor = floor
    side_keep_best(s)
    return 0


cdef tuple side_state(const BookSide* s):
    """Every stored level (hidden ones included) as ascending key and lot arrays."""
    cdef Py_ssize_t n = s.nwin + s.on, cnt = 0, j = 0
    cdef int64_t i
    keys = np.empty(n, dtype=np.int64)
    qlots = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] kv = keys
    cdef int64_t[::1] qv = qlots
    while j < s.on and s.okey[j] < s.lo:
        kv[cnt] = s.okey[j]
        qv[cnt] = s.oqty[j]
        cnt += 1
        j += 1
    for i in range(s.cap):
        if s.q[i] != 0:
            kv[cnt] = s.lo + i
            qv[cnt] = s.q[i]
            cnt += 1
    while j < s.on:
        kv[cnt] = s.okey[j]
        qv[cnt] = s.oqty[j]
        cnt += 1
        j += 1
    return keys, qlots, bool(s.has_best), s.best, s.floor


# -- argument parsing -----------------------------------------------------------

_SIDE_NAMES = {'bid': 1, 'buy': 1, 'b': 1, 'ask': -1, 'sell': -1, 'a': -1, 's': -1}


cdef int parse_side(object side, str where) except 0:
    if isinstance(side, str):
        v = _SIDE_NAMES.get(side.lower())
        if v is not None:
            return v
    elif side == 1 or side == -1:
        return int(side)
    raise ValueError('%s: side %r is not a book side (1/"bid"/"buy" or -1/"ask"/"sell")'
                     % (where, side))


cdef int parse_policy(object crossed) except -1:
    try:
        return POLICIES.index(crossed)
    except ValueError:
        raise ValueError('OrderBook: crossed=%r is not one of %s' % (crossed, POLICIES)) from None


# -- the update rule (shared by update_tick and the event loop) -----------------

cdef inline void refresh_side(OrderBook b, int side) noexcept:
    """Copy one side's best level into the public best_* fields."""
    cdef BookSide* s
    if side == SIDE_BID:
        s = &b.bid
        if s.has_best:
            b.best_bid_tick = s.best
            b.best_bid_qlot = s.q[s.best - s.lo]
        else:
            b.best_bid_tick = NO_BID
            b.best_bid_qlot = 0
    else:
        s = &b.ask
        if s.has_best:
            b.best_ask_tick = -s.best
            b.best_ask_qlot = s.q[s.best - s.lo]
        else:
            b.best_ask_tick = NO_ASK
            b.best_ask_qlot = 0


cdef inline int book_set(OrderBook b, int side, int64_t ptick, int64_t qlot) except -1:
    """Set the level at ``ptick`` of ``side`` to ``qlot`` lots (checked arguments)."""
    cdef BookSide* s
    cdef BookSide* o
    cdef int64_t k = side * ptick
    cdef int64_t nb
    cdef bint crossing
    if side == SIDE_BID:
        s = &b.bid
        o = &b.ask
    else:
        s = &b.ask
        o = &b.bid
    if qlot == 0:
        side_set(s, k, 0)
        if s.has_best and k == s.best:
            if side_below(s, k, s.floor, &nb):
                s.best = nb
                side_keep_best(s)
            else:
                s.has_best = False
                s.floor = KEY_NONE
            refresh_side(b, side)
        return 0
    crossing = o.has_best and k + o.best >= 0
    if crossing:
        b.n_crossed += 1
        if b.crossed_policy == CROSS_RAISE:
            b.n_rejected += 1
            b._raise_crossed(side, ptick)
    side_set(s, k, qlot)
    if k < s.floor:
        s.floor = k
    if not s.has_best or k > s.best:
        s.has_best = True
        s.best = k
        side_keep_best(s)
        if crossing and b.crossed_policy == CROSS_FIX:
            b.n_hidden += side_count(o, -k, o.best)
            if side_below(o, -k, o.floor, &nb):
                o.best = nb
                side_keep_best(o)
            else:
                o.has_best = False
            refresh_side(b, -side)
        refresh_side(b, side)
    elif k == s.best:
        refresh_side(b, side)
    return 0


cdef double grid_div(double step) noexcept:
    """N when ``step`` is exactly 1/N for a whole N (values are then shown as k / N), else 0."""
    cdef double n = c_round(1.0 / step)
    return n if n >= 1 and n * step == 1.0 else 0.0


cdef inline int64_t round_half_away(double x) noexcept nogil:
    """Nearest integer of x (ties away from zero) without a libm call."""
    if x >= 0:
        return <int64_t> (x + 0.5)
    return -<int64_t> (0.5 - x)


# -- the book -------------------------------------------------------------------

cdef class OrderBook:
    """L2 order book on integer ticks and lots.

    Parameters
    ----------
    tick_size : float
        Price of one tick; every price must be a whole number of ticks.
    lot_size : float
        Size of one lot; every quantity must be a whole number of lots.
    crossed : {'fix', 'flag', 'raise'}
        What a crossed or locked update does (see the module documentation).
    """

    def __cinit__(self, *args, **kwargs):
        side_init(&self.bid)
        side_init(&self.ask)
        self.best_bid_tick = NO_BID
        self.best_ask_tick = NO_ASK

    def __init__(self, double tick_size, double lot_size=1.0, crossed='fix'):
        if not (isfinite(tick_size) and tick_size > 0):
            raise ValueError('OrderBook: tick_size %r must be a positive number' % tick_size)
        if not (isfinite(lot_size) and lot_size > 0):
            raise ValueError('OrderBook: lot_size %r must be a positive number' % lot_size)
        self.tick_size = tick_size
        self.lot_size = lot_size
        self.inv_tick = 1.0 / tick_size
        self.inv_lot = 1.0 / lot_size
        self.tick_div = grid_div(tick_size)
        self.lot_div = grid_div(lot_size)
        self.crossed_policy = parse_policy(crossed)

    def __dealloc__(self):
        side_free(&self.bid)
        side_free(&self.ask)

    # -- conversions at the edge ------------------------------------------------

    cdef int64_t price_to_tick(self, double price) except? -1:
        cdef double q, t
        if not isfinite(price):
            raise ValueError('price %r is not a finite number' % price)
        q = price / self.tick_size
        t = c_round(q)
        if fabs(q - t) > 1e-6 + fabs(q) * 1e-12:
            raise ValueError('price %r is not on the tick grid (tick_size %r)'
                             % (price, self.tick_size))
        if fabs(t) >= <double> TICK_LIMIT:
            raise ValueError('price %r is outside the book range' % price)
        return <int64_t> t

    cdef int64_t qty_to_lot(self, double qty) except? -1:
        cdef double q, t
        if not isfinite(qty) or qty < 0:
            raise ValueError('qty %r must be a finite number >= 0' % qty)
        q = qty / self.lot_size
        t = c_round(q)
        if fabs(q - t) > 1e-6 + q * 1e-12:
            raise ValueError('qty %r is not a whole number of lots (lot_size %r)'
                             % (qty, self.lot_size))
        if t >= <double> TICK_LIMIT:
            raise ValueError('qty %r is too large' % qty)
        return <int64_t> t

    # -- mutation -----------------------------------------------------------------

    cdef void _refresh(self) noexcept:
        if self.bid.has_best:
            self.best_bid_tick = self.bid.best
            self.best_bid_qlot = self.bid.q[self.bid.best - self.bid.lo]
        else:
            self.best_bid_tick = NO_BID
            self.best_bid_qlot = 0
        if self.ask.has_best:
            self.best_ask_tick = -self.ask.best
            self.best_ask_qlot = self.ask.q[self.ask.best - self.ask.lo]
        else:
            self.best_ask_tick = NO_ASK
            self.best_ask_qlot = 0

    cdef int update_tick(self, int side, int64_t ptick, int64_t qlot) except -1:
        if side != SIDE_BID and side != SIDE_ASK:
            raise ValueError('update: side %d is not 1 (bid) or -1 (ask)' % side)
        if qlot < 0:
            raise ValueError('update: qty %d lots is negative' % qlot)
        if ptick >= TICK_LIMIT or ptick <= -TICK_LIMIT:
            raise ValueError('update: price tick %d is outside +-2**60' % ptick)
        return book_set(self, side, ptick, qlot)

    cdef int _raise_crossed(self, int side, int64_t ptick) except -1:
        if side == SIDE_BID:
            raise ValueError("update: bid price %r crosses or locks the best ask %r "
                             "(crossed='raise')"
                             % (ticks_to_price(self, ptick), ticks_to_price(self, self.best_ask_tick)))
        raise ValueError("update: ask price %r crosses or locks the best bid %r (crossed='raise')"
                         % (ticks_to_price(self, ptick), ticks_to_price(self, self.best_bid_tick)))

    cdef int clear_tick(self, int side, int64_t up_to_tick) except -1:
        if side == 0:
            side_clear_from(&self.bid, up_to_tick)
            side_clear_from(&self.ask, -up_to_tick)
        elif side == SIDE_BID:
            side_clear_from(&self.bid, up_to_tick)
        elif side == SIDE_ASK:
            side_clear_from(&self.ask, -up_to_tick)
        else:
            raise ValueError('clear: side %d is not 0, 1 (bid) or -1 (ask)' % side)
        self._refresh()
        return 0

    cdef int clear_all(self) except -1:
        side_reset(&self.bid)
        side_reset(&self.ask)
        self._refresh()
        return 0

    cdef int64_t apply_events_c(self, const L2Event* ev, Py_ssize_t n) except -1:
        cdef Py_ssize_t i
        cdef int64_t applied = 0, ptick, qlot
        cdef uint64_t flags
        cdef int kind, side
        cdef double q, tq
        cdef double inv_tick = self.inv_tick, inv_lot = self.inv_lot
        for i in range(n):
            flags = ev[i].ev
            kind = ev_kind(flags)
            if kind == TRADE_EVENT or kind == DEPTH_BBO_EVENT:
                continue
            side = ev_side(flags)
            if kind == DEPTH_EVENT or kind == DEPTH_SNAPSHOT_EVENT:
                # price to ticks and qty to lots inline; the slow path names the record
                q = ev[i].px * inv_tick
                tq = ev[i].qty * inv_lot
                if side == 0 or not (fabs(q) < LIMIT_F and tq >= 0 and tq < LIMIT_F):
                    self._bad_record(ev, i)
                ptick = round_half_away(q)
                qlot = round_half_away(tq)
                if (fabs(q - <double> ptick) > 1e-6 + fabs(q) * 1e-12
                        or fabs(tq - <double> qlot) > 1e-6 + tq * 1e-12):
                    self._bad_record(ev, i)
                book_set(self, side, ptick, qlot)
            elif kind == DEPTH_CLEAR_EVENT:
                if side == 0:
                    self.clear_all()
                else:
                    try:
                        ptick = self.price_to_tick(ev[i].px)
                    except ValueError as exc:
                        raise ValueError('event record %d: field px: %s' % (i, exc)) from None
                    self.clear_tick(side, ptick)
            else:
                raise ValueError('event record %d: unknown event kind %d (ev=%#x)'
                                 % (i, kind, flags))
            applied += 1
        return applied

    cdef int _bad_record(self, const L2Event* ev, Py_ssize_t i) except -1:
        cdef uint64_t flags = ev[i].ev
        if ev_side(flags) == 0:
            raise ValueError('event record %d: depth event without BUY_EVENT/SELL_EVENT side '
                             'flag (ev=%#x)' % (i, flags))
        try:
            self.price_to_tick(ev[i].px)
            self.qty_to_lot(ev[i].qty)
        except ValueError as exc:
            field = 'px' if str(exc).startswith('price') else 'qty'
            raise ValueError('event record %d: field %s: %s' % (i, field, exc)) from None
        raise ValueError('event record %d: bad px %r or qty %r' % (i, ev[i].px, ev[i].qty))

    # -- queries ------------------------------------------------------------------

    cdef int64_t qlot_at_tick(self, int side, int64_t ptick) noexcept:
        cdef BookSide* s
        cdef int64_t k
        if side == SIDE_BID:
            s = &self.bid
        elif side == SIDE_ASK:
            s = &self.ask
        else:
            return 0
        k = side * ptick
        if not s.has_best or k > s.best:
            return 0
        return side_get(s, k)

    cdef int64_t cum_qlot(self, int side, int n) noexcept:
        if side == SIDE_BID:
            return side_sum(&self.bid, n)
        if side == SIDE_ASK:
            return side_sum(&self.ask, n)
        return 0

    cdef double imbalance_c(self, int n) noexcept:
        cdef int64_t b = side_sum(&self.bid, n)
        cdef int64_t a = side_sum(&self.ask, n)
        if a + b == 0:
            return NAN
        return <double> (b - a) / <double> (b + a)

    cdef Py_ssize_t levels_c(self, int side, Py_ssize_t n, int64_t* ticks,
                             int64_t* qlots) noexcept:
        if side == SIDE_BID:
            return side_walk(&self.bid, 1, n, ticks, qlots, NULL)
        if side == SIDE_ASK:
            return side_walk(&self.ask, -1, n, ticks, qlots, NULL)
        return 0

    # -- Python API: mutation -------------------------------------------------------

    def update(self, side, double price, double qty):
        """Set the total size of the level at ``price`` on ``side`` (qty 0 deletes it)."""
        cdef int sd = parse_side(side, 'update')
        cdef int64_t ptick, qlot
        try:
            ptick = self.price_to_tick(price)
            qlot = self.qty_to_lot(qty)
        except ValueError as exc:
            raise ValueError('update: %s' % exc) from None
        self.update_tick(sd, ptick, qlot)

    def update_ticks(self, side, int64_t ptick, int64_t qlot):
        """Tick form of :meth:`update`: price in ticks, size in lots."""
        self.update_tick(parse_side(side, 'update_ticks'), ptick, qlot)

    def clear(self, side=None, up_to=None):
        """Remove levels: a whole side (or both with ``side=None``), or only those at
        ``up_to`` and better (bids >= up_to, asks <= up_to); the best then moves to the
        nearest level behind ``up_to``. (hftbacktest 2.4.4 skips the level right behind
        ``up_to`` when it looks for the new best; this book does not.)"""
        cdef int sd = 0 if side is None else parse_side(side, 'clear')
        cdef int64_t t
        if up_to is None:
            if sd == 0 or sd == SIDE_BID:
                side_reset(&self.bid)
            if sd == 0 or sd == SIDE_ASK:
                side_reset(&self.ask)
            self._refresh()
            return
        try:
            t = self.price_to_tick(up_to)
        except (ValueError, TypeError) as exc:
            raise ValueError('clear: up_to: %s' % exc) from None
        self.clear_tick(sd, t)

    def snapshot(self, bids, asks):
        """Replace the whole book with ``bids`` and ``asks``, each a sequence of
        ``(price, qty)`` rows; rows of qty 0 are ignored, a price twice is an error.
        Nothing changes if any row is bad. A crossed snapshot counts in ``n_crossed``;
        ``'raise'`` refuses it, ``'fix'`` and ``'flag'`` keep it as given (hftbacktest's
        snapshot does not uncross either) until updates uncross it."""
        bk, bq = self._snapshot_side(bids, 'bids', 1)
        ak, aq = self._snapshot_side(asks, 'asks', -1)
        cdef Py_ssize_t nb = len(bk), na = len(ak)
        crossed = nb and na and bk[nb - 1] + ak[na - 1] >= 0
        if crossed:
            self.n_crossed += 1
            if self.crossed_policy == CROSS_RAISE:
                self.n_rejected += 1
                raise ValueError("snapshot: best bid %r crosses or locks best ask %r "
                                 "(crossed='raise')"
                                 % (ticks_to_price(self, bk[nb - 1]), ticks_to_price(self, -ak[na - 1])))
        self.clear_all()
        if nb:
            side_load(&self.bid, bk, bq, True, bk[nb - 1], bk[0])
        if na:
            side_load(&self.ask, ak, aq, True, ak[na - 1], ak[0])
        self._refresh()

    def _snapshot_side(self, rows, str name, int sign):
        arr = np.asarray(rows, dtype=np.float64)
        if arr.size == 0:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        if arr.ndim != 2 or arr.shape[1] != 2:
            raise ValueError('snapshot: %s must be (price, qty) rows, got shape %s'
                             % (name, arr.shape))
        cdef Py_ssize_t i, n = arr.shape[0]
        keys = np.empty(n, np.int64)
        qlots = np.empty(n, np.int64)
        cdef int64_t[::1] kv = keys
        cdef int64_t[::1] qv = qlots
        cdef const double[:, :] a = arr
        for i in range(n):
            try:
                kv[i] = sign * self.price_to_tick(a[i, 0])
            except ValueError as exc:
                raise ValueError('snapshot: %s[%d] %s' % (name, i, exc)) from None
            try:
                qv[i] = self.qty_to_lot(a[i, 1])
            except ValueError as exc:
                raise ValueError('snapshot: %s[%d] %s' % (name, i, exc)) from None
        keep = qlots != 0
        keys = keys[keep]
        qlots = qlots[keep]
        order = np.argsort(keys, kind='stable')
        keys = np.ascontiguousarray(keys[order])
        qlots = np.ascontiguousarray(qlots[order])
        dup = np.flatnonzero(keys[1:] == keys[:len(keys) - 1])
        if len(dup):
            raise ValueError('snapshot: %s has price %r twice'
                             % (name, ticks_to_price(self, sign * keys[int(dup[0])])))
        return keys, qlots

    def apply_events(self, events, Py_ssize_t start=0, stop=None):
        """Apply the depth events of a record array (``backtrader.hft.events.event_dtype``)
        in order, from ``start`` to ``stop``, and return how many were applied.

        As hftbacktest's local processor does: DEPTH and DEPTH_SNAPSHOT records set the
        level ``px`` of the side flagged BUY_EVENT / SELL_EVENT to ``qty``; DEPTH_CLEAR
        clears the flagged side up to ``px``, or the whole book without a side flag;
        TRADE and DEPTH_BBO records are skipped (use :meth:`update` to apply a BBO as a
        level). Any other kind,
        a depth record without a side flag, or a price / size off the grid raises
        ValueError naming the record's index and field."""
        cdef Py_ssize_t n, end
        cdef const L2Event[::1] view
        try:
            view = events
        except (TypeError, ValueError, BufferError):
            if isinstance(events, np.ndarray) and events.dtype.itemsize == 64:
                raise ValueError('apply_events: the event array must be 1-d and '
                                 'contiguous') from None
            raise TypeError('apply_events: expected an array of hftbacktest event records '
                            '(backtrader.hft.events.event_dtype)') from None
        n = view.shape[0]
        end = n if stop is None else min(<Py_ssize_t> stop, n)
        if start < 0 or start > end:
            raise ValueError('apply_events: bad range [%d, %r) of %d records' % (start, stop, n))
        if end == start:
            return 0
        cdef const L2Event* base = &view[0]
        try:
            return self.apply_events_c(base + start, end - start)
        except ValueError as exc:
            msg = str(exc)
            if start and msg.startswith('event record '):
                num, rest = msg[13:].split(':', 1)
                msg = 'event record %d:%s' % (int(num) + start, rest)
            raise ValueError(msg) from None

    # -- Python API: queries ------------------------------------------------------------

    @property
    def best_bid(self):
        """Best bid price, NaN when there is no bid."""
        return ticks_to_price(self, self.best_bid_tick) if self.bid.has_best else NAN

    @property
    def best_ask(self):
        """Best ask price, NaN when there is no ask."""
        return ticks_to_price(self, self.best_ask_tick) if self.ask.has_best else NAN

    @property
    def best_bid_qty(self):
        """Size at the best bid (0.0 when there is no bid)."""
        return lots_to_qty(self, self.best_bid_qlot)

    @property
    def best_ask_qty(self):
        """Size at the best ask (0.0 when there is no ask)."""
        return lots_to_qty(self, self.best_ask_qlot)

    @property
    def mid(self):
        """(best bid + best ask) / 2, NaN when a side is empty."""
        if self.bid.has_best and self.ask.has_best:
            return ticks_to_price(self, (<double> self.best_bid_tick
                                     + <double> self.best_ask_tick) * 0.5)
        return NAN

    @property
    def spread(self):
        """best ask - best bid, NaN when a side is empty."""
        if self.bid.has_best and self.ask.has_best:
            return ticks_to_price(self, <double> (self.best_ask_tick - self.best_bid_tick))
        return NAN

    @property
    def is_crossed(self):
        """True when the best bid is above the best ask."""
        return bool(self.bid.has_best and self.ask.has_best
                    and self.best_bid_tick > self.best_ask_tick)

    @property
    def is_locked(self):
        """True when the best bid equals the best ask."""
        return bool(self.bid.has_best and self.ask.has_best
                    and self.best_bid_tick == self.best_ask_tick)

    @property
    def crossed(self):
        """The crossed-update policy: 'fix', 'flag' or 'raise'."""
        return POLICIES[self.crossed_policy]

    def qty_at(self, side, double price):
        """Size of the level at ``price`` on ``side`` (0.0 when there is none)."""
        cdef int sd = parse_side(side, 'qty_at')
        cdef int64_t t
        try:
            t = self.price_to_tick(price)
        except ValueError as exc:
            raise ValueError('qty_at: %s' % exc) from None
        return lots_to_qty(self, self.qlot_at_tick(sd, t))

    def qlot_at(self, side, int64_t ptick):
        """Lots of the level at tick ``ptick`` on ``side`` (0 when there is none)."""
        return self.qlot_at_tick(parse_side(side, 'qlot_at'), ptick)

    def levels(self, side, Py_ssize_t n=10, ticks=False):
        """The top ``n`` levels of ``side``, best first, as ``(prices, qtys)`` float
        arrays (or int64 ``(ticks, lots)`` with ``ticks=True``)."""
        cdef int sd = parse_side(side, 'levels')
        if n < 0:
            raise ValueError('levels: n %d is negative' % n)
        cdef BookSide* s = &self.bid if sd == SIDE_BID else &self.ask
        cdef Py_ssize_t m = min(n, s.nwin + s.on)
        pt = np.empty(m, dtype=np.int64)
        ql = np.empty(m, dtype=np.int64)
        cdef int64_t[::1] pv = pt
        cdef int64_t[::1] qv = ql
        if m:
            m = self.levels_c(sd, m, &pv[0], &qv[0])
            pt = pt[:m]
            ql = ql[:m]
        if ticks:
            return pt, ql
        prices = pt / self.tick_div if self.tick_div != 0 else pt * self.tick_size
        return prices, (ql / self.lot_div if self.lot_div != 0 else ql * self.lot_size)

    def depth(self, side):
        """Number of visible levels on ``side``."""
        cdef int sd = parse_side(side, 'depth')
        return side_nvisible(&self.bid if sd == SIDE_BID else &self.ask)

    def cum_qty(self, side, int n=10):
        """Total size of the top ``n`` levels of ``side``."""
        return lots_to_qty(self, self.cum_qlot(parse_side(side, 'cum_qty'), n))

    def imbalance(self, int n=10):
        """(bid size - ask size) / (bid size + ask size) over the top ``n`` levels of each
        side; NaN when both are empty."""
        return self.imbalance_c(n)

    def vwap_to_fill(self, side, double qty):
        """Average price of a market order of ``qty`` on ``side`` ('buy'/'bid' sweeps the
        asks, 'sell'/'ask' sweeps the bids); NaN when the visible depth is smaller."""
        cdef int sd = parse_side(side, 'vwap_to_fill')
        cdef int64_t need, take
        cdef BookSide* s = &self.ask if sd == SIDE_BID else &self.bid
        cdef int sign = -1 if sd == SIDE_BID else 1
        cdef Py_ssize_t j
        cdef int64_t i
        cdef double notional = 0.0
        try:
            need = self.qty_to_lot(qty)
        except ValueError as exc:
            raise ValueError('vwap_to_fill: %s' % exc) from None
        if need == 0:
            raise ValueError('vwap_to_fill: qty must be positive, got %r' % qty)
        cdef int64_t total = need
        if not s.has_best:
            return NAN
        i = s.best - s.lo
        while i >= 0 and need > 0:
            if s.q[i] != 0:
                take = s.q[i] if s.q[i] < need else need
                notional += <double> take * <double> (sign * (s.lo + i))
                need -= take
            i -= 1
        j = ovf_lower(s, s.lo) - 1
        while j >= 0 and need > 0:
            take = s.oqty[j] if s.oqty[j] < need else need
            notional += <double> take * <double> (sign * s.okey[j])
            need -= take
            j -= 1
        if need > 0:
            return NAN
        return ticks_to_price(self, notional / <double> total)

    def counters(self):
        """What the crossed-update policy did: crossed updates seen, opposite levels
        hidden by 'fix', updates refused by 'raise'."""
        return {'crossed': self.n_crossed, 'hidden': self.n_hidden,
                'rejected': self.n_rejected}

    def to_dict(self):
        """Plain-Python view: sizes, policy, counters, best prices and every visible level."""
        bp, bq = self.levels(SIDE_BID, self.depth(SIDE_BID))
        ap, aq = self.levels(SIDE_ASK, self.depth(SIDE_ASK))
        return {
            'tick_size': self.tick_size, 'lot_size': self.lot_size, 'crossed': self.crossed,
            'best_bid': self.best_bid, 'best_ask': self.best_ask,
            'bids': list(zip(bp.tolist(), bq.tolist())),
            'asks': list(zip(ap.tolist(), aq.tolist())),
            'counters': self.counters(),
        }

    # -- pickle / copy ----------------------------------------------------------------------

    def __reduce__(self):
        return (_restore, (self.tick_size, self.lot_size, self.crossed,
                           side_state(&self.bid), side_state(&self.ask),
                           (self.n_crossed, self.n_hidden, self.n_rejected)))

    def copy(self):
        """An independent copy (hidden levels and counters included)."""
        return _restore(*self.__reduce__()[1])

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def __repr__(self):
        return '<OrderBook %s x %s / %s x %s (tick %r, lot %r)>' % (
            self.best_bid_qty, self.best_bid, self.best_ask, self.best_ask_qty,
            self.tick_size, self.lot_size)


def _restore(tick_size, lot_size, crossed, bid_state, ask_state, counters):
    """Rebuild a pickled book."""
    cdef OrderBook book = OrderBook(tick_size, lot_size, crossed)
    keys, qlots, has_best, best, floor = bid_state
    side_load(&book.bid, np.ascontiguousarray(keys, np.int64),
              np.ascontiguousarray(qlots, np.int64), has_best, best, floor)
    keys, qlots, has_best, best, floor = ask_state
    side_load(&book.ask, np.ascontiguousarray(keys, np.int64),
              np.ascontiguousarray(qlots, np.int64), has_best, best, floor)
    book.n_crossed, book.n_hidden, book.n_rejected = counters
    book._refresh()
    return book
