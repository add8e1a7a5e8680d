# Interface of the compiled clock: per-bar stepping of strategies, indicators
# and observers from "plans" built once by the Python layer.
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.kernels cimport Kernel
from backtrader._cy.fundfanout cimport FundFanout
from backtrader._cy.steps cimport Step


cdef class IterPlan:
    """How to step one indicator / lazy line / observer without Python."""
    cdef public int kind            # KIND_* constants
    cdef public object obj
    cdef public LineBuffer clock    # line 0 of the object's clock
    cdef public list lines          # the object's own LineBuffers
    cdef public Kernel kernel
    cdef public Py_ssize_t minperiod
    cdef public list idle_without   # lists that must hold something for next to run
    cdef public bint pyadvance      # once mode: the object's own Python advance()
    cdef public list children       # composite indicators: plans of their children
    cdef public Step step           # observers: compiled twin of next (None: Python)
    cdef public list an_next        # observers: steps of the analyzers they drive
    cdef public list an_nextstart
    cdef public list an_prenext
    cdef public bint rerun          # kernels: compute a bar again when it is replayed


cdef class StrategyPlan:
    """Everything the per-bar step of one strategy needs, resolved once."""
    cdef public object strat
    cdef public list inds           # IterPlan of the strategy's indicators
    cdef public list observers      # IterPlan of the strategy's observers
    cdef public list stlines        # the strategy's own LineBuffers
    cdef public LineBuffer stdt     # the strategy's datetime line
    cdef public list dlines         # line 0 of each data (their lengths)
    cdef public list ddt            # datetime line of each data
    cdef public list minperiods     # minimum period per data
    cdef Py_ssize_t* dlens          # data lengths seen at the previous step
    cdef Py_ssize_t ndatas
    cdef public bint custom_notify  # the strategy overrides _notify
    cdef public bint quick          # cerebro's quicknotify
    cdef public bint oldsync
    cdef FundFanout funds           # the cash/value notifications of every bar
    cdef list an_next               # analyzer steps by minimum-period status
    cdef list an_nextstart
    cdef list an_prenext
    cdef list orderspending         # the strategy's lists, emptied in place
    cdef list tradespending
    cdef Py_ssize_t laststatus      # the _minperstatus last stored in strat
    cdef bint status_known          # False until the first store
