# cython: language_level=3
"""The fill of an order: ``BackBroker._execute`` in C.

:func:`execute` takes the same steps, with the same operations in the same
order, as the Python reference ``BackBroker._execute_py`` (``bbroker.py``),
which documents them. Commission schemes that keep the stock
:class:`CommInfoBase` formulas have them written out; other schemes have
their methods called. The broker's state, the position and the order's
records are read as C fields; anything unusual (a broker or position class
that redefines those attributes, a volume filler) runs the Python reference.
"""
from libc.math cimport fabs

from backtrader._cy.brokerstate cimport BrokerState
from backtrader._cy.position cimport Position
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.brokerkernels cimport OrderData, state_of

cdef object _plain_scheme = None    # backtrader.comminfo.plain_scheme
cdef object _margin = None          # backtrader.comminfo._margin
cdef dict _plain_types = {}         # scheme type -> plain_scheme answer
cdef object _getci = None           # BrokerBase.getcommissioninfo
cdef object _market = 0             # Order.Market


def register(plain_scheme, margin, getcommissioninfo, market):
    """The Python helpers the fill reproduces (given once by bbroker.py)."""
    global _plain_scheme, _margin, _getci, _market
    _plain_scheme = plain_scheme
    _margin = margin
    _getci = getcommissioninfo
    _market = market


cdef inline bint _plain(object comminfo) except -1:
    cls = type(comminfo)
    plain = _plain_types.get(cls)
    if plain is None:
        plain = _plain_types[cls] = bool(_plain_scheme(comminfo))
    return plain


cdef inline object _commission(object comminfo, object params, object size, object price):
    """``CommInfoBase.getcommission`` of a plain scheme."""
    if comminfo._commtype == 0:  # COMM_PERC
        return abs(size) * params.commission * price
    return abs(size) * params.commission


cdef object _scheme_of(BrokerState st, object broker, object data):
    """``broker.getcommissioninfo(data)``."""
    if type(broker).getcommissioninfo is not _getci:
        return broker.getcommissioninfo(data)
    comminfo = st.comminfo
    name = data._name
    if name in comminfo:
        return comminfo[name]
    return comminfo[None]


cpdef object execute(object broker, object order, object ago, object price,
                     object cash, object position, object dtcoc):
    """``BackBroker._execute(order, ago, price, cash, position, dtcoc)``."""
    cdef BrokerState st = state_of(broker)
    cdef Position pos
    cdef bint real = ago is not None
    cdef bint plain
    if real and price is None:
        return None  # no price (slippage could not match)
    if st is None:
        return broker._execute_py(order, ago, price, cash, position, dtcoc)
    p = st.p
    if p.filler is not None and real:
        return broker._execute_py(order, ago, price, cash, position, dtcoc)
    executed = order.executed
    if type(executed) is not OrderData:
        return broker._execute_py(order, ago, price, cash, position, dtcoc)
    size = (<OrderData>executed).remsize

    odata = order.data
    comminfo = _scheme_of(st, broker, odata)
    data = getattr(odata, '_compensate', None)
    if data is not None:
        cinfocomp = _scheme_of(st, broker, data)
    else:
        data = odata
        cinfocomp = comminfo

    plain = _plain(comminfo) and (cinfocomp is comminfo or _plain(cinfocomp))
    if plain:
        cp = comminfo.p
        stock = comminfo._stocklike
        mult = cp.mult

    if real:
        position = st.positions[data]
    if type(position) is not Position:
        return broker._execute_py(order, ago, price, cash, position, dtcoc)
    pos = <Position>position
    if real:
        pprice_orig = pos.price
        psize, pprice, opened, closed = pos.pseudoupdate(size, price)
        if plain:  # profitandloss(-closed, pprice_orig, price)
            pnl = -closed * (price - pprice_orig) * mult
        else:
            pnl = comminfo.profitandloss(-closed, pprice_orig, price)
        cash = st.cash
    else:
        pnl = 0
        if p.coo and order.exectype == _market:
            price = pprice_orig = odata.open[0]
        else:
            price = pprice_orig = order.created.price
        psize, pprice, opened, closed = pos.update(size, price)

    shortcash = p.shortcash
    if closed:
        if not plain:
            if shortcash:
                closedvalue = comminfo.getvaluesize(-closed, pprice_orig)
            else:
                closedvalue = comminfo.getoperationcost(closed, pprice_orig)
        elif stock:  # getvaluesize / getoperationcost, stock-like
            if shortcash:
                closedvalue = -closed * pprice_orig
            else:
                closedvalue = abs(closed) * pprice_orig
        elif shortcash:  # futures-like: abs(size) * get_margin(price)
            closedvalue = abs(-closed) * _margin(cp, pprice_orig)
        else:
            closedvalue = abs(closed) * _margin(cp, pprice_orig)
        closecash = closedvalue
        if closedvalue > 0:  # a long was closed: leveraged cash returns
            closecash /= (cp.leverage if plain else comminfo.get_leverage())
        if plain:
            cash += closecash + pnl * stock
            closedcomm = _commission(comminfo, cp, closed, price)
        else:
            cash += closecash + pnl * comminfo.stocklike
            closedcomm = comminfo.getcommission(closed, price)
        cash -= closedcomm
        if real:
            # futures: settle the closed part from the last mark price
            if not plain:
                cash += comminfo.cashadjust(-closed, pos.adjbase, price)
            elif stock:
                cash += 0.0
            else:
                cash += -closed * (price - pos.adjbase) * mult
            st.cash = cash
    else:
        closedvalue = closedcomm = 0.0

    wanted_open = opened
    if opened:
        if not plain:
            if shortcash:
                openedvalue = comminfo.getvaluesize(opened, price)
            else:
                openedvalue = comminfo.getoperationcost(opened, price)
        elif stock:
            if shortcash:
                openedvalue = opened * price
            else:
                openedvalue = abs(opened) * price
        else:
            openedvalue = abs(opened) * _margin(cp, price)
        opencash = openedvalue
        if openedvalue > 0:  # a long is opened: leverage reduces the cash
            opencash /= (cp.leverage if plain else comminfo.get_leverage())
        cash -= opencash
        if plain:
            openedcomm = _commission(cinfocomp, cinfocomp.p, opened, price)
        else:
            openedcomm = cinfocomp.getcommission(opened, price)
        cash -= openedcomm

        if cash < 0.0:  # cannot pay: the opening part is dropped
            opened = 0
            openedvalue = openedcomm = 0.0
        elif real:
            if abs(psize) > abs(opened):
                # futures already held: mark them to this price, which is
                # the common base for the end-of-bar adjustment
                if not plain:
                    cash += comminfo.cashadjust(psize - opened, pos.adjbase, price)
                elif stock:
                    cash += 0.0
                else:
                    cash += (psize - opened) * (price - pos.adjbase) * mult
            pos.adjbase = price
            st.cash = cash
    else:
        openedvalue = openedcomm = 0.0

    if not real:
        return cash

    execsize = closed + opened
    if execsize:
        if not plain:  # the stock one computes a number and drops it
            comminfo.confirmexec(execsize, price)
        dtline = data.datetime
        if type(dtline) is LineBuffer:
            # the stamp data.datetime.datetime() would give, built lazily
            pos.update(execsize, price)
            pos._dtnum = dtline[0]
            pos._dttz = (<LineBuffer>dtline)._tz
        else:
            pos.update(execsize, price, dtline.datetime())
        if closed and p.int2pnl:
            closedcomm += st.d_credit.pop(data, 0.0)
        order.execute(dtcoc or data.datetime[ago],
                      execsize, price,
                      closed, closedvalue, closedcomm,
                      opened, openedvalue, openedcomm,
                      cp.margin if plain else comminfo.margin,
                      pnl, psize, pprice)
        order.addcomminfo(comminfo)
        broker.notify(order)
        broker._ococheck(order)

    if wanted_open and not opened:
        order.margin()
        broker.notify(order)
        broker._ococheck(order)
        broker._bracketize(order, cancel=True)
