# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The factor graph's own transforms (rolling mean / std / sum, EMA, rank, clip, lag, diff) and
combiners (weighted linear sum with run-time weights, product, ratio), as streaming cores under
the contract of ``microcore.pxd``. Windows are the last ``period`` values or the values stamped in
the last ``span`` ns; a count window gives values once full, a time window once a whole span has
passed since its first value (NaN before)."""
from libc.math cimport NAN, INFINITY, isfinite, sqrt, expm1, fmin, fmax
from libc.stdint cimport int64_t
from libc.stdlib cimport malloc, free

from backtrader.hft._cy.microcore cimport (MicroCore, StateIO, Ring, Window, DD, ring_init,
                                           ring_free, ring_push, ring_pop, ring_at, ring_ts,
                                           win_drops, window_from, covered, dd_comoment, NO_TS,
                                           PUSH_OK, PUSH_BAD)
from backtrader.hft._cy.microcross cimport ZScoreCore

_ROLLING = {'mean': R_MEAN, 'std': R_STD, 'sum': R_SUM}
_LAGS = {'lag': LAG_VALUE, 'diff': LAG_DIFF}
_COMBINE = {'linear': C_LINEAR, 'product': C_PRODUCT, 'ratio': C_RATIO}


cdef bint _window_ready(Window* w, Ring* r, int64_t first_ts, int64_t now) noexcept:
    if w.period:
        return r.size == w.period
    return covered(first_ts, now, w.span)


cdef class RollingCore(ZScoreCore):
    """Rolling ``mean``, ``std`` (sample, n - 1) or ``sum`` of the window:
    ``RollingCore(kind, period=100, span=None, nan_policy='skip')``. A count window needs at
    least 2 values. NaN or infinite values are refused."""

    def __init__(self, kind, period=100, span=None, nan_policy='skip'):
        if kind not in _ROLLING:
            raise ValueError('RollingCore: kind must be one of %s, not %r'
                             % (sorted(_ROLLING), kind))
        if span is None and isinstance(period, int) and period == 1:
            raise ValueError('RollingCore: period must be >= 2, not 1')
        ZScoreCore.__init__(self, period, span, nan_policy)
        self.kind = _ROLLING[kind]

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef int st = ZScoreCore.push(self, ts, x)
        cdef double n = self.ring.size, c
        if st != PUSH_OK:
            return st
        if not _window_ready(&self.win, &self.ring, self.first_ts, ts) or n < 1:
            self.out[0] = NAN
        elif self.kind == R_MEAN:
            self.out[0] = self.s.hi / n
        elif self.kind == R_SUM:
            self.out[0] = self.s.hi
        elif n < 2:
            self.out[0] = NAN
        else:
            c = dd_comoment(n, &self.s2, &self.s, &self.s)
            self.out[0] = sqrt(c / (n * (n - 1))) if c > 0 else 0.0
        return st

    cdef int _io(self, StateIO io) except -1:
        io.param_i64('kind', self.kind)
        return ZScoreCore._io(self, io)


cdef class EmaCore(MicroCore):
    """Exponential moving average: ``EmaCore(period=20, span=None, nan_policy='skip')``.

    Count form: ``v += alpha (x - v)``, ``alpha = 2 / (period + 1)``, seeded with the first
    value, given from the ``period``-th value on (pandas' ``ewm(span=period, adjust=False)``).
    Time form (``span`` ns, a time constant): ``v += (1 - exp(-dt / span)) (x - v)``, ``dt`` the
    time since the previous value (values sharing a stamp leave ``v`` as it is), given once
    ``span`` ns have passed since the first value.
    """

    def __init__(self, period=20, span=None, nan_policy='skip'):
        cdef Window w
        window_from(&w, 'EmaCore', period, span)
        self.tau = w.span
        self.period = w.period
        self.alpha = 2.0 / (w.period + 1.0) if w.period else NAN
        self.nin = 1
        self.nout = 1
        self._set_policy(nan_policy)
        self._clear()

    cdef void _clear(self) noexcept:
        self.v = NAN
        self.n = 0
        self.first_ts = NO_TS
        self.prev_ts = NO_TS

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double a
        cdef bint ready
        if not isfinite(x[0]):
            return PUSH_BAD
        if self.n == 0:
            self.v = x[0]
            self.first_ts = ts
        else:
            a = self.alpha if self.tau == 0 else -expm1(-<double>(ts - self.prev_ts) / self.tau)
            self.v += a * (x[0] - self.v)
        self.n += 1
        self.prev_ts = ts
        ready = self.n >= self.period if self.tau == 0 else covered(self.first_ts, ts, self.tau)
        self.out[0] = self.v if ready else NAN
        return PUSH_OK

    cdef int _io(self, StateIO io) except -1:
        io.param_i64('period', self.period)
        io.param_i64('span', self.tau)
        io.f64(&self.v)
        io.i64(&self.n)
        io.i64(&self.first_ts)
        return io.i64(&self.prev_ts)


cdef class RankCore(MicroCore):
    """Percentile rank of the newest value in the window: ``(less + (equal + 1) / 2) / n``, with
    ``less`` / ``equal`` the window's values below / equal to it (itself included) and ``n``
    their count (pandas' ``rolling(...).rank(pct=True)``). ``RankCore(period=100, span=None,
    nan_policy='skip')``; O(window) per value."""

    def __init__(self, period=100, span=None, nan_policy='skip'):
        window_from(&self.win, 'RankCore', period, span)
        ring_init(&self.ring, 1, self.win.period + 1 if self.win.period else 64)
        self.nin = 1
        self.nout = 1
        self._set_policy(nan_policy)
        self._clear()

    def __dealloc__(self):
        ring_free(&self.ring)

    cdef void _clear(self) noexcept:
        self.ring.size = 0
        self.ring.head = 0
        self.first_ts = NO_TS

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double v = x[0], less = 0.0, equal = 0.0, y
        cdef Py_ssize_t k
        if not isfinite(v):
            return PUSH_BAD
        if not ring_push(&self.ring, ts, &v):
            self.failed = True
        if self.first_ts == NO_TS:
            self.first_ts = ts
        while win_drops(&self.win, &self.ring, ts):
            ring_pop(&self.ring)
        if not _window_ready(&self.win, &self.ring, self.first_ts, ts):
            self.out[0] = NAN
            return PUSH_OK
        for k in range(self.ring.size):
            y = ring_at(&self.ring, k)[0]
            if y < v:
                less += 1.0
            elif y == v:
                equal += 1.0
        self.out[0] = (less + (equal + 1.0) * 0.5) / self.ring.size
        return PUSH_OK

    cdef int _io(self, StateIO io) except -1:
        io.param_i64('period', self.win.period)
        io.param_i64('span', self.win.span)
        io.ring(&self.ring)
        return io.i64(&self.first_ts)


cdef class ClipCore(MicroCore):
    """``min(max(x, lo), hi)``: ``ClipCore(lo=None, hi=None, nan_policy='skip')`` (None: no
    bound). NaN or infinite values are refused."""

    def __init__(self, lo=None, hi=None, nan_policy='skip'):
        for name, b in (('lo', lo), ('hi', hi)):
            if b is not None and (isinstance(b, bool) or not isinstance(b, (int, float))
                                  or not isfinite(b)):
                raise ValueError('ClipCore: %s must be a finite number or None, not %r'
                                 % (name, b))
        self.lo = -INFINITY if lo is None else lo
        self.hi = INFINITY if hi is None else hi
        if self.lo > self.hi:
            raise ValueError('ClipCore: lo %r is above hi %r' % (lo, hi))
        self.nin = 1
        self.nout = 1
        self._set_policy(nan_policy)

    cdef int push(self, int64_t ts, const double* x) noexcept:
        if not isfinite(x[0]):
            return PUSH_BAD
        self.out[0] = fmin(fmax(x[0], self.lo), self.hi)
        return PUSH_OK

    cdef int _io(self, StateIO io) except -1:
        io.param_f64('lo', self.lo)
        return io.param_f64('hi', self.hi)


cdef class LagCore(MicroCore):
    """The value ``period`` values back, or (``span`` ns) the last value stamped at or before
    ``now - span`` (``lag``), or the change since it, ``x - base`` (``diff``):
    ``LagCore(kind, period=1, span=None, nan_policy='skip')``. NaN until a base exists; NaN or
    infinite values are refused."""

    def __init__(self, kind, period=1, span=None, nan_policy='skip'):
        if kind not in _LAGS:
            raise ValueError('LagCore: kind must be one of %s, not %r' % (sorted(_LAGS), kind))
        self.kind = _LAGS[kind]
        window_from(&self.win, 'LagCore', period, span)
        ring_init(&self.ring, 1, self.win.period + 2 if self.win.period else 64)
        self.nin = 1
        self.nout = 1
        self._set_policy(nan_policy)

    def __dealloc__(self):
        ring_free(&self.ring)

    cdef void _clear(self) noexcept:
        self.ring.size = 0
        self.ring.head = 0

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double v = x[0]
        cdef double* base = NULL
        if not isfinite(v):
            return PUSH_BAD
        if not ring_push(&self.ring, ts, &v):
            self.failed = True
        if self.win.period:
            if self.ring.size > self.win.period + 1:
                ring_pop(&self.ring)
            if self.ring.size == self.win.period + 1:
                base = ring_at(&self.ring, 0)
        else:
            while self.ring.size >= 2 and ring_ts(&self.ring, 1) <= ts - self.win.span:
                ring_pop(&self.ring)
            if ring_ts(&self.ring, 0) <= ts - self.win.span:
                base = ring_at(&self.ring, 0)
        if base == NULL:
            self.out[0] = NAN
        else:
            self.out[0] = base[0] if self.kind == LAG_VALUE else v - base[0]
        return PUSH_OK

    cdef int _io(self, StateIO io) except -1:
        io.param_i64('kind', self.kind)
        io.param_i64('period', self.win.period)
        io.param_i64('span', self.win.span)
        return io.ring(&self.ring)


cdef class CombineCore(MicroCore):
    """A combination of ``n`` inputs: ``CombineCore(kind, n, weights=None,
    nan_policy='skip')``, ``kind`` one of ``linear`` (``sum w_k x_k``, weights 1.0 unless given;
    change them at run time with :meth:`set_weight`), ``product`` (``prod x_k``) or ``ratio``
    (``x_0 / x_1``, ``n`` = 2). A NaN or infinite input, or a ratio over 0, is refused."""

    def __cinit__(self, *args, **kwargs):
        self.w = NULL

    def __init__(self, kind, n, weights=None, nan_policy='skip'):
        cdef int k
        if kind not in _COMBINE:
            raise ValueError('CombineCore: kind must be one of %s, not %r'
                             % (sorted(_COMBINE), kind))
        self.kind = _COMBINE[kind]
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 64:
            raise ValueError('CombineCore: n must be an integer 1..64, not %r' % (n,))
        if self.kind == C_RATIO and n != 2:
            raise ValueError('CombineCore: a ratio takes 2 inputs, not %d' % n)
        if weights is not None and self.kind != C_LINEAR:
            raise ValueError('CombineCore: only a linear combination takes weights')
        self.nin = n
        self.nout = 1
        self._set_policy(nan_policy)
        self.w = <double*>malloc(n * sizeof(double))
        if self.w == NULL:
            raise MemoryError()
        for k in range(n):
            self.w[k] = 1.0
        if weights is not None:
            self.set_weights(weights)

    def __dealloc__(self):
        free(self.w)

    def set_weight(self, int k, double w):
        """Set the weight of input ``k`` (taken from the next value on)."""
        if self.kind != C_LINEAR:
            raise ValueError('CombineCore: only a linear combination has weights')
        if not 0 <= k < self.nin:
            raise IndexError('CombineCore: input %d does not exist (%d inputs)' % (k, self.nin))
        if not isfinite(w):
            raise ValueError('CombineCore: weight %d must be finite, not %r' % (k, w))
        self.w[k] = w

    def set_weights(self, weights):
        """Set every weight (a sequence of ``n`` numbers)."""
        weights = [float(v) for v in weights]
        if len(weights) != self.nin:
            raise ValueError('CombineCore: %d weights given for %d inputs'
                             % (len(weights), self.nin))
        for k, v in enumerate(weights):
            self.set_weight(k, v)

    @property
    def weights(self):
        """The current weights (linear combinations)."""
        return tuple(self.w[k] for k in range(self.nin))

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef int k
        cdef double v
        for k in range(self.nin):
            if not isfinite(x[k]):
                return PUSH_BAD
        if self.kind == C_LINEAR:
            v = 0.0
            for k in range(self.nin):
                v += self.w[k] * x[k]
        elif self.kind == C_PRODUCT:
            v = 1.0
            for k in range(self.nin):
                v *= x[k]
        else:
            if x[1] == 0.0:
                return PUSH_BAD
            v = x[0] / x[1]
        self.out[0] = v
        return PUSH_OK

    cdef int _io(self, StateIO io) except -1:
        cdef int k
        io.param_i64('kind', self.kind)
        io.param_i64('n', self.nin)
        for k in range(self.nin):
            io.f64(&self.w[k])
        return 0
