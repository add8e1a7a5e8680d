# Interface of the tick-to-bar aggregation kernel (volume, tick-count and dollar bars).
from libc.stdint cimport int64_t

# what a bar's threshold measures
cdef enum:
    BAR_TICKS = 0      # number of ticks
    BAR_VOLUME = 1     # sum of sizes
    BAR_VALUE = 2      # sum of price * size (dollar bars)


cdef struct OpenBar:
    int64_t last_ns        # stamp of the newest tick in the bar
    double open, high, low, close
    double volume          # sum of sizes
    double notional        # sum of price * size (numerator of the vwap)
    double measure         # what the threshold is compared with
    int64_t nticks         # ticks in the bar (0: no bar open)


cdef class BarAggregator:
    cdef readonly int kind              # BAR_TICKS, BAR_VOLUME or BAR_VALUE
    cdef readonly double threshold      # a bar closes once its measure reaches this
    cdef readonly int64_t bars_closed   # bars completed so far
    cdef OpenBar bar                    # the bar being built

    cdef bint add(self, int64_t ns, double price, double size) noexcept
    cdef void restart(self) noexcept
