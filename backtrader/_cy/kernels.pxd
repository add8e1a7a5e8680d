# Interface of the compiled indicator kernels.
#
# A kernel reads one to four input LineBuffers and writes one to three output
# LineBuffers. ``next()`` updates an O(1) incremental state for the current bar
# (next mode, live data); ``once(start, end)`` fills absolute positions of the
# output arrays in one C loop (preloaded "runonce" mode). Both run the same
# per-bar state machine (``_feed``), so their results are identical.
from backtrader._cy.linebuffer cimport LineBuffer


# -- building blocks -------------------------------------------------------

cdef struct Expansion:
    # Exact value of a sum of doubles as non-overlapping partials of increasing
    # magnitude (Shewchuk). Rounded to the nearest double on demand.
    double* p
    Py_ssize_t n
    Py_ssize_t cap
    bint bad                 # intermediate overflow or allocation failure

cdef struct WinSum:
    # Exact sum of the last ``period`` values pushed; NaN and infinities are
    # counted apart, as math.fsum treats them.
    double* ring
    Py_ssize_t period
    Py_ssize_t count         # values pushed since the last clear
    Py_ssize_t nnan
    Py_ssize_t npinf
    Py_ssize_t nninf
    Expansion e

cdef struct WinSumSnap:
    Py_ssize_t count
    Py_ssize_t nnan
    Py_ssize_t npinf
    Py_ssize_t nninf
    double slot              # ring value about to be overwritten
    Expansion e

cdef struct MonoDeque:
    # Highest (sign +1) or lowest (sign -1) of the last ``period`` values,
    # with the result Python's max()/min() give on the same window.
    double* ring             # last ``period`` values, slot = push number % period
    Py_ssize_t* dq           # push numbers of the candidates, ring of ``period``
    Py_ssize_t period
    Py_ssize_t count
    Py_ssize_t head
    Py_ssize_t size
    int sign
    bint newest              # of equal extremes keep the newest (else the oldest)
    Py_ssize_t uslot         # dq slot written by the last push (-1: none)
    Py_ssize_t uold          # its previous content

cdef struct MonoDequeSnap:
    Py_ssize_t count
    Py_ssize_t head
    Py_ssize_t size
    double slot

cdef struct Avg:
    # Moving average with upstream's seeding: kind 0 = simple (fsum / period),
    # kind 1 = exponential smoothing seeded with the simple average of the
    # first ``period`` values, then prev * alpha1 + x * alpha.
    int kind
    Py_ssize_t period
    double alpha
    double alpha1
    double prev
    Py_ssize_t count
    WinSum ws

cdef struct AvgSnap:
    Py_ssize_t count
    double prev
    bint wssaved
    WinSumSnap ws


# building blocks shared with the other kernel modules (*kernels.pyx)
cdef int ws_init(WinSum* w, Py_ssize_t period) except -1
cdef void ws_free(WinSum* w) noexcept nogil
cdef void ws_clear(WinSum* w) noexcept nogil
cdef void ws_push(WinSum* w, double x) noexcept nogil
cdef double ws_sum(WinSum* w) noexcept nogil
cdef int wss_init(WinSumSnap* s) except -1
cdef void ws_save(WinSum* w, WinSumSnap* s) noexcept nogil
cdef void ws_restore(WinSum* w, WinSumSnap* s) noexcept nogil
cdef void exp_free(Expansion* e) noexcept nogil

cdef int md_init(MonoDeque* d, Py_ssize_t period, int sign) except -1
cdef void md_free(MonoDeque* d) noexcept nogil
cdef void md_clear(MonoDeque* d) noexcept nogil
cdef void md_push(MonoDeque* d, double x) noexcept nogil
cdef double md_value(MonoDeque* d) noexcept nogil
cdef Py_ssize_t md_age(MonoDeque* d) noexcept nogil
cdef void md_save(MonoDeque* d, MonoDequeSnap* s) noexcept nogil
cdef void md_restore(MonoDeque* d, MonoDequeSnap* s) noexcept nogil

cdef int avg_init(Avg* a, int kind, Py_ssize_t period, double alpha) except -1
cdef void avg_free(Avg* a) noexcept nogil
cdef void avg_clear(Avg* a) noexcept nogil
cdef void avg_push(Avg* a, double x) noexcept nogil
cdef double avg_value(Avg* a) noexcept nogil
cdef int avgs_init(AvgSnap* s) except -1
cdef void avg_save(Avg* a, AvgSnap* s) noexcept nogil
cdef void avg_restore(Avg* a, AvgSnap* s) noexcept nogil

cdef object _buf(str kname, str arg, object obj, bint optional=*)
cdef Py_ssize_t _int_param(str kname, str arg, object value,
                           Py_ssize_t minimum=*) except? -1
cdef list _in_minperiods(str kname, tuple bufs, object override)
cdef tuple _avg_kind(str kname, object movav, Py_ssize_t period)


# -- kernels ----------------------------------------------------------------

cdef class Kernel:
    cdef public int minperiod          # bar number (1-based) of the first output value
    cdef readonly tuple minperiods     # first bar of each output line
    cdef readonly tuple inputs
    cdef readonly tuple outputs
    cdef LineBuffer i0, i1, i2, i3
    cdef LineBuffer o0, o1, o2
    cdef int nin, nout
    cdef Py_ssize_t mp0, mp1, mp2      # per output line, as in ``minperiods``
    cdef double a3                     # value of the fourth input for ``_feed``
    cdef double v0, v1, v2             # values computed by the last ``_feed``
    cdef Py_ssize_t back               # the values belong to the bar ``back`` bars ago
    cdef Py_ssize_t lastbar            # bar number of the last computed bar
    cdef bint snapped                  # a snapshot of the state before it exists

    cdef void next(self) noexcept
    cdef void once(self, Py_ssize_t start, Py_ssize_t end) noexcept
    cdef void _feed(self, Py_ssize_t bar, double a, double b, double c) noexcept
    cdef void _save(self) noexcept
    cdef void _restore(self) noexcept
    cdef void _clear(self) noexcept
    cdef Py_ssize_t _warmup(self, Py_ssize_t start) noexcept
    cpdef py_next(self)
    cpdef py_once(self, Py_ssize_t start, Py_ssize_t end)
    cpdef reset(self)


cdef class _AvgKernel(Kernel):
    cdef Py_ssize_t period
    cdef Py_ssize_t m0
    cdef Avg avg
    cdef AvgSnap snap
    cdef _init_avg(self, str kname, object src, object out, object period,
                   int kind, double alpha, object inminperiods)

cdef class SMAKernel(_AvgKernel):
    pass

cdef class ExpSmoothingKernel(_AvgKernel):
    pass

cdef class EMAKernel(ExpSmoothingKernel):
    pass

cdef class SMMAKernel(ExpSmoothingKernel):
    pass


cdef class SumNKernel(Kernel):
    cdef Py_ssize_t period
    cdef Py_ssize_t m0
    cdef WinSum ws
    cdef WinSumSnap snap


cdef class WMAKernel(Kernel):
    cdef Py_ssize_t period
    cdef Py_ssize_t m0
    cdef double coef
    cdef WinSum ws             # plain window sum
    cdef Expansion wsum        # weighted window sum (exact)
    cdef WinSumSnap snap
    cdef Expansion wsnap


cdef class _ExtremeKernel(Kernel):
    cdef Py_ssize_t period
    cdef Py_ssize_t m0
    cdef MonoDeque dq
    cdef MonoDequeSnap snap
    cdef _init_extreme(self, str kname, object src, object out, object period,
                       int sign, object inminperiods)

cdef class HighestKernel(_ExtremeKernel):
    pass

cdef class LowestKernel(_ExtremeKernel):
    pass


cdef class StdDevKernel(Kernel):
    cdef Py_ssize_t period
    cdef Py_ssize_t m0
    cdef bint safepow
    cdef bint hasmean
    cdef WinSum sx
    cdef WinSum sx2
    cdef WinSumSnap snapx
    cdef WinSumSnap snapx2


cdef class _CrossKernel(Kernel):
    cdef int mode              # 0 nzd, 1 up, -1 down, 2 crossover
    cdef Py_ssize_t nzdmp
    cdef double prev           # non-zero difference of the previous bar
    cdef double snapprev
    cdef _init_cross(self, str kname, object data0, object data1, object out,
                     int mode, object inminperiods)

cdef class NonZeroDifferenceKernel(_CrossKernel):
    pass

cdef class CrossUpKernel(_CrossKernel):
    pass

cdef class CrossDownKernel(_CrossKernel):
    pass

cdef class CrossOverKernel(_CrossKernel):
    pass


cdef class _DayKernel(Kernel):
    cdef Py_ssize_t period
    cdef Py_ssize_t m0
    cdef int sign              # +1 UpDay, -1 DownDay
    cdef double* ring
    cdef Py_ssize_t count
    cdef Py_ssize_t snapcount
    cdef double snapslot
    cdef _init_day(self, str kname, object src, object out, object period,
                   int sign, object inminperiods)

cdef class UpDayKernel(_DayKernel):
    pass

cdef class DownDayKernel(_DayKernel):
    pass


cdef class RSIKernel(Kernel):
    cdef Py_ssize_t period
    cdef Py_ssize_t lookback
    cdef Py_ssize_t m0
    cdef bint safediv
    cdef double highrs
    cdef double lowrs
    cdef double* ring
    cdef Py_ssize_t count
    cdef Avg up
    cdef Avg down
    cdef Py_ssize_t snapcount
    cdef double snapslot
    cdef AvgSnap snapup
    cdef AvgSnap snapdown


cdef class TrueRangeKernel(Kernel):
    cdef Py_ssize_t mh, ml, mc, trmp
    cdef double pc             # close of the previous bar
    cdef double snappc
    cdef _init_tr(self, str kname, object high, object low, object close,
                  object inminperiods)
    cdef double _tr(self, Py_ssize_t bar, double h, double l, double c) noexcept


cdef class ATRKernel(TrueRangeKernel):
    cdef Py_ssize_t period
    cdef Avg avg
    cdef AvgSnap snap


cdef class StochKKernel(Kernel):
    cdef Py_ssize_t period
    cdef Py_ssize_t mh, ml, mc
    cdef bint safediv
    cdef double safezero
    cdef MonoDeque hi
    cdef MonoDeque lo
    cdef MonoDequeSnap snaphi
    cdef MonoDequeSnap snaplo


cdef class MACDKernel(Kernel):
    cdef Py_ssize_t m0
    cdef Py_ssize_t macdmp
    cdef Py_ssize_t sigmp
    cdef Avg me1
    cdef Avg me2
    cdef Avg sig
    cdef AvgSnap snap1
    cdef AvgSnap snap2
    cdef AvgSnap snap3


cdef void _bind(Kernel k, tuple ins, tuple outs, tuple mps)
