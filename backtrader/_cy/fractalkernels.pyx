# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
# cython: initializedcheck=False, auto_pickle=False
# distutils: extra_compile_args = -ffp-contract=off
"""Bill Williams' fractals as an O(1) (amortized) step per bar.

Over the last ``period`` highs (lows) the highest (lowest) value, the oldest
of equal ones as Python's ``max``/``min`` and ``list.index`` find it, comes
from a monotonic deque. When it sits ``shift`` places from the oldest value
of the window, the bar two bars back is marked with ``high * (1 + bardist)``
(``low * (1 - bardist)``); other bars keep NaN.
"""
from libc.math cimport NAN

from backtrader._cy.kernels cimport (Kernel, _bind, _buf, _in_minperiods,
                                      _int_param, md_age, md_clear, md_free,
                                      md_init, md_push, md_restore, md_save,
                                      md_value)


cdef class FractalKernel(Kernel):
    """``FractalKernel(high, low, bearish, bullish, period, bardist, shift,
    inminperiods=None)``; minperiod = max(input minperiods) + period - 1,
    values written two bars back."""

    def __dealloc__(self):
        md_free(&self.hi)
        md_free(&self.lo)

    def __init__(self, high, low, bearish, bullish, period, bardist, shift,
                 inminperiods=None):
        kname = 'FractalKernel'
        for arg, buf in (('high', high), ('low', low), ('bearish', bearish),
                         ('bullish', bullish)):
            _buf(kname, arg, buf)
        self.period = _int_param(kname, 'period', period)
        self.shift = _int_param(kname, 'shift_to_potential_fractal', shift, 0)
        try:
            dist = float(bardist)
        except (TypeError, ValueError):
            raise TypeError("%s: parameter 'bardist' must be a number, got %r"
                            % (kname, bardist)) from None
        self.up = 1.0 + dist
        self.down = 1.0 - dist
        md_init(&self.hi, self.period, 1)
        md_init(&self.lo, self.period, -1)
        self.m0 = max(_in_minperiods(kname, (high, low), inminperiods))
        self.back = 2                 # the mark is for the bar two bars back
        mp = self.m0 + self.period - 1
        _bind(self, (high, low), (bearish, bullish), (mp, mp))

    cdef double _mark(self, MonoDeque* d, double factor) noexcept:
        """The mark of the window's extreme, NaN when it is not at ``shift``."""
        if self.period - 1 - md_age(d) == self.shift:
            return md_value(d) * factor
        return NAN

    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept:
        if bar < self.m0:
            return
        md_push(&self.hi, a)
        md_push(&self.lo, b)
        if self.hi.count >= self.period:
            self.v0 = self._mark(&self.hi, self.up)
            self.v1 = self._mark(&self.lo, self.down)

    cdef void _save(self) noexcept:
        md_save(&self.hi, &self.snaphi)
        md_save(&self.lo, &self.snaplo)

    cdef void _restore(self) noexcept:
        md_restore(&self.hi, &self.snaphi)
        md_restore(&self.lo, &self.snaplo)

    cdef void _clear(self) noexcept:
        md_clear(&self.hi)
        md_clear(&self.lo)

    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept:
        return start - self.period + 1
