# Interface of what the broker does when an order changes status: queue its
# snapshot, cancel the rest of its OCO group, free or cancel its bracket.
# These are BackBroker.notify, _ococheck, _bracketize and submit_accept; the
# compiled rounds and the fill call them directly. ``stock`` is
# brokerroute.stock_broker(broker): when False the broker's own methods run.
from backtrader._cy.brokerstate cimport BrokerState

cdef int notice(object broker, BrokerState st, object order, bint stock) except -1
cdef int oco_check(object broker, BrokerState st, object order, bint stock) except -1
cdef int bracket_done(object broker, BrokerState st, object order, bint cancel,
                      bint stock) except -1
cdef int accept(object broker, BrokerState st, object order, bint stock) except -1
