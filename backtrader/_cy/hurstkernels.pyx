# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
# distutils: extra_compile_args = -ffp-contract=off
"""Hurst exponent of the last ``period`` values, one C pass per lag and bar.

For each lag ``L`` of ``[lag_start, lag_end)`` the lagged differences
``w[k + L] - w[k]`` of the window ``w`` (oldest first) have a population
standard deviation ``sd``; ``tau = sqrt(sd)``. The exponent is twice the
least-squares slope of ``log10(tau)`` against ``log10(L)``, which is what
upstream's numpy ``std`` / ``polyfit`` computation gives. The work per bar is
``period`` times the number of lags, with no allocation; the window is the
value ring of UpDay/DownDay.
"""
from libc.math cimport NAN, log10, sqrt
from libc.stdlib cimport calloc, free

from backtrader._cy.kernels cimport _DayKernel, _bind, _int_param


cdef class HurstKernel(_DayKernel):
    """``HurstKernel(src, out, period, lag_start, lag_end, inminperiods=None)``:
    lags ``lag_start .. lag_end - 1`` (at least two, each below ``period``);
    minperiod = src minperiod + period - 1."""

    def __cinit__(self, *args, **kwargs):
        self.window = self.logtau = NULL

    def __dealloc__(self):
        free(self.window)
        free(self.logtau)

    def __init__(self, src, out, period, lag_start, lag_end, inminperiods=None):
        cdef Py_ssize_t i
        cdef double x
        kname = 'HurstKernel'
        _int_param(kname, 'period', period, 3)
        self._init_day(kname, src, out, period, 1, inminperiods)
        self.lag0 = _int_param(kname, 'lag_start', lag_start)
        end = _int_param(kname, 'lag_end', lag_end)
        if end - self.lag0 < 2 or end > self.period:
            raise ValueError("%s: lags [lag_start, lag_end) = [%d, %d) must hold at "
                             "least two lags, each below period %d"
                             % (kname, self.lag0, end, self.period))
        self.nlags = end - self.lag0
        self.window = <double*>calloc(self.period, sizeof(double))
        self.logtau = <double*>calloc(self.nlags, sizeof(double))
        if self.window == NULL or self.logtau == NULL:
            raise MemoryError()
        # the abscissae of the fit do not change: their mean and spread once
        self.logmean = 0.0
        for i in range(self.nlags):
            self.logmean += log10(<double>(self.lag0 + i))
        self.logmean /= <double>self.nlags
        self.logss = 0.0
        for i in range(self.nlags):
            x = log10(<double>(self.lag0 + i)) - self.logmean
            self.logss += x * x
        # the window includes the current value: one bar less than UpDay's
        _bind(self, (src,), (out,), (self.m0 + self.period - 1,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef Py_ssize_t P = self.period, i, k, n, lag
        cdef double* w = self.window
        cdef double mean, var, d, dx, ymean = 0.0, sxy = 0.0
        if bar < self.m0:
            return
        self.ring[self.count % P] = a
        self.count += 1
        if self.count < P:
            return
        for i in range(P):
            w[i] = self.ring[(self.count + i) % P]
        for i in range(self.nlags):
            lag = self.lag0 + i
            n = P - lag
            mean = 0.0
            for k in range(n):
                mean += w[k + lag] - w[k]
            mean /= <double>n
            var = 0.0
            for k in range(n):
                d = (w[k + lag] - w[k]) - mean
                var += d * d
            self.logtau[i] = log10(sqrt(sqrt(var / <double>n)))
            ymean += self.logtau[i]
        ymean /= <double>self.nlags
        for i in range(self.nlags):
            dx = log10(<double>(self.lag0 + i)) - self.logmean
            sxy += dx * (self.logtau[i] - ymean)
        self.v0 = 2.0 * (sxy / self.logss)

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start - self.period + 1
