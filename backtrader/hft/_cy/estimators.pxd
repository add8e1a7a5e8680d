# Interface of the online estimators of the market-making strategies (backtrader/hft/estimators.py
# is their public face): the volatility of a mid price sampled on a time grid, the order-arrival
# intensity lambda(delta) = A * exp(-k * delta) fitted from how far trades reach beyond the mid,
# a cursor that hands an event file's trades to the latter, and the two streaming cores
# (microcore.pxd) that run them as indicators on an order-book feed's bid / ask lines.
from libc.stdint cimport int64_t, int32_t, uint64_t
from backtrader.hft._cy.book cimport L2Event
from backtrader.hft._cy.microcore cimport MicroCore, StateIO
from backtrader.hft._cy.pagerelease cimport PageRelease


cdef class MidVolatility:
    cdef readonly int64_t interval      # sampling grid step, ns
    cdef readonly int64_t window        # window, ns (a whole number of intervals or more)
    cdef readonly Py_ssize_t size       # samples in a full window
    cdef readonly int64_t nsamples      # samples taken so far
    cdef double* ring                   # the last ``size`` sampled changes
    cdef Py_ssize_t head                # slot of the next change
    cdef Py_ssize_t count               # changes held (<= size)
    cdef double s1, s2                  # sum and sum of squares of the held changes
    cdef int64_t grid                   # next grid time (NO_TS before the first update)
    cdef double last                    # newest mid seen
    cdef double prev                    # the previous sample
    cdef void _push(self, double dm) noexcept
    cdef void _sample(self, double value) noexcept
    cpdef void update(self, int64_t t, double mid)
    cpdef double variance(self)          # of the mid per second; NaN with fewer than 2 changes
    cdef void clear(self) noexcept       # forget every sample (as freshly built)
    cdef int _io(self, StateIO io) except -1


cdef class ArrivalIntensity:
    cdef readonly int64_t interval      # step of the arrival clock, ns
    cdef readonly int64_t window        # fitting window, ns
    cdef readonly int64_t refit         # time between fits, ns
    cdef readonly double bin            # depth grid step, ticks
    cdef readonly int nbins             # depths fitted: bin, 2 bin, ..., nbins * bin
    cdef readonly bint per_step         # one arrival per step (its deepest trade) or every trade
    cdef readonly double A, k           # the last accepted fit (NaN before)
    cdef readonly int64_t fits, rejected
    cdef readonly int64_t arrivals      # arrivals held in the window
    cdef int64_t* ts                    # ring of arrivals: time and bins reached
    cdef int32_t* reach
    cdef Py_ssize_t cap, head, n
    cdef int64_t* hist                  # hist[m]: held arrivals that reached exactly m bins
    cdef int64_t first                  # time of the first step (NO_TS before)
    cdef int64_t next_fit
    cdef double prior                   # mid of the previous step, ticks (NaN before)
    cdef double deepest                 # deepest trade of the current step (per_step)
    cdef int _grow(self) except -1
    cdef int _add(self, int64_t t, double depth) except -1
    cdef int trade_c(self, int64_t t, int side, double px) except -1
    cdef int step_c(self, int64_t t, double mid) except -1
    cdef void _expire(self, int64_t t) noexcept
    cdef void _fit(self) noexcept
    cdef void clear(self) noexcept       # forget every arrival and fit (as freshly built)
    cdef int _io(self, StateIO io) except -1


cdef class TradeCursor:
    cdef object records                 # keeps the buffer alive
    cdef const L2Event* ev
    cdef Py_ssize_t n, i
    cdef uint64_t flag                  # LOCAL_EVENT or EXCH_EVENT
    cdef bint local
    cdef double inv_tick
    cdef PageRelease pages
    cpdef int feed(self, ArrivalIntensity est, int64_t until) except -1
    cdef void rewind(self) noexcept      # back to the first record


# The cores: input record (bid, ask) in price units, the mid taken in ticks as the strategies
# take it (each side rounded to the grid); a record with a side missing (NaN) is PUSH_BAD.
cdef class VolatilityCore(MicroCore):
    # outputs: sigma2 (ticks^2 per second), sigma (ticks per sqrt(second)), ready (1.0 / 0.0)
    cdef readonly MidVolatility est
    cdef double inv_tick


cdef class IntensityCore(MicroCore):
    # outputs: A (per second), k (per tick), ready (1.0 / 0.0); the trades up to each record's
    # stamp come from the cursor
    cdef readonly ArrivalIntensity est
    cdef readonly TradeCursor cursor
    cdef double inv_tick
