# Interface of the queue value pieces of AS+++ (backtrader.hft.strategies.ASQVI): where our working
# quote stands in its level's queue, followed wake by wake with a queue model, and the chance that
# the market orders reaching a quote fill it within a horizon.
from backtrader.hft._cy.queuemodel cimport QueueModel, QueuePos


cpdef double fill_probability(double depth, double queue, double size, double A, double k,
                              double horizon, double trade_size)


cdef class QueueWatch:
    cdef QueueModel model               # bound to the lot size
    cdef QueuePos pos                   # the watched order's place
    cdef object alive                   # order statuses of a working order
    cdef object order                   # the watched order (None: nothing watched)
    cdef readonly object px             # its price, ticks
    cdef double level                   # its level's displayed size at the last update
    cpdef update(self, object slot, int side, object book, double tick, double trade_px,
                 double trade_qty)
    cpdef object ahead(self, object px)
