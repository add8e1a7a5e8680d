# cython: language_level=3
"""Snapshots of orders: what the broker queues for ``notify_order``.

A snapshot is a new instance of the order's class whose instance dict is a
copy of the order's (so it shares the dict's keys and stays compact), with
its own copy of the ``executed`` record (whose pending-fill window was marked
first); everything else is shared, as with upstream's shallow copies.
"""
from cpython.dict cimport PyDict_Copy

from backtrader._cy.orderrecords cimport OrderData

cdef object _object_new = object.__new__


cdef object _copy_attrs(object obj, object name, object value):
    """A new instance of ``type(obj)`` whose instance dict is a copy of the
    one of ``obj`` (what ``copy.copy`` gives for a plain class instance);
    ``name`` (if not None) set to ``value`` in the copy. A copy of a
    key-sharing instance dict shares the keys too, so it stays compact."""
    state = obj.__dict__
    twin = _object_new(type(obj))
    state = PyDict_Copy(state) if type(state) is dict else dict(state)
    if name is not None:
        state[name] = value
    twin.__dict__ = state
    return twin


cdef object snapshot(object order):
    """``order.clone()`` of an order whose ``executed`` is an OrderData:
    its pending-fill window marked, then the order copied with a copy of
    that record."""
    cdef OrderData ex = <OrderData>order.executed
    ex._markpending()
    return _copy_attrs(order, 'executed', ex._twin())


def clone_order(order, executed):
    """Shallow copy of ``order`` whose ``executed`` is ``executed`` (see
    ``Order.clone``)."""
    return _copy_attrs(order, 'executed', executed)
