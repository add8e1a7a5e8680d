# cython: language_level=3
"""The broker's two rounds over its orders on every bar.

:func:`check_submitted` (``BackBroker.check_submitted``) accepts the orders
submitted since the last bar that the cash can pay for, trying them in
sequence on copies of the positions; the others get Margin.
:func:`process_pending` (``BackBroker._process_pending``) goes once over the
pending orders: an order expires, waits for its parent, or is tried against
the bar (Market orders of the stock order classes are matched here, every
other order by ``broker._try_exec``).

When the broker's class keeps the stock BackBroker methods
(``brokerroute.stock_broker``) their steps are taken here; otherwise the
broker's own methods are called at each step.
"""
from backtrader._cy.brokerstate cimport BrokerState, state_of
from backtrader._cy.brokerroute cimport stock_broker, stock_order
from backtrader._cy.fills cimport execute
from backtrader._cy.orderevents cimport accept, bracket_done, notice, oco_check
from backtrader._cy.orderlife cimport is_alive

cdef object _market = 0         # Order.Market
cdef object _tick_prices = None # bbroker._tick_prices


def register(tick_prices):
    """Give ``bbroker._tick_prices`` (the ``tick_*`` prices of a data)."""
    global _tick_prices
    _tick_prices = tick_prices


cdef int _try_market(object broker, BrokerState st, object order) except -1:
    """``BackBroker._try_exec`` of a Market order (``_try_exec_market``)."""
    data = order.data
    popen, phigh, plow, pclose = _tick_prices(data)
    p = st.p
    created = order.created
    if p.coc and order.info.get('coc', True):
        when = created.dt       # cheat-on-close: the close of its own bar
        target = created.pclose
    else:
        if not p.coo and data.datetime[0] <= created.dt:
            return 0  # not before the bar after its creation
        when = None
        target = data.open[0] if popen is None else popen
    if p.slip_open:
        if order.ordtype == 0:  # a buy slips up, capped at the high
            target = broker._slip_up(data.high[0] if phigh is None else phigh,
                                     target, doslip=True)
        else:
            target = broker._slip_down(data.low[0] if plow is None else plow,
                                       target, doslip=True)
    execute(broker, order, 0, target, None, None, when)
    return 0


def process_pending(broker):
    """One round over the pending orders: expire, wait or try to fill."""
    cdef BrokerState st = state_of(broker)
    cdef bint stock = stock_broker(broker)
    cdef bint sorder
    pending = st.pending if st is not None else broker.pending
    pending.append(None)  # marks the end of this bar's round
    while True:
        order = pending.popleft()
        if order is None:
            break
        sorder = stock_order(order)
        market = sorder and order.exectype == _market
        if not market and order.expire():  # Market orders never expire
            notice(broker, st, order, stock)
            oco_check(broker, st, order, stock)
            bracket_done(broker, st, order, True, stock)
            continue
        if not (order._active if sorder else order.active()):
            pending.append(order)  # a child waiting for its parent
            continue
        if market and stock:
            _try_market(broker, st, order)
        else:
            broker._try_exec(order)
        if is_alive(order) if sorder else order.alive():
            pending.append(order)
        elif order.status == 4:  # Completed: a parent frees its children
            bracket_done(broker, st, order, False, stock)


def check_submitted(broker):
    """Accept the submitted orders the cash can pay for (evaluated in
    sequence on copies of the positions); the rest get Margin."""
    cdef BrokerState st = state_of(broker)
    cdef bint stock = stock_broker(broker)
    if st is not None:
        cash, submitted, positions = st.cash, st.submitted, st.positions
    else:
        cash, submitted, positions = broker.cash, broker.submitted, broker.positions
    trials = {}
    while submitted:
        order = submitted.popleft()
        if ((order.parent is not None or not stock)
                and broker._take_children(order) is None):
            continue  # (an order without parent is its own group)
        data = order.data
        trial = trials.get(data)
        if trial is None:
            trial = trials[data] = positions[data].clone()
        if stock:
            cash = execute(broker, order, None, None, cash, trial, None)
        else:
            cash = broker._execute(order, cash=cash, position=trial)
        if cash >= 0.0:
            accept(broker, st, order, stock)
            continue
        order.margin()
        notice(broker, st, order, stock)
        oco_check(broker, st, order, stock)
        bracket_done(broker, st, order, True, stock)
