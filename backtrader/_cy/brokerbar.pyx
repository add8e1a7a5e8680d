# cython: language_level=3
"""One bar of the backtesting broker: ``BackBroker.next``.

In order: bracket children waiting for activation are activated, the orders
submitted since the last bar are checked (``check_submitted``), interest is
charged (``interest``), the order history and the pending orders are
processed when there are any, and the positions are settled and valued
(``settlement``). The common bar (nothing submitted, nothing pending, stock
schemes) calls no Python method.
"""
from backtrader._cy.brokerstate cimport BrokerState, state_of
from backtrader._cy.interest cimport charge_interest_step
from backtrader._cy.settlement cimport settle_and_value_step


cpdef int broker_bar(object broker) except -1:
    """``BackBroker.next``: one bar of the broker."""
    cdef BrokerState st = state_of(broker)
    if st is None:
        toactivate, submitted = broker._toactivate, broker.submitted
        userhist, pending = broker._userhist, broker.pending
    else:
        toactivate, submitted = st._toactivate, st.submitted
        userhist, pending = st._userhist, st.pending
    while toactivate:
        toactivate.popleft().activate()
    if submitted and broker.p.checksubmit:
        broker.check_submitted()
    charge_interest_step(broker)
    if userhist:
        broker._process_order_history()
    if pending:
        broker._process_pending()
    settle_and_value_step(broker)
    return 0
