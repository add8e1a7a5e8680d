# Interface of the broker's compiled state (base of backtrader.broker.BrokerBase):
# the attributes the per-bar kernels read and write, as C fields.

cdef class BrokerState:
    cdef public object p
    cdef public object cash, startingcash
    cdef public object _value, _valuemkt, _valuelever, _valuemktlever
    cdef public object _leverage, _unrealized
    cdef public object _fundval, _fundshares, _fundhist, _cash_addition
    cdef public object positions, comminfo, d_credit, _bkcache
    cdef public object orders, pending, submitted, notifs
    cdef public object _toactivate, _userhist


cdef BrokerState state_of(object broker)
