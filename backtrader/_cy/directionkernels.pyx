# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
# distutils: extra_compile_args = -ffp-contract=off
"""Wilder's directional move of one side, the input of +DI / -DI / ADX.

``up = high - high(-1)`` and ``down = low(-1) - low``; the move of the up side
is ``up`` when ``up > down`` and ``up > 0``, else 0 (the down side mirrors it).
Comparisons with NaN are false, so a missing bar gives 0 as upstream's
``If(And(...))`` composition does.
"""
from libc.math cimport NAN

from backtrader._cy.kernels cimport Kernel, _bind, _buf, _in_minperiods


cdef class DirectionalMoveKernel(Kernel):
    """``DirectionalMoveKernel(high, low, out, side, inminperiods=None)``:
    ``side`` +1 for +DM, -1 for -DM; minperiod = max(input minperiods) + 1."""

    def __init__(self, high, low, out, side, inminperiods=None):
        kname = 'DirectionalMoveKernel'
        _buf(kname, 'high', high)
        _buf(kname, 'low', low)
        _buf(kname, 'out', out)
        if side not in (1, -1):
            raise ValueError("%s: parameter 'side' must be 1 or -1, got %r" % (kname, side))
        self.side = side
        self.m0 = max(_in_minperiods(kname, (high, low), inminperiods))
        self.ph = self.pl = NAN
        _bind(self, (high, low), (out,), (self.m0 + 1,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        cdef double up, down, mine, other
        if bar < self.m0:
            return
        if bar > self.m0:
            up = a - self.ph
            down = self.pl - b
            if self.side > 0:
                mine, other = up, down
            else:
                mine, other = down, up
            self.v0 = mine if (mine > other and mine > 0.0) else 0.0
        self.ph = a
        self.pl = b

    cdef void _save(self) noexcept:
        self.snapph = self.ph
        self.snappl = self.pl

    cdef void _restore(self) noexcept:
        self.ph = self.snapph
        self.pl = self.snappl

    cdef void _clear(self) noexcept:
        self.ph = self.pl = NAN

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start - 1
