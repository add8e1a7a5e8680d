# Interface of the compiled twins of standard per-bar hooks: each is the
# Step the clock runs in place of one Python method (named beside it).
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.steps cimport Step


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
