# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
"""True high ``max(high, close(-1))`` and true low ``min(low, close(-1))``, with
Python's ``max``/``min`` rules (the bar's own value unless the previous close
is strictly beyond it); the previous close is kept as TrueRange keeps it."""
from backtrader._cy.kernels cimport TrueRangeKernel, _bind


cdef class TrueExtremeKernel(TrueRangeKernel):
    """``TrueExtremeKernel(high, low, close, out, sign, inminperiods=None)``:
    ``sign`` +1 true high, -1 true low; minperiod = max(high (low) minperiod,
    close minperiod + 1)."""

    def __init__(self, high, low, close, out, sign, inminperiods=None):
        kname = 'TrueExtremeKernel'
        if sign not in (1, -1):
            raise ValueError("%s: parameter 'sign' must be 1 or -1, got %r" % (kname, sign))
        self.sign = sign
        self._init_tr(kname, high, low, close, inminperiods)
        mine = self.mh if sign > 0 else self.ml
        _bind(self, (high, low, close), (out,), (max(mine, self.mc + 1),))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        if bar >= self.mp0:
            if self.sign > 0:
                self.v0 = self.pc if self.pc > a else a
            else:
                self.v0 = self.pc if self.pc < b else b
        if bar >= self.mc:
            self.pc = c
