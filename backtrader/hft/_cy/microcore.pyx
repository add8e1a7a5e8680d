# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Building blocks of the streaming microstructure cores: the :class:`MicroCore` base (NaN policy,
snapshots, the Python ``update`` / ``run`` entry points), rings of timestamped records, count and
time windows, drift-free double-double sums, and trade-side classification.

See ``microcore.pxd`` for the contract every core follows.
"""
from libc.math cimport NAN, isfinite
from libc.stdint cimport int64_t
from libc.stdlib cimport malloc, realloc, free
from libc.string cimport memcpy

from backtrader._cy.buffer cimport Buffer, new_buffer, as_buffer, F64, I64

_MAGIC = b'BTMC1'
_POLICIES = {'skip': POLICY_SKIP, 'propagate': POLICY_PROPAGATE}
_CLASSIFY = {'auto': CLASSIFY_AUTO, 'quote': CLASSIFY_QUOTE, 'tick': CLASSIFY_TICK}


# -- rings --------------------------------------------------------------------------------------
cdef int ring_init(Ring* r, Py_ssize_t width, Py_ssize_t cap) except -1:
    if cap < 1:
        cap = 1
    r.width = width
    r.cap = cap
    r.head = 0
    r.size = 0
    r.ts = <int64_t*>malloc(cap * sizeof(int64_t))
    r.v = <double*>malloc(cap * width * sizeof(double) + 1)
    if r.ts == NULL or r.v == NULL:
        ring_free(r)
        raise MemoryError()
    return 0


cdef void ring_free(Ring* r) noexcept nogil:
    free(r.ts)
    free(r.v)
    r.ts = NULL
    r.v = NULL
    r.cap = 0
    r.size = 0
    r.head = 0


cdef bint ring_grow(Ring* r) noexcept nogil:
    cdef Py_ssize_t newcap = r.cap * 2, k, w = r.width
    cdef int64_t* ts = <int64_t*>malloc(newcap * sizeof(int64_t))
    cdef double* v = <double*>malloc(newcap * w * sizeof(double) + 1)
    if ts == NULL or v == NULL:
        free(ts)
        free(v)
        return False
    for k in range(r.size):
        ts[k] = ring_ts(r, k)
        memcpy(v + k * w, ring_at(r, k), w * sizeof(double))
    free(r.ts)
    free(r.v)
    r.ts = ts
    r.v = v
    r.cap = newcap
    r.head = 0
    return True



# -- windows ------------------------------------------------------------------------------------
cdef int window_from(Window* w, str owner, object period, object span) except -1:
    """Set ``w`` from a count (``period``) or a time span in ns (``span``, wins when given)."""
    if span is not None:
        if isinstance(span, bool) or not isinstance(span, int) or span <= 0:
            raise ValueError('%s: the time window must be a positive whole number of ns, not %r'
                             % (owner, span))
        w.period = 0
        w.span = span
        return 0
    if isinstance(period, bool) or not isinstance(period, int) or period < 1:
        raise ValueError('%s: the period must be an integer >= 1, not %r' % (owner, period))
    w.period = period
    w.span = 0
    return 0


cdef int window_ring(Window* w, Ring* r, str owner, object period, object span,
                     Py_ssize_t width) except -1:
    window_from(w, owner, period, span)
    return ring_init(r, width, w.period + 1 if w.period else 64)


cdef double* lookback_base(const Window* w, Ring* r, int64_t now) noexcept nogil:
    if w.period:
        if r.size > w.period + 1:
            ring_pop(r)
        return ring_at(r, 0) if r.size == w.period + 1 else NULL
    while r.size >= 2 and ring_ts(r, 1) <= now - w.span:
        ring_pop(r)
    return ring_at(r, 0) if r.size and ring_ts(r, 0) <= now - w.span else NULL


# -- state visitor ------------------------------------------------------------------------------
cdef class StateIO:
    """Writes a core's state to bytes, or reads it back, field by field (see microcore.pxd)."""

    def __init__(self, str owner, data=None):
        self.owner = owner
        self.loading = data is not None
        self.pos = 0
        if self.loading:
            self.keep = bytes(data)
            self.src = <const unsigned char*><bytes>self.keep
            self.n = len(self.keep)
        else:
            self.buf = bytearray()
            self.n = 0

    cdef int raw(self, void* p, Py_ssize_t nbytes) except -1:
        if self.loading:
            if self.pos + nbytes > self.n:
                raise ValueError('%s.restore: the snapshot is truncated (%d bytes, more needed)'
                                 % (self.owner, self.n))
            memcpy(p, self.src + self.pos, nbytes)
        else:
            self.buf += (<char*>p)[:nbytes]
        self.pos += nbytes
        return 0

    cdef int f64(self, double* x) except -1:
        return self.raw(x, sizeof(double))

    cdef int i64(self, int64_t* x) except -1:
        return self.raw(x, sizeof(int64_t))

    cdef int dd(self, DD* x) except -1:
        self.raw(&x.hi, sizeof(double))
        return self.raw(&x.lo, sizeof(double))

    cdef int ring(self, Ring* r) except -1:
        cdef int64_t size = r.size, width = r.width, k
        cdef int64_t t
        self.param_i64('ring width', width)
        self.i64(&size)
        if not self.loading:
            for k in range(size):
                t = ring_ts(r, k)
                self.i64(&t)
                self.raw(ring_at(r, k), width * sizeof(double))
            return 0
        if size < 0 or self.pos + size * (width + 1) * 8 > self.n:
            raise ValueError('%s.restore: the snapshot is truncated or corrupt (ring of %d records)'
                             % (self.owner, size))
        while r.cap < size:
            if not ring_grow(r):
                raise MemoryError()
        r.head = 0
        r.size = size
        for k in range(size):
            self.i64(&r.ts[k])
            self.raw(r.v + k * width, width * sizeof(double))
        return 0

    cdef int param_f64(self, str name, double x) except -1:
        cdef double y = x
        self.f64(&y)
        if self.loading and not (y == x or (y != y and x != x)):
            raise ValueError('%s.restore: the snapshot has %s = %r, this core %r'
                             % (self.owner, name, y, x))
        return 0

    cdef int param_i64(self, str name, int64_t x) except -1:
        cdef int64_t y = x
        self.i64(&y)
        if self.loading and y != x:
            raise ValueError('%s.restore: the snapshot has %s = %d, this core %d'
                             % (self.owner, name, y, x))
        return 0


# -- the base of every core ---------------------------------------------------------------------
cdef class MicroCore:
    """Base of the streaming microstructure cores.

    Python use (the factor graph and the tests drive cores this way; indicators go through the
    compiled adapter): ``update(*x, ts=0)`` feeds one record and returns the first output (a tuple
    when the core has several), ``values`` gives the current outputs, ``run(ts, *columns)`` feeds
    whole columns and returns one float64 Buffer per output, ``snapshot()`` / ``restore(data)``
    save and load the whole state, ``reset()`` forgets it. ``nan_policy`` is ``'skip'`` (a record
    with a NaN or infinite needed input is counted in ``nbad`` and leaves the outputs as they were)
    or ``'propagate'`` (counted too, and the outputs of that record are NaN).
    """

    def __cinit__(self, *args, **kwargs):
        cdef int k
        for k in range(MAXOUT):
            self.out[k] = NAN
        self.count = 0
        self.nbad = 0
        self.last_ts = 0
        self.failed = False
        self.policy = POLICY_SKIP

    def _set_policy(self, policy):
        if policy not in _POLICIES:
            raise ValueError("%s: nan_policy must be 'skip' or 'propagate', not %r"
                             % (type(self).__name__, policy))
        self.policy = _POLICIES[policy]

    cdef int push(self, int64_t ts, const double* x) noexcept:
        return PUSH_IDLE

    cdef int feed(self, int64_t ts, const double* x, double* res) noexcept:
        """One record under the NaN policy; the outputs go to ``res`` (``nout`` doubles)."""
        cdef int st, k
        st = self.push(ts, x)
        self.last_ts = ts
        if st == PUSH_OK:
            self.count += 1
        if self.failed:
            self._nan_out()
        if st == PUSH_BAD:
            self.nbad += 1
            if self.policy == POLICY_PROPAGATE:
                for k in range(self.nout):
                    res[k] = NAN
                return st
        for k in range(self.nout):
            res[k] = self.out[k]
        return st

    cdef void _nan_out(self) noexcept:
        cdef int k
        for k in range(MAXOUT):
            self.out[k] = NAN

    cdef int _io(self, StateIO io) except -1:
        return 0

    cdef void _clear(self) noexcept:
        pass

    # -- Python entry points ------------------------------------------------------------------
    def update(self, *x, ts=0):
        """Feed one record (``nin`` numbers) stamped ``ts`` ns; the first output, or a tuple of
        all of them when the core has several."""
        cdef double buf[64]
        cdef double res[MAXOUT]
        cdef int k
        if len(x) != self.nin:
            raise TypeError('%s.update takes %d input values, got %d'
                            % (type(self).__name__, self.nin, len(x)))
        for k in range(self.nin):
            buf[k] = x[k]
        self.feed(ts, buf, res)
        if self.nout == 1:
            return res[0]
        return tuple(res[k] for k in range(self.nout))

    @property
    def values(self):
        """The current outputs (NaN until warmed up)."""
        return tuple(self.out[k] for k in range(self.nout))

    def run(self, ts, *columns):
        """Feed whole columns (``ts`` int64 ns, then ``nin`` float64 columns of the same length)
        and return a list of ``nout`` float64 Buffers: the outputs after each record."""
        cdef Buffer tsb = as_buffer(ts, I64)
        cdef Py_ssize_t n = tsb.n, i
        cdef int k
        cdef double buf[64]
        cdef double res[MAXOUT]
        cdef double* cols[64]
        cdef double* outs[MAXOUT]
        if len(columns) != self.nin:
            raise TypeError('%s.run takes %d input columns, got %d'
                            % (type(self).__name__, self.nin, len(columns)))
        keep = [as_buffer(c, F64) for c in columns]
        for k in range(self.nin):
            if (<Buffer>keep[k]).n != n:
                raise ValueError('%s.run: column %d holds %d values, the stamps %d'
                                 % (type(self).__name__, k, (<Buffer>keep[k]).n, n))
            cols[k] = (<Buffer>keep[k]).f64()
        result = [new_buffer(n, F64) for k in range(self.nout)]
        for k in range(self.nout):
            outs[k] = (<Buffer>result[k]).f64()
        cdef int64_t* t = tsb.i64()
        for i in range(n):
            for k in range(self.nin):
                buf[k] = cols[k][i]
            self.feed(t[i], buf, res)
            for k in range(self.nout):
                outs[k][i] = res[k]
        return result

    def snapshot(self):
        """The whole state as bytes (restore it into a core of the same class and params)."""
        cdef StateIO io = StateIO(type(self).__name__)
        name = type(self).__name__.encode()
        io.buf += _MAGIC + bytes([len(name)]) + name
        self._base_io(io)
        self._io(io)
        return bytes(io.buf)

    def restore(self, data):
        """Load a state made by ``snapshot()`` of a core of the same class and params."""
        cdef StateIO io
        owner = type(self).__name__
        data = bytes(data)
        name = owner.encode()
        head = _MAGIC + bytes([len(name)]) + name
        if not data.startswith(_MAGIC):
            raise ValueError('%s.restore: not a core snapshot' % owner)
        if not data.startswith(head):
            k = data[len(_MAGIC)]
            raise ValueError('%s.restore: the snapshot belongs to %s'
                             % (owner, data[len(_MAGIC) + 1:len(_MAGIC) + 1 + k].decode('ascii', 'replace')))
        io = StateIO(owner, data[len(head):])
        self._base_io(io)
        self._io(io)
        if io.pos != io.n:
            raise ValueError('%s.restore: %d bytes left over (a snapshot of another configuration?)'
                             % (owner, io.n - io.pos))

    def _base_io(self, StateIO io):
        cdef int k
        cdef int64_t failed = self.failed
        io.param_i64('nin', self.nin)
        io.param_i64('nout', self.nout)
        for k in range(self.nout):
            io.f64(&self.out[k])
        io.i64(&self.count)
        io.i64(&self.nbad)
        io.i64(&self.last_ts)
        io.i64(&failed)
        self.failed = failed != 0

    def reset(self):
        """Forget the state (as freshly built)."""
        self._clear()
        self._nan_out()
        self.count = 0
        self.nbad = 0
        self.last_ts = 0
        self.failed = False


# -- trade-side classification -------------------------------------------------------------------
cdef int classify_mode(str owner, object name) except -1:
    if name not in _CLASSIFY:
        raise ValueError("%s: classify must be 'auto', 'quote' or 'tick', not %r" % (owner, name))
    return _CLASSIFY[name]


cdef double signer_sign(Signer* s, double price, double flag, double mid) noexcept nogil:
    """Aggressor sign of a trade (+1 buy, -1 sell, 0 unknown); updates the tick-test state.

    The flag (+1/-1) decides in ``auto`` mode. Otherwise the quote rule: above the mid a buy,
    below a sell; at the mid (or without a quote) the tick test: above the last different price
    a buy, below a sell, an unchanged price repeats the last non-zero tick's sign.
    """
    cdef double tick = s.lastsign, sign
    if isfinite(s.lastpx) and price != s.lastpx:
        tick = 1.0 if price > s.lastpx else -1.0
    if s.mode == CLASSIFY_AUTO and (flag == 1.0 or flag == -1.0):
        sign = flag
    elif s.mode != CLASSIFY_TICK and isfinite(mid) and price != mid:
        sign = 1.0 if price > mid else -1.0
    else:
        sign = tick
    s.lastsign = tick
    s.lastpx = price
    return sign


cdef int signer_io(Signer* s, StateIO io) except -1:
    io.param_i64('classify', s.mode)
    io.f64(&s.lastpx)
    return io.f64(&s.lastsign)
