# Interface of the clock's test for an idle broker bar: a bar of BackBroker that would change
# nothing (no orders anywhere, no open position, the same inputs as the last bar run) is skipped.
from backtrader._cy.brokerstate cimport BrokerState

cdef class IdleBar:
    cdef object broker
    cdef bint armed             # the last bar run left a flat book valued in C
    cdef unsigned long long version     # settings version after that bar
    # inputs and outputs of that bar (compared by identity)
    cdef object cash, fundshares
    cdef object value, fundval, valuemkt, valuelever, valuemktlever, leverage, unrealized

    cdef bint idle(self) except -1
    cdef int record(self) except -1
    cdef object notifs(self)
