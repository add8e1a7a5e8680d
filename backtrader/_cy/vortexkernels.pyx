# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
"""Vortex indicator: ``+VI = sum(|high - low(-1)|) / sum(TR)`` and
``-VI = sum(|low - high(-1)|) / sum(TR)`` over ``period`` bars, with
``TR = max(|high - low|, |high - close(-1)|, |low - close(-1)|)`` (Python's
``max``: the first of equal values, a later one only when strictly greater)
and every sum correctly rounded (``math.fsum``, as upstream's SumN).
A window whose true ranges sum to zero divides by zero (inf or NaN; upstream
raises ZeroDivisionError)."""
from libc.math cimport NAN, fabs

from backtrader._cy.kernels cimport (Kernel, _bind, _buf, _in_minperiods, _int_param,
                                     ws_init, ws_free, ws_clear, ws_push, ws_sum,
                                     wss_init, ws_save, ws_restore, exp_free)


cdef class VortexKernel(Kernel):
    """``VortexKernel(high, low, close, vi_plus, vi_minus, period=14,
    inminperiods=None)``; minperiod = input minperiod + period."""

    def __dealloc__(self):
        ws_free(&self.up)
        ws_free(&self.down)
        ws_free(&self.ranges)
        exp_free(&self.snapup.e)
        exp_free(&self.snapdown.e)
        exp_free(&self.snapranges.e)

    def __init__(self, high, low, close, vi_plus, vi_minus, period=14, inminperiods=None):
        kname = 'VortexKernel'
        for arg, buf in (('high', high), ('low', low), ('close', close),
                         ('vi_plus', vi_plus), ('vi_minus', vi_minus)):
            _buf(kname, arg, buf)
        self.period = _int_param(kname, 'period', period)
        self.m0 = max(_in_minperiods(kname, (high, low, close), inminperiods))
        ws_init(&self.up, self.period)
        ws_init(&self.down, self.period)
        ws_init(&self.ranges, self.period)
        wss_init(&self.snapup)
        wss_init(&self.snapdown)
        wss_init(&self.snapranges)
        self._clear()
        mp = self.m0 + self.period
        _bind(self, (high, low, close), (vi_plus, vi_minus), (mp, mp))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef double tr, x, total
        if bar < self.m0:
            return
        if bar > self.m0:
            ws_push(&self.up, fabs(a - self.prev.low))
            ws_push(&self.down, fabs(b - self.prev.high))
            tr = fabs(a - b)
            x = fabs(a - self.prev.close)
            if x > tr:
                tr = x
            x = fabs(b - self.prev.close)
            if x > tr:
                tr = x
            ws_push(&self.ranges, tr)
            if bar >= self.mp0:
                total = ws_sum(&self.ranges)
                self.v0 = ws_sum(&self.up) / total
                self.v1 = ws_sum(&self.down) / total
        self.prev.high, self.prev.low, self.prev.close = a, b, c

    cdef void _save(self) noexcept:
        self.snapprev = self.prev
        ws_save(&self.up, &self.snapup)
        ws_save(&self.down, &self.snapdown)
        ws_save(&self.ranges, &self.snapranges)

    cdef void _restore(self) noexcept:
        self.prev = self.snapprev
        ws_restore(&self.up, &self.snapup)
        ws_restore(&self.down, &self.snapdown)
        ws_restore(&self.ranges, &self.snapranges)

    cdef void _clear(self) noexcept:
        self.prev.high = self.prev.low = self.prev.close = NAN
        ws_clear(&self.up)
        ws_clear(&self.down)
        ws_clear(&self.ranges)

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start - self.period
