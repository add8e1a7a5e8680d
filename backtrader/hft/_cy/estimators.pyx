# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Online estimators for the market-making strategies (see ``estimators.pxd``): O(1) work per
sample and per trade, O(bins) per refit; nothing is allocated after construction except when the
arrival ring has to grow. The two cores at the end run them as indicators (``bt.hft.indicators.
MidVolatility`` / ``ArrivalIntensity``), the same objects doing the work."""
from cpython.mem cimport PyMem_Malloc, PyMem_Realloc, PyMem_Free
from libc.math cimport NAN, INFINITY, isfinite, sqrt, log, exp, ceil, llround
from libc.stdint cimport int64_t, int32_t, uint64_t, INT64_MIN

from backtrader.hft._cy.book cimport L2Event
from backtrader.hft._cy.eventviews cimport as_records
from backtrader.hft._cy.eventkinds cimport TRADE_EVENT, EXCH_EVENT, LOCAL_EVENT, ev_kind, ev_side
from backtrader.hft._cy.microcore cimport MicroCore, StateIO, PUSH_OK, PUSH_BAD
from backtrader.hft._cy.pagerelease cimport pages_off, pages_on, pages_behind, pages_rewind

cdef int64_t NO_TS = INT64_MIN
cdef double NS_PER_S = 1e9


cdef int64_t _span(str owner, str name, object v) except? -1:
    if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
        raise ValueError('%s: %s must be a positive whole number of ns, not %r' % (owner, name, v))
    return v


cdef int64_t _window(str owner, object window, int64_t interval) except? -1:
    cdef int64_t w = _span(owner, 'window', window)
    if w < interval:
        raise ValueError('%s: the window (%d ns) is shorter than the sampling interval (%d ns)'
                         % (owner, w, interval))
    return w


cdef int _count(StateIO io, Py_ssize_t* field, Py_ssize_t low, Py_ssize_t high) except -1:
    """Visit a count field; a loaded value must lie in [low, high]."""
    cdef int64_t v = field[0]
    io.i64(&v)
    if io.loading:
        if not low <= v <= high:
            raise ValueError('%s.restore: the snapshot is corrupt (a count of %d, expected %d..%d)'
                             % (io.owner, v, low, high))
        field[0] = <Py_ssize_t>v
    return 0


cdef class MidVolatility:
    """Volatility of a mid price from its changes sampled every ``interval`` ns (the mid at or
    before each multiple of it) over the last ``window`` ns: the population standard deviation of
    the changes, scaled to one second (``variance()`` in price units^2 per second, ``sigma`` its
    root). ``ready`` once the window holds ``window // interval`` changes; before that the
    estimate uses what it has (NaN with fewer than two changes).

    Feed it with ``update(t_ns, mid)`` at any times in order: a gap between updates counts as
    unchanged samples."""

    def __cinit__(self, interval, window):
        self.interval = _span('MidVolatility', 'interval', interval)
        self.window = _window('MidVolatility', window, self.interval)
        self.size = self.window // self.interval
        self.ring = <double*>PyMem_Malloc(self.size * sizeof(double))
        if self.ring == NULL:
            raise MemoryError()
        self.clear()

    def __dealloc__(self):
        PyMem_Free(self.ring)

    cdef void clear(self) noexcept:
        self.head = self.count = 0
        self.s1 = self.s2 = 0.0
        self.nsamples = 0
        self.grid = NO_TS
        self.last = self.prev = NAN

    cdef int _io(self, StateIO io) except -1:
        io.param_i64('interval', self.interval)
        io.param_i64('window', self.window)
        io.raw(self.ring, self.size * sizeof(double))
        _count(io, &self.head, 0, self.size - 1)
        _count(io, &self.count, 0, self.size)
        io.f64(&self.s1)
        io.f64(&self.s2)
        io.i64(&self.nsamples)
        io.i64(&self.grid)
        io.f64(&self.last)
        return io.f64(&self.prev)

    cdef void _push(self, double dm) noexcept:
        cdef double old
        cdef Py_ssize_t j
        if self.count == self.size:
            old = self.ring[self.head]
            self.s1 -= old
            self.s2 -= old * old
        else:
            self.count += 1
        self.ring[self.head] = dm
        self.s1 += dm
        self.s2 += dm * dm
        self.head += 1
        self.nsamples += 1
        if self.head == self.size:
            # once per lap the sums are recomputed, so rounding never accumulates
            self.head = 0
            self.s1 = self.s2 = 0.0
            for j in range(self.size):
                self.s1 += self.ring[j]
                self.s2 += self.ring[j] * self.ring[j]

    cdef void _sample(self, double value) noexcept:
        self._push(value - self.prev)
        self.prev = value

    cpdef void update(self, int64_t t, double mid):
        """The mid is ``mid`` from time ``t`` (ns) on; samples fall due on the grid."""
        cdef int64_t due
        cdef Py_ssize_t j
        if not isfinite(mid):
            return
        if self.grid == NO_TS:
            self.prev = self.last = mid
            self.grid = (t // self.interval + 1) * self.interval
            return
        if t > self.grid:
            # grid times strictly before t hold the newest mid seen before t
            due = (t - 1 - self.grid) // self.interval + 1
            self._sample(self.last)
            due -= 1
            if due >= self.size:
                for j in range(self.size):
                    self.ring[j] = 0.0
                self.head = 0
                self.count = self.size
                self.s1 = self.s2 = 0.0
                self.nsamples += due
            else:
                for j in range(due):
                    self._push(0.0)
            self.grid += (due + 1) * self.interval
        if t == self.grid:
            self._sample(mid)
            self.grid += self.interval
        self.last = mid

    cpdef double variance(self):
        """Variance of the mid per second (price units^2 / s); NaN before two changes."""
        cdef double m, v
        if self.count < 2:
            return NAN
        m = self.s1 / self.count
        v = self.s2 / self.count - m * m
        if v < 0.0:
            v = 0.0
        return v * (NS_PER_S / self.interval)

    @property
    def sigma(self):
        """Standard deviation of the mid per sqrt(second) (NaN before two changes)."""
        return sqrt(self.variance())

    @property
    def ready(self):
        """Whether the window is full."""
        return self.count == self.size


cdef class ArrivalIntensity:
    """Order-arrival intensity ``lambda(delta) = A * exp(-k * delta)`` of quotes resting
    ``delta`` ticks from the mid, fitted online from the trades.

    Each trade reaches ``depth`` ticks beyond the mid of the step before it (buys above it,
    sells below). With ``per_step`` (the default, as hftbacktest's GLFT example measures it: a
    resting quote fills at most once per requote step) a step counts once, at its deepest trade;
    otherwise every trade counts. An arrival reaching ``depth`` fills every quote strictly inside
    it, on the depth grid ``bin, 2 bin, ..., nbins * bin``. Every ``refit`` ns, once ``window`` ns
    have passed since the first step, the rate of arrivals beyond each grid depth over the window
    (``count / window`` seconds) is fitted by least squares of ``log(rate) = log(A) - k * depth``,
    weighted by the counts (the inverse variance of a log count), over the depths reached at
    least once; a fit needs three depths and is accepted when ``k > 0``. ``A`` (per second) and
    ``k`` (per tick) are NaN before the first accepted fit (``ready`` False).

    Feed it with ``trade(t, side, price_ticks)`` for each trade and ``step(t, mid_ticks)`` at each
    requote step (or a :class:`TradeCursor` over an event file)."""

    def __cinit__(self, interval, window, refit, double bin=0.5, int nbins=70,
                  bint per_step=True):
        owner = 'ArrivalIntensity'
        self.interval = _span(owner, 'interval', interval)
        self.window = _window(owner, window, self.interval)
        self.refit = _span(owner, 'refit', refit)
        if not (isfinite(bin) and bin > 0):
            raise ValueError('%s: bin must be a positive number of ticks, not %r' % (owner, bin))
        if nbins < 3:
            raise ValueError('%s: nbins must be at least 3 (a fit needs three depths), not %d'
                             % (owner, nbins))
        self.bin = bin
        self.nbins = nbins
        self.per_step = per_step
        self.cap = 1024
        self.ts = <int64_t*>PyMem_Malloc(self.cap * sizeof(int64_t))
        self.reach = <int32_t*>PyMem_Malloc(self.cap * sizeof(int32_t))
        self.hist = <int64_t*>PyMem_Malloc((nbins + 1) * sizeof(int64_t))
        if self.ts == NULL or self.reach == NULL or self.hist == NULL:
            raise MemoryError()
        self.clear()

    cdef void clear(self) noexcept:
        cdef int j
        self.A = self.k = NAN
        self.fits = self.rejected = self.arrivals = 0
        self.head = self.n = 0
        for j in range(self.nbins + 1):
            self.hist[j] = 0
        self.first = NO_TS
        self.next_fit = NO_TS
        self.prior = NAN
        self.deepest = -INFINITY

    cdef int _io(self, StateIO io) except -1:
        cdef Py_ssize_t j, slot, n = self.n, tail
        io.param_i64('interval', self.interval)
        io.param_i64('window', self.window)
        io.param_i64('refit', self.refit)
        io.param_f64('bin', self.bin)
        io.param_i64('nbins', self.nbins)
        io.param_i64('per_step', self.per_step)
        io.f64(&self.A)
        io.f64(&self.k)
        io.i64(&self.fits)
        io.i64(&self.rejected)
        # the held arrivals, oldest first (a restored ring starts at slot 0)
        _count(io, &n, 0, (io.n - io.pos) // (sizeof(int64_t) + sizeof(int32_t))
               if io.loading else n)
        if io.loading:
            self.head = self.n = 0
            while self.cap < n:
                self._grow()
            self.n = n
            self.head = n if n < self.cap else 0
        tail = self.head - self.n
        if tail < 0:
            tail += self.cap
        for j in range(n):
            slot = (tail + j) % self.cap
            io.i64(&self.ts[slot])
            io.raw(&self.reach[slot], sizeof(int32_t))
            if io.loading and not 0 <= self.reach[slot] <= self.nbins:
                raise ValueError('%s.restore: the snapshot is corrupt (an arrival reaching %d '
                                 'bins of %d)' % (io.owner, self.reach[slot], self.nbins))
        self.arrivals = self.n
        io.raw(self.hist, (self.nbins + 1) * sizeof(int64_t))
        io.i64(&self.first)
        io.i64(&self.next_fit)
        io.f64(&self.prior)
        return io.f64(&self.deepest)

    def __dealloc__(self):
        PyMem_Free(self.ts)
        PyMem_Free(self.reach)
        PyMem_Free(self.hist)

    cdef int _grow(self) except -1:
        """Double the ring, unrolling it so that its oldest arrival is at slot 0."""
        cdef Py_ssize_t cap = self.cap * 2, j, tail = self.head - self.n
        cdef int64_t* ts = <int64_t*>PyMem_Malloc(cap * sizeof(int64_t))
        cdef int32_t* reach = <int32_t*>PyMem_Malloc(cap * sizeof(int32_t))
        if ts == NULL or reach == NULL:
            PyMem_Free(ts)
            PyMem_Free(reach)
            raise MemoryError()
        if tail < 0:
            tail += self.cap
        for j in range(self.n):
            ts[j] = self.ts[(tail + j) % self.cap]
            reach[j] = self.reach[(tail + j) % self.cap]
        PyMem_Free(self.ts)
        PyMem_Free(self.reach)
        self.ts = ts
        self.reach = reach
        self.head = self.n
        self.cap = cap
        return 0

    cdef int _add(self, int64_t t, double depth) except -1:
        # grid depths strictly inside ``depth``: j * bin < depth (a hair of tolerance, so that a
        # depth on the grid does not reach its own level through rounding)
        cdef double m = ceil(depth / self.bin - 1e-9) - 1.0
        cdef int32_t reach
        if not m >= 1.0:
            return 0
        reach = self.nbins if m > self.nbins else <int32_t>m
        if self.n == self.cap:
            self._grow()
        self.ts[self.head] = t
        self.reach[self.head] = reach
        self.head += 1
        if self.head == self.cap:
            self.head = 0
        self.n += 1
        self.hist[reach] += 1
        self.arrivals = self.n
        return 0

    cdef void _expire(self, int64_t t) noexcept:
        cdef Py_ssize_t tail
        cdef int64_t cut = t - self.window
        while self.n:
            tail = self.head - self.n
            if tail < 0:
                tail += self.cap
            if self.ts[tail] > cut:
                break
            self.hist[self.reach[tail]] -= 1
            self.n -= 1
        self.arrivals = self.n

    cdef int trade_c(self, int64_t t, int side, double px) except -1:
        cdef double depth
        if side == 0 or not isfinite(self.prior) or not isfinite(px):
            return 0
        depth = px - self.prior if side > 0 else self.prior - px
        if self.per_step:
            if depth > self.deepest:
                self.deepest = depth
            return 0
        return self._add(t, depth)

    cdef int step_c(self, int64_t t, double mid) except -1:
        if self.first == NO_TS:
            self.first = t
            self.next_fit = t + self.window
        if self.per_step and self.deepest > -INFINITY:
            self._add(t, self.deepest)
        self.deepest = -INFINITY
        self.prior = mid if isfinite(mid) else NAN
        self._expire(t)
        if t >= self.next_fit:
            self._fit()
            while self.next_fit <= t:
                self.next_fit += self.refit
        return 0

    cdef void _fit(self) noexcept:
        cdef double secs = self.window / NS_PER_S
        cdef double w, x, y, sw = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0, den, slope
        cdef int64_t beyond = 0
        cdef int j, npts = 0
        # arrivals beyond depth (j + 1) * bin: those that reached more than j levels
        for j in range(self.nbins, 0, -1):
            beyond += self.hist[j]
        for j in range(self.nbins):
            if j:
                beyond -= self.hist[j]
            if beyond <= 0:
                break
            w = <double>beyond
            x = (j + 1) * self.bin
            y = log(beyond / secs)
            sw += w
            sx += w * x
            sy += w * y
            sxx += w * x * x
            sxy += w * x * y
            npts += 1
        if npts < 3:
            self.rejected += 1
            return
        den = sw * sxx - sx * sx
        slope = (sw * sxy - sx * sy) / den if den > 0 else NAN
        if not (isfinite(slope) and slope < 0.0):
            self.rejected += 1
            return
        self.k = -slope
        self.A = exp((sy - slope * sx) / sw)
        self.fits += 1

    def trade(self, int64_t t, int side, double px):
        """A trade at ``t`` ns: ``side`` +1 buyer-initiated, -1 seller-initiated (0 is ignored),
        ``px`` its price in ticks."""
        self.trade_c(t, side, px)

    def step(self, int64_t t, double mid):
        """The requote step at ``t`` ns ends with the mid at ``mid`` ticks: the step's arrivals
        are counted, older ones leave the window, and a fit is made when one is due."""
        self.step_c(t, mid)

    @property
    def ready(self):
        """Whether a fit has been accepted."""
        return self.fits > 0

    def rates(self):
        """``(depths, rates)``: the grid depths (ticks) reached in the window and the arrival
        rate beyond each (per second), the points the next fit uses."""
        secs = self.window / NS_PER_S
        beyond = sum(self.hist[j] for j in range(1, self.nbins + 1))
        depths, rates = [], []
        for j in range(self.nbins):
            if j:
                beyond -= self.hist[j]
            if beyond <= 0:
                break
            depths.append((j + 1) * self.bin)
            rates.append(beyond / secs)
        return depths, rates


cdef class TradeCursor:
    """Walks an event array (hftbacktest's ``event_dtype``) in order and hands its trades to an
    :class:`ArrivalIntensity`: ``feed(est, until)`` passes every trade record stamped at or before
    ``until`` ns on the chosen side (``local`` time: records flagged LOCAL_EVENT at ``local_ts``;
    else EXCH_EVENT at ``exch_ts``), prices converted to ticks of ``tick_size``. ``mapped``: the
    array is a read-only file map, whose pages are released behind the cursor."""

    def __cinit__(self, records, double tick_size, bint local=True, bint mapped=False):
        cdef const unsigned char[::1] raw = records.view('u1')
        if records.dtype.itemsize != sizeof(L2Event):
            raise ValueError('TradeCursor: records of %d bytes, expected %d (event_dtype)'
                             % (records.dtype.itemsize, sizeof(L2Event)))
        if not (isfinite(tick_size) and tick_size > 0):
            raise ValueError('TradeCursor: tick_size must be a positive number, not %r'
                             % tick_size)
        self.records = records
        self.n = len(records)
        self.ev = as_records(raw)
        self.i = 0
        self.local = local
        self.flag = LOCAL_EVENT if local else EXCH_EVENT
        self.inv_tick = 1.0 / tick_size
        if mapped and self.n:
            pages_on(&self.pages, <const void*>self.ev, sizeof(L2Event))
        else:
            pages_off(&self.pages)

    cpdef int feed(self, ArrivalIntensity est, int64_t until) except -1:
        """Hand ``est`` the trades up to ``until`` ns; returns how many."""
        cdef const L2Event* e
        cdef int64_t ts
        cdef int count = 0
        while self.i < self.n:
            e = &self.ev[self.i]
            if e.ev & self.flag:
                ts = e.local_ts if self.local else e.exch_ts
                if ts > until:
                    break
                if ev_kind(e.ev) == TRADE_EVENT:
                    est.trade_c(ts, ev_side(e.ev), <double>llround(e.px * self.inv_tick))
                    count += 1
            self.i += 1
        pages_behind(&self.pages, self.i)
        return count

    cdef void rewind(self) noexcept:
        self.i = 0
        pages_rewind(&self.pages)


# -- the estimators as streaming cores (indicators) ----------------------------------------------
cdef inline double _mid_ticks(const double* x, double inv_tick) noexcept:
    """The mid in ticks of a (bid, ask) record, each side rounded to the grid."""
    return 0.5 * (<double>llround(x[0] * inv_tick) + <double>llround(x[1] * inv_tick))


cdef class VolatilityCore(MicroCore):
    """``VolatilityCore(est, tick_size, nan_policy='skip')``: a :class:`MidVolatility` fed with the
    mid (ticks of ``tick_size``) of each (bid, ask) record; outputs the variance per second
    (ticks^2), its root and the ready flag (1.0 once the window is full, else 0.0)."""

    def __init__(self, MidVolatility est not None, double tick_size, nan_policy='skip'):
        if not (isfinite(tick_size) and tick_size > 0):
            raise ValueError('VolatilityCore: tick_size must be a positive number, not %r'
                             % tick_size)
        self.est = est
        self.inv_tick = 1.0 / tick_size
        self.nin = 2
        self.nout = 3
        self._set_policy(nan_policy)

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef MidVolatility est = self.est
        cdef double v
        if not (isfinite(x[0]) and isfinite(x[1])):
            return PUSH_BAD
        est.update(ts, _mid_ticks(x, self.inv_tick))
        v = est.variance()
        self.out[0] = v
        self.out[1] = sqrt(v)
        self.out[2] = 1.0 if est.count == est.size else 0.0
        return PUSH_OK

    cdef void _clear(self) noexcept:
        self.est.clear()

    cdef int _io(self, StateIO io) except -1:
        io.param_f64('inv_tick', self.inv_tick)
        return self.est._io(io)


cdef class IntensityCore(MicroCore):
    """``IntensityCore(est, cursor, nan_policy='skip')``: an :class:`ArrivalIntensity` given, at
    each (bid, ask) record, the trades the :class:`TradeCursor` finds up to the record's stamp and
    then the step with the record's mid (ticks of the cursor's grid); outputs ``A``, ``k`` and the
    ready flag (1.0 once a fit was accepted, else 0.0)."""

    def __init__(self, ArrivalIntensity est not None, TradeCursor cursor not None,
                 nan_policy='skip'):
        self.est = est
        self.cursor = cursor
        self.inv_tick = cursor.inv_tick
        self.nin = 2
        self.nout = 3
        self._set_policy(nan_policy)

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef ArrivalIntensity est = self.est
        if not (isfinite(x[0]) and isfinite(x[1])):
            return PUSH_BAD
        try:
            self.cursor.feed(est, ts)
            est.step_c(ts, _mid_ticks(x, self.inv_tick))
        except MemoryError:
            self.failed = True
            return PUSH_BAD
        self.out[0] = est.A
        self.out[1] = est.k
        self.out[2] = 1.0 if est.fits > 0 else 0.0
        return PUSH_OK

    cdef void _clear(self) noexcept:
        self.est.clear()
        self.cursor.rewind()

    cdef int _io(self, StateIO io) except -1:
        io.param_i64('records', self.cursor.n)
        _count(io, &self.cursor.i, 0, self.cursor.n)
        return self.est._io(io)
