# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
# distutils: extra_compile_args = -ffp-contract=off
"""Demark's pivot of a bar: one stateless step per bar over open, high, low
and close.

The weighted price ``x`` is ``h + 2l + c`` on a bar that closed below its
open, ``h + l + 2c`` on one that closed above it, and ``2h + l + c``
otherwise (a close equal to the open, or a NaN): upstream's choice of
levels. Its lines are ``p = x / 4``, ``s1 = x / 2 - h`` and ``r1 = x / 2 - l``.

Upstream's comparison step gives, bar by bar (next mode), the sign of
``close - open`` instead of the chosen level: the kernel does the same when
it is stepped bar by bar, so that both run modes keep upstream's values.
"""
from backtrader._cy.kernels cimport Kernel, _bind, _buf, _in_minperiods


cdef class DemarkPivotKernel(Kernel):
    """``DemarkPivotKernel(high, low, close, open, p, s1, r1,
    inminperiods=None)``; minperiod = max(input minperiods)."""

    def __init__(self, high, low, close, open, p, s1, r1, inminperiods=None):
        kname = 'DemarkPivotKernel'
        for arg, buf in (('high', high), ('low', low), ('close', close),
                         ('open', open), ('p', p), ('s1', s1), ('r1', r1)):
            _buf(kname, arg, buf)
        m0 = max(_in_minperiods(kname, (high, low, close, open), inminperiods))
        _bind(self, (high, low, close, open), (p, s1, r1), (m0, m0, m0))

    cdef void next(self) noexcept:
        self.stepwise = True
        Kernel.next(self)

    cdef void once(self, Py_ssize_t start, Py_ssize_t end) noexcept:
        self.stepwise = False
        Kernel.once(self, start, end)

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        # a: high, b: low, c: close, a3: open
        cdef double o = self.a3, x
        if self.stepwise:
            x = <double>((c > o) - (c < o))
        elif c < o:
            x = (a + 2.0 * b) + c
        elif c > o:
            x = (a + b) + 2.0 * c
        else:
            x = (2.0 * a + b) + c
        self.v0 = x / 4.0
        self.v1 = x / 2.0 - a
        self.v2 = x / 2.0 - b

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start
