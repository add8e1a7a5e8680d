# Interface of the matching engine for market-by-order (L3) data: an Exchange whose book is the
# sum of the feed's resting orders and whose queues are exact FIFO queues (L3FIFOQueue).
from libc.stdint cimport int64_t, int32_t

from backtrader.hft._cy.exchange cimport Exchange
from backtrader.hft._cy.l3orders cimport MboOrders
from backtrader.hft._cy.l3queue cimport L3FIFOQueue
from backtrader.hft._cy.u64map cimport U64Map


cdef class L3Exchange(Exchange):
    cdef readonly MboOrders orders      # the feed's resting orders, summed into ``book``
    cdef readonly L3FIFOQueue fifo      # the FIFO queue of every price level, ours included
    cdef readonly bint reduce           # FILL records take their size off the order
    cdef U64Map slots                   # our resting order id -> its slot

    cdef int _best_moved(self, int side, int64_t prev_best, int64_t ts) except -1
    cdef int _settle_out(self, int64_t ts, bint expire) except -1
