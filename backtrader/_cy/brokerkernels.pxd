# Interface of the broker's per-bar kernels (used by backtrader/brokers/bbroker.py)
# and of the compact order records (used by backtrader/order.py).
#
# The Python broker keeps every rule; these functions run its per-bar
# position bookkeeping (interest, futures cash settlement, portfolio value)
# with C arithmetic when the commission schemes are the stock ones, and
# call back into Python for anything else.
from cpython.object cimport PyObject, PyTypeObject
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.brokerstate cimport BrokerState


cdef class ParamAttr:
    """Non-data descriptor reading ``obj.p.<name>`` (an attribute set on the
    instance takes precedence, as with a ``__getattr__`` fallback)."""
    cdef readonly str name


cdef class PosSlot:
    """What the kernels need per entry of ``broker.positions``."""
    cdef object data
    cdef object comminfo        # looked up on first use (bint ready)
    cdef bint ready
    cdef object closesrc        # data.close (any indexable)
    cdef LineBuffer closeline   # the same when it is a LineBuffer, else None
    cdef object dtsrc           # data.datetime
    cdef LineBuffer dtline      # the same when its datetime() is LineBuffer's
    cdef bint base_credit       # CommInfoBase.get_credit_interest
    cdef bint base_formula      # CommInfoBase._get_credit_interest
    cdef bint base_cash         # CommInfoBase.cashadjust
    cdef bint base_value        # getvaluesize/getvalue/profitandloss/
                                # get_leverage/get_margin of CommInfoBase
    # the scheme's figures, read when _settings_version was factsver (0:
    # the scheme does not announce its changes, read them every time)
    cdef unsigned long long factsver
    cdef bint f_stock
    cdef object f_mult, f_lever, f_auto, f_margin, f_intlong, f_rate


cdef class BrokerCache:
    """Slots aligned with the insertion order of ``broker.positions``."""
    cdef object positions       # the dict the slots were built from
    cdef object cimap           # broker.comminfo when built
    cdef object civersion       # its ``_version`` then
    cdef dict cimapdict         # its instance dict (holds ``_version``)
    cdef unsigned long long mapver  # _settings_version when it was checked
    cdef public bint valid
    cdef bint cachable          # getcommissioninfo is BrokerBase's and
                                # broker.comminfo a CommInfoMap
    cdef list slots
    cdef object bparams         # broker.p when shortcash was read
    cdef bint shortcash
    cdef unsigned long long shortver

    cdef int rebuild(self, object broker) except -1
    cdef PosSlot slot_at(self, object broker, Py_ssize_t i, object data)


cdef class OrderExecutionBit:
    """One fill of an order (``backtrader.order.OrderExecutionBit``)."""
    cdef public object dt, size, price
    cdef public object closed, closedvalue, closedcomm
    cdef public object opened, openedvalue, openedcomm
    cdef public object value, comm, pnl, psize, pprice

    cdef void _set(self, dt, size, price, closed, closedvalue, closedcomm,
                   opened, openedvalue, openedcomm, pnl, psize, pprice) except *


cdef class OrderData:
    """Request or outcome of an order (``backtrader.order.OrderData``)."""
    cdef public object pclose, p1, p2, dt, size, remsize, price, pricelimit
    cdef public object trailamount, trailpercent, _plimit
    cdef public object value, comm, margin, pnl, psize, pprice
    cdef object _exbits          # deque of the fills; None until needed
    cdef OrderData _root     # whose fills a copy taken before the
                                 # deque existed shares (None otherwise)
    cdef object _ghost           # the deque such copies share once this
                                 # record's exbits was replaced

    cdef object _bits(self, bint make)
    cdef Py_ssize_t _nbits(self) except -1
    cdef int _markpending(self) except -1
    cdef OrderData _twin(self)
    cdef int _addbit(self, exbit) except -1
    cdef int addfill(self, dt, size, price, closed, closedvalue, closedcomm,
                     opened, openedvalue, openedcomm, pnl, psize,
                     pprice) except -1


cpdef int broker_bar(object broker) except -1
cdef BrokerState state_of(object broker)
cdef object snapshot(object order)


cdef extern from "Python.h":
    # borrowed reference or NULL; no Python code runs
    PyObject* _PyType_Lookup(PyTypeObject* t, object name)


cdef inline object class_attr(object obj, str name):
    """What the class of ``obj`` holds under ``name`` (None if nothing)."""
    cdef object cls = type(obj)
    cdef PyObject* found = _PyType_Lookup(<PyTypeObject*>cls, name)
    return None if found == NULL else <object>found
