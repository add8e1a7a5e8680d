# Interface of the compiled order and response path of bt.hft.BidAskBroker: what happens to a
# backtrader order when it is sent to a data's Exchange and when the exchange's answers come back
# (status, notifications, position, cash, the per-data account).
from libc.stdint cimport int64_t, int32_t
from backtrader._cy.position cimport Position
from backtrader.hft._cy.exchange cimport Exchange, Response


cdef class Account:
    # what the fills of one data did (hftbacktest's state values)
    cdef readonly int64_t lots              # position in lots (exact)
    cdef readonly double balance            # money from trades, fees excluded
    cdef readonly double fee                # fees paid (negative: rebates)
    cdef readonly int64_t num_trades
    cdef readonly double trading_volume, trading_value


cdef class Venue:
    # one traded data: its exchange, account and position
    cdef readonly object data
    cdef readonly Exchange exchange
    cdef readonly Account account
    cdef Position position
    cdef object dtline                      # data.lines.datetime
    cdef object close                       # data.lines.close
    cdef double lot


cdef class Live:
    # a sent order that has not ended
    cdef readonly object order
    cdef Venue venue
    cdef int32_t slot                       # its exchange slot (-1: refused by the latency)
    cdef bint canceling                     # a cancel is on its way
    cdef readonly bint expiring             # that cancel is the ``valid`` expiry's
    cdef readonly object tif


cdef class BrokerCore:
    cdef object broker
    cdef object notifs                      # the broker's deque of order snapshots
    cdef readonly dict live                 # order.ref -> Live
    cdef readonly dict venues               # data -> Venue
    cdef list vlist
    cdef readonly set valid                 # refs of live orders with a ``valid``
    cdef public double cash
    cdef readonly int64_t submitted, cancelled, rejected, expired, fills

    cpdef object send(self, object order, int side, object tif)
    cpdef bint cancel(self, object order) except -1
    cpdef double step(self) except? -1.0
    cdef int _answer(self, Venue v, Response* r) except -1
    cdef int _fill(self, Live rec, Response* r) except -1
    cdef int _reject(self, object order, object reason) except -1
    cdef int _done(self, int64_t ref) except -1
    cdef int _finish(self, object order, int status, object reason) except -1
    cdef int _notify(self, object order) except -1
