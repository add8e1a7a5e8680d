# cython: language_level=3
"""The fill of an order: ``BackBroker._execute`` in C, and the broker's
rounds over its submitted and pending orders.

:func:`execute` takes the same steps, with the same operations in the same
order, as the Python reference ``BackBroker._execute_py`` (``bbroker.py``),
which documents them. Commission schemes that keep the stock
:class:`CommInfoBase` formulas have them written out; other schemes have
their methods called. The broker's state, the position and the order's
records are read as C fields; anything unusual (a broker or position class
that redefines those attributes, a volume filler) runs the Python reference.

:func:`check_submitted` and :func:`process_pending` are
``BackBroker.check_submitted`` and ``_process_pending`` (whose Python
references are ``check_submitted_py`` and ``_process_pending_py``); they
take the steps of the stock order and broker methods themselves (Market
orders are matched here) and call any other method.
"""
from backtrader._cy.brokerstate cimport BrokerState
from backtrader._cy.position cimport Position
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.brokerkernels cimport OrderData, snapshot, state_of

cdef object _plain_scheme = None    # backtrader.comminfo.plain_scheme
cdef object _margin = None          # backtrader.comminfo._margin
cdef dict _plain_types = {}         # scheme type -> plain_scheme answer
cdef object _getci = None           # BrokerBase.getcommissioninfo
cdef object _market = 0             # Order.Market
cdef object _broker_cls = None      # BackBroker (its stock methods below)
cdef object _tick_prices = None     # bbroker._tick_prices
cdef object _order_expire = None    # Order.expire
cdef object _base_active = None     # OrderBase.active
cdef object _base_alive = None      # OrderBase.alive
cdef object _base_submit = None     # OrderBase.submit
cdef object _base_accept = None     # OrderBase.accept
cdef object _order_execute = None   # Order.execute
cdef object _base_addcomminfo = None
cdef object _base_clone = None
cdef object _base_isbuy = None
cdef object _base_margin = None
cdef dict _plain_brokers = {}       # broker type -> its methods are the stock ones


def register(plain_scheme, margin, getcommissioninfo, market, broker_cls,
             tick_prices, order_cls):
    """The Python helpers the fill reproduces (given once by bbroker.py)."""
    global _plain_scheme, _margin, _getci, _market, _broker_cls, _tick_prices
    global _order_expire, _base_active, _base_alive, _base_submit, _base_accept
    global _order_execute, _base_addcomminfo, _base_clone, _base_isbuy, _base_margin
    _plain_scheme = plain_scheme
    _margin = margin
    _getci = getcommissioninfo
    _market = market
    _broker_cls = broker_cls
    _tick_prices = tick_prices
    _order_expire = order_cls.expire
    _base_active = order_cls.active
    _base_alive = order_cls.alive
    _base_submit = order_cls.submit
    _base_accept = order_cls.accept
    _order_execute = order_cls.execute
    _base_addcomminfo = order_cls.addcomminfo
    _base_clone = order_cls.clone
    _base_isbuy = order_cls.isbuy
    _base_margin = order_cls.margin
    _plain_brokers.clear()
    _stock_orders.clear()


_STOCK_BROKER_METHODS = ('_execute', '_try_exec', '_try_exec_market', 'notify',
                         'submit_accept', '_slip_up', '_slip_down', '_ococheck',
                         '_bracketize', '_take_children')
cdef dict _stock_orders = {}        # order type -> keeps the stock methods


cdef bint _plain_broker(object broker) except -1:
    """Whether the broker's class keeps BackBroker's methods that
    :func:`process_pending` and :func:`check_submitted` take the steps of."""
    cls = type(broker)
    plain = _plain_brokers.get(cls)
    if plain is None:
        plain = _plain_brokers[cls] = (
            state_of(broker) is not None and isinstance(broker, _broker_cls)
            and all(getattr(cls, name) is getattr(_broker_cls, name)
                    for name in _STOCK_BROKER_METHODS))
    return plain


cdef bint _stock_order(object order) except -1:
    """Whether the order's class keeps the stock methods whose steps this
    module takes itself, and its ``executed`` is an OrderData."""
    cls = type(order)
    stock = _stock_orders.get(cls)
    if stock is None:
        stock = _stock_orders[cls] = (
            cls.expire is _order_expire and cls.active is _base_active
            and cls.alive is _base_alive and cls.submit is _base_submit
            and cls.accept is _base_accept and cls.execute is _order_execute
            and cls.addcomminfo is _base_addcomminfo and cls.clone is _base_clone
            and cls.isbuy is _base_isbuy and cls.margin is _base_margin)
    return stock and type(order.executed) is OrderData


cdef int _notify(BrokerState st, object order) except -1:
    """``BackBroker.notify``: queue a snapshot of ``order``."""
    if _stock_order(order):
        st.notifs.append(snapshot(order))
    else:
        st.notifs.append(order.clone())
    return 0


cdef int _ococheck(object broker, BrokerState st, object order) except -1:
    """``BackBroker._ococheck``: cancel the pending members of the order's
    OCO group (once)."""
    ocos = broker._ocos
    ref = order.ref
    leader = ocos.get(ocos.get(ref))
    members = broker._ocol.pop(leader, None)
    if not members or (len(members) == 1 and members[0] == ref):
        return 0  # nobody else to cancel
    pending = st.pending
    for i in range(len(pending) - 1, -1, -1):
        other = pending[i]
        if other is not None and other.ref in members:
            del pending[i]
            other.cancel()
            _notify(st, other)
    return 0


cdef int _completed(object broker, BrokerState st, object order) except -1:
    """``BackBroker._bracketize(order)`` of a completed order: a lone order
    forgets its group, a parent activates its children."""
    if order.parent is not None:
        broker._bracketize(order)
        return 0
    ref = order.ref
    pchildren = broker._pchildren
    group = pchildren[ref]
    group.popleft()  # the order itself
    if group:
        st._toactivate.extend(group)
    else:
        del pchildren[ref]
        broker._pdone.add(ref)
    return 0


cdef int _try_market(object broker, BrokerState st, object order) except -1:
    """``BackBroker._try_exec`` of a Market order (``_try_exec_market``)."""
    data = order.data
    popen, phigh, plow, pclose = _tick_prices(data)
    if popen is None:
        popen = data.open[0]
    if phigh is None:
        phigh = data.high[0]
    if plow is None:
        plow = data.low[0]
    p = st.p
    created = order.created
    if p.coc and order.info.get('coc', True):
        dtcoc = created.dt
        exprice = created.pclose
    else:
        if not p.coo and data.datetime[0] <= created.dt:
            return 0  # not before the bar after its creation
        dtcoc = None
        exprice = popen
    if order.ordtype == 0:  # isbuy()
        fill = broker._slip_up(phigh, exprice, doslip=p.slip_open) if p.slip_open else exprice
    else:
        fill = broker._slip_down(plow, exprice, doslip=p.slip_open) if p.slip_open else exprice
    execute(broker, order, 0, fill, None, None, dtcoc)
    return 0


def process_pending(broker):
    """``BackBroker._process_pending``: one round over the pending orders
    (expire, wait for a parent, or try to fill), with the steps of the stock
    methods taken here for Market orders."""
    cdef BrokerState st
    if not _plain_broker(broker):
        return broker._process_pending_py()
    st = <BrokerState>broker
    pending = st.pending
    pending.append(None)  # marks the end of this bar's round
    while True:
        order = pending.popleft()
        if order is None:
            break
        stock = _stock_order(order)
        if stock and order.exectype == _market:
            expired = False  # Market orders never expire
        else:
            expired = order.expire()
        if expired:
            _notify(st, order)
            _ococheck(broker, st, order)
            broker._bracketize(order, cancel=True)
            continue
        if not (order._active if stock else order.active()):
            pending.append(order)  # a child waiting for its parent
            continue
        if stock and order.exectype == _market:
            _try_market(broker, st, order)
        else:
            broker._try_exec(order)
        alive = order.status <= 3 if stock else order.alive()  # 3: Partial
        if alive:
            pending.append(order)
        elif order.status == 4:  # Completed
            _completed(broker, st, order)  # a parent frees its children


def check_submitted(broker):
    """``BackBroker.check_submitted``: accept the submitted orders the cash
    can pay for (evaluated in sequence on copies of the positions); the rest
    get Margin."""
    cdef BrokerState st
    if not _plain_broker(broker):
        return broker.check_submitted_py()
    st = <BrokerState>broker
    cash = st.cash
    trial = {}
    submitted = st.submitted
    while submitted:
        order = submitted.popleft()
        if order.parent is not None and broker._take_children(order) is None:
            continue  # (an order without parent is its own group)
        data = order.data
        position = trial.get(data)
        if position is None:
            position = trial[data] = st.positions[data].clone()
        cash = execute(broker, order, None, None, cash, position, None)
        if cash >= 0.0:
            # submit_accept
            order.pannotated = None
            if _stock_order(order):
                order.status = 1  # Submitted
                order.broker = None
                order.plen = len(order.data)
                order.status = 2  # Accepted
                order.broker = None
            else:
                order.submit()
                order.accept()
            st.pending.append(order)
            _notify(st, order)
            continue
        order.margin()
        _notify(st, order)
        _ococheck(broker, st, order)
        broker._bracketize(order, cancel=True)


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
        dt = dtcoc or data.datetime[ago]
        margin = cp.margin if plain else comminfo.margin
        if _plain_broker(broker) and _stock_order(order):
            # Order.execute (a non-zero size), addcomminfo, notify, _ococheck
            ex = <OrderData>order.executed
            ex.addfill(dt, execsize, price, closed, closedvalue, closedcomm,
                       opened, openedvalue, openedcomm, pnl, psize, pprice)
            ex.margin = margin
            order.status = 3 if ex.remsize else 4  # Partial / Completed
            order.comminfo = comminfo
            _notify(st, order)
            _ococheck(broker, st, order)
        else:
            order.execute(dt, execsize, price,
                          closed, closedvalue, closedcomm,
                          opened, openedvalue, openedcomm,
                          margin, pnl, psize, pprice)
            order.addcomminfo(comminfo)
            broker.notify(order)
            broker._ococheck(order)

    if wanted_open and not opened:
        order.margin()
        broker.notify(order)
        broker._ococheck(order)
        broker._bracketize(order, cancel=True)
