# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
"""Running sum from ``seed``: ``seed + x`` on the first bar, then ``prev + x``
(upstream Accum / CumSum / CumulativeSum, the same additions in the same order)."""
from backtrader._cy.kernels cimport Kernel, _bind, _buf, _in_minperiods


cdef class AccumKernel(Kernel):
    """``AccumKernel(src, out, seed=0.0, inminperiods=None)``; minperiod = src
    minperiod."""

    def __init__(self, src, out, seed=0.0, inminperiods=None):
        kname = 'AccumKernel'
        _buf(kname, 'src', src)
        _buf(kname, 'out', out)
        try:
            self.seed = float(seed)
        except (TypeError, ValueError):
            raise TypeError("%s: parameter 'seed' must be a number, got %r"
                            % (kname, seed)) from None
        self.m0 = _in_minperiods(kname, (src,), inminperiods)[0]
        self.total = self.seed
        _bind(self, (src,), (out,), (self.m0,))

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        if bar >= self.m0:
            self.total = self.total + a
            self.v0 = self.total

    cdef void _save(self) noexcept:
        self.snaptotal = self.total

    cdef void _restore(self) noexcept:
        self.total = self.snaptotal

    cdef void _clear(self) noexcept:
        self.total = self.seed
