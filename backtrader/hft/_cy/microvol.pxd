# Interface of the sampled-price cores of bt.hft.indicators (see microcore.pxd for the contract).
#
# Input record: one price. A _SampledCore turns records into samples: every record (``interval``
# 0) or, on a grid of ``interval`` ns, the last price at or before each grid time (a grid sample is
# taken when the first record after its time arrives). Subclasses see the samples in ``_sample``
# and the passing of time in ``_tick``.
from libc.stdint cimport int64_t
from backtrader.hft._cy.microcore cimport MicroCore, Ring, Window, DD, StateIO


cdef class _SampledCore(MicroCore):
    cdef readonly int64_t interval  # grid step in ns (0: every record is a sample)
    cdef int64_t grid               # next grid time (NO_TS before the first record)
    cdef double lastp               # last price seen
    cdef double prevs               # previous sample (NaN before the first)
    cdef bint positive              # prices must be > 0 (log returns)
    cdef int _init_sampled(self, str owner, object interval, bint positive) except -1
    cdef void _sample(self, int64_t ts, double p) noexcept
    cdef void _tick(self, int64_t now) noexcept
    cdef int _sampled_io(self, StateIO io) except -1
    cdef void _clear_sampler(self) noexcept


cdef class _WindowedCore(_SampledCore):
    # a window of one value per sample (first sample excluded) and its sum
    cdef Window win
    cdef Ring ring
    cdef DD sum
    cdef int64_t first_ts
    cdef void _add(self, int64_t ts, double v) noexcept
    cdef bint _ready(self, int64_t now) noexcept
    cdef int _init_window(self, str owner, period, span) except -1


cdef class RealizedVolCore(_WindowedCore):
    cdef double factor              # variance scale (annualisation), 1.0 when not annualised


cdef class TickMomentumCore(_WindowedCore):
    pass


cdef class MicroVolCore(_SampledCore):
    cdef readonly double alpha
    cdef double scale               # variance scale (per second), 1.0 when not scaled
    cdef double var                 # EWMA of squared changes (NaN before the first)
