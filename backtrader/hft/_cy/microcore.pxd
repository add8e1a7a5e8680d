# Interface of the streaming microstructure kernels ("cores") behind bt.hft.indicators.
#
# A core is a small state machine fed one input record at a time:
#
#     status = core.push(ts, x)      # ts: int64 ns, x: the core's ``nin`` doubles
#
# ``push`` is O(1) (amortised O(1) for time windows, whose ring may grow) and writes the core's
# ``nout`` outputs into ``core.out`` (NaN until the core is warmed up). It returns
#
#     PUSH_OK     the record entered the state, ``out`` is up to date
#     PUSH_IDLE   the record carried nothing for this core (a step without a trade for a trade
#                 core): only the clock moved (time windows drop what left them)
#     PUSH_BAD    a needed input was NaN or infinite: the state is left as it was
#
# ``feed`` applies the core's NaN policy on top of ``push`` (POLICY_SKIP: a bad record is counted
# and the outputs keep their last values; POLICY_PROPAGATE: counted, and the outputs of that record
# are NaN). The indicator adapters (microkernel), the factor graph and ``run`` all go through
# ``feed``, so a core has one implementation whatever drives it.
#
# State: ``_io`` visits every field of the state once, in a fixed order, with a StateIO that
# either writes the fields to bytes or reads them back; ``snapshot()`` / ``restore()`` are built on
# it, so save and load can never disagree. Parameters are visited with ``param_*``: on restore
# they must equal the core's own, else the snapshot belongs to another configuration.
from libc.stdint cimport int64_t
from libc.math cimport fma, fabs

cdef enum:
    MAXOUT = 4

cdef enum:
    PUSH_BAD = -1
    PUSH_IDLE = 0
    PUSH_OK = 1

cdef enum:
    POLICY_SKIP = 0
    POLICY_PROPAGATE = 1


# -- double-double sums: window sums that add and remove values without drift -------------------
cdef struct DD:
    double hi                   # the sum rounded to a double
    double lo                   # what the rounding left out

cdef inline void dd_add(DD* s, double x) noexcept nogil:
    """``s += x``, the rounding error of ``hi + x`` kept in ``lo``.

    The error is exact: Dekker's fast two-sum taken from the larger operand (the branch is
    predictable in a running sum, and the chain is two additions shorter than Knuth's
    branch-free two-sum, which gives the same value). It can be -0.0 where Knuth's is +0.0, but
    ``lo`` never is -0.0, so ``lo + err`` is the same either way."""
    cdef double t = s.hi + x
    cdef double err
    if fabs(s.hi) >= fabs(x):
        err = x - (t - s.hi)
    else:
        err = s.hi - (t - x)
    cdef double lo = s.lo + err
    cdef double h = t + lo
    s.lo = lo - (h - t)
    s.hi = h

cdef inline void dd_zero(DD* s) noexcept nogil:
    s.hi = 0.0
    s.lo = 0.0

cdef inline double _half(double a) noexcept nogil:
    """The high half of ``a`` (Veltkamp's split: 26 significant bits; ``a - _half(a)`` is the
    low half, exact)."""
    cdef double c = 134217729.0 * a         # 2**27 + 1
    return c - (c - a)

cdef inline double prod_err(double a, double b, double p) noexcept nogil:
    """``a * b - p`` for ``p = a * b`` rounded, exactly: Dekker's product of the halves of ``a``
    and ``b`` (every step exact, no library call) while no half can overflow and the error cannot
    underflow, else ``fma``. Both give the one exact value, so the choice never shows."""
    cdef double ah, al, bh, bl
    if not (fabs(a) < 1e297 and fabs(b) < 1e297 and fabs(p) > 1e-270):   # 2**986, 2**-896
        return fma(a, b, -p)
    ah = _half(a)
    al = a - ah
    bh = _half(b)
    bl = b - bh
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl

cdef inline void dd_add_prod(DD* s, double a, double b) noexcept nogil:
    """``s += a * b``, the product's rounding error included."""
    cdef double p = a * b
    dd_add(s, p)
    dd_add(s, prod_err(a, b, p))

cdef inline double dd_comoment(double n, DD* sab, DD* sa, DD* sb) noexcept nogil:
    """``n * sab - sa * sb`` (n times the co-moment of a window from its sums), carried in
    double-double so that the cancellation of large sums keeps its digits."""
    cdef DD acc
    cdef double p = n * sab.hi
    # what two dd_add calls from zero leave: the product and its exact error (+ 0.0: a zero
    # is +0.0, as those additions make it)
    acc.hi = p + 0.0
    acc.lo = prod_err(n, sab.hi, p) + 0.0
    dd_add(&acc, n * sab.lo)
    dd_add_prod(&acc, -sa.hi, sb.hi)
    dd_add(&acc, -(sa.hi * sb.lo + sa.lo * sb.hi))
    return acc.hi


# -- rings of timestamped records: the contents of a count or time window -----------------------
cdef struct Ring:
    int64_t* ts                 # stamp of each record
    double* v                   # ``width`` doubles per record
    Py_ssize_t width
    Py_ssize_t cap              # records allocated
    Py_ssize_t head             # slot of the oldest record
    Py_ssize_t size             # records held

cdef int ring_init(Ring* r, Py_ssize_t width, Py_ssize_t cap) except -1

cdef inline void ring_clear(Ring* r) noexcept nogil:
    r.head = 0
    r.size = 0
cdef void ring_free(Ring* r) noexcept nogil
cdef bint ring_grow(Ring* r) noexcept nogil         # twice the room, oldest first; 0: no memory

cdef inline Py_ssize_t ring_slot(const Ring* r, Py_ssize_t k) noexcept nogil:
    """Slot of record ``k`` counted from the oldest (0 <= k <= size, size <= cap)."""
    k += r.head
    return k - r.cap if k >= r.cap else k

cdef inline double* ring_at(Ring* r, Py_ssize_t k) noexcept nogil:
    """Record ``k`` counted from the oldest (0)."""
    return r.v + ring_slot(r, k) * r.width

cdef inline int64_t ring_ts(Ring* r, Py_ssize_t k) noexcept nogil:
    return r.ts[ring_slot(r, k)]

cdef inline bint ring_push(Ring* r, int64_t ts, const double* vals) noexcept nogil:
    """Append a record (``width`` doubles); 0 when the ring was full and could not grow."""
    cdef Py_ssize_t slot, k
    cdef double* dst
    if r.size == r.cap and not ring_grow(r):
        return False
    slot = ring_slot(r, r.size)
    r.ts[slot] = ts
    dst = r.v + slot * r.width
    for k in range(r.width):
        dst[k] = vals[k]
    r.size += 1
    return True

cdef inline void ring_pop(Ring* r) noexcept nogil:
    """Drop the oldest record."""
    if r.size > 0:
        r.head = ring_slot(r, 1)
        r.size -= 1


# -- windows: the last ``period`` records, or the records of the last ``span`` ns ---------------
cdef struct Window:
    Py_ssize_t period           # count window (0 when it is a time window)
    int64_t span                # time window (ns): records with ts > now - span stay

cdef inline bint win_drops(const Window* w, Ring* r, int64_t now) noexcept nogil:
    """Whether the oldest record of ``r`` has left the window at time ``now``."""
    if r.size == 0:
        return False
    if w.period > 0:
        return r.size > w.period
    return ring_ts(r, 0) <= now - w.span

# stamp meaning "none yet"
cdef extern from "<stdint.h>":
    const int64_t NO_TS "INT64_MIN"

cdef inline bint covered(int64_t first, int64_t now, int64_t span) noexcept nogil:
    """A time window is warmed up once a whole span has passed since its first record."""
    return first != NO_TS and now - first >= span

cdef inline bint win_ready(const Window* w, Ring* r, int64_t first, int64_t now) noexcept nogil:
    """A count window is warmed up when full, a time window once ``covered``."""
    if w.period:
        return r.size == w.period
    return covered(first, now, w.span)

cdef int window_from(Window* w, str owner, object period, object span) except -1
# look-back: after pushing the newest record, drop what can no longer be a base and return the
# base of ``now`` (the record ``period`` records back, or the last one stamped at or before
# ``now - span``), NULL when there is none yet; the ring of a count window needs period + 2 slots
cdef double* lookback_base(const Window* w, Ring* r, int64_t now) noexcept nogil
# window_from, then ``r`` sized for it (``width`` doubles per record)
cdef int window_ring(Window* w, Ring* r, str owner, object period, object span,
                     Py_ssize_t width) except -1


cdef class StateIO:
    # Visitor of a core's state: writes each visited field to bytes (saving) or reads it back
    # (loading), in the order of the visits.
    cdef readonly bint loading
    cdef bytearray buf          # saving: the bytes so far
    cdef const unsigned char* src   # loading: the bytes to read
    cdef Py_ssize_t pos
    cdef Py_ssize_t n
    cdef object keep
    cdef str owner              # the core's class name (error messages)

    cdef int raw(self, void* p, Py_ssize_t nbytes) except -1
    cdef int f64(self, double* x) except -1
    cdef int i64(self, int64_t* x) except -1
    cdef int dd(self, DD* x) except -1
    cdef int ring(self, Ring* r) except -1
    cdef int param_f64(self, str name, double x) except -1
    cdef int param_i64(self, str name, int64_t x) except -1


cdef class MicroCore:
    cdef readonly int nin               # doubles per input record
    cdef readonly int nout              # output values
    cdef double out[MAXOUT]             # outputs after the last record (NaN until warmed up)
    cdef readonly int policy            # POLICY_SKIP or POLICY_PROPAGATE
    cdef readonly int64_t count         # records taken into the state (PUSH_OK)
    cdef readonly int64_t nbad          # records refused for a NaN or infinite input
    cdef readonly int64_t last_ts       # stamp of the last record fed
    cdef readonly bint failed           # a ring could not grow (out of memory): outputs NaN

    cdef int push(self, int64_t ts, const double* x) noexcept
    cdef int feed(self, int64_t ts, const double* x, double* res) noexcept
    cdef int _io(self, StateIO io) except -1
    cdef void _clear(self) noexcept
    cdef void _nan_out(self) noexcept


# -- trade-side classification shared by the trade cores ---------------------------------------
cdef enum:
    CLASSIFY_AUTO = 0           # the aggressor flag; without one the quote rule, then the tick test
    CLASSIFY_QUOTE = 1          # the quote rule (price vs mid), then the tick test
    CLASSIFY_TICK = 2           # the tick test only

cdef struct Signer:
    int mode                    # CLASSIFY_*
    double lastpx               # last traded price (NaN before the first trade)
    double lastsign             # sign given by the last non-zero tick (0 before any)

cdef double signer_sign(Signer* s, double price, double flag, double mid) noexcept nogil
cdef int signer_io(Signer* s, StateIO io) except -1
cdef int classify_mode(str owner, object name) except -1
