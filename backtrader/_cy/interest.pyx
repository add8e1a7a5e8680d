# cython: language_level=3
"""Interest on the open positions, once per bar (part of ``BackBroker.next``).

Per open position the scheme's ``get_credit_interest(data, pos, now)`` is
added to ``broker.d_credit[data]`` and to the bar's total, the position's
``datetime`` becomes the bar's time, and the total leaves the cash.

The compiled path covers the bar on which every open position has a stock
scheme that is sure to charge nothing (a long without ``interest_long``, or
a zero rate on finite figures): only the bookkeeping is done, adding and
subtracting nothing (a +-0.0 changes no float here: the total starts at +0.0
and so do the ``d_credit`` entries), and the position's ``datetime`` is
stamped lazily (the day number and time zone of the data's datetime line are
kept in ``pos._dtnum`` / ``pos._dttz``; the ``Position.datetime`` property
converts them when read). Any other bar, and every bar of a broker whose
route is Python (``brokerroute``), runs
``BackBroker._charge_interest_by_methods``.
"""
from cpython.datetime cimport PyDateTime_CheckExact, import_datetime
from cpython.dict cimport PyDict_Contains

from backtrader._cy.brokerstate cimport BrokerState
from backtrader._cy.brokerroute cimport Route, route_of
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.plainnum cimport finite, plain
from backtrader._cy.position cimport Position
from backtrader._cy.schemecache cimport BrokerCache, PosSlot, read_facts

import_datetime()

cdef object _lb_datetime = LineBuffer.datetime
cdef object _lb_getitem = LineBuffer.__getitem__


cdef bint _owes_nothing(PosSlot s, object pos, object size) except -1:
    """Whether the stock ``get_credit_interest`` is sure to return a zero for
    this open position."""
    if not plain(size) or type(pos) is not Position:
        return False
    read_facts(s)
    if size > 0 and not s.f_intlong:
        return True  # longs pay no interest
    # days * rate * abs(size) * price, or 0.0 when no day passed: a zero
    # rate gives +-0.0 for finite numbers, once the dates compare
    rate = s.f_rate
    if not plain(rate) or rate != 0 or not finite(size):
        return False
    p = <Position>pos
    if not finite(p.price):
        return False
    if p._dtnum is not None:
        return True  # stamped by the broker: a datetime once read
    return PyDateTime_CheckExact(p._dtval)


cdef inline int _stamp_lazy(PosSlot s, Position pos) except -1:
    """``pos.datetime = data.datetime.datetime()``, made when read."""
    cdef LineBuffer lb
    cdef Py_ssize_t i
    if s.dtsrc is None:
        s.dtsrc = s.data.datetime
        cls = type(s.dtsrc)
        if cls is LineBuffer or (isinstance(s.dtsrc, LineBuffer)
                                 and getattr(cls, 'datetime', None) is _lb_datetime
                                 and getattr(cls, '__getitem__', None) is _lb_getitem):
            s.dtline = <LineBuffer>s.dtsrc
    lb = s.dtline
    if lb is None:
        pos.datetime = s.dtsrc.datetime()
        return 0
    i = lb.idx
    if i < 0:
        i += lb.used
    if i < 0 or i >= lb.used:
        raise IndexError('line index out of range')
    pos._dtnum = lb.data[i]
    tz = lb._tz
    if pos._dttz is not tz:
        pos._dttz = tz
    return 0


cdef int charge_interest_step(object broker) except -1:
    """The interest of one bar (see the module docstring)."""
    cdef Route route = route_of(broker)
    cdef BrokerState st
    cdef BrokerCache c
    if route.bar:
        st = <BrokerState>broker
        c = <BrokerCache>st._bkcache
        d_credit = st.d_credit
        c.start_walk()
        while c.next_open(broker):
            if not _owes_nothing(c.slot, c.pos, c.size):
                # the Python path does the whole bar; what was done here
                # for the positions before (a +0.0 entry, the bar's stamp)
                # is what it does for them too
                break
            data = c.slot.data
            if not PyDict_Contains(d_credit, data):
                d_credit[data] += 0.0
            _stamp_lazy(c.slot, <Position>c.pos)
        else:
            cash = st.cash
            if type(cash) is not float:
                st.cash = cash - 0.0  # an int cash becomes a float
            return 0
    broker._charge_interest_by_methods()
    return 0


def charge_interest(broker):
    """Interest due on the open positions for this bar."""
    charge_interest_step(broker)
