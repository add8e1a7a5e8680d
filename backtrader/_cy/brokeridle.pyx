# cython: language_level=3
"""Whether a bar of the backtesting broker would change nothing, so the clock may skip it.

The bar (``brokerbar.broker_bar``) activates, checks and processes orders, charges interest on
open positions, settles them and values the portfolio. With no order in any queue and no open
position, what it computes depends only on the cash, the fund shares, the pending cash additions,
the fund history and the watched settings (``watched.settings_version``); and the compiled
valuation leaves a figure equal to the stored one in place. So when none of these changed since
the last bar that ran, that bar left every output as it is, and the next one would too.

:class:`IdleBar` remembers, after each bar run, the objects read and written (compared by
identity: ``set_cash`` or a cash addition makes new ones) and whether the bar was of that kind
(flat book, compiled route, plain figures); :meth:`IdleBar.idle` then answers for the next bar.
"""
from cpython.dict cimport PyDict_Next, PyDict_Size
from cpython.list cimport PyList_GET_SIZE
from cpython.object cimport PyObject

from backtrader._cy.brokerstate cimport BrokerState, state_of
from backtrader._cy.brokerroute cimport Route, route_of
from backtrader._cy.plainnum cimport plain
from backtrader._cy.position cimport Position
from backtrader._cy.watched cimport settings_version

from collections import deque as _deque


cdef bint _flat(object positions) except -1:
    """Every position in ``positions`` (a dict) is a stock Position of size zero."""
    if not isinstance(positions, dict):
        return False
    cdef Py_ssize_t i = 0
    cdef PyObject* key
    cdef PyObject* value
    while PyDict_Next(positions, &i, &key, &value):
        if type(<object>value) is not Position:
            return False
        size = (<Position><object>value).size
        if type(size) is int:
            if size != 0:
                return False
        elif type(size) is float:
            if size != 0.0:
                return False
        else:
            return False
    return True


cdef inline bint _empty(object x) except -1:
    """``not x`` (lists, deques and dicts read without a call)."""
    if type(x) is list:
        return PyList_GET_SIZE(x) == 0
    if type(x) is _deque:
        return len(x) == 0
    if type(x) is dict:
        return PyDict_Size(x) == 0
    return not x


cdef inline bint _quiet_queues(BrokerState st) except -1:
    """No order waiting anywhere, no cash addition, no fund history."""
    return (_empty(st._toactivate) and _empty(st.submitted) and _empty(st._userhist)
            and _empty(st.pending) and _empty(st._cash_addition) and _empty(st._fundhist))


cdef class IdleBar:
    """The idle test of one broker (a BackBroker whose ``next`` the clock runs directly)."""

    def __init__(self, broker):
        self.broker = broker
        self.armed = False

    cdef bint idle(self) except -1:
        """Whether the next bar would change nothing (see the module docstring)."""
        if not self.armed:
            return False
        cdef BrokerState st = state_of(self.broker)
        if st is None:
            return False
        if not (st.cash is self.cash and st._fundshares is self.fundshares
                and st._value is self.value and st._fundval is self.fundval
                and st._valuemkt is self.valuemkt and st._valuelever is self.valuelever
                and st._valuemktlever is self.valuemktlever and st._leverage is self.leverage
                and st._unrealized is self.unrealized):
            return False
        if settings_version() != self.version or not _quiet_queues(st):
            return False
        return _flat(st.positions)

    cdef int record(self) except -1:
        """After a bar ran: remember its inputs and outputs, and whether it was of the kind
        whose repetition changes nothing."""
        cdef BrokerState st = state_of(self.broker)
        cdef Route route
        self.armed = False
        if st is None or not _quiet_queues(st) or not _flat(st.positions):
            return 0
        if not (plain(st.cash) and type(st._fundshares) is float):
            return 0
        route = route_of(self.broker)
        if not route.bar:
            return 0
        self.cash, self.fundshares = st.cash, st._fundshares
        self.value, self.fundval = st._value, st._fundval
        self.valuemkt, self.valuelever = st._valuemkt, st._valuelever
        self.valuemktlever, self.leverage = st._valuemktlever, st._leverage
        self.unrealized = st._unrealized
        self.version = settings_version()
        self.armed = True
        return 0

    cdef object notifs(self):
        """The broker's queue of notifications (``broker.notifs``)."""
        cdef BrokerState st = state_of(self.broker)
        return st.notifs if st is not None else self.broker.notifs
