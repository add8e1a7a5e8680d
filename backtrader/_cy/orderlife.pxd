# Interface of the stock order's own rules (backtrader.order.OrderBase and
# Order take their methods from here; the broker's compiled steps call the
# cdef functions on orders whose class keeps those methods).

cdef int set_up(object order, bint isbuy, object size, object price,
                object pricelimit, object exectype, object parent,
                object trailamount, object trailpercent, object pclose,
                object dt0) except -1
cdef int submitted(object order, object broker) except -1
cdef int accepted(object order, object broker) except -1
cdef int record_fill(object order, object dt, object size, object price,
                     object closed, object closedvalue, object closedcomm,
                     object opened, object openedvalue, object openedcomm,
                     object margin, object pnl, object psize,
                     object pprice) except -1
cdef int filled(object order, object dt, object size, object price,
                object closed, object closedvalue, object closedcomm,
                object opened, object openedvalue, object openedcomm,
                object margin, object pnl, object psize,
                object pprice) except -1

cdef inline bint is_alive(object order) except -1:
    """``Order.alive``: Created, Submitted, Accepted or Partial."""
    return order.status <= 3    # Partial

cdef inline int keep_scheme(object order, object comminfo) except -1:
    """``Order.addcomminfo``: the scheme used for the fills."""
    order.comminfo = comminfo
    return 0
