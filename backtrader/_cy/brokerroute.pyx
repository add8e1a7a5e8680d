# cython: language_level=3
"""Which path the broker's rules run on, and why.

Each of the broker's money rules has one home per kind of commission scheme:

- the *compiled path* computes the formulas of the stock ``CommInfoBase``
  methods in C (``fills.execute`` for a fill, ``interest``, ``settlement``
  for the bar's position work and the portfolio value);
- the *Python path* calls the scheme's own methods (``BackBroker.
  _execute_by_methods``, ``_charge_interest_by_methods``,
  ``_settle_by_methods``, ``_get_value``): that is how user schemes run.

:func:`route_of` makes the choice for a broker once per set of settings (it is
decided again only when a watched setting, the scheme map or the positions
dict changed) and :func:`describe` reports it. On the compiled path a few
per-value conditions still send one step to Python: numbers that are not
int/float (numpy, Decimal), a fund history, a division by zero that must
raise, an order whose ``executed`` is not an ``OrderData`` or a position that
is not a ``Position``.
"""
from backtrader._cy.brokerstate cimport BrokerState, state_of
from backtrader._cy.cpython_private cimport class_attr
from backtrader._cy.orderrecords cimport OrderData
from backtrader._cy.schemecache cimport (BrokerCache, cache_of, stock_lookup,
                                         stock_scheme)
from backtrader._cy.schemecache import overridden_methods
from backtrader._cy.watched cimport settings_version

import sys as _sys

cdef object _stock_execute = None   # BackBroker._execute
cdef object _broker_cls = None      # BackBroker
cdef object _order_cls = None       # Order
cdef dict _class_routes = {}        # broker type -> Route (no C state)
cdef dict _stock_brokers = {}       # broker type -> keeps the stock methods
cdef dict _stock_orders = {}        # order type -> keeps the stock methods

# the BackBroker methods whose steps the compiled rounds take themselves
STOCK_BROKER_METHODS = ('_execute', '_try_exec', '_try_exec_market', 'notify',
                        'submit_accept', '_slip_up', '_slip_down', '_ococheck',
                        '_bracketize', '_take_children')
# the Order methods whose steps the compiled rounds take themselves
STOCK_ORDER_METHODS = ('expire', 'active', 'alive', 'submit', 'accept',
                       'execute', 'addcomminfo', 'clone', 'isbuy', 'margin')


def register(broker_cls, order_cls):
    """Give the stock classes: ``BackBroker`` and ``Order``."""
    global _stock_execute, _broker_cls, _order_cls
    _broker_cls = broker_cls
    _order_cls = order_cls
    _stock_execute = broker_cls._execute
    _class_routes.clear()
    _stock_brokers.clear()
    _stock_orders.clear()


cdef class Route:
    """The paths of one broker (see the module docstring)."""

    def __repr__(self):
        return 'Route(fill=%s: %s; bar=%s: %s)' % (
            _name(self.fill), self.fill_why, _name(self.bar), self.bar_why)


cdef str _name(bint compiled):
    return 'compiled' if compiled else 'python'


cdef Route _new_route(str scheme_why, str fill_why):
    """``scheme_why`` keeps both paths in Python; ``fill_why`` only fills."""
    cdef Route r = Route.__new__(Route)
    r.bar = scheme_why is None
    r.stocklike = False
    r.bar_why = ('the commission schemes are stock ones' if r.bar
                 else scheme_why)
    r.fill = r.bar and fill_why is None
    r.fill_why = r.bar_why if not r.bar else (
        fill_why if fill_why is not None else r.bar_why)
    return r


cdef str _scheme_why(object broker):
    """None when every scheme the broker can use is a stock one, else why
    not."""
    if class_attr(broker, 'getcommissioninfo') is not _broker_cls.getcommissioninfo:
        return ("the broker's class overrides getcommissioninfo")
    if not stock_lookup(broker):
        return 'broker.comminfo is a %s, not a CommInfoMap' % (
            type(broker.comminfo).__name__,)
    for name, comminfo in broker.comminfo.items():
        if not stock_scheme(comminfo):
            return 'the scheme for %r (%s) overrides %s' % (
                name, type(comminfo).__name__,
                ', '.join(overridden_methods(comminfo)) or 'no method: it is '
                'not a CommInfoBase')
    return None


cdef Route _decide(object broker, BrokerState st):
    cdef Route r
    why = _scheme_why(broker)
    fill_why = None
    if class_attr(broker, '_execute') is not _stock_execute:
        fill_why = "the broker's class overrides _execute"
    elif st.p.filler is not None:
        fill_why = 'a volume filler is set (p.filler)'
    r = _new_route(why, fill_why)
    r.stocklike = r.bar and _all_stocklike(broker.comminfo)
    return r


cdef bint _all_stocklike(object schemes) except -1:
    for comminfo in schemes.values():
        if not comminfo._stocklike:
            return False
    return True


cdef int _log(Route r) except -1:
    # a logger can only have been set up if logging was imported
    logging = _sys.modules.get('logging')
    if logging is not None:
        logging.getLogger('backtrader.broker').debug('broker route: %r', r)
    return 0


cdef Route route_of(object broker):
    """The broker's route for its current settings."""
    cdef BrokerState st = state_of(broker)
    cdef BrokerCache c
    cdef Route r
    if st is None:
        cls = type(broker)
        r = _class_routes.get(cls)
        if r is None:
            r = _class_routes[cls] = _new_route(
                "the broker's class redefines one of its state attributes "
                "(cash, positions, ...)", None)
            _log(r)
        return r
    c = cache_of(st)
    if c is None:
        return _new_route('broker.positions is not a dict', None)
    if c.route is not None and c.routever == settings_version():
        return <Route>c.route
    r = _decide(broker, st)
    if c.route is None or repr(c.route) != repr(r):
        _log(r)
    c.route = r
    c.routever = settings_version()
    return r


def describe(broker):
    """Which path runs the broker's rules and why, as a dict."""
    cdef Route r = route_of(broker)
    rounds = ('compiled steps of the stock methods' if stock_broker(broker)
              else "compiled, calling the broker's own methods")
    return {
        'fill': _name(r.fill), 'fill_reason': r.fill_why,
        'bar': _name(r.bar), 'bar_reason': r.bar_why,
        'rounds': rounds,
        'matching': 'Market orders of the stock order classes in C; other '
                    'order types by BackBroker._try_exec',
        'per_value_exceptions': 'numbers other than int/float, a fund '
                                'history, a division by zero to raise: '
                                'that step runs in Python',
    }


cdef bint stock_broker(object broker) except -1:
    """Whether the broker's fields are C fields and its class keeps the
    BackBroker methods whose steps the compiled rounds take themselves."""
    cls = type(broker)
    stock = _stock_brokers.get(cls)
    if stock is None:
        stock = _stock_brokers[cls] = (
            state_of(broker) is not None and isinstance(broker, _broker_cls)
            and _keeps(cls, _broker_cls, STOCK_BROKER_METHODS))
    return stock


cdef bint stock_order(object order) except -1:
    """Whether the order's class keeps the Order methods whose steps the
    compiled rounds take themselves, and its ``executed`` is an OrderData."""
    cls = type(order)
    stock = _stock_orders.get(cls)
    if stock is None:
        stock = _stock_orders[cls] = _keeps(cls, _order_cls, STOCK_ORDER_METHODS)
    return stock and type(order.executed) is OrderData


cdef bint _keeps(object cls, object base, tuple names) except -1:
    """Whether ``cls`` holds ``base``'s attributes under ``names`` (its
    own function: a loop in the callers would make them build a closure on
    every call)."""
    for name in names:
        if getattr(cls, name, None) is not getattr(base, name):
            return False
    return True
