# Interface of the period bookkeeping of time-frame analyzers.
from libc.stdint cimport int64_t
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.steps cimport Step


cdef class PeriodClock:
    """``TimeFrameAnalyzerBase._dt_over``: whether the strategy clock entered a
    new period; moves the owner's ``dtcmp``/``dtkey``/``dtcmp1``/``dtkey1``."""
    cdef object owner
    cdef dict attrs             # owner.__dict__
    cdef LineBuffer line        # the strategy's datetime line
    cdef int mode
    cdef int timeframe
    cdef int64_t unit           # sub-day slots: nanoseconds of one unit
    cdef int64_t width          # ... and of one slot (unit x compression)
    cdef int64_t limit          # fast modes: first nanosecond after the period
    cpdef bint over(self) except -1
    cdef bint _move(self, object cmp, object key, bint compare) except -1
    cdef object _slot(self, int64_t ns)
    cdef tuple _calendar(self, int64_t ns)


cdef class PeriodStep(Step):
    """``TimeFrameAnalyzerBase._next`` (and ``_prenext``/``_nextstart``) of one
    analyzer, its children excluded."""
    cdef PeriodClock clock
    cdef Step on_over           # on_dt_over (None: nothing to run)
    cdef Step user              # next / prenext / nextstart (None: nothing)
    cdef bint force             # open the period even if the clock says no
