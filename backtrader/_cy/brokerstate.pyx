# cython: language_level=3
"""The state of a broker that its compiled kernels use on every bar.

``backtrader.broker.BrokerBase`` derives from :class:`BrokerState`: for Python
code its fields are ordinary attributes (``broker.cash``,
``broker.positions``, ...), while the broker's compiled steps read and
write them as C fields, without attribute lookups. Every field starts as
None; ``BackBroker.init`` sets them. :func:`state_of` says whether a broker's
fields may be used that way.
"""
from cpython.object cimport PyObject

from backtrader._cy.cpython_private cimport same_class_attr


cdef class BrokerState:
    """C storage of the broker attributes the per-bar kernels use."""


_STATE_FIELDS = ('p', 'cash', 'startingcash', '_value', '_valuemkt',
                 '_valuelever', '_valuemktlever', '_leverage', '_unrealized',
                 '_fundval', '_fundshares', '_fundhist', '_cash_addition',
                 'positions', 'comminfo', 'd_credit', '_bkcache', 'orders',
                 'pending', 'submitted', 'notifs', '_toactivate', '_userhist')
cdef dict _fields_kept = {}             # broker type -> no field redefined
cdef PyObject* _last_kept = NULL        # the last type found to keep them


cdef bint _keeps_fields(object cls) except -1:
    """Whether ``cls`` holds BrokerState's field descriptors (a separate
    function: its loop must not make ``state_of`` build a closure)."""
    cdef str name
    for name in _STATE_FIELDS:
        if not same_class_attr(cls, BrokerState, name):
            return False
    return True


cdef BrokerState state_of(object broker):
    """``broker`` as a :class:`BrokerState` whose fields are what Python code
    sees as its attributes (no class of the broker redefines one of them);
    None otherwise (callers then use attribute access or Python code)."""
    global _last_kept
    cls = type(broker)
    if <PyObject*>cls == _last_kept:
        return <BrokerState>broker
    kept = _fields_kept.get(cls)
    if kept is None:
        kept = _fields_kept[cls] = (isinstance(broker, BrokerState)
                                    and _keeps_fields(cls))
    if not kept:
        return None
    _last_kept = <PyObject*>cls  # kept alive by _fields_kept
    return <BrokerState>broker
