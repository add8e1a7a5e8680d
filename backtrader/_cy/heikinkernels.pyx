# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
"""Heikin Ashi candles, with the smoothed close ``(o + h + l + c) / 4`` given as
an input line:

- the smoothed open: ``(open + close) / 2`` on the first bar, then the mean of
  the previous bar's smoothed open and smoothed close (a recursion, O(1) a bar);
- the smoothed high (low): the highest (lowest) of the bar's high (low), the
  smoothed open and the smoothed close, with Python's ``max``/``min`` rules
  (the first of equal values; a later one only when strictly beyond).
"""
from libc.math cimport NAN

from backtrader._cy.kernels cimport Kernel, _bind, _buf, _in_minperiods


cdef class HeikinOpenKernel(Kernel):
    """``HeikinOpenKernel(open, close, haclose, out, inminperiods=None)``; writes
    from the first bar of the inputs (its line's minimum period is the caller's
    to raise: upstream declares the recursion from the second bar)."""

    def __init__(self, open, close, haclose, out, inminperiods=None):
        kname = 'HeikinOpenKernel'
        for arg, buf in (('open', open), ('close', close), ('haclose', haclose),
                         ('out', out)):
            _buf(kname, arg, buf)
        self.m0 = max(_in_minperiods(kname, (open, close, haclose), inminperiods))
        self._clear()
        _bind(self, (open, close, haclose), (out,), (self.m0,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        if bar < self.m0:
            return
        if bar == self.m0:
            self.v0 = (a + b) / 2.0
        else:
            self.v0 = (self.prevopen + self.prevclose) / 2.0
        self.prevopen = self.v0
        self.prevclose = c

    cdef void _save(self) noexcept:
        self.snapopen = self.prevopen
        self.snapclose = self.prevclose

    cdef void _restore(self) noexcept:
        self.prevopen = self.snapopen
        self.prevclose = self.snapclose

    cdef void _clear(self) noexcept:
        self.prevopen = self.prevclose = NAN


cdef class HeikinExtremeKernel(Kernel):
    """``HeikinExtremeKernel(extreme, haopen, haclose, out, sign, inminperiods=None)``;
    ``sign`` +1: max(high, haopen, haclose), -1: min(low, ...); minperiod = the
    largest input minperiod."""

    def __init__(self, extreme, haopen, haclose, out, sign, inminperiods=None):
        kname = 'HeikinExtremeKernel'
        for arg, buf in (('extreme', extreme), ('haopen', haopen), ('haclose', haclose),
                         ('out', out)):
            _buf(kname, arg, buf)
        if sign not in (1, -1):
            raise ValueError("%s: parameter 'sign' must be 1 or -1, got %r" % (kname, sign))
        self.sign = sign
        mp = max(_in_minperiods(kname, (extreme, haopen, haclose), inminperiods))
        _bind(self, (extreme, haopen, haclose), (out,), (mp,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef double best = a
        if bar < self.mp0:
            return
        if (b > best) if self.sign > 0 else (b < best):
            best = b
        if (c > best) if self.sign > 0 else (c < best):
            best = c
        self.v0 = best
