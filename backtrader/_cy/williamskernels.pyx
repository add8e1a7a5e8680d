# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
"""Williams Accumulation/Distribution as one O(1) step per bar.

With ``c1`` the previous close, ``true low = min(low, c1)`` and
``true high = max(high, c1)`` (Python's rules), a bar adds
``close - true low`` when the close rose (``close - c1 > 0``), and
``close - true high`` when it fell; both terms are tested apart and added as
upstream's ``If(UpDay) + If(DownDay)`` does (a NaN move counts as true, as
``bool(nan)`` does). The sum starts from 0 on the second bar of the inputs.
"""
from libc.math cimport NAN

from backtrader._cy.kernels cimport Kernel, _bind, _buf, _in_minperiods


cdef inline bint _truthy(double x) noexcept nogil:
    return x != 0.0            # NaN is true, as bool(nan)


cdef class WilliamsADKernel(Kernel):
    """``WilliamsADKernel(high, low, close, out, inminperiods=None)``; minperiod =
    max(input minperiods) + 1."""

    def __init__(self, high, low, close, out, inminperiods=None):
        kname = 'WilliamsADKernel'
        for arg, buf in (('high', high), ('low', low), ('close', close), ('out', out)):
            _buf(kname, arg, buf)
        self.m0 = max(_in_minperiods(kname, (high, low, close), inminperiods))
        self._clear()
        _bind(self, (high, low, close), (out,), (self.m0 + 1,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef double rise, fall, gain = 0.0, loss = 0.0, truelow, truehigh
        if bar < self.m0:
            return
        if bar > self.m0:
            rise = c - self.pc
            rise = 0.0 if 0.0 > rise else rise      # UpDay: Python's max(v, 0.0)
            fall = self.pc - c
            fall = 0.0 if 0.0 > fall else fall
            if _truthy(rise):
                truelow = self.pc if self.pc < b else b
                gain = c - truelow
            if _truthy(fall):
                truehigh = self.pc if self.pc > a else a
                loss = c - truehigh
            self.total = self.total + (gain + loss)
            self.v0 = self.total
        self.pc = c

    cdef void _save(self) noexcept:
        self.snappc = self.pc
        self.snaptotal = self.total

    cdef void _restore(self) noexcept:
        self.pc = self.snappc
        self.total = self.snaptotal

    cdef void _clear(self) noexcept:
        self.pc = NAN
        self.total = 0.0
