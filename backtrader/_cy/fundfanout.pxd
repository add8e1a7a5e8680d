# Interface of the per-bar cash/value notifications of a strategy.
from backtrader._cy.steps cimport Step


cdef class FundFanout:
    """The per-bar ``notify_cashvalue``/``notify_fund`` calls, in order."""
    cdef readonly list steps
    cdef int needs              # union of the steps' NEED_ flags
    cpdef notify(self, object broker)
