# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Order-book cores: quote functions (spread, mid, weighted mid, microprice, imbalance), the
order flow imbalance of Cont, Kukanov and Stoikov (2014), and Stoikov's (2018) micro-price from a
fitted adjustment table. Formulas in ``microbook.pxd`` and in the indicators' docstrings."""
from libc.math cimport NAN, isfinite, isnan, llround, fmin, fmax
from libc.stdint cimport int64_t
from libc.stdlib cimport malloc, free

from backtrader.hft._cy.microcore cimport (MicroCore, StateIO, ring_free, ring_push, ring_pop,
                                           ring_at, win_drops, window_ring, ring_clear, win_ready,
                                           NO_TS, dd_add, dd_zero, PUSH_OK, PUSH_BAD)

_QUOTES = {'spread': Q_SPREAD, 'spread_bps': Q_SPREAD_BPS, 'mid': Q_MID,
           'weighted_mid': Q_WEIGHTED_MID, 'microprice': Q_MICROPRICE,
           'imbalance': Q_IMBALANCE, 'imbalance_ratio': Q_IMBALANCE_RATIO}


cdef int _levels(str owner, object levels) except -1:
    if isinstance(levels, bool) or not isinstance(levels, int) or not 1 <= levels <= 16:
        raise ValueError('%s: levels must be an integer 1..16, not %r' % (owner, levels))
    return levels


cdef class QuoteCore(MicroCore):
    """A function of the current book levels, no state: ``QuoteCore(kind, levels=1,
    nan_policy='propagate')``, ``kind`` one of spread, spread_bps, mid, weighted_mid, microprice,
    imbalance, imbalance_ratio. Sizes are summed over the ``levels`` best levels of each side
    (the prices are those of the best level). Refused: a record without both best prices (for
    the kinds that use prices), with a NaN or infinite size (for the kinds that use sizes), or
    with no size on either side (size-weighted kinds and imbalances)."""

    def __init__(self, kind, levels=1, nan_policy='propagate'):
        if kind not in _QUOTES:
            raise ValueError('QuoteCore: kind must be one of %s, not %r' % (sorted(_QUOTES), kind))
        self.kind = _QUOTES[kind]
        self.levels = _levels('QuoteCore', levels)
        self.nin = 4 * self.levels
        self.nout = 1
        self._set_policy(nan_policy)

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double bid = x[0], ask = x[2], b = 0.0, a = 0.0, v
        cdef int l, kind = self.kind
        if kind < Q_IMBALANCE and not (isfinite(bid) and isfinite(ask)):
            return PUSH_BAD
        for l in range(self.levels):
            if not (isfinite(x[4 * l + 1]) and isfinite(x[4 * l + 3])):
                if kind >= Q_WEIGHTED_MID:
                    return PUSH_BAD
            b += x[4 * l + 1]
            a += x[4 * l + 3]
        if kind == Q_SPREAD:
            v = ask - bid
        elif kind == Q_SPREAD_BPS:
            v = (ask - bid) / ((bid + ask) * 0.5) * 1e4
        elif kind == Q_MID:
            v = (bid + ask) * 0.5
        elif not (b + a > 0.0):
            return PUSH_BAD
        elif kind == Q_WEIGHTED_MID:
            v = (bid * b + ask * a) / (b + a)
        elif kind == Q_MICROPRICE:
            v = (bid * a + ask * b) / (b + a)
        elif kind == Q_IMBALANCE:
            v = (b - a) / (b + a)
        else:
            v = fmin(b, a) / fmax(b, a)
        self.out[0] = v
        return PUSH_OK

    cdef int _io(self, StateIO io) except -1:
        io.param_i64('kind', self.kind)
        return io.param_i64('levels', self.levels)


cdef class OFICore(MicroCore):
    """Order flow imbalance (Cont, Kukanov & Stoikov 2014), per level and summed.

    ``OFICore(levels=1, period=1, span=None, nan_policy='skip')``. For each record n and level
    m, with P/q the level's price and size and n-1 the previous record::

        e_m = [Pb_n >= Pb_n-1] qb_n - [Pb_n <= Pb_n-1] qb_n-1
              - [Pa_n <= Pa_n-1] qa_n + [Pa_n >= Pa_n-1] qa_n-1

    (a missing level has a NaN price: its comparisons are false). The output is the sum of
    ``e_1 + ... + e_levels`` over the last ``period`` records, or over the records of the last
    ``span`` ns; the first record only sets the previous state. NaN or infinite sizes, infinite
    prices: the record is refused.
    """

    def __cinit__(self, *args, **kwargs):
        self.prev = NULL

    def __init__(self, levels=1, period=1, span=None, nan_policy='skip'):
        self.levels = _levels('OFICore', levels)
        self.nin = 4 * self.levels
        self.nout = 1
        self._set_policy(nan_policy)
        window_ring(&self.win, &self.ring, 'OFICore', period, span, 1)
        self.prev = <double*>malloc(self.nin * sizeof(double))
        if self.prev == NULL:
            raise MemoryError()
        self._clear()

    def __dealloc__(self):
        ring_free(&self.ring)
        free(self.prev)

    cdef void _clear(self) noexcept:
        ring_clear(&self.ring)
        dd_zero(&self.sum)
        self.hasprev = False
        self.first_ts = NO_TS

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef int k, l
        cdef double e = 0.0
        cdef const double* p = self.prev
        for k in range(self.nin):
            if (k & 1) and not isfinite(x[k]):
                return PUSH_BAD
            if not (k & 1) and not isnan(x[k]) and not isfinite(x[k]):
                return PUSH_BAD
        if self.hasprev:
            for l in range(self.levels):
                k = 4 * l
                if x[k] >= p[k]:
                    e += x[k + 1]
                if x[k] <= p[k]:
                    e -= p[k + 1]
                if x[k + 2] <= p[k + 2]:
                    e -= x[k + 3]
                if x[k + 2] >= p[k + 2]:
                    e += p[k + 3]
            if self.first_ts == NO_TS:
                self.first_ts = ts
            if not ring_push(&self.ring, ts, &e):
                self.failed = True
            dd_add(&self.sum, e)
        for k in range(self.nin):
            self.prev[k] = x[k]
        self.hasprev = True
        self._evict(ts)
        return PUSH_OK

    cdef void _evict(self, int64_t now) noexcept:
        while win_drops(&self.win, &self.ring, now):
            dd_add(&self.sum, -ring_at(&self.ring, 0)[0])
            ring_pop(&self.ring)
        self.out[0] = self.sum.hi if win_ready(&self.win, &self.ring, self.first_ts, now) else NAN

    cdef int _io(self, StateIO io) except -1:
        cdef int64_t hp = self.hasprev
        cdef int k
        io.param_i64('levels', self.levels)
        io.param_i64('period', self.win.period)
        io.param_i64('span', self.win.span)
        io.ring(&self.ring)
        io.dd(&self.sum)
        io.i64(&hp)
        self.hasprev = hp != 0
        io.i64(&self.first_ts)
        for k in range(self.nin):
            io.f64(&self.prev[k])
        return 0


cdef class StoikovCore(MicroCore):
    """Stoikov's micro-price from a fitted table: ``mid + adj[s, i] * tick`` with ``s`` the
    spread in ticks (rows 1..nspread; wider spreads use the last row) and ``i`` the bucket of the
    imbalance ``B / (B + A)`` among ``edges``. ``StoikovCore(tick, edges, adj)``; ``adj`` holds
    ``nspread`` rows of ``len(edges) - 1`` adjustments in ticks (see
    ``bt.hft.indicators.stoikov.fit_stoikov``). Records without both prices or sizes are refused
    (NaN, propagated by default)."""

    def __cinit__(self, *args, **kwargs):
        self.edges = NULL
        self.adj = NULL

    def __init__(self, double tick, edges, adj, nan_policy='propagate'):
        cdef int r, c
        if not tick > 0:
            raise ValueError('StoikovCore: tick must be > 0, not %r' % tick)
        edges = [float(e) for e in edges]
        rows = [[float(v) for v in row] for row in adj]
        if len(edges) < 2 or any(b <= a for a, b in zip(edges, edges[1:])):
            raise ValueError('StoikovCore: edges must be at least two increasing numbers')
        if not rows or any(len(row) != len(edges) - 1 for row in rows):
            raise ValueError('StoikovCore: adj must hold rows of %d values (one per bucket)'
                             % (len(edges) - 1))
        self.tick = tick
        self.nimb = len(edges) - 1
        self.nspread = len(rows)
        self.edges = <double*>malloc((self.nimb + 1) * sizeof(double))
        self.adj = <double*>malloc(self.nimb * self.nspread * sizeof(double))
        if self.edges == NULL or self.adj == NULL:
            raise MemoryError()
        for c in range(self.nimb + 1):
            self.edges[c] = edges[c]
        for r in range(self.nspread):
            for c in range(self.nimb):
                self.adj[r * self.nimb + c] = rows[r][c]
        self.nin = 4
        self.nout = 1
        self._set_policy(nan_policy)

    def __dealloc__(self):
        free(self.edges)
        free(self.adj)

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double bid = x[0], b = x[1], ask = x[2], a = x[3], imb
        cdef int64_t s
        cdef int c = 0
        if not (isfinite(bid) and isfinite(ask) and isfinite(b) and isfinite(a) and b + a > 0):
            return PUSH_BAD
        s = llround((ask - bid) / self.tick)
        if s < 1:
            s = 1
        if s > self.nspread:
            s = self.nspread
        imb = b / (b + a)
        while c < self.nimb - 1 and imb >= self.edges[c + 1]:
            c += 1
        self.out[0] = (bid + ask) * 0.5 + self.adj[(s - 1) * self.nimb + c] * self.tick
        return PUSH_OK

    cdef int _io(self, StateIO io) except -1:
        cdef int k
        io.param_f64('tick', self.tick)
        io.param_i64('nspread', self.nspread)
        io.param_i64('nimb', self.nimb)
        for k in range(self.nimb * self.nspread):
            io.param_f64('adj', self.adj[k])
        return 0
