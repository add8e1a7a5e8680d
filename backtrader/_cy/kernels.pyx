# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
# distutils: extra_compile_args = -ffp-contract=off
"""Compiled indicator kernels.

Each kernel computes the values of one built-in indicator from its input lines
into its output lines, with the same floating point results as upstream
backtrader 1.9.78.123:

- in *next* mode :meth:`Kernel.next` is called once per new bar, after the output
  lines were forwarded; it updates a small incremental state in O(1) (amortized
  for highest/lowest) whatever the period, and writes ``out[0]`` from the
  kernel's minimum period on;
- in *once* mode :meth:`Kernel.once` fills absolute positions ``[start, end)`` of
  the output arrays in one C loop over the input arrays.

Both modes run the same per-bar state machine, so they give identical values.
Sums that upstream computes with ``math.fsum`` (simple averages, ``SumN``, the
seed of exponential averages) are kept as exact expansions (Shewchuk partials)
of the window sum, so that the rounded value is the correctly rounded sum that
``math.fsum`` returns.

Calling ``next()`` again for the same bar (same ``lencount`` of the first output,
as happens when a bar is replayed and updated in place) recomputes that bar from
the state saved before its first computation.
"""
from cpython.mem cimport PyMem_Malloc, PyMem_Free
from libc.math cimport NAN, INFINITY, fabs, isfinite, fma
from libc.stdlib cimport malloc, realloc, free, calloc
from libc.string cimport memcpy

from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.exactsum cimport partials_fold, partials_round

import operator as _operator


cdef extern from *:
    """
    #include <math.h>
    /* Python's float ** float calls the C library pow() at run time. Call it the
       same way (through a volatile pointer, so that the compiler cannot rewrite
       pow(x, 2.0) as x * x, which rounds differently in some cases). */
    static double bt_kernels_libm_pow(double x, double y) {
        double (* volatile f)(double, double) = pow;
        return f(x, y);
    }
    """
    double bt_kernels_libm_pow(double x, double y) noexcept nogil


# -- exact sums ----------------------------------------------------------------

cdef int exp_init(Expansion* e, Py_ssize_t cap) except -1:
    e.p = <double*>malloc(cap * sizeof(double))
    if e.p == NULL:
        raise MemoryError()
    e.n = 0
    e.cap = cap
    e.bad = False
    return 0


cdef void exp_free(Expansion* e) noexcept nogil:
    free(e.p)
    e.p = NULL
    e.n = 0
    e.cap = 0


cdef inline void exp_clear(Expansion* e) noexcept nogil:
    e.n = 0
    e.bad = False


cdef void exp_add(Expansion* e, double x) noexcept nogil:
    """Add the finite value ``x`` exactly (the partials stay non-overlapping)."""
    cdef double* q
    e.n = partials_fold(e.p, e.n, &x)
    if x != 0.0:
        if not isfinite(x):
            # the sum left the double range: its value is lost for good
            e.bad = True
            e.n = 0
            return
        if e.n >= e.cap:
            q = <double*>realloc(e.p, 2 * e.cap * sizeof(double))
            if q == NULL:
                e.bad = True
                return
            e.p = q
            e.cap *= 2
        e.p[e.n] = x
        e.n += 1


cdef double exp_round(Expansion* e) noexcept nogil:
    """The exact value of the expansion rounded to the nearest double (ties to even)."""
    return partials_round(e.p, e.n)


cdef void exp_copy(Expansion* dst, Expansion* src) noexcept nogil:
    cdef double* q
    if dst.cap < src.n:
        q = <double*>realloc(dst.p, src.cap * sizeof(double))
        if q == NULL:
            dst.bad = True
            dst.n = 0
            return
        dst.p = q
        dst.cap = src.cap
    if src.n:
        memcpy(dst.p, src.p, src.n * sizeof(double))
    dst.n = src.n
    dst.bad = src.bad


cdef inline void exp_add_product(Expansion* e, double k, double x) noexcept nogil:
    """Add ``k * x`` exactly (product split into its rounded value and error)."""
    cdef double hi = k * x
    cdef double lo = fma(k, x, -hi)
    if hi != 0.0:
        exp_add(e, hi)
    if lo != 0.0:
        exp_add(e, lo)


# -- exact window sums --------------------------------------------------------

cdef int ws_init(WinSum* w, Py_ssize_t period) except -1:
    w.ring = <double*>calloc(period, sizeof(double))
    if w.ring == NULL:
        raise MemoryError()
    w.period = period
    exp_init(&w.e, 16)
    ws_clear(w)
    return 0


cdef void ws_free(WinSum* w) noexcept nogil:
    free(w.ring)
    w.ring = NULL
    exp_free(&w.e)


cdef void ws_clear(WinSum* w) noexcept nogil:
    w.count = 0
    w.nnan = 0
    w.npinf = 0
    w.nninf = 0
    exp_clear(&w.e)


cdef inline void _ws_special(WinSum* w, double x, Py_ssize_t d) noexcept nogil:
    if x != x:
        w.nnan += d
    elif x > 0.0:
        w.npinf += d
    else:
        w.nninf += d


cdef void ws_push(WinSum* w, double x) noexcept nogil:
    cdef Py_ssize_t slot = w.count % w.period
    cdef double old
    if w.count >= w.period:
        old = w.ring[slot]
        if isfinite(old):
            if old != 0.0:
                exp_add(&w.e, -old)
        else:
            _ws_special(w, old, -1)
    w.ring[slot] = x
    if isfinite(x):
        if x != 0.0:
            exp_add(&w.e, x)
    else:
        _ws_special(w, x, 1)
    w.count += 1


cdef double ws_sum(WinSum* w) noexcept nogil:
    """math.fsum of the window (NaN where fsum would raise)."""
    if w.nnan or (w.npinf and w.nninf) or w.e.bad:
        return NAN
    if w.npinf:
        return INFINITY
    if w.nninf:
        return -INFINITY
    return exp_round(&w.e)


cdef int wss_init(WinSumSnap* s) except -1:
    return exp_init(&s.e, 16)


cdef void ws_save(WinSum* w, WinSumSnap* s) noexcept nogil:
    s.count = w.count
    s.nnan = w.nnan
    s.npinf = w.npinf
    s.nninf = w.nninf
    s.slot = w.ring[w.count % w.period]
    exp_copy(&s.e, &w.e)


cdef void ws_restore(WinSum* w, WinSumSnap* s) noexcept nogil:
    w.count = s.count
    w.nnan = s.nnan
    w.npinf = s.npinf
    w.nninf = s.nninf
    w.ring[w.count % w.period] = s.slot
    exp_copy(&w.e, &s.e)


# -- highest / lowest of a window ---------------------------------------------

cdef int md_init(MonoDeque* d, Py_ssize_t period, int sign) except -1:
    d.ring = <double*>calloc(period, sizeof(double))
    d.dq = <Py_ssize_t*>calloc(period, sizeof(Py_ssize_t))
    if d.ring == NULL or d.dq == NULL:
        raise MemoryError()
    d.period = period
    d.sign = sign
    d.newest = False
    md_clear(d)
    return 0


cdef void md_free(MonoDeque* d) noexcept nogil:
    free(d.ring)
    free(d.dq)
    d.ring = NULL
    d.dq = NULL


cdef void md_clear(MonoDeque* d) noexcept nogil:
    d.count = 0
    d.head = 0
    d.size = 0
    d.uslot = -1


cdef void md_push(MonoDeque* d, double x) noexcept nogil:
    # Python's max() keeps the first (oldest) of equal maxima and ignores a NaN
    # unless it is the first item: the deque keeps the oldest of equal values
    # (the newest with ``d.newest``) and never holds NaN; md_value checks the
    # oldest value of the window.
    cdef Py_ssize_t c = d.count, P = d.period, back, slot
    if d.size > 0 and d.dq[d.head] <= c - P:
        d.head += 1
        if d.head == P:
            d.head = 0
        d.size -= 1
    d.uslot = -1
    if x == x:
        if d.sign > 0:
            while d.size > 0:
                back = d.dq[(d.head + d.size - 1) % P]
                if d.ring[back % P] < x or (d.newest and d.ring[back % P] == x):
                    d.size -= 1
                else:
                    break
        else:
            while d.size > 0:
                back = d.dq[(d.head + d.size - 1) % P]
                if d.ring[back % P] > x or (d.newest and d.ring[back % P] == x):
                    d.size -= 1
                else:
                    break
        slot = (d.head + d.size) % P
        d.uslot = slot
        d.uold = d.dq[slot]
        d.dq[slot] = c
        d.size += 1
    d.ring[c % P] = x
    d.count = c + 1


cdef double md_value(MonoDeque* d) noexcept nogil:
    """max()/min() of the last ``period`` values (needs ``count >= period``)."""
    cdef double oldest = d.ring[d.count % d.period]
    if oldest != oldest or d.size == 0:
        return NAN
    return d.ring[d.dq[d.head] % d.period]


cdef Py_ssize_t md_age(MonoDeque* d) noexcept nogil:
    """Bars since the extreme md_value gives (0: the newest value; -1: none)."""
    if d.size == 0:
        return -1
    return d.count - 1 - d.dq[d.head]


cdef void md_save(MonoDeque* d, MonoDequeSnap* s) noexcept nogil:
    s.count = d.count
    s.head = d.head
    s.size = d.size
    s.slot = d.ring[d.count % d.period]
    d.uslot = -1


cdef void md_restore(MonoDeque* d, MonoDequeSnap* s) noexcept nogil:
    if d.uslot >= 0:
        d.dq[d.uslot] = d.uold
        d.uslot = -1
    d.count = s.count
    d.head = s.head
    d.size = s.size
    d.ring[d.count % d.period] = s.slot


# -- moving averages -----------------------------------------------------------

cdef int avg_init(Avg* a, int kind, Py_ssize_t period, double alpha) except -1:
    a.kind = kind
    a.period = period
    a.alpha = alpha
    a.alpha1 = 1.0 - alpha
    ws_init(&a.ws, period)
    avg_clear(a)
    return 0


cdef void avg_free(Avg* a) noexcept nogil:
    ws_free(&a.ws)


cdef void avg_clear(Avg* a) noexcept nogil:
    a.count = 0
    a.prev = NAN
    ws_clear(&a.ws)


cdef void avg_push(Avg* a, double x) noexcept nogil:
    a.count += 1
    if a.kind == 0 or a.count < a.period:
        ws_push(&a.ws, x)
    elif a.count == a.period:
        ws_push(&a.ws, x)
        a.prev = ws_sum(&a.ws) / <double>a.period
    else:
        a.prev = a.prev * a.alpha1 + x * a.alpha


cdef double avg_value(Avg* a) noexcept nogil:
    """The average after the last push (needs ``count >= period``)."""
    if a.kind == 0:
        return ws_sum(&a.ws) / <double>a.period
    return a.prev


cdef int avgs_init(AvgSnap* s) except -1:
    return wss_init(&s.ws)


cdef void avg_save(Avg* a, AvgSnap* s) noexcept nogil:
    s.count = a.count
    s.prev = a.prev
    s.wssaved = a.kind == 0 or a.count < a.period
    if s.wssaved:
        ws_save(&a.ws, &s.ws)


cdef void avg_restore(Avg* a, AvgSnap* s) noexcept nogil:
    a.count = s.count
    a.prev = s.prev
    if s.wssaved:
        ws_restore(&a.ws, &s.ws)


# -- argument checking -----------------------------------------------------------

cdef object _buf(str kname, str arg, object obj, bint optional=False):
    if obj is None and optional:
        return None
    if not isinstance(obj, LineBuffer):
        raise TypeError("%s: '%s' must be a LineBuffer, got %s"
                        % (kname, arg, type(obj).__name__))
    return obj


cdef Py_ssize_t _int_param(str kname, str arg, object value, Py_ssize_t minimum=1) except? -1:
    try:
        v = _operator.index(value)
    except TypeError:
        raise TypeError("%s: parameter '%s' must be an integer, got %r"
                        % (kname, arg, value)) from None
    if v < minimum:
        raise ValueError("%s: parameter '%s' must be >= %d, got %d"
                         % (kname, arg, minimum, v))
    return v


cdef list _in_minperiods(str kname, tuple bufs, object override):
    """Minimum periods of the inputs: their ``_minperiod`` unless overridden."""
    if override is None:
        return [(<LineBuffer>b)._minperiod if b is not None else 1 for b in bufs]
    mps = list(override)
    if len(mps) != len(bufs):
        raise ValueError("%s: 'inminperiods' needs %d values (one per input), got %d"
                         % (kname, len(bufs), len(mps)))
    return [_int_param(kname, 'inminperiods', m) for m in mps]


cdef tuple _avg_kind(str kname, object movav, Py_ssize_t period):
    """(kind, alpha) for a moving average named by ``movav``."""
    name = str(movav).lower()
    if name in ('sma', 'simple', 'movingaveragesimple', 'simplemovingaverage'):
        return 0, NAN
    if name in ('ema', 'exponential', 'exponentialmovingaverage',
                'movingaverageexponential'):
        return 1, 2.0 / (1.0 + <double>period)
    if name in ('smma', 'smoothed', 'wilder', 'smoothedmovingaverage',
                'movingaveragesmoothed', 'wilderma', 'movingaveragewilder',
                'modifiedmovingaverage'):
        return 1, 1.0 / <double>period
    raise ValueError("%s: parameter 'movav' must be 'sma', 'ema' or 'smma', got %r"
                     % (kname, movav))


cdef void _bind(Kernel k, tuple ins, tuple outs, tuple mps):
    """Store the lines and the per-output minimum periods of ``k``."""
    k.nin = len(ins)
    k.i0 = ins[0] if k.nin > 0 else None
    k.i1 = ins[1] if k.nin > 1 else None
    k.i2 = ins[2] if k.nin > 2 else None
    k.i3 = ins[3] if k.nin > 3 else None
    outs = tuple(o for o in outs if o is not None)
    mps = mps[:len(outs)]
    k.nout = len(outs)
    k.o0 = outs[0]
    k.o1 = outs[1] if k.nout > 1 else None
    k.o2 = outs[2] if k.nout > 2 else None
    k.mp0 = mps[0]
    k.mp1 = mps[1] if k.nout > 1 else 0
    k.mp2 = mps[2] if k.nout > 2 else 0
    k.inputs = ins
    k.outputs = outs
    k.minperiods = mps
    k.minperiod = max(mps)


# -- base class -------------------------------------------------------------------

cdef class Kernel:
    """Base of the compiled indicator kernels.

    Subclasses are built from Python with their input line(s), output line(s)
    and parameters. ``minperiod`` is the bar number (1-based) of the first
    output value; ``minperiods`` gives it per output line (they differ for
    MACD, whose ``macd`` line starts before ``signal``).

    ``_feed`` gets the values of the first three inputs as arguments; a
    fourth input's value is in ``self.a3``. A kernel whose values belong to
    an earlier bar (a mark placed two bars back) sets ``self.back``.
    """

    def __cinit__(self, *args, **kwargs):
        self.nin = 0
        self.nout = 0
        self.back = 0
        self.lastbar = 0
        self.snapped = False
        self.a3 = self.v0 = self.v1 = self.v2 = NAN
        self.minperiods = ()
        self.inputs = ()
        self.outputs = ()

    def __init__(self, *args, **kwargs):
        if type(self) is Kernel:
            raise TypeError("Kernel is abstract: build one of its subclasses")

    cdef void next(self) noexcept:
        cdef Py_ssize_t bar, back
        cdef double a = NAN, b = NAN, c = NAN
        if self.nout == 0:
            return
        bar = self.o0.lencount
        if bar <= 0:
            return
        if bar == self.lastbar and self.snapped:
            self._restore()                  # same bar again: recompute it
        else:
            if bar <= self.lastbar:
                self._clear()                # lines were reset: start over
            self._save()
            self.snapped = True
            self.lastbar = bar
        if self.nin > 0:
            a = self.i0.data[self.i0.idx]
            if self.nin > 1:
                b = self.i1.data[self.i1.idx]
                if self.nin > 2:
                    c = self.i2.data[self.i2.idx]
                    if self.nin > 3:
                        self.a3 = self.i3.data[self.i3.idx]
        self._feed(bar, a, b, c)
        back = self.back
        if self.o0.idx < back:
            return                           # (a ring too short to reach that bar)
        if bar >= self.mp0:
            self.o0.data[self.o0.idx - back] = self.v0
        if self.nout > 1:
            if bar >= self.mp1:
                self.o1.data[self.o1.idx - back] = self.v1
            if self.nout > 2 and bar >= self.mp2:
                self.o2.data[self.o2.idx - back] = self.v2

    cdef void once(self, Py_ssize_t start, Py_ssize_t end) noexcept:
        cdef Py_ssize_t i, j, w, bar
        cdef double a = NAN, b = NAN, c = NAN
        cdef double* d0 = NULL
        cdef double* d1 = NULL
        cdef double* d2 = NULL
        cdef double* d3 = NULL
        cdef double* r0 = NULL
        cdef double* r1 = NULL
        cdef double* r2 = NULL
        if self.nout == 0:
            return
        if start < 0:
            start = 0
        if end <= start:
            return
        if self.nin > 0:
            d0 = self.i0.data
        if self.nin > 1:
            d1 = self.i1.data
        if self.nin > 2:
            d2 = self.i2.data
        if self.nin > 3:
            d3 = self.i3.data
        r0 = self.o0.data
        if self.nout > 1:
            r1 = self.o1.data
        if self.nout > 2:
            r2 = self.o2.data
        self._clear()
        w = self._warmup(start)
        if w < 0:
            w = 0
        if w > start:
            w = start
        for i in range(w, end):
            bar = i + 1
            if bar == end:
                # keep the state before the last bar, so that next() can
                # recompute it, and continue after it
                self._save()
                self.snapped = True
            if d0 != NULL:
                a = d0[i]
                if d1 != NULL:
                    b = d1[i]
                    if d2 != NULL:
                        c = d2[i]
                        if d3 != NULL:
                            self.a3 = d3[i]
            self._feed(bar, a, b, c)
            j = i - self.back
            if i >= start and j >= 0:
                if bar >= self.mp0:
                    r0[j] = self.v0
                if r1 != NULL:
                    if bar >= self.mp1:
                        r1[j] = self.v1
                    if r2 != NULL and bar >= self.mp2:
                        r2[j] = self.v2
        self.lastbar = end

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        pass

    cdef void _save(self) noexcept:
        pass

    cdef void _restore(self) noexcept:
        pass

    cdef void _clear(self) noexcept:
        pass

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return 0

    cpdef py_next(self):
        """Compute the current bar (the outputs must have been forwarded)."""
        if self.nout == 0:
            raise TypeError("%s is not initialised" % type(self).__name__)
        self.next()

    cpdef py_once(self, Py_ssize_t start, Py_ssize_t end):
        """Fill absolute positions ``[start, end)`` of the output arrays."""
        cdef LineBuffer buf
        if self.nout == 0:
            raise TypeError("%s is not initialised" % type(self).__name__)
        if start < 0 or end < start:
            raise ValueError("%s: bad once range [%d, %d)"
                             % (type(self).__name__, start, end))
        for name, group in (('input', self.inputs), ('output', self.outputs)):
            for buf in group:
                if buf.used < end:
                    raise ValueError("%s: an %s line holds %d values, once() needs %d"
                                     % (type(self).__name__, name, buf.used, end))
        self.once(start, end)

    cpdef reset(self):
        """Forget the incremental state (e.g. before running again from bar 1)."""
        self._clear()
        self.lastbar = 0
        self.snapped = False


# -- moving averages ---------------------------------------------------------------

cdef class _AvgKernel(Kernel):

    def __dealloc__(self):
        avg_free(&self.avg)
        exp_free(&self.snap.ws.e)

    cdef _init_avg(self, str kname, src, out, period, int kind, double alpha,
                   inminperiods):
        _buf(kname, 'src', src)
        _buf(kname, 'out', out)
        self.period = _int_param(kname, 'period', period)
        self.m0 = _in_minperiods(kname, (src,), inminperiods)[0]
        avg_init(&self.avg, kind, self.period, alpha)
        avgs_init(&self.snap)
        _bind(self, (src,), (out,), (self.m0 + self.period - 1,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        if bar >= self.m0:
            avg_push(&self.avg, a)
            if self.avg.count >= self.period:
                self.v0 = avg_value(&self.avg)

    cdef void _save(self) noexcept:
        avg_save(&self.avg, &self.snap)

    cdef void _restore(self) noexcept:
        avg_restore(&self.avg, &self.snap)

    cdef void _clear(self) noexcept:
        avg_clear(&self.avg)

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        if self.avg.kind == 0:
            return start - self.period + 1
        return 0


cdef class SMAKernel(_AvgKernel):
    """Simple moving average: ``math.fsum`` of the last ``period`` values / period.

    ``SMAKernel(src, out, period, inminperiods=None)``;
    minperiod = src minperiod + period - 1.
    """

    def __init__(self, src, out, period, inminperiods=None):
        self._init_avg('SMAKernel', src, out, period, 0, NAN, inminperiods)


cdef class ExpSmoothingKernel(_AvgKernel):
    """Exponential smoothing seeded with the simple average of the first
    ``period`` values, then ``prev * (1 - alpha) + x * alpha``.

    ``ExpSmoothingKernel(src, out, period, alpha=None, inminperiods=None)``
    (``alpha=None`` means ``2 / (1 + period)``);
    minperiod = src minperiod + period - 1.
    """

    def __init__(self, src, out, period, alpha=None, inminperiods=None):
        kname = type(self).__name__
        p = _int_param(kname, 'period', period)
        if alpha is None:
            al = 2.0 / (1.0 + <double>p)
        else:
            try:
                al = float(alpha)
            except (TypeError, ValueError):
                raise TypeError("%s: parameter 'alpha' must be a number, got %r"
                                % (kname, alpha)) from None
        self._init_avg(kname, src, out, p, 1, al, inminperiods)

    @property
    def alpha(self):
        return self.avg.alpha

    @property
    def alpha1(self):
        return self.avg.alpha1


cdef class EMAKernel(ExpSmoothingKernel):
    """Exponential moving average, ``alpha = 2 / (1 + period)``.

    ``EMAKernel(src, out, period, inminperiods=None)``;
    minperiod = src minperiod + period - 1.
    """

    def __init__(self, src, out, period, inminperiods=None):
        p = _int_param('EMAKernel', 'period', period)
        ExpSmoothingKernel.__init__(self, src, out, p, 2.0 / (1.0 + <double>p),
                                    inminperiods)


cdef class SMMAKernel(ExpSmoothingKernel):
    """Smoothed (Wilder) moving average, ``alpha = 1 / period``.

    ``SMMAKernel(src, out, period, inminperiods=None)``;
    minperiod = src minperiod + period - 1.
    """

    def __init__(self, src, out, period, inminperiods=None):
        p = _int_param('SMMAKernel', 'period', period)
        ExpSmoothingKernel.__init__(self, src, out, p, 1.0 / <double>p, inminperiods)


# -- sums --------------------------------------------------------------------------

cdef class SumNKernel(Kernel):
    """``math.fsum`` of the last ``period`` values.

    ``SumNKernel(src, out, period, inminperiods=None)``;
    minperiod = src minperiod + period - 1.
    """

    def __init__(self, src, out, period, inminperiods=None):
        kname = 'SumNKernel'
        _buf(kname, 'src', src)
        _buf(kname, 'out', out)
        self.period = _int_param(kname, 'period', period)
        self.m0 = _in_minperiods(kname, (src,), inminperiods)[0]
        ws_init(&self.ws, self.period)
        wss_init(&self.snap)
        _bind(self, (src,), (out,), (self.m0 + self.period - 1,))

    def __dealloc__(self):
        ws_free(&self.ws)
        exp_free(&self.snap.e)

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        if bar >= self.m0:
            ws_push(&self.ws, a)
            if self.ws.count >= self.period:
                self.v0 = ws_sum(&self.ws)

    cdef void _save(self) noexcept:
        ws_save(&self.ws, &self.snap)

    cdef void _restore(self) noexcept:
        ws_restore(&self.ws, &self.snap)

    cdef void _clear(self) noexcept:
        ws_clear(&self.ws)

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start - self.period + 1


cdef class WMAKernel(Kernel):
    """Weighted moving average, weights 1..period (newest heaviest) times
    ``coef = 2 / (period * (period + 1))``.

    The weighted sum is kept exact and rounded once (upstream rounds each
    product before its fsum), so values agree with upstream to a few units in
    the last place, not bit for bit.

    ``WMAKernel(src, out, period, inminperiods=None)``;
    minperiod = src minperiod + period - 1.
    """

    def __init__(self, src, out, period, inminperiods=None):
        kname = 'WMAKernel'
        _buf(kname, 'src', src)
        _buf(kname, 'out', out)
        self.period = _int_param(kname, 'period', period)
        self.m0 = _in_minperiods(kname, (src,), inminperiods)[0]
        self.coef = 2.0 / (<double>self.period * (<double>self.period + 1.0))
        ws_init(&self.ws, self.period)
        wss_init(&self.snap)
        exp_init(&self.wsum, 16)
        exp_init(&self.wsnap, 16)
        _bind(self, (src,), (out,), (self.m0 + self.period - 1,))

    def __dealloc__(self):
        ws_free(&self.ws)
        exp_free(&self.snap.e)
        exp_free(&self.wsum)
        exp_free(&self.wsnap)

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef Py_ssize_t k, n = self.ws.count, P = self.period
        cdef WinSum* w = &self.ws
        cdef double s
        if bar < self.m0:
            return
        # W(t) = W(t-1) + P * x(t) - S(t-1), S the plain sum of the window
        # before x(t) arrives (non-finite values count as 0 here and are
        # tracked by the plain window's counters)
        if n >= P:
            for k in range(w.e.n):
                exp_add(&self.wsum, -w.e.p[k])
            if w.e.bad:
                self.wsum.bad = True
            if isfinite(a):
                exp_add_product(&self.wsum, <double>P, a)
        elif isfinite(a):
            exp_add_product(&self.wsum, <double>(n + 1), a)
        ws_push(w, a)
        if w.count >= P:
            if w.nnan or (w.npinf and w.nninf) or w.e.bad or self.wsum.bad:
                s = NAN
            elif w.npinf:
                s = INFINITY
            elif w.nninf:
                s = -INFINITY
            else:
                s = exp_round(&self.wsum)
            self.v0 = self.coef * s

    cdef void _save(self) noexcept:
        ws_save(&self.ws, &self.snap)
        exp_copy(&self.wsnap, &self.wsum)

    cdef void _restore(self) noexcept:
        ws_restore(&self.ws, &self.snap)
        exp_copy(&self.wsum, &self.wsnap)

    cdef void _clear(self) noexcept:
        ws_clear(&self.ws)
        exp_clear(&self.wsum)

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start - self.period + 1


# -- highest / lowest ------------------------------------------------------------

cdef class _ExtremeKernel(Kernel):

    def __dealloc__(self):
        md_free(&self.dq)

    cdef _init_extreme(self, str kname, src, out, period, int sign, inminperiods):
        _buf(kname, 'src', src)
        _buf(kname, 'out', out)
        self.period = _int_param(kname, 'period', period)
        self.m0 = _in_minperiods(kname, (src,), inminperiods)[0]
        md_init(&self.dq, self.period, sign)
        _bind(self, (src,), (out,), (self.m0 + self.period - 1,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        if bar >= self.m0:
            md_push(&self.dq, a)
            if self.dq.count >= self.period:
                self.v0 = md_value(&self.dq)

    cdef void _save(self) noexcept:
        md_save(&self.dq, &self.snap)

    cdef void _restore(self) noexcept:
        md_restore(&self.dq, &self.snap)

    cdef void _clear(self) noexcept:
        md_clear(&self.dq)

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start - self.period + 1


cdef class HighestKernel(_ExtremeKernel):
    """Highest value of the last ``period`` values (upstream Highest / MaxN).

    ``HighestKernel(src, out, period, inminperiods=None)``;
    minperiod = src minperiod + period - 1.
    """

    def __init__(self, src, out, period, inminperiods=None):
        self._init_extreme('HighestKernel', src, out, period, 1, inminperiods)


cdef class LowestKernel(_ExtremeKernel):
    """Lowest value of the last ``period`` values (upstream Lowest / MinN).

    ``LowestKernel(src, out, period, inminperiods=None)``;
    minperiod = src minperiod + period - 1.
    """

    def __init__(self, src, out, period, inminperiods=None):
        self._init_extreme('LowestKernel', src, out, period, -1, inminperiods)


# -- standard deviation ----------------------------------------------------------

cdef class StdDevKernel(Kernel):
    """Standard deviation as upstream computes it:
    ``pow(abs(SMA(x ** 2) - SMA(x) ** 2), 0.5)`` (``abs`` only with ``safepow``).

    ``StdDevKernel(src, out, period, safepow=True, mean=None, inminperiods=None)``:
    ``mean`` is an optional line holding the mean to use instead of SMA(src)
    (upstream's two-data form, used by Bollinger bands).
    minperiod = src minperiod + period - 1, or the larger of that and the mean
    line's minperiod.
    """

    def __init__(self, src, out, period, safepow=True, mean=None, inminperiods=None):
        kname = 'StdDevKernel'
        _buf(kname, 'src', src)
        _buf(kname, 'out', out)
        _buf(kname, 'mean', mean, True)
        self.period = _int_param(kname, 'period', period)
        self.safepow = bool(safepow)
        self.hasmean = mean is not None
        ins = (src, mean) if self.hasmean else (src,)
        mps = _in_minperiods(kname, ins, inminperiods)
        self.m0 = mps[0]
        ws_init(&self.sx, self.period)
        ws_init(&self.sx2, self.period)
        wss_init(&self.snapx)
        wss_init(&self.snapx2)
        mp = self.m0 + self.period - 1
        if self.hasmean:
            mp = max(mp, mps[1])
        _bind(self, ins, (out,), (mp,))

    def __dealloc__(self):
        ws_free(&self.sx)
        ws_free(&self.sx2)
        exp_free(&self.snapx.e)
        exp_free(&self.snapx2.e)

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef double meansq, mean, d
        if bar >= self.m0:
            ws_push(&self.sx2, bt_kernels_libm_pow(a, 2.0))
            if not self.hasmean:
                ws_push(&self.sx, a)
        if bar >= self.mp0:
            meansq = ws_sum(&self.sx2) / <double>self.period
            if self.hasmean:
                mean = b
            else:
                mean = ws_sum(&self.sx) / <double>self.period
            d = meansq - bt_kernels_libm_pow(mean, 2.0)
            if self.safepow:
                d = fabs(d)
            self.v0 = bt_kernels_libm_pow(d, 0.5)

    cdef void _save(self) noexcept:
        ws_save(&self.sx2, &self.snapx2)
        if not self.hasmean:
            ws_save(&self.sx, &self.snapx)

    cdef void _restore(self) noexcept:
        ws_restore(&self.sx2, &self.snapx2)
        if not self.hasmean:
            ws_restore(&self.sx, &self.snapx)

    cdef void _clear(self) noexcept:
        ws_clear(&self.sx)
        ws_clear(&self.sx2)

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start - self.period + 1


# -- crossings ---------------------------------------------------------------------

cdef class _CrossKernel(Kernel):

    cdef _init_cross(self, str kname, data0, data1, out, int mode, inminperiods):
        _buf(kname, 'data0', data0)
        _buf(kname, 'data1', data1)
        _buf(kname, 'out', out)
        mps = _in_minperiods(kname, (data0, data1), inminperiods)
        self.mode = mode
        self.nzdmp = max(mps)
        self.prev = NAN
        _bind(self, (data0, data1), (out,),
              (self.nzdmp if mode == 0 else self.nzdmp + 1,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef double d, nzd
        cdef bint up, down
        if bar < self.nzdmp:
            return
        d = a - b
        if bar == self.nzdmp or d != 0.0:    # NaN counts as non-zero
            nzd = d
        else:
            nzd = self.prev
        if self.mode == 0:
            self.v0 = nzd
        elif bar > self.nzdmp:
            up = self.prev < 0.0 and a > b
            down = self.prev > 0.0 and a < b
            if self.mode == 1:
                self.v0 = 1.0 if up else 0.0
            elif self.mode == -1:
                self.v0 = 1.0 if down else 0.0
            else:
                self.v0 = (1.0 if up else 0.0) - (1.0 if down else 0.0)
        self.prev = nzd

    cdef void _save(self) noexcept:
        self.snapprev = self.prev

    cdef void _restore(self) noexcept:
        self.prev = self.snapprev

    cdef void _clear(self) noexcept:
        self.prev = NAN


cdef class NonZeroDifferenceKernel(_CrossKernel):
    """``data0 - data1``, keeping the last non-zero difference when it is 0
    (upstream NonZeroDifference / NZD; the first value is the plain difference).

    ``NonZeroDifferenceKernel(data0, data1, out, inminperiods=None)``;
    minperiod = max(data0, data1 minperiods).
    """

    def __init__(self, data0, data1, out, inminperiods=None):
        self._init_cross('NonZeroDifferenceKernel', data0, data1, out, 0, inminperiods)


cdef class CrossUpKernel(_CrossKernel):
    """1.0 when data0 crosses data1 upwards (previous non-zero difference < 0
    and data0 > data1 now), else 0.0.

    ``CrossUpKernel(data0, data1, out, inminperiods=None)``;
    minperiod = max(data0, data1 minperiods) + 1.
    """

    def __init__(self, data0, data1, out, inminperiods=None):
        self._init_cross('CrossUpKernel', data0, data1, out, 1, inminperiods)


cdef class CrossDownKernel(_CrossKernel):
    """1.0 when data0 crosses data1 downwards, else 0.0.

    ``CrossDownKernel(data0, data1, out, inminperiods=None)``;
    minperiod = max(data0, data1 minperiods) + 1.
    """

    def __init__(self, data0, data1, out, inminperiods=None):
        self._init_cross('CrossDownKernel', data0, data1, out, -1, inminperiods)


cdef class CrossOverKernel(_CrossKernel):
    """CrossUp - CrossDown: 1.0, -1.0 or 0.0.

    ``CrossOverKernel(data0, data1, out, inminperiods=None)``;
    minperiod = max(data0, data1 minperiods) + 1.
    """

    def __init__(self, data0, data1, out, inminperiods=None):
        self._init_cross('CrossOverKernel', data0, data1, out, 2, inminperiods)


# -- up / down days ----------------------------------------------------------------

cdef class _DayKernel(Kernel):

    def __dealloc__(self):
        free(self.ring)
        self.ring = NULL

    cdef _init_day(self, str kname, src, out, period, int sign, inminperiods):
        _buf(kname, 'src', src)
        _buf(kname, 'out', out)
        self.period = _int_param(kname, 'period', period)
        self.m0 = _in_minperiods(kname, (src,), inminperiods)[0]
        self.sign = sign
        self.ring = <double*>calloc(self.period, sizeof(double))
        if self.ring == NULL:
            raise MemoryError()
        self.count = 0
        _bind(self, (src,), (out,), (self.m0 + self.period,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef Py_ssize_t slot
        cdef double old, v
        if bar < self.m0:
            return
        slot = self.count % self.period
        if self.count >= self.period:
            old = self.ring[slot]
            v = a - old if self.sign > 0 else old - a
            self.v0 = 0.0 if 0.0 > v else v     # Python's max(v, 0.0)
        self.ring[slot] = a
        self.count += 1

    cdef void _save(self) noexcept:
        self.snapcount = self.count
        self.snapslot = self.ring[self.count % self.period]

    cdef void _restore(self) noexcept:
        self.count = self.snapcount
        self.ring[self.count % self.period] = self.snapslot

    cdef void _clear(self) noexcept:
        self.count = 0

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start - self.period


cdef class UpDayKernel(_DayKernel):
    """``max(x - x(-period), 0.0)`` (upstream UpDay).

    ``UpDayKernel(src, out, period=1, inminperiods=None)``;
    minperiod = src minperiod + period.
    """

    def __init__(self, src, out, period=1, inminperiods=None):
        self._init_day('UpDayKernel', src, out, period, 1, inminperiods)


cdef class DownDayKernel(_DayKernel):
    """``max(x(-period) - x, 0.0)`` (upstream DownDay).

    ``DownDayKernel(src, out, period=1, inminperiods=None)``;
    minperiod = src minperiod + period.
    """

    def __init__(self, src, out, period=1, inminperiods=None):
        self._init_day('DownDayKernel', src, out, period, -1, inminperiods)


# -- RSI ---------------------------------------------------------------------------

cdef double _rs_for(double rsi):
    """The relative strength giving ``rsi`` (upstream's safe-division values)."""
    cdef double den = rsi - 100.0
    if den == 0.0:
        return INFINITY
    return (-100.0 / den) - 1.0


cdef class RSIKernel(Kernel):
    """Relative strength index: averages of up and down moves over
    ``lookback`` bars, ``rs = up / down``, ``rsi = 100 - 100 / (1 + rs)``.

    ``RSIKernel(src, out, period=14, safediv=False, safehigh=100.0,
    safelow=50.0, lookback=1, movav='smma', inminperiods=None)``;
    ``movav`` is 'smma' (upstream default), 'ema' or 'sma'.
    minperiod = src minperiod + lookback + period - 1.
    Without ``safediv`` a zero down-average gives inf / NaN arithmetic (rsi
    100.0 or NaN) where upstream raises ZeroDivisionError.
    """

    def __init__(self, src, out, period=14, safediv=False, safehigh=100.0,
                 safelow=50.0, lookback=1, movav='smma', inminperiods=None):
        kname = 'RSIKernel'
        _buf(kname, 'src', src)
        _buf(kname, 'out', out)
        self.period = _int_param(kname, 'period', period)
        self.lookback = _int_param(kname, 'lookback', lookback)
        self.m0 = _in_minperiods(kname, (src,), inminperiods)[0]
        self.safediv = bool(safediv)
        self.highrs = _rs_for(float(safehigh))
        self.lowrs = _rs_for(float(safelow))
        kind, alpha = _avg_kind(kname, movav, self.period)
        self.ring = <double*>calloc(self.lookback, sizeof(double))
        if self.ring == NULL:
            raise MemoryError()
        self.count = 0
        avg_init(&self.up, kind, self.period, alpha)
        avg_init(&self.down, kind, self.period, alpha)
        avgs_init(&self.snapup)
        avgs_init(&self.snapdown)
        _bind(self, (src,), (out,), (self.m0 + self.lookback + self.period - 1,))

    def __dealloc__(self):
        free(self.ring)
        self.ring = NULL
        avg_free(&self.up)
        avg_free(&self.down)
        exp_free(&self.snapup.ws.e)
        exp_free(&self.snapdown.ws.e)

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef Py_ssize_t slot
        cdef double old, u, d, mu, md, rs
        if bar < self.m0:
            return
        slot = self.count % self.lookback
        if self.count >= self.lookback:
            old = self.ring[slot]
            u = a - old
            if 0.0 > u:
                u = 0.0
            d = old - a
            if 0.0 > d:
                d = 0.0
            avg_push(&self.up, u)
            avg_push(&self.down, d)
            if self.up.count >= self.period:
                mu = avg_value(&self.up)
                md = avg_value(&self.down)
                if self.safediv and md == 0.0:
                    rs = self.lowrs if mu == 0.0 else self.highrs
                else:
                    rs = mu / md
                self.v0 = 100.0 - 100.0 / (1.0 + rs)
        self.ring[slot] = a
        self.count += 1

    cdef void _save(self) noexcept:
        self.snapcount = self.count
        self.snapslot = self.ring[self.count % self.lookback]
        avg_save(&self.up, &self.snapup)
        avg_save(&self.down, &self.snapdown)

    cdef void _restore(self) noexcept:
        self.count = self.snapcount
        self.ring[self.count % self.lookback] = self.snapslot
        avg_restore(&self.up, &self.snapup)
        avg_restore(&self.down, &self.snapdown)

    cdef void _clear(self) noexcept:
        self.count = 0
        avg_clear(&self.up)
        avg_clear(&self.down)

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        if self.up.kind == 0:
            return start - self.lookback - self.period + 1
        return 0


# -- true range / ATR --------------------------------------------------------------

cdef class TrueRangeKernel(Kernel):
    """``max(high, close(-1)) - min(low, close(-1))`` (upstream TrueRange / TR).

    ``TrueRangeKernel(high, low, close, out, inminperiods=None)``;
    minperiod = max(high, low minperiods, close minperiod + 1).
    """

    def __init__(self, high, low, close, out, inminperiods=None):
        self._init_tr('TrueRangeKernel', high, low, close, inminperiods)
        _bind(self, (high, low, close), (out,), (self.trmp,))

    cdef _init_tr(self, str kname, high, low, close, inminperiods):
        _buf(kname, 'high', high)
        _buf(kname, 'low', low)
        _buf(kname, 'close', close)
        self.mh, self.ml, self.mc = _in_minperiods(kname, (high, low, close),
                                                   inminperiods)
        self.trmp = max(self.mh, self.ml, self.mc + 1)
        self.pc = NAN

    cdef double _tr(self, Py_ssize_t bar, double h, double l, double c) noexcept:
        cdef double th = h, tl = l, tr = NAN
        if bar >= self.trmp:
            if self.pc > th:          # Python's max(high, prev_close)
                th = self.pc
            if self.pc < tl:          # Python's min(low, prev_close)
                tl = self.pc
            tr = th - tl
        if bar >= self.mc:
            self.pc = c
        return tr

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef double tr = self._tr(bar, a, b, c)
        if bar >= self.trmp:
            self.v0 = tr

    cdef void _save(self) noexcept:
        self.snappc = self.pc

    cdef void _restore(self) noexcept:
        self.pc = self.snappc

    cdef void _clear(self) noexcept:
        self.pc = NAN

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start - 1


cdef class ATRKernel(TrueRangeKernel):
    """Average true range: moving average (default smoothed) of the true range.

    ``ATRKernel(high, low, close, out, period=14, movav='smma', inminperiods=None)``;
    minperiod = true range minperiod + period - 1.
    """

    def __init__(self, high, low, close, out, period=14, movav='smma',
                 inminperiods=None):
        kname = 'ATRKernel'
        self._init_tr(kname, high, low, close, inminperiods)
        _buf(kname, 'out', out)
        self.period = _int_param(kname, 'period', period)
        kind, alpha = _avg_kind(kname, movav, self.period)
        avg_init(&self.avg, kind, self.period, alpha)
        avgs_init(&self.snap)
        _bind(self, (high, low, close), (out,), (self.trmp + self.period - 1,))

    def __dealloc__(self):
        avg_free(&self.avg)
        exp_free(&self.snap.ws.e)

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef double tr = self._tr(bar, a, b, c)
        if bar >= self.trmp:
            avg_push(&self.avg, tr)
            if self.avg.count >= self.period:
                self.v0 = avg_value(&self.avg)

    cdef void _save(self) noexcept:
        self.snappc = self.pc
        avg_save(&self.avg, &self.snap)

    cdef void _restore(self) noexcept:
        self.pc = self.snappc
        avg_restore(&self.avg, &self.snap)

    cdef void _clear(self) noexcept:
        self.pc = NAN
        avg_clear(&self.avg)

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        if self.avg.kind == 0:
            return start - self.period
        return 0


# -- stochastic --------------------------------------------------------------------

cdef class StochKKernel(Kernel):
    """Raw stochastic %K:
    ``100 * (close - Lowest(low)) / (Highest(high) - Lowest(low))``.

    ``StochKKernel(high, low, close, out, period=14, safediv=False,
    safezero=0.0, inminperiods=None)``; with ``safediv`` a zero range gives
    ``100 * safezero``, without it inf / NaN arithmetic (upstream raises).
    minperiod = max(high, low minperiods + period - 1, close minperiod).
    """

    def __init__(self, high, low, close, out, period=14, safediv=False,
                 safezero=0.0, inminperiods=None):
        kname = 'StochKKernel'
        _buf(kname, 'high', high)
        _buf(kname, 'low', low)
        _buf(kname, 'close', close)
        _buf(kname, 'out', out)
        self.period = _int_param(kname, 'period', period)
        self.mh, self.ml, self.mc = _in_minperiods(kname, (high, low, close),
                                                   inminperiods)
        self.safediv = bool(safediv)
        self.safezero = float(safezero)
        md_init(&self.hi, self.period, 1)
        md_init(&self.lo, self.period, -1)
        mp = max(self.mh + self.period - 1, self.ml + self.period - 1, self.mc)
        _bind(self, (high, low, close), (out,), (mp,))

    def __dealloc__(self):
        md_free(&self.hi)
        md_free(&self.lo)

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef double hh, ll, knum, kden, q
        if bar >= self.mh:
            md_push(&self.hi, a)
        if bar >= self.ml:
            md_push(&self.lo, b)
        if bar >= self.mp0:
            hh = md_value(&self.hi)
            ll = md_value(&self.lo)
            knum = c - ll
            kden = hh - ll
            if self.safediv and kden == 0.0:
                q = self.safezero
            else:
                q = knum / kden
            self.v0 = 100.0 * q

    cdef void _save(self) noexcept:
        md_save(&self.hi, &self.snaphi)
        md_save(&self.lo, &self.snaplo)

    cdef void _restore(self) noexcept:
        md_restore(&self.hi, &self.snaphi)
        md_restore(&self.lo, &self.snaplo)

    cdef void _clear(self) noexcept:
        md_clear(&self.hi)
        md_clear(&self.lo)

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start - self.period + 1


# -- MACD --------------------------------------------------------------------------

cdef class MACDKernel(Kernel):
    """MACD: ``macd = ma(src, period_me1) - ma(src, period_me2)``,
    ``signal = ma(macd, period_signal)``, ``histo = macd - signal``
    (``ma`` exponential by default).

    ``MACDKernel(src, macd, signal, histo=None, period_me1=12, period_me2=26,
    period_signal=9, movav='ema', inminperiods=None)``;
    minperiods: macd = src minperiod + max(period_me1, period_me2) - 1,
    signal and histo = macd's + period_signal - 1 (``minperiod``).
    """

    def __init__(self, src, macd, signal, histo=None, period_me1=12,
                 period_me2=26, period_signal=9, movav='ema', inminperiods=None):
        kname = 'MACDKernel'
        _buf(kname, 'src', src)
        _buf(kname, 'macd', macd)
        _buf(kname, 'signal', signal)
        _buf(kname, 'histo', histo, True)
        p1 = _int_param(kname, 'period_me1', period_me1)
        p2 = _int_param(kname, 'period_me2', period_me2)
        p3 = _int_param(kname, 'period_signal', period_signal)
        self.m0 = _in_minperiods(kname, (src,), inminperiods)[0]
        kind, alpha = _avg_kind(kname, movav, p1)
        avg_init(&self.me1, kind, p1, alpha)
        kind, alpha = _avg_kind(kname, movav, p2)
        avg_init(&self.me2, kind, p2, alpha)
        kind, alpha = _avg_kind(kname, movav, p3)
        avg_init(&self.sig, kind, p3, alpha)
        avgs_init(&self.snap1)
        avgs_init(&self.snap2)
        avgs_init(&self.snap3)
        self.macdmp = self.m0 + max(p1, p2) - 1
        self.sigmp = self.macdmp + p3 - 1
        _bind(self, (src,), (macd, signal, histo),
              (self.macdmp, self.sigmp, self.sigmp))

    def __dealloc__(self):
        avg_free(&self.me1)
        avg_free(&self.me2)
        avg_free(&self.sig)
        exp_free(&self.snap1.ws.e)
        exp_free(&self.snap2.ws.e)
        exp_free(&self.snap3.ws.e)

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef double m
        if bar >= self.m0:
            avg_push(&self.me1, a)
            avg_push(&self.me2, a)
        if bar >= self.macdmp:
            m = avg_value(&self.me1) - avg_value(&self.me2)
            self.v0 = m
            avg_push(&self.sig, m)
            if bar >= self.sigmp:
                self.v1 = avg_value(&self.sig)
                self.v2 = m - self.v1

    cdef void _save(self) noexcept:
        avg_save(&self.me1, &self.snap1)
        avg_save(&self.me2, &self.snap2)
        avg_save(&self.sig, &self.snap3)

    cdef void _restore(self) noexcept:
        avg_restore(&self.me1, &self.snap1)
        avg_restore(&self.me2, &self.snap2)
        avg_restore(&self.sig, &self.snap3)

    cdef void _clear(self) noexcept:
        avg_clear(&self.me1)
        avg_clear(&self.me2)
        avg_clear(&self.sig)
