# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
# distutils: extra_compile_args = -ffp-contract=off
"""Ehlers' four-stage Laguerre filter, stepped once per bar from the minimum
period on, starting from zero stages:

``s0 = (1 - g) * x + g * s0'``, ``s(k) = -g * s(k-1) + s(k-1)' + g * s(k)'``
(primes: the previous bar). LaguerreFilter shows ``(s0 + 2 s1 + 2 s2 + s3) / 6``;
LaguerreRSI shows the sum of the rises between consecutive stages over the sum
of all their differences (1.0 when all stages are equal).
"""
from backtrader._cy.kernels cimport Kernel, _bind, _buf, _in_minperiods, _int_param


cdef inline double _rise(double upper, double lower, double* fall,
                         double rise) noexcept nogil:
    """Add the step from ``lower`` to ``upper`` to ``rise`` or to ``*fall``."""
    if upper >= lower:
        return rise + (upper - lower)
    fall[0] = fall[0] + (lower - upper)
    return rise


cdef class LaguerreKernel(Kernel):
    """``LaguerreKernel(src, out, period, gamma, rsi, inminperiods=None)``;
    minperiod = src minperiod + period - 1."""

    def __init__(self, src, out, period, gamma, rsi, inminperiods=None):
        kname = 'LaguerreKernel'
        _buf(kname, 'src', src)
        _buf(kname, 'out', out)
        p = _int_param(kname, 'period', period)
        self.gamma = gamma
        self.rsi = bool(rsi)
        m0 = _in_minperiods(kname, (src,), inminperiods)[0]
        self._clear()
        _bind(self, (src,), (out,), (m0 + p - 1,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef double g = self.gamma, rise = 0.0, fall = 0.0, total
        cdef LaguerreStages* s = &self.st
        cdef double n0, n1, n2, n3
        if bar < self.mp0:
            return
        n0 = (1.0 - g) * a + g * s.s0
        n1 = -g * n0 + s.s0 + g * s.s1
        n2 = -g * n1 + s.s1 + g * s.s2
        n3 = -g * n2 + s.s2 + g * s.s3
        s.s0, s.s1, s.s2, s.s3 = n0, n1, n2, n3
        if not self.rsi:
            self.v0 = (n0 + (2.0 * n1) + (2.0 * n2) + n3) / 6.0
            return
        rise = _rise(n0, n1, &fall, rise)
        rise = _rise(n1, n2, &fall, rise)
        rise = _rise(n2, n3, &fall, rise)
        total = rise + fall
        self.v0 = rise / total if total != 0.0 else 1.0

    cdef void _save(self) noexcept:
        self.snap = self.st

    cdef void _restore(self) noexcept:
        self.st = self.snap

    cdef void _clear(self) noexcept:
        self.st.s0 = self.st.s1 = self.st.s2 = self.st.s3 = 0.0
