# Interface of the broker's route: which path runs the fill and the bar's
# position work (compiled for stock schemes, Python otherwise) and why, decided
# once for a broker's settings; and which broker and order classes keep the
# stock methods whose steps the compiled rounds take themselves.

cdef class Route:
    cdef readonly bint fill     # BackBroker._execute in C (stock formulas)
    cdef readonly bint bar      # interest, settlement, valuation in C
    cdef readonly bint stocklike    # every scheme is stock-like (nothing
                                    # to settle at the end of a bar)
    cdef readonly str fill_why  # why that path
    cdef readonly str bar_why

cdef Route route_of(object broker)
cdef bint stock_broker(object broker) except -1
cdef bint stock_order(object order) except -1
