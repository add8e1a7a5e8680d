# cython: language_level=3
"""The per-bar cash/value notifications: the broker values are read once
per bar, only those some step needs, and handed to every step."""
from backtrader._cy.steps cimport (Step, NEED_CASH, NEED_VALUE, NEED_FUNDVALUE,
                                   NEED_SHARES)


cdef class FundFanout:
    """Reads the broker values the steps need (in upstream's order: cash,
    value, fund value, fund shares) and hands them to every step."""

    def __init__(self, steps):
        self.steps = list(steps)
        self.needs = 0
        cdef Step s
        for s in self.steps:
            self.needs |= s.needs

    cpdef notify(self, object broker):
        if not self.steps:
            return
        cdef int needs = self.needs
        cash = broker.getcash() if needs & NEED_CASH else None
        value = broker.getvalue() if needs & NEED_VALUE else None
        fundvalue = broker.fundvalue if needs & NEED_FUNDVALUE else None
        shares = broker.fundshares if needs & NEED_SHARES else None
        cdef Step s
        for s in self.steps:
            s.fund(cash, value, fundvalue, shares)
