# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
# distutils: extra_compile_args = -ffp-contract=off
"""Wilder's Parabolic SAR as one O(1) state machine per bar.

Bar 1 only records the bar. Bar 2 sets the first trend against the direction
of the first close-to-close move (falling after a rise or a flat close,
rising after a fall), with the SAR at the bar's midpoint and the extreme
point at the previous bar's low (high). Every bar from then on: a SAR inside
the bar reverses the trend (the SAR jumps to the extreme point, ``af`` starts
over); the value shown is the SAR; a new extreme raises ``af`` by ``step`` up
to ``afmax``; the next SAR moves ``af`` of the way to the extreme point and is
kept out of the range of this bar and the previous one. ``min``/``max`` follow
Python's rules (the first argument unless the second is strictly beyond it).
Values before the minimum period are computed and not shown.
"""
from libc.math cimport NAN

from backtrader._cy.kernels cimport Kernel, _bind, _buf, _in_minperiods, _int_param


cdef inline double _pymin(double a, double b) noexcept nogil:
    return b if b < a else a


cdef inline double _pymax(double a, double b) noexcept nogil:
    return b if b > a else a


cdef class PSARKernel(Kernel):
    """``PSARKernel(high, low, close, out, period=2, af=0.02, afmax=0.2,
    inminperiods=None)``; minperiod = input minperiod + period - 1."""

    def __init__(self, high, low, close, out, period=2, af=0.02, afmax=0.2,
                 inminperiods=None):
        kname = 'PSARKernel'
        for arg, buf in (('high', high), ('low', low), ('close', close), ('out', out)):
            _buf(kname, arg, buf)
        p = _int_param(kname, 'period', period)
        self.step = af
        self.afmax = afmax
        m0 = max(_in_minperiods(kname, (high, low, close), inminperiods))
        self._clear()
        _bind(self, (high, low, close), (out,), (m0 + p - 1,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef SarState* s = &self.st
        cdef double sar, ep, af
        cdef bint rising
        if bar == 1:
            s.started = False
        elif bar >= 2:
            if not s.started:
                s.started = True
                s.rising = not (c >= s.pc)
                s.sar = (a + b) / 2.0
                s.ep = s.ph if s.rising else s.pl
                s.af = self.step
            rising, sar = s.rising, s.sar
            if (sar >= b) if rising else (sar <= a):
                rising = not rising
                sar = s.ep
                ep = a if rising else b
                af = self.step
            else:
                ep, af = s.ep, s.af
            self.v0 = sar
            if (a > ep) if rising else (b < ep):
                ep = a if rising else b
                af = _pymin(af + self.step, self.afmax)
            sar = sar + af * (ep - sar)
            if rising:
                if sar > b or sar > s.pl:
                    sar = _pymin(b, s.pl)
            else:
                if sar < a or sar < s.ph:
                    sar = _pymax(a, s.ph)
            s.rising, s.sar, s.ep, s.af = rising, sar, ep, af
        s.ph, s.pl, s.pc = a, b, c

    cdef void _save(self) noexcept:
        self.snap = self.st

    cdef void _restore(self) noexcept:
        self.st = self.snap

    cdef void _clear(self) noexcept:
        self.st.started = False
        self.st.ph = self.st.pl = self.st.pc = NAN
        self.v0 = NAN
