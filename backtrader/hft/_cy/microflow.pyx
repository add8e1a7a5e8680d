# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Trade-flow cores: windowed trade imbalance, buy share, trade intensity and VWAP (one state
machine), cumulative volume delta, Kyle's lambda and VPIN. Formulas in the class docstrings."""
from libc.math cimport NAN, isfinite, sqrt, fabs, erfc, M_SQRT1_2, fma
from libc.stdint cimport int64_t

from backtrader.hft._cy.microcore cimport (MicroCore, StateIO, ring_init, ring_free, ring_push,
                                           ring_pop, ring_at, dd_add_prod, dd_comoment, win_drops,
                                           window_ring, ring_clear, win_ready, NO_TS, dd_add,
                                           dd_zero, signer_sign, signer_io, classify_mode, PUSH_OK,
                                           PUSH_BAD, PUSH_IDLE)

_FLOWS = {'imbalance': F_IMBALANCE, 'buy_share': F_BUY_SHARE, 'intensity': F_INTENSITY,
          'vwap': F_VWAP}


cdef class _TradeCore(MicroCore):

    cdef _init_trade(self, str owner, classify, bint withmid, nan_policy):
        self.signer.mode = classify_mode(owner, classify)
        self.signer.lastpx = NAN
        self.signer.lastsign = 0.0
        self.withmid = withmid
        self.nin = 4 if withmid else 3
        self._set_policy(nan_policy)

    cdef int _trade(self, const double* x, double* sign) noexcept:
        """PUSH_IDLE for a step without a trade, PUSH_BAD for bad numbers, else PUSH_OK with the
        trade's aggressor sign."""
        cdef double size = x[1]
        if size == 0.0:
            return PUSH_IDLE
        if not (isfinite(size) and size > 0.0 and isfinite(x[0])):
            return PUSH_BAD
        sign[0] = signer_sign(&self.signer, x[0], x[2], x[3] if self.withmid else NAN)
        return PUSH_OK

    cdef void _clear_signer(self) noexcept:
        self.signer.lastpx = NAN
        self.signer.lastsign = 0.0


cdef class _RingTradeCore(_TradeCore):

    def __dealloc__(self):
        ring_free(&self.ring)

    cdef void _clear_ring(self) noexcept:
        self._clear_signer()
        ring_clear(&self.ring)


cdef class TradeFlowCore(_RingTradeCore):
    """Windowed statistics of the trades: ``TradeFlowCore(kind, period=100, span=None,
    classify='auto', withmid=False, bycount=False, nan_policy='skip')``.

    Over the trades of the window (the last ``period`` trades, or those stamped in the last
    ``span`` ns), with B and S the buyer- and seller-initiated sizes (an unclassified trade counts
    in neither, but in the total V):

    - ``imbalance``: (B - S) / (B + S)
    - ``buy_share``: B / (B + S) (with ``bycount``: the same with trade counts)
    - ``intensity``: trades in the window / span in seconds (time windows only)
    - ``vwap``: sum(price * size) / V

    A count window is warmed up when full, a time window once ``span`` ns passed since the first
    trade; an empty window gives NaN (intensity 0).
    """

    def __init__(self, kind, period=100, span=None, classify='auto', withmid=False,
                 bycount=False, nan_policy='skip'):
        if kind not in _FLOWS:
            raise ValueError('TradeFlowCore: kind must be one of %s, not %r' % (sorted(_FLOWS), kind))
        self.kind = _FLOWS[kind]
        self.bycount = bycount
        self._init_trade('TradeFlowCore', classify, withmid, nan_policy)
        self.nout = 1
        window_ring(&self.win, &self.ring, 'TradeFlowCore', period, span, 4)
        if self.kind == F_INTENSITY and self.win.span == 0:
            raise ValueError('TradeFlowCore: intensity needs a time window (span in ns)')
        self._clear()

    cdef void _clear(self) noexcept:
        cdef int k
        self._clear_ring()
        for k in range(4):
            dd_zero(&self.sums[k])
        self.first_ts = NO_TS

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double sign = 0.0, size = x[1]
        cdef double rec[4]
        cdef int k, st = self._trade(x, &sign)
        if st == PUSH_OK:
            if self.bycount:
                size = 1.0
            rec[0] = sign * size
            rec[1] = fabs(sign) * size
            rec[2] = x[0] * x[1]
            rec[3] = x[1]
            if not ring_push(&self.ring, ts, rec):
                self.failed = True
            for k in range(4):
                dd_add(&self.sums[k], rec[k])
            if self.first_ts == NO_TS:
                self.first_ts = ts
        if st != PUSH_BAD:
            self._evict(ts)
        return st

    cdef void _evict(self, int64_t now) noexcept:
        cdef double* r
        cdef double c
        cdef int k
        cdef bint ready
        while win_drops(&self.win, &self.ring, now):
            r = ring_at(&self.ring, 0)
            for k in range(4):
                dd_add(&self.sums[k], -r[k])
            ring_pop(&self.ring)
        ready = win_ready(&self.win, &self.ring, self.first_ts, now)
        c = self.sums[1].hi
        if not ready:
            self.out[0] = NAN
        elif self.kind == F_INTENSITY:
            self.out[0] = self.ring.size / (self.win.span * 1e-9)
        elif self.kind == F_VWAP:
            self.out[0] = self.sums[2].hi / self.sums[3].hi if self.ring.size else NAN
        elif not c > 0:
            self.out[0] = NAN
        elif self.kind == F_IMBALANCE:
            self.out[0] = self.sums[0].hi / c
        else:
            self.out[0] = (c + self.sums[0].hi) * 0.5 / c

    cdef int _io(self, StateIO io) except -1:
        cdef int k
        io.param_i64('kind', self.kind)
        io.param_i64('bycount', self.bycount)
        io.param_i64('period', self.win.period)
        io.param_i64('span', self.win.span)
        signer_io(&self.signer, io)
        io.ring(&self.ring)
        for k in range(4):
            io.dd(&self.sums[k])
        return io.i64(&self.first_ts)


cdef class CVDCore(_TradeCore):
    """Cumulative volume delta: the running sum of ``sign * size`` over every trade since the
    start (``CVDCore(classify='auto', withmid=False, nan_policy='skip')``)."""

    def __init__(self, classify='auto', withmid=False, nan_policy='skip'):
        self._init_trade('CVDCore', classify, withmid, nan_policy)
        self.nout = 1
        self._clear()

    cdef void _clear(self) noexcept:
        self._clear_signer()
        dd_zero(&self.cvd)
        self.out[0] = 0.0

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double sign = 0.0
        cdef int st = self._trade(x, &sign)
        if st == PUSH_OK:
            dd_add(&self.cvd, sign * x[1])
        self.out[0] = self.cvd.hi
        return st

    cdef int _io(self, StateIO io) except -1:
        signer_io(&self.signer, io)
        return io.dd(&self.cvd)


cdef class KyleCore(_RingTradeCore):
    """Kyle's lambda: the least-squares slope (with intercept) of the price change between
    consecutive trades, ``d = p_t - p_t-1``, on the signed square-root size ``s = sign *
    sqrt(size)``, over the last ``period`` trades or the trades of the last ``span`` ns::

        lambda = (n sum(s d) - sum(s) sum(d)) / (n sum(s^2) - sum(s)^2)

    ``KyleCore(period=100, span=None, classify='auto', withmid=False, nan_policy='skip')``. The
    first trade only sets the reference price. NaN while the window is not warmed up or the
    signed sizes do not vary.
    """

    def __init__(self, period=100, span=None, classify='auto', withmid=False, nan_policy='skip'):
        self._init_trade('KyleCore', classify, withmid, nan_policy)
        self.nout = 1
        window_ring(&self.win, &self.ring, 'KyleCore', period, span, 2)
        self._clear()

    cdef void _clear(self) noexcept:
        self._clear_ring()
        dd_zero(&self.ss)
        dd_zero(&self.sd)
        dd_zero(&self.s2)
        dd_zero(&self.sdd)
        self.lastpx = NAN
        self.first_ts = NO_TS

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double sign = 0.0
        cdef double rec[2]
        cdef int st = self._trade(x, &sign)
        if st == PUSH_BAD:
            return st
        if st == PUSH_OK:
            if isfinite(self.lastpx):
                rec[0] = sign * sqrt(x[1])
                rec[1] = x[0] - self.lastpx
                if not ring_push(&self.ring, ts, rec):
                    self.failed = True
                dd_add(&self.ss, rec[0])
                dd_add(&self.sd, rec[1])
                dd_add_prod(&self.s2, rec[0], rec[0])
                dd_add_prod(&self.sdd, rec[0], rec[1])
                if self.first_ts == NO_TS:
                    self.first_ts = ts
            self.lastpx = x[0]
        self._evict(ts)
        return st

    cdef void _evict(self, int64_t now) noexcept:
        cdef double* r
        cdef double n, num, den
        cdef bint ready
        while win_drops(&self.win, &self.ring, now):
            r = ring_at(&self.ring, 0)
            dd_add(&self.ss, -r[0])
            dd_add(&self.sd, -r[1])
            dd_add_prod(&self.s2, -r[0], r[0])
            dd_add_prod(&self.sdd, -r[0], r[1])
            ring_pop(&self.ring)
        ready = win_ready(&self.win, &self.ring, self.first_ts, now)
        n = self.ring.size
        den = dd_comoment(n, &self.s2, &self.ss, &self.ss)
        if not ready or not den > 0:
            self.out[0] = NAN
            return
        num = dd_comoment(n, &self.sdd, &self.ss, &self.sd)
        self.out[0] = num / den

    cdef int _io(self, StateIO io) except -1:
        io.param_i64('period', self.win.period)
        io.param_i64('span', self.win.span)
        signer_io(&self.signer, io)
        io.ring(&self.ring)
        io.dd(&self.ss)
        io.dd(&self.sd)
        io.dd(&self.s2)
        io.dd(&self.sdd)
        io.f64(&self.lastpx)
        return io.i64(&self.first_ts)


cdef class VPINCore(_RingTradeCore):
    """VPIN (Easley, Lopez de Prado & O'Hara 2012) with bulk volume classification.

    ``VPINCore(bucket, nbuckets=50, sigma=None, withmid=False, nan_policy='skip')``. Each trade's
    size is split into buyer / seller volume by ``Z(dp / sigma)``, ``Z`` the standard normal CDF,
    ``dp`` the change from the previous trade's price (0 for the first) and ``sigma`` the given
    value or, without one, the sample standard deviation of every price change so far (this one
    included; one half each until two changes are known). Volume fills buckets of ``bucket``
    (a trade crossing a boundary is split, both parts with its buy fraction); with ``V_b``/``V_s``
    of each completed bucket::

        VPIN = sum over the last nbuckets buckets of |V_b - V_s| / (nbuckets * bucket)

    NaN until ``nbuckets`` buckets are complete; the value changes when a bucket completes.
    """

    def __init__(self, bucket, nbuckets=50, sigma=None, withmid=False, nan_policy='skip'):
        self._init_trade('VPINCore', 'auto', withmid, nan_policy)
        if isinstance(bucket, bool) or not isinstance(bucket, (int, float)) or not bucket > 0:
            raise ValueError('VPINCore: bucket must be a positive volume, not %r' % (bucket,))
        if isinstance(nbuckets, bool) or not isinstance(nbuckets, int) or nbuckets < 1:
            raise ValueError('VPINCore: nbuckets must be an integer >= 1, not %r' % (nbuckets,))
        if sigma is not None and not (isinstance(sigma, (int, float)) and sigma > 0):
            raise ValueError('VPINCore: sigma must be None or > 0, not %r' % (sigma,))
        self.bucket = bucket
        self.nbuckets = nbuckets
        self.sigma = NAN if sigma is None else sigma
        self.nout = 1
        ring_init(&self.ring, 1, nbuckets + 1)
        self._clear()

    cdef void _clear(self) noexcept:
        self._clear_ring()
        dd_zero(&self.imb)
        self.fill = self.buy = self.sell = 0.0
        self.lastpx = NAN
        dd_zero(&self.n)
        dd_zero(&self.sdp)
        dd_zero(&self.sdp2)

    cdef double _buyfrac(self, double dp) noexcept:
        cdef double sig = self.sigma, n = self.n.hi, var
        if not isfinite(sig):
            if n < 2:
                return 0.5
            var = dd_comoment(n, &self.sdp2, &self.sdp, &self.sdp) / (n * (n - 1))
            if not var > 0:
                return 0.5
            sig = sqrt(var)
        return 0.5 * erfc(-dp / sig * M_SQRT1_2)

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double sign = 0.0, dp = 0.0, frac, left, take, e
        cdef int st = self._trade(x, &sign)
        if st != PUSH_OK:
            return st
        if isfinite(self.lastpx):
            dp = x[0] - self.lastpx
            dd_add(&self.n, 1.0)
            dd_add(&self.sdp, dp)
            dd_add_prod(&self.sdp2, dp, dp)
        self.lastpx = x[0]
        frac = self._buyfrac(dp)
        left = x[1]
        while left > 0:
            take = self.bucket - self.fill
            if take > left:
                take = left
            self.buy += take * frac
            self.sell += take * (1.0 - frac)
            self.fill += take
            left -= take
            if self.fill >= self.bucket:
                e = fabs(self.buy - self.sell)
                ring_push(&self.ring, ts, &e)
                dd_add(&self.imb, e)
                if self.ring.size > self.nbuckets:
                    dd_add(&self.imb, -ring_at(&self.ring, 0)[0])
                    ring_pop(&self.ring)
                self.fill = self.buy = self.sell = 0.0
        if self.ring.size == self.nbuckets:
            self.out[0] = self.imb.hi / (self.nbuckets * self.bucket)
        return st

    cdef int _io(self, StateIO io) except -1:
        io.param_f64('bucket', self.bucket)
        io.param_i64('nbuckets', self.nbuckets)
        io.param_f64('sigma', self.sigma)
        signer_io(&self.signer, io)
        io.ring(&self.ring)
        io.dd(&self.imb)
        io.f64(&self.fill)
        io.f64(&self.buy)
        io.f64(&self.sell)
        io.f64(&self.lastpx)
        io.dd(&self.n)
        io.dd(&self.sdp)
        return io.dd(&self.sdp2)
