# Interface of the compiled Trade (backtrader.trade.Trade).

cdef class Trade:
    cdef public object ref, data, tradeid, status
    cdef public object size, price, value, commission, pnl, pnlcomm
    cdef public object justopened, isopen, isclosed
    cdef public object baropen, barclose, barlen, dtopen, dtclose
    cdef public object historyon, history
    cdef object _long               # set when the trade opens (_UNSET before)
    cdef dict __dict__

    cpdef update(self, order, size, price, value, commission, pnl, comminfo)
    cdef Trade twin(self)
