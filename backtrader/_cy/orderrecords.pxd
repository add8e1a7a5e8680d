# Interface of the compact order records (used by backtrader/order.py and the
# broker's compiled steps).

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
    cdef int _fill(self, dt, size, remsize, price, pricelimit, pclose,
                   trailamount, trailpercent) except -1
    cdef int _addbit(self, exbit) except -1
    cdef int addfill(self, dt, size, price, closed, closedvalue, closedcomm,
                     opened, openedvalue, openedcomm, pnl, psize,
                     pprice) except -1


cdef OrderData make_executed(object cls, object remsize)
