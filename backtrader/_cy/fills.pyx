# cython: language_level=3
"""The fill of an order: ``BackBroker._execute``.

A fill (``ago`` given) applies the order's remaining size to the position at
``price``: the part that reduces the position returns its value (its margin
for futures-like schemes, divided by the leverage for a long) with its profit
for stock-like schemes, less commission; the part that grows the position
costs its value and commission, and is dropped (the order gets Margin) when
the cash cannot pay for it. Futures-like holdings are marked to the fill
price. The order records the fill and is notified, and its OCO group is
checked. A trial (``ago=None``, the submission check) does the same on a
copy of the position at the order's creation price and returns the cash
left.

This module is the compiled path: it computes the formulas of the stock
``CommInfoBase`` methods. When ``brokerroute.route_of`` sends the broker's
fills to Python (user schemes, a volume filler, ...) or the order or the
position is not of the compiled record types, the fill is
``BackBroker._execute_by_methods``, which calls the scheme's methods. Once
the figures of a fill are known, both paths end in :func:`book` (the
position, the order's record, notifications).
"""
from backtrader._cy.brokerstate cimport BrokerState, state_of
from backtrader._cy.brokerroute cimport Route, route_of, stock_broker, stock_order
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.orderevents cimport notice, oco_check
from backtrader._cy.orderlife cimport filled, keep_scheme
from backtrader._cy.orderrecords cimport OrderData
from backtrader._cy.position cimport Position

cdef object _market = 0     # Order.Market


cdef inline object _margin(object params, object price):
    """``CommInfoBase.get_margin(price)``: the fixed margin, or a fraction
    (``automargin``; negative: ``mult``) of the price."""
    auto = params.automargin
    if not auto:
        return params.margin
    return price * (params.mult if auto < 0 else auto)


cdef inline object _commission(object comminfo, object params, object size,
                               object price):
    """``CommInfoBase.getcommission(size, price)``."""
    if comminfo._commtype == 0:  # COMM_PERC
        return abs(size) * params.commission * price
    return abs(size) * params.commission


cdef inline object _scheme_of(BrokerState st, object data):
    """``BrokerBase.getcommissioninfo(data)`` (the route made sure the broker
    uses it)."""
    schemes = st.comminfo
    name = data._name
    return schemes[name] if name in schemes else schemes[None]


cpdef object execute(object broker, object order, object ago, object price,
                     object cash, object position, object dtcoc):
    """``BackBroker._execute(order, ago, price, cash, position, dtcoc)``."""
    cdef Route route
    if ago is not None and price is None:
        return None  # no price (slippage could not match)
    route = route_of(broker)
    if route.fill and type(order.executed) is OrderData:
        done = _stock_fill(<BrokerState>broker, broker, order, ago, price,
                           cash, position, dtcoc)
        if done is not _NOT_MINE:
            return done
    return broker._execute_by_methods(order, ago, price, cash, position, dtcoc)


cdef object _NOT_MINE = object()    # the position is not a Position


cdef object _stock_fill(BrokerState st, object broker, object order,
                        object ago, object price, object cash,
                        object position, object dtcoc):
    cdef Position pos
    cdef bint real = ago is not None
    p = st.p
    size = (<OrderData>order.executed).remsize
    odata = order.data
    comminfo = _scheme_of(st, odata)
    data = getattr(odata, '_compensate', None)
    if data is None:
        data = odata
        compinfo = comminfo
    else:
        compinfo = _scheme_of(st, data)
    cp = comminfo.p
    stock = comminfo._stocklike
    mult = cp.mult
    shortcash = p.shortcash

    if real:
        position = st.positions[data]
    if type(position) is not Position:
        return _NOT_MINE
    pos = <Position>position
    if real:
        basis = pos.price  # the price the closed part was held at
        psize, pprice, opened, closed = pos.pseudoupdate(size, price)
        pnl = -closed * (price - basis) * mult
        cash = st.cash
    else:
        pnl = 0
        if p.coo and order.exectype == _market:
            price = basis = odata.open[0]
        else:
            price = basis = order.created.price
        psize, pprice, opened, closed = pos.update(size, price)

    if closed:
        if not stock:
            closedvalue = abs(closed) * _margin(cp, basis)
        elif shortcash:
            closedvalue = -closed * basis
        else:
            closedvalue = abs(closed) * basis
        back = closedvalue / cp.leverage if closedvalue > 0 else closedvalue
        cash += back + pnl * stock
        closedcomm = _commission(comminfo, cp, closed, price)
        cash -= closedcomm
        if real:
            # futures: the closed part settles from its last mark
            cash += 0.0 if stock else -closed * (price - pos.adjbase) * mult
            st.cash = cash
    else:
        closedvalue = closedcomm = 0.0

    wanted = opened
    if opened:
        if not stock:
            openedvalue = abs(opened) * _margin(cp, price)
        elif shortcash:
            openedvalue = opened * price
        else:
            openedvalue = abs(opened) * price
        cost = openedvalue / cp.leverage if openedvalue > 0 else openedvalue
        cash -= cost
        openedcomm = _commission(compinfo, compinfo.p, opened, price)
        cash -= openedcomm
        if cash < 0.0:  # the opening part cannot be paid: dropped
            opened = 0
            openedvalue = openedcomm = 0.0
        elif real:
            if abs(psize) > abs(opened):
                # futures held before: marked to this price, the new common
                # base of the end-of-bar settlement
                cash += 0.0 if stock else (psize - opened) * (price - pos.adjbase) * mult
            pos.adjbase = price
            st.cash = cash
    else:
        openedvalue = openedcomm = 0.0

    if not real:
        return cash
    return book(broker, order, data, pos, comminfo, cp.margin, ago, dtcoc, price,
                closed, closedvalue, closedcomm, opened, openedvalue, openedcomm,
                pnl, psize, pprice, wanted and not opened)


cpdef object book(object broker, object order, object data, object position,
                  object comminfo, object margin, object ago, object dtcoc,
                  object price, object closed, object closedvalue,
                  object closedcomm, object opened, object openedvalue,
                  object openedcomm, object pnl, object psize, object pprice,
                  bint refused):
    """What follows a fill's figures, on both paths: the position takes the
    executed size (stamped with the bar's time), accrued interest joins the
    closing commission (``int2pnl``), the order records the fill at
    ``dtcoc`` or the bar ``ago``, keeps the scheme and is notified, and its
    OCO group is checked. ``refused``: the opening part was dropped for want
    of cash, so the order gets Margin and its bracket is cancelled."""
    cdef BrokerState st = state_of(broker)
    cdef bint stock
    execsize = closed + opened
    if execsize:
        dtline = data.datetime
        if type(dtline) is LineBuffer and type(position) is Position:
            # the stamp data.datetime.datetime() would give, made when read
            (<Position>position).update(execsize, price)
            (<Position>position)._dtnum = dtline[0]
            (<Position>position)._dttz = (<LineBuffer>dtline)._tz
        else:
            position.update(execsize, price, dtline.datetime())
        if closed:
            if (st.p if st is not None else broker.p).int2pnl:
                credit = st.d_credit if st is not None else broker.d_credit
                closedcomm += credit.pop(data, 0.0)
        dt = dtcoc or data.datetime[ago]
        if stock_order(order):  # order.execute(...), order.addcomminfo(...)
            filled(order, dt, execsize, price, closed, closedvalue, closedcomm,
                   opened, openedvalue, openedcomm, margin, pnl, psize, pprice)
            keep_scheme(order, comminfo)
        else:
            order.execute(dt, execsize, price, closed, closedvalue, closedcomm,
                          opened, openedvalue, openedcomm, margin, pnl, psize,
                          pprice)
            order.addcomminfo(comminfo)
        stock = stock_broker(broker)    # else the broker's notify, _ococheck
        notice(broker, st, order, stock)
        oco_check(broker, st, order, stock)
    if refused:
        order.margin()
        broker.notify(order)
        broker._ococheck(order)
        broker._bracketize(order, cancel=True)
    return None
