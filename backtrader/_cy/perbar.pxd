# Interface of the compiled per-bar steps of analyzers and observers.
#
# A Step is one call the clock makes on every bar: a user's Python hook
# (PyStep) or the compiled twin of a standard hook (same effect on the same
# attributes, without entering Python).
from libc.stdint cimport int64_t
from backtrader._cy.linebuffer cimport LineBuffer

cdef enum:                      # broker values a fund step reads
    NEED_CASH = 1
    NEED_VALUE = 2
    NEED_FUNDVALUE = 4
    NEED_SHARES = 8


cdef class Step:
    """One per-bar call: ``step()`` for next-like hooks, ``fund()`` for the
    cash/value notifications (only the broker values in ``needs`` are given,
    the others are None)."""
    cdef readonly int needs
    cdef int step(self) except -1
    cdef int fund(self, object cash, object value, object fundvalue,
                  object shares) except -1


cdef class PyStep(Step):
    cdef object fn
    cdef int nargs              # 0: fn(), 2: fn(cash, value), 4: fn(all four)


cdef class FundFanout:
    """The per-bar ``notify_cashvalue``/``notify_fund`` calls, in order."""
    cdef readonly list steps
    cdef int needs
    cpdef notify(self, object broker)


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


# -- compiled twins of standard hooks (each mirrors one Python method) -----

cdef class DrawDownFund(Step):       # analyzers.DrawDown.notify_fund
    cdef dict attrs
    cdef bint fundmode


cdef class DrawDownNext(Step):       # analyzers.DrawDown.next
    cdef dict attrs
    cdef object rets                # None: results of another layout
    cdef object top                 # rets['max']
    cdef object pynext              # the Python method, for non-float values


cdef class TimeReturnFund(Step):     # analyzers.TimeReturn.notify_fund
    cdef dict attrs
    cdef object tracked             # the ``data`` param
    cdef bint fundmode


cdef class TimeReturnOver(Step):     # analyzers.TimeReturn.on_dt_over
    cdef dict attrs
    cdef object tracked
    cdef object pyover


cdef class TimeReturnNext(Step):     # analyzers.TimeReturn.next
    cdef dict attrs
    cdef object rets
    cdef bint plain                 # rets keeps dict's item access
    cdef object pynext


cdef class ReturnsOver(Step):        # analyzers.Returns.on_dt_over
    cdef dict attrs


cdef class BrokerLines(Step):        # observers Broker/Cash/Value/FundValue.next
    cdef object broker
    cdef LineBuffer value           # value (or fund value) line, or None
    cdef LineBuffer cash            # cash line, or None
    cdef bint fundmode


cdef class DrawDownLines(Step):      # observers.DrawDown.next
    cdef object rets                # the driven analyzer's results
    cdef object top
    cdef bint plain
    cdef LineBuffer drawdown
    cdef LineBuffer maxdrawdown
