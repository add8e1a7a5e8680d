# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Sampled-price cores: realized volatility, tick momentum and micro-volatility (see
``microvol.pxd`` for how records become samples)."""
from libc.math cimport NAN, isfinite, log, sqrt
from libc.stdint cimport int64_t

from backtrader.hft._cy.microcore cimport (MicroCore, StateIO, ring_free, ring_push, ring_pop,
                                           ring_at, win_drops, window_ring, ring_clear, win_ready,
                                           NO_TS, dd_add, dd_zero, PUSH_OK, PUSH_BAD)

YEAR_NS = 365 * 86400 * 10 ** 9


cdef class _SampledCore(MicroCore):

    cdef int _init_sampled(self, str owner, object interval, bint positive) except -1:
        if interval is None:
            interval = 0
        if isinstance(interval, bool) or not isinstance(interval, int) or interval < 0:
            raise ValueError('%s: interval must be a whole number of ns >= 0 (0: every record), '
                             'not %r' % (owner, interval))
        self.interval = interval
        self.positive = positive
        self.nin = 1
        self.nout = 1
        self._clear_sampler()
        return 0

    cdef void _clear_sampler(self) noexcept:
        self.grid = NO_TS
        self.lastp = NAN
        self.prevs = NAN

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double p = x[0]
        cdef int64_t g
        if not isfinite(p) or (self.positive and not p > 0):
            return PUSH_BAD
        if self.interval:
            if self.grid == NO_TS:
                g = ts - ts % self.interval
                self.grid = g if g >= ts else g + self.interval
            while self.grid < ts:
                self._sample(self.grid, self.lastp)
                self.grid += self.interval
            self.lastp = p
        else:
            self._sample(ts, p)
        self._tick(ts)
        return PUSH_OK

    cdef void _sample(self, int64_t ts, double p) noexcept:
        pass

    cdef void _tick(self, int64_t now) noexcept:
        pass

    cdef int _sampled_io(self, StateIO io) except -1:
        io.param_i64('interval', self.interval)
        io.i64(&self.grid)
        io.f64(&self.lastp)
        return io.f64(&self.prevs)


cdef class _WindowedCore(_SampledCore):

    cdef int _init_window(self, str owner, period, span) except -1:
        return window_ring(&self.win, &self.ring, owner, period, span, 1)

    def __dealloc__(self):
        ring_free(&self.ring)

    cdef void _clear(self) noexcept:
        self._clear_sampler()
        ring_clear(&self.ring)
        dd_zero(&self.sum)
        self.first_ts = NO_TS

    cdef void _add(self, int64_t ts, double v) noexcept:
        if not ring_push(&self.ring, ts, &v):
            self.failed = True
        dd_add(&self.sum, v)
        if self.first_ts == NO_TS:
            self.first_ts = ts

    cdef bint _ready(self, int64_t now) noexcept:
        while win_drops(&self.win, &self.ring, now):
            dd_add(&self.sum, -ring_at(&self.ring, 0)[0])
            ring_pop(&self.ring)
        return win_ready(&self.win, &self.ring, self.first_ts, now)

    cdef int _io(self, StateIO io) except -1:
        io.param_i64('period', self.win.period)
        io.param_i64('span', self.win.span)
        self._sampled_io(io)
        io.ring(&self.ring)
        io.dd(&self.sum)
        return io.i64(&self.first_ts)


cdef class RealizedVolCore(_WindowedCore):
    """Realized volatility: ``sqrt(sum of r^2)``, ``r = ln(s_k / s_k-1)`` the log returns between
    consecutive samples (each stamped at its later sample), over the last ``period`` returns or
    the returns of the last ``span`` ns.

    ``RealizedVolCore(period=100, span=None, interval=0, annualize=False, year=YEAR_NS,
    nan_policy='skip')``. With ``annualize`` the variance is scaled by ``year / window`` (window =
    ``span``, or ``period * interval``; a per-record count window has no length in time and is
    refused). Prices must be finite and > 0.
    """

    def __init__(self, period=100, span=None, interval=0, annualize=False, year=YEAR_NS,
                 nan_policy='skip'):
        self._init_sampled('RealizedVolCore', interval, True)
        self._init_window('RealizedVolCore', period, span)
        self._set_policy(nan_policy)
        self.factor = 1.0
        if annualize:
            length = self.win.span or self.win.period * self.interval
            if not length:
                raise ValueError('RealizedVolCore: annualize needs a time window or an interval '
                                 '(a count of records has no length in time)')
            self.factor = float(year) / float(length)
        self._clear()

    cdef void _sample(self, int64_t ts, double p) noexcept:
        cdef double r
        if isfinite(self.prevs):
            # an unchanged price: log(1) is exactly +0, no library call
            r = log(p / self.prevs) if p != self.prevs else 0.0
            self._add(ts, r * r)
        self.prevs = p

    cdef void _tick(self, int64_t now) noexcept:
        self.out[0] = sqrt(self.sum.hi * self.factor) if self._ready(now) else NAN

    cdef int _io(self, StateIO io) except -1:
        io.param_f64('factor', self.factor)
        return _WindowedCore._io(self, io)


cdef class TickMomentumCore(_WindowedCore):
    """Tick momentum: the mean of ``sign(s_k - s_k-1)`` over the last ``period`` price changes
    (or those of the last ``span`` ns): +1 when every move was an uptick, -1 when every one was
    a downtick, unchanged prices counting 0. ``TickMomentumCore(period=50, span=None,
    interval=0, nan_policy='skip')``."""

    def __init__(self, period=50, span=None, interval=0, nan_policy='skip'):
        self._init_sampled('TickMomentumCore', interval, False)
        self._init_window('TickMomentumCore', period, span)
        self._set_policy(nan_policy)
        self._clear()

    cdef void _sample(self, int64_t ts, double p) noexcept:
        if isfinite(self.prevs):
            self._add(ts, 1.0 if p > self.prevs else (-1.0 if p < self.prevs else 0.0))
        self.prevs = p

    cdef void _tick(self, int64_t now) noexcept:
        if self._ready(now) and self.ring.size:
            self.out[0] = self.sum.hi / self.ring.size
        else:
            self.out[0] = NAN


cdef class MicroVolCore(_SampledCore):
    """Micro-volatility: ``sqrt(v)`` with ``v`` the exponentially weighted mean of the squared
    price change between consecutive samples, ``v = (1 - alpha) v + alpha dp^2`` (seeded with the
    first ``dp^2``). ``per_second`` (interval sampling only) scales ``v`` by ``1e9 / interval``.
    ``MicroVolCore(alpha=0.02, interval=0, per_second=False, nan_policy='skip')``."""

    def __init__(self, alpha=0.02, interval=0, per_second=False, nan_policy='skip'):
        self._init_sampled('MicroVolCore', interval, False)
        self._set_policy(nan_policy)
        if not (isinstance(alpha, (int, float)) and 0 < alpha <= 1):
            raise ValueError('MicroVolCore: alpha must be in (0, 1], not %r' % (alpha,))
        self.alpha = alpha
        self.scale = 1.0
        if per_second:
            if not self.interval:
                raise ValueError('MicroVolCore: per_second needs an interval')
            self.scale = 1e9 / self.interval
        self._clear()

    cdef void _clear(self) noexcept:
        self._clear_sampler()
        self.var = NAN

    cdef void _sample(self, int64_t ts, double p) noexcept:
        cdef double dp
        if isfinite(self.prevs):
            dp = p - self.prevs
            if isfinite(self.var):
                self.var = (1.0 - self.alpha) * self.var + self.alpha * dp * dp
            else:
                self.var = dp * dp
            self.out[0] = sqrt(self.var * self.scale)
        self.prevs = p

    cdef int _io(self, StateIO io) except -1:
        io.param_f64('alpha', self.alpha)
        io.param_f64('scale', self.scale)
        self._sampled_io(io)
        return io.f64(&self.var)
