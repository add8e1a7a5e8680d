# Interface of the compiled L3 (market-by-order) event replay: the L2 replay's stepping and
# lines, with records applied through the feed's resting orders (MboOrders), whose level sums
# are the book.
from backtrader.hft._cy.l2replay cimport L2Replay
from backtrader.hft._cy.l3orders cimport MboOrders

# record classes (report accounting)
cdef enum:
    C3_ADD = 0
    C3_CANCEL = 1
    C3_MODIFY = 2
    C3_FILL = 3
    C3_TRADE = 4
    C3_CLEAR = 5
    C3_OTHER_SIDE = 6       # not flagged for the chosen timestamp side
    C3_L2 = 7               # market-by-price kinds (depth, snapshot, BBO): not for an L3 book
    N3_CLASSES = 8


cdef class L3Replay(L2Replay):
    cdef readonly MboOrders orders  # the feed's resting orders (None without a book)
    cdef readonly bint reduce       # FILL records take their size off the order
