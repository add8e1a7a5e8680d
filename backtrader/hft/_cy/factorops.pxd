# Interface of the factor graph's own transforms and combiners, written as streaming cores
# (microcore.MicroCore: ``push`` in O(1) or O(window), NaN policy, snapshot / restore through
# ``_io``), so that the graph drives them exactly as it drives the microstructure cores.
from libc.stdint cimport int64_t
from backtrader.hft._cy.microcore cimport MicroCore, Ring, Window
from backtrader.hft._cy.microcross cimport ZScoreCore

# what a RollingCore computes from its window's sums
cdef enum:
    R_MEAN = 0
    R_STD = 1               # sample standard deviation (n - 1)
    R_SUM = 2

# what a LagCore gives
cdef enum:
    LAG_VALUE = 0           # the base value (the value ``period`` records / ``span`` ns back)
    LAG_DIFF = 1            # x - base

# combiners
cdef enum:
    C_LINEAR = 0            # sum of w_k * x_k (weights settable at run time)
    C_PRODUCT = 1           # product of the inputs
    C_RATIO = 2             # x_0 / x_1


cdef class RollingCore(ZScoreCore):
    # the z-score core's window and sums, another function of them
    cdef readonly int kind


cdef class EmaCore(MicroCore):
    cdef readonly double alpha      # count form: weight of a new value
    cdef readonly int64_t tau       # time form: decay time constant in ns (0: count form)
    cdef readonly int64_t period    # count form: values before the output is given
    cdef double v                   # the average (NaN before the first value)
    cdef int64_t n                  # values taken
    cdef int64_t first_ts
    cdef int64_t prev_ts


cdef class RankCore(MicroCore):
    cdef Window win
    cdef Ring ring
    cdef int64_t first_ts


cdef class ClipCore(MicroCore):
    cdef readonly double lo, hi


cdef class LagCore(MicroCore):
    cdef readonly int kind
    cdef Window win
    cdef Ring ring                  # the values that may still be a base


cdef class CombineCore(MicroCore):
    cdef readonly int kind
    cdef double* w                  # C_LINEAR: one weight per input
