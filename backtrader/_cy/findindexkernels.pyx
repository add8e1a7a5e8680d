# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
"""Bars since the highest (or lowest) value of the last ``period`` values, in
O(1) amortized per bar with the monotonic deque of Highest/Lowest (upstream
FindFirstIndexHighest and friends, the core of Aroon).

``newest`` picks which of equal extremes counts: the most recent one
(FindFirstIndex*) or the oldest one (FindLastIndex*). A window whose oldest
value is NaN gives NaN (upstream's search fails there).
"""
from libc.math cimport NAN

from backtrader._cy.kernels cimport _ExtremeKernel, md_push, md_value, md_age


cdef class FindIndexKernel(_ExtremeKernel):
    """``FindIndexKernel(src, out, period, sign, newest, inminperiods=None)``;
    ``sign`` +1 highest / -1 lowest; minperiod = src minperiod + period - 1."""

    def __init__(self, src, out, period, sign, newest, inminperiods=None):
        kname = 'FindIndexKernel'
        if sign not in (1, -1):
            raise ValueError("%s: parameter 'sign' must be 1 or -1, got %r" % (kname, sign))
        self._init_extreme(kname, src, out, period, sign, inminperiods)
        self.dq.newest = bool(newest)

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        if bar < self.m0:
            return
        md_push(&self.dq, a)
        if self.dq.count >= self.period:
            if md_value(&self.dq) != md_value(&self.dq):
                self.v0 = NAN
            else:
                self.v0 = <double>md_age(&self.dq)
