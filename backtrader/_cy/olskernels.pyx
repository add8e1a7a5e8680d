# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
# distutils: extra_compile_args = -ffp-contract=off
"""Rolling ordinary least squares of ``y`` on ``x`` with an intercept.

Over the last ``period`` pairs: ``mx`` and ``my`` are the correctly rounded
means (exact window sums kept from bar to bar), ``sxx`` and ``sxy`` the
correctly rounded sums of ``(x - mx)**2`` and ``(x - mx) * (y - my)`` (one C
pass over the window per bar); ``slope = sxy / sxx`` (NaN when ``sxx`` is 0)
and ``intercept = my - slope * mx``.
"""
from libc.math cimport NAN

from backtrader._cy.kernels cimport (Kernel, _bind, _buf, _in_minperiods,
                                      _int_param, exp_free, ws_clear, ws_free,
                                      ws_init, ws_push, ws_restore, ws_save,
                                      ws_sum, wss_init)


cdef class OLSKernel(Kernel):
    """``OLSKernel(y, x, slope, intercept=None, period=10, inminperiods=None)``;
    minperiod = max(input minperiods) + period - 1."""

    def __dealloc__(self):
        ws_free(&self.ys)
        ws_free(&self.xs)
        ws_free(&self.acc)
        exp_free(&self.snapy.e)
        exp_free(&self.snapx.e)

    def __init__(self, y, x, slope, intercept=None, period=10, inminperiods=None):
        kname = 'OLSKernel'
        for arg, buf in (('y', y), ('x', x), ('slope', slope)):
            _buf(kname, arg, buf)
        _buf(kname, 'intercept', intercept, True)
        self.period = _int_param(kname, 'period', period)
        ws_init(&self.ys, self.period)
        ws_init(&self.xs, self.period)
        ws_init(&self.acc, self.period)
        wss_init(&self.snapy)
        wss_init(&self.snapx)
        self.m0 = max(_in_minperiods(kname, (y, x), inminperiods))
        mp = self.m0 + self.period - 1
        _bind(self, (y, x), (slope, intercept), (mp, mp))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        # a: y, b: x
        cdef Py_ssize_t i, P = self.period
        cdef double n = <double>P, mx, my, dx, sxx, sxy, slope
        if bar < self.m0:
            return
        ws_push(&self.ys, a)
        ws_push(&self.xs, b)
        if self.xs.count < P:
            return
        mx = ws_sum(&self.xs) / n
        my = ws_sum(&self.ys) / n
        ws_clear(&self.acc)
        for i in range(P):
            dx = self.xs.ring[i] - mx
            ws_push(&self.acc, dx * dx)
        sxx = ws_sum(&self.acc)
        ws_clear(&self.acc)
        for i in range(P):
            ws_push(&self.acc, (self.xs.ring[i] - mx) * (self.ys.ring[i] - my))
        sxy = ws_sum(&self.acc)
        slope = NAN if sxx == 0.0 else sxy / sxx
        self.v0 = slope
        self.v1 = my - slope * mx

    cdef void _save(self) noexcept:
        ws_save(&self.ys, &self.snapy)
        ws_save(&self.xs, &self.snapx)

    cdef void _restore(self) noexcept:
        ws_restore(&self.ys, &self.snapy)
        ws_restore(&self.xs, &self.snapx)

    cdef void _clear(self) noexcept:
        ws_clear(&self.ys)
        ws_clear(&self.xs)

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start - self.period + 1
