# Interface of the compiled resampling state machine (see resample.pyx).
from libc.stdint cimport int64_t


cdef struct Forming:
    double open, high, low, close, volume, oi
    double num          # the stamp as a day number
    int64_t ns          # the stamp's exact nanoseconds when `exact`
    bint exact


cdef class TimeBars:
    cdef readonly int timeframe     # TimeFrame.Seconds, Minutes or Days
    cdef readonly int compression
    cdef readonly bint adjust       # stamp bars with their block's edge / session end
    cdef readonly bint rightedge
    cdef readonly bint takelate
    cdef readonly int64_t boundoff  # shift of the blocks, in target units
    cdef readonly int64_t sessionend_ns   # the session end's time of day
    cdef readonly Py_ssize_t bars_made
    cdef int64_t unit_ns            # one target unit (intraday)
    cdef bint intraday
    cdef Forming bar
    cdef Forming done               # the bar completed by the last step
    cdef int64_t bar_point          # _point of the forming bar's stamp, when bar_point_ok
    cdef bint bar_point_ok
    # the coming session end, and the one reached last
    cdef bint eos_set
    cdef int64_t eos_ns
    cdef double eos_num
    cdef bint has_last_eos
    cdef double last_eos_num
    # the bar delivered last (what the data shows before the next input)
    cdef bint delivered
    cdef int64_t last_ns
    cdef double last_num
    cdef int64_t ncounted

    cdef void _clear(self) noexcept
    cdef void _fold(self, double o, double h, double l, double c, double v, double oi,
                    double num, int64_t ns) noexcept
    cdef void _set_eos(self, double num) noexcept
    cdef bint _eos_reached(self, double now, bint exact) noexcept
    cdef int64_t _point(self, double num, int64_t* rest) noexcept
    cdef bint _passed(self, double now, int64_t theirs) noexcept
    cdef double _edge_num(self) noexcept
    cdef void _deliver(self) noexcept
    cdef void _write(self, int64_t* ot, double** dst, Py_ssize_t k) noexcept
    cdef bint _step(self, int64_t ns, double o, double h, double l, double c, double v,
                    double oi) noexcept
