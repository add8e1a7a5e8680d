# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
"""Percent rank: the share of the last ``period`` values (the current one
included) strictly below the current one, ``count / period`` (upstream
PercentRank's default function; a NaN compares false either way). One pass
over the window per bar in C, on the value ring of UpDay/DownDay."""
from backtrader._cy.kernels cimport _DayKernel, _bind


cdef class PercentRankKernel(_DayKernel):
    """``PercentRankKernel(src, out, period, inminperiods=None)``; minperiod =
    src minperiod + period - 1."""

    def __init__(self, src, out, period, inminperiods=None):
        self._init_day('PercentRankKernel', src, out, period, 1, inminperiods)
        # the window includes the current value: one bar less than UpDay's
        _bind(self, (src,), (out,), (self.m0 + self.period - 1,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef Py_ssize_t i, below = 0
        if bar < self.m0:
            return
        self.ring[self.count % self.period] = a
        self.count += 1
        if self.count >= self.period:
            for i in range(self.period):
                if self.ring[i] < a:
                    below += 1
            self.v0 = <double>below / <double>self.period
