# cython: language_level=3
"""What the broker does when an order changes status.

The Python functions here are ``BackBroker`` methods (``bbroker.py`` binds
them): :func:`notify` queues a snapshot of the order for its owner,
:func:`ococheck` cancels the other pending members of the order's OCO group,
:func:`bracketize` frees or cancels the order's bracket group and
:func:`submit_accept` accepts an order into the pending queue. The compiled
rounds and the fill call the ``cdef`` versions; when the broker's class
overrides one of these methods (``stock`` False) its own method is called.
"""
from backtrader._cy.brokerstate cimport BrokerState, state_of
from backtrader._cy.brokerroute cimport stock_broker, stock_order
from backtrader._cy.orderlife cimport accepted, submitted
from backtrader._cy.snapshots cimport snapshot


cdef int notice(object broker, BrokerState st, object order, bint stock) except -1:
    """``broker.notify(order)``."""
    if not stock:
        broker.notify(order)
    elif stock_order(order):
        st.notifs.append(snapshot(order))
    else:
        st.notifs.append(order.clone())
    return 0


cdef int oco_check(object broker, BrokerState st, object order, bint stock) except -1:
    """``broker._ococheck(order)``: the first member of a group to finish
    cancels the others that are still pending; the group is then gone."""
    if not stock:
        broker._ococheck(order)
        return 0
    _cancel_group(broker, st, order, True)
    return 0


cdef int _cancel_group(object broker, BrokerState st, object order,
                       bint stock) except -1:
    links = broker._ocos        # order ref -> leader ref
    ref = order.ref
    members = broker._ocol.pop(links.get(links.get(ref)), None)
    if not members or (len(members) == 1 and members[0] == ref):
        return 0  # alone in its group
    pending = st.pending if st is not None else broker.pending
    i = len(pending)
    while i:
        i -= 1
        other = pending[i]
        if other is None or other.ref not in members:
            continue
        del pending[i]
        other.cancel()
        notice(broker, st, other, stock)
    return 0


cdef int bracket_done(object broker, BrokerState st, object order, bint cancel,
                      bint stock) except -1:
    """``broker._bracketize(order, cancel)``: a completed parent hands its
    children to activation (a lone order forgets its group); a cancel, or
    the execution of a child, cancels what is left of the group."""
    if not stock:
        broker._bracketize(order, cancel=cancel)
        return 0
    groups = broker._pchildren
    ref = order.ref
    parent = order.parent
    head = ref if parent is None else getattr(parent, 'ref', ref)
    group = groups[head]
    if cancel or head != ref:
        while group:
            broker.cancel(group.popleft(), bracket=True)
        del groups[head]
        broker._pdone.discard(head)
        return 0
    group.popleft()  # the parent itself
    if group:
        (st._toactivate if st is not None else broker._toactivate).extend(group)
    else:
        del groups[head]
        broker._pdone.add(head)
    return 0


cdef int accept(object broker, BrokerState st, object order, bint stock) except -1:
    """``broker.submit_accept(order)``."""
    if not stock:
        broker.submit_accept(order)
        return 0
    order.pannotated = None
    if stock_order(order):
        submitted(order, None)  # order.submit(), order.accept()
        accepted(order, None)
    else:
        order.submit()
        order.accept()
    st.pending.append(order)
    notice(broker, st, order, True)
    return 0


def notify(broker, order):
    """Queue a snapshot of ``order`` for its owner."""
    st = state_of(broker)
    if st is None:
        broker.notifs.append(order.clone())
    else:
        notice(broker, st, order, True)


def ococheck(broker, order):
    """Cancel the pending members of ``order``'s OCO group (once)."""
    _cancel_group(broker, state_of(broker), order, stock_broker(broker))


def bracketize(broker, order, cancel=False):
    """After ``order`` finished: a completed parent activates its children;
    a cancel (or a child's execution) cancels the group."""
    bracket_done(broker, state_of(broker), order, cancel, True)


def submit_accept(broker, order):
    """Accept ``order`` into the pending queue."""
    cdef BrokerState st = state_of(broker)
    order.pannotated = None
    order.submit()
    order.accept()
    if st is None:
        broker.pending.append(order)
    else:
        st.pending.append(order)
    broker.notify(order)
