# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Cross-asset cores: rolling correlation, beta and hedged pair spread of two series, and the
rolling z-score of one. Window sums are double-double and the co-moments are formed in
double-double too, so that prices of large level and small variance keep their digits."""
from libc.math cimport NAN, isfinite, isnan, log, sqrt
from libc.stdint cimport int64_t

from backtrader.hft._cy.microcore cimport (MicroCore, StateIO, Window, ring_free, ring_push,
                                           ring_pop, ring_at, win_drops, window_ring, ring_clear,
                                           win_ready, NO_TS, dd_add, dd_zero, dd_add_prod,
                                           dd_comoment, PUSH_OK, PUSH_BAD, PUSH_IDLE)

_PAIRS = {'correlation': P_CORRELATION, 'beta': P_BETA, 'spread': P_SPREAD}


cdef class PairCore(MicroCore):
    """Rolling statistics of two series a, b over the last ``period`` records or those of the
    last ``span`` ns: ``PairCore(kind, period=100, span=None, returns=True, nan_policy='skip')``.

    With ``C(u, v) = n sum(u v) - sum(u) sum(v)``:

    - ``correlation``: ``C(a, b) / sqrt(C(a, a) C(b, b))``
    - ``beta``: ``C(a, b) / C(b, b)`` (slope of a on b, with intercept)
    - ``spread`` (always on levels): ``hedge = C(a, b) / C(b, b)`` and ``a - hedge * b``

    ``returns``: a and b are the log returns between consecutive records (the first record only
    sets the reference; prices must be > 0). A record whose b is NaN (the other series has not
    started) is skipped without counting; a NaN or infinite a, an infinite b: refused.
    """

    def __init__(self, kind, period=100, span=None, returns=True, nan_policy='skip'):
        if kind not in _PAIRS:
            raise ValueError('PairCore: kind must be one of %s, not %r' % (sorted(_PAIRS), kind))
        self.kind = _PAIRS[kind]
        self.returns = bool(returns) and self.kind != P_SPREAD
        self.nin = 2
        self.nout = 2 if self.kind == P_SPREAD else 1
        self._set_policy(nan_policy)
        window_ring(&self.win, &self.ring, 'PairCore', period, span, 2)
        if self.win.period == 1:
            raise ValueError('PairCore: a window of 1 record has no co-movement (period >= 2)')
        self._clear()

    def __dealloc__(self):
        ring_free(&self.ring)

    cdef void _clear(self) noexcept:
        ring_clear(&self.ring)
        dd_zero(&self.sa)
        dd_zero(&self.sb)
        dd_zero(&self.saa)
        dd_zero(&self.sbb)
        dd_zero(&self.sab)
        self.preva = NAN
        self.prevb = NAN
        self.first_ts = NO_TS

    cdef void _move(self, double a, double b, double sign) noexcept:
        dd_add(&self.sa, sign * a)
        dd_add(&self.sb, sign * b)
        dd_add_prod(&self.saa, sign * a, a)
        dd_add_prod(&self.sbb, sign * b, b)
        dd_add_prod(&self.sab, sign * a, b)

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double a = x[0], b = x[1], n, cab, cbb, caa
        cdef double rec[2]
        cdef double* r
        cdef bint ready, add = True
        if isnan(b):
            return PUSH_IDLE
        if not (isfinite(a) and isfinite(b)) or (self.returns and not (a > 0 and b > 0)):
            return PUSH_BAD
        if self.returns:
            add = isfinite(self.preva)
            rec[0] = log(a / self.preva) if add else 0.0
            rec[1] = log(b / self.prevb) if add else 0.0
            self.preva = a
            self.prevb = b
        else:
            rec[0] = a
            rec[1] = b
        if add:
            if not ring_push(&self.ring, ts, rec):
                self.failed = True
            self._move(rec[0], rec[1], 1.0)
            if self.first_ts == NO_TS:
                self.first_ts = ts
        while win_drops(&self.win, &self.ring, ts):
            r = ring_at(&self.ring, 0)
            self._move(r[0], r[1], -1.0)
            ring_pop(&self.ring)
        ready = win_ready(&self.win, &self.ring, self.first_ts, ts)
        n = self.ring.size
        cbb = dd_comoment(n, &self.sbb, &self.sb, &self.sb)
        if not ready or not cbb > 0:
            self.out[0] = NAN
            self.out[1] = NAN
            return PUSH_OK
        cab = dd_comoment(n, &self.sab, &self.sa, &self.sb)
        if self.kind == P_CORRELATION:
            caa = dd_comoment(n, &self.saa, &self.sa, &self.sa)
            self.out[0] = cab / sqrt(caa * cbb) if caa > 0 else NAN
        elif self.kind == P_BETA:
            self.out[0] = cab / cbb
        else:
            self.out[1] = cab / cbb
            self.out[0] = a - self.out[1] * b
        return PUSH_OK

    cdef int _io(self, StateIO io) except -1:
        io.param_i64('kind', self.kind)
        io.param_i64('returns', self.returns)
        io.param_i64('period', self.win.period)
        io.param_i64('span', self.win.span)
        io.ring(&self.ring)
        io.dd(&self.sa)
        io.dd(&self.sb)
        io.dd(&self.saa)
        io.dd(&self.sbb)
        io.dd(&self.sab)
        io.f64(&self.preva)
        io.f64(&self.prevb)
        return io.i64(&self.first_ts)


cdef class ZScoreCore(MicroCore):
    """Rolling z-score ``(x - mean) / std`` over the last ``period`` values or those of the last
    ``span`` ns, ``std`` the sample standard deviation (n - 1). ``ZScoreCore(period=100,
    span=None, nan_policy='skip')``; NaN or infinite values are refused, a window without
    spread gives NaN."""

    def __init__(self, period=100, span=None, nan_policy='skip'):
        self.nin = 1
        self.nout = 1
        self._set_policy(nan_policy)
        window_ring(&self.win, &self.ring, 'ZScoreCore', period, span, 1)
        if self.win.period == 1:
            raise ValueError('ZScoreCore: a window of 1 value has no spread (period >= 2)')
        self._clear()

    def __dealloc__(self):
        ring_free(&self.ring)

    cdef void _clear(self) noexcept:
        ring_clear(&self.ring)
        dd_zero(&self.s)
        dd_zero(&self.s2)
        self.first_ts = NO_TS

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double v = x[0], n, c, old
        cdef bint ready
        if not isfinite(v):
            return PUSH_BAD
        if not ring_push(&self.ring, ts, &v):
            self.failed = True
        dd_add(&self.s, v)
        dd_add_prod(&self.s2, v, v)
        if self.first_ts == NO_TS:
            self.first_ts = ts
        while win_drops(&self.win, &self.ring, ts):
            old = ring_at(&self.ring, 0)[0]
            dd_add(&self.s, -old)
            dd_add_prod(&self.s2, -old, old)
            ring_pop(&self.ring)
        ready = win_ready(&self.win, &self.ring, self.first_ts, ts)
        n = self.ring.size
        c = dd_comoment(n, &self.s2, &self.s, &self.s)
        if not ready or n < 2 or not c > 0:
            self.out[0] = NAN
        else:
            self.out[0] = (n * v - self.s.hi) / sqrt(c * n / (n - 1))
        return PUSH_OK

    cdef int _io(self, StateIO io) except -1:
        io.param_i64('period', self.win.period)
        io.param_i64('span', self.win.span)
        io.ring(&self.ring)
        io.dd(&self.s)
        io.dd(&self.s2)
        return io.i64(&self.first_ts)
