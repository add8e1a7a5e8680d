# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
# distutils: extra_compile_args = -ffp-contract=off
"""Adaptive moving averages: Kaufman's KAMA and Ehlers' error-correcting EC.

KAMA (upstream AdaptiveMovingAverage): the efficiency ratio
``er = |(x - x(-period)) / sum(|x - x(-1)|, period)|`` sets the smoothing
factor ``sc = (er * (fast - slow) + slow) ** 2`` with ``fast = 2 / (fast + 1)``
and ``slow = 2 / (slow + 1)``; the first value is the simple average of the
last ``period`` inputs (correctly rounded sum), then
``prev * (1 - sc) + x * sc``. Its minimum period is upstream's:
``2 * m0 + period - 1`` for an input starting at bar ``m0``. A window without
any move (sum 0) gives NaN from there on (upstream divides by zero).

EC (upstream ZeroLagIndicator): an EMA of ``period``; each bar the value
``alpha * (ema + g * (x - prev)) + (1 - alpha) * prev`` is taken for the gain
``g`` in ``-gainlimit/10 .. gainlimit/10`` (steps of 0.1) closest to ``x``
(the first such gain on a tie); the first value is the EMA.
"""
from libc.math cimport NAN, fabs, pow as c_pow
from libc.stdlib cimport calloc, free

from backtrader._cy.kernels cimport (Kernel, _bind, _buf, _in_minperiods, _int_param,
                                     ws_init, ws_free, ws_clear, ws_push, ws_sum,
                                     wss_init, ws_save, ws_restore, exp_free,
                                     avg_init, avg_free, avg_clear, avg_push, avg_value,
                                     avgs_init, avg_save, avg_restore)


cdef class KAMAKernel(Kernel):
    """``KAMAKernel(src, out, period=30, fast=2, slow=30, inminperiods=None)``."""

    def __dealloc__(self):
        free(self.ring)
        ws_free(&self.vol)
        ws_free(&self.seed)
        exp_free(&self.snapvol.e)
        exp_free(&self.snapseed.e)

    def __init__(self, src, out, period=30, fast=2, slow=30, inminperiods=None):
        kname = 'KAMAKernel'
        _buf(kname, 'src', src)
        _buf(kname, 'out', out)
        self.period = _int_param(kname, 'period', period)
        self.fastsc = 2.0 / (fast + 1.0)
        self.slowsc = 2.0 / (slow + 1.0)
        self.m0 = _in_minperiods(kname, (src,), inminperiods)[0]
        self.ring = <double*>calloc(self.period + 1, sizeof(double))
        if self.ring == NULL:
            raise MemoryError()
        ws_init(&self.vol, self.period)
        ws_init(&self.seed, self.period)
        wss_init(&self.snapvol)
        wss_init(&self.snapseed)
        self._clear()
        _bind(self, (src,), (out,), (2 * self.m0 + self.period - 1,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef Py_ssize_t n = self.count, size = self.period + 1
        cdef double er, sc
        if bar < self.m0:
            return
        if n >= 1:
            ws_push(&self.vol, fabs(a - self.ring[(n - 1) % size]))
        ws_push(&self.seed, a)
        self.ring[n % size] = a
        self.count = n + 1
        if bar < self.mp0:
            return
        if bar == self.mp0:
            self.prev = ws_sum(&self.seed) / <double>self.period
        else:
            er = fabs((a - self.ring[(n - self.period) % size]) / ws_sum(&self.vol))
            sc = c_pow(er * (self.fastsc - self.slowsc) + self.slowsc, 2.0)
            self.prev = self.prev * (1.0 - sc) + a * sc
        self.v0 = self.prev

    cdef void _save(self) noexcept:
        self.snapcount = self.count
        self.snapprev = self.prev
        self.snapslot = self.ring[self.count % (self.period + 1)]
        ws_save(&self.vol, &self.snapvol)
        ws_save(&self.seed, &self.snapseed)

    cdef void _restore(self) noexcept:
        self.count = self.snapcount
        self.prev = self.snapprev
        self.ring[self.count % (self.period + 1)] = self.snapslot
        ws_restore(&self.vol, &self.snapvol)
        ws_restore(&self.seed, &self.snapseed)

    cdef void _clear(self) noexcept:
        self.count = 0
        self.prev = NAN
        ws_clear(&self.vol)
        ws_clear(&self.seed)


cdef class ErrorCorrectingKernel(Kernel):
    """``ErrorCorrectingKernel(src, out, period=30, gainlimit=50, inminperiods=None)``;
    minperiod = src minperiod + period - 1."""

    def __dealloc__(self):
        avg_free(&self.ema)
        exp_free(&self.snapema.ws.e)

    def __init__(self, src, out, period=30, gainlimit=50, inminperiods=None):
        kname = 'ErrorCorrectingKernel'
        _buf(kname, 'src', src)
        _buf(kname, 'out', out)
        p = _int_param(kname, 'period', period)
        self.gainlimit = _int_param(kname, 'gainlimit', gainlimit, 0)
        self.m0 = _in_minperiods(kname, (src,), inminperiods)[0]
        avg_init(&self.ema, 1, p, 2.0 / (1.0 + <double>p))
        avgs_init(&self.snapema)
        self.prev = NAN
        _bind(self, (src,), (out,), (self.m0 + p - 1,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef double ema, best, besterr, ec, err, gain
        cdef double alpha = self.ema.alpha, keep = self.ema.alpha1, prev = self.prev
        cdef Py_ssize_t step
        if bar < self.m0:
            return
        avg_push(&self.ema, a)
        if bar < self.mp0:
            return
        ema = avg_value(&self.ema)
        best = ema
        besterr = 9223372036854775807.0        # upstream starts from sys.maxsize
        for step in range(-self.gainlimit, self.gainlimit + 1):
            gain = <double>step / 10.0
            ec = alpha * (ema + gain * (a - prev)) + keep * prev
            err = fabs(a - ec)
            if err < besterr:
                besterr = err
                best = ec
        self.prev = best
        self.v0 = best

    cdef void _save(self) noexcept:
        avg_save(&self.ema, &self.snapema)
        self.snapprev = self.prev

    cdef void _restore(self) noexcept:
        avg_restore(&self.ema, &self.snapema)
        self.prev = self.snapprev

    cdef void _clear(self) noexcept:
        avg_clear(&self.ema)
        self.prev = NAN
