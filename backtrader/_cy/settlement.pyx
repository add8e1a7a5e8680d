# cython: language_level=3
"""The end of the broker's bar: futures settlement, then the portfolio value.

*Settlement.* Every open position's ``adjbase`` moves to the bar's close;
a futures-like holding brings ``size * (close - adjbase) * mult`` into the
cash (stock-like ones nothing).

*Valuation.* After the pending cash additions, the broker's cached values:
each open position is worth ``size * close`` (stock-like; a short with
``shortcash`` off is valued from its entry instead) or ``abs(size) *
margin`` (futures-like, ``automargin`` giving a margin from the close); a
long owns only its value divided by the leverage, plus its profit. The sums
give ``_value`` (cash plus what is owned), ``_valuemkt``, ``_valuelever``,
``_valuemktlever``, ``_leverage``, ``_unrealized`` and the fund's share
value.

This module is the compiled path, for stock schemes with int/float figures;
the Python path, which calls the scheme's methods, is
``BackBroker._settle_by_methods`` and ``BackBroker._get_value`` (the latter
also serves ``get_value(datas=...)`` and fund histories). Which runs is
``brokerroute.route_of``'s choice; on the compiled path a bar whose figures
are not all int/float (or whose values would divide by zero, to raise as
Python does) takes the Python path for that step.
"""
from cpython.dict cimport PyDict_Size
from libc.math cimport fabs

from backtrader._cy.brokerstate cimport BrokerState
from backtrader._cy.brokerroute cimport Route, route_of
from backtrader._cy.plainnum cimport num, plain, same_float
from backtrader._cy.position cimport Position
from backtrader._cy.schemecache cimport (BrokerCache, PosSlot, close_of,
                                         read_facts, shortcash_of)

cdef double _EXACT = 9007199254740992.0   # 2**53: products of ints stay exact below


cdef int settle_and_value_step(object broker) except -1:
    """Settle, then value (see the module docstring)."""
    cdef Route route = route_of(broker)
    cdef BrokerState st
    cdef BrokerCache c
    cdef bint settle = True
    if not route.bar:
        broker._settle_by_methods()
        broker._get_value()
        return 0
    st = <BrokerState>broker
    c = <BrokerCache>st._bkcache
    if not route.stocklike and not _futures_settle_in_c(broker, c):
        broker._settle_by_methods()
        settle = False
    if not _settle_and_value(st, c, settle):
        broker._get_value()
    return 0


def settle_and_value(broker):
    """Settle the futures-like positions to the close, then cache the
    portfolio values."""
    settle_and_value_step(broker)


cdef bint _futures_settle_in_c(object broker, BrokerCache c) except -1:
    """Whether the settlement of every open position is C arithmetic (for a
    stock-like one it adds 0.0 whatever its figures)."""
    c.start_walk()
    while c.next_open(broker):
        if type(c.pos) is not Position:
            return False
        read_facts(c.slot)
        if c.slot.f_stock:
            continue
        if not (plain(c.size) and type(close_of(c.slot)) is float
                and plain((<Position>c.pos).adjbase) and plain(c.slot.f_mult)):
            return False
    return True


cdef bint _settle_and_value(BrokerState broker, BrokerCache c,
                            bint settle) except -1:
    """One walk over the open positions: their settlement in C (when
    ``settle``; the caller made sure it is C arithmetic) and their values.
    Returns False, the settlement done, when the values need the Python
    path."""
    cdef PosSlot s
    cdef double adj, cashd = 0.0
    cdef bint cfloat = False, moved = False, vfast = True, shortcash = False
    cdef double pos_value = 0.0, pos_value_unlever = 0.0, unrealized = 0.0
    cdef double dsize, dprice, dclose, dmult, dlever, dvalue, dunrealized
    cdef double entry, dcash, total, fundval, leverage

    if PyDict_Size(c.positions):
        shortcash = shortcash_of(c, broker)
        cash = broker.cash
        cfloat = type(cash) is float
        if cfloat:
            cashd = <double>cash
    c.start_walk()
    while c.next_open(broker):
        s = c.slot
        read_facts(s)
        close = close_of(s)
        size = c.size
        if settle:
            if s.f_stock:
                adj = 0.0
            else:  # a Position with int/float figures (_futures_settle_in_c)
                adj = ((<double>size * (<double>close - <double>(<Position>c.pos).adjbase))
                       * <double>s.f_mult)
            if cfloat:
                cashd = cashd + adj
                moved = True
            else:  # an int (or other) cash: Python's own addition
                cash = cash + adj
                broker.cash = cash
                cfloat = type(cash) is float
                if cfloat:
                    cashd = <double>cash
            if type(c.pos) is Position:
                (<Position>c.pos).adjbase = close
            else:
                c.pos.adjbase = close
        if not vfast:
            continue
        # -- this position's share of the values
        if type(c.pos) is not Position:
            vfast = False
            continue
        price = (<Position>c.pos).price
        mult = s.f_mult
        lever = s.f_lever
        if (not plain(size) or type(close) is not float or not plain(price)
                or not plain(mult) or not plain(lever) or lever == 0):
            vfast = False
            continue
        dsize = num(size)
        dprice = num(price)
        dmult = num(mult)
        dlever = num(lever)
        dclose = num(close)

        if s.f_stock and (shortcash or dsize >= 0.0):
            dvalue = dsize * dclose
        elif s.f_stock:  # a stock short valued from its entry
            entry = dprice * dsize
            if type(price) is int and type(size) is int and not fabs(entry) < _EXACT:
                vfast = False
                continue
            dvalue = entry + (dprice - dclose) * dsize
        else:  # futures-like: abs(size) times the margin
            auto = s.f_auto
            if not plain(auto) and type(auto) is not bool:
                vfast = False
                continue
            if not auto:
                margin = s.f_margin
                if not plain(margin):
                    vfast = False
                    continue
                dvalue = fabs(dsize) * num(margin)
                if (type(margin) is int and type(size) is int
                        and not fabs(dvalue) < _EXACT):
                    vfast = False
                    continue
            elif auto < 0:
                dvalue = fabs(dsize) * (dclose * dmult)
            else:
                dvalue = fabs(dsize) * (dclose * num(auto))

        dunrealized = (dsize * (dclose - dprice)) * dmult
        if not shortcash:
            dvalue = fabs(dvalue)
        pos_value += dvalue
        unrealized += dunrealized
        if dvalue > 0:  # a long owns its unleveraged part and its profit
            pos_value_unlever += (dvalue - dunrealized) / dlever
            pos_value_unlever += dunrealized
        else:
            pos_value_unlever += dvalue
    if moved:
        broker.cash = cashd

    if broker._cash_addition:
        broker._apply_cash_additions()
    if not vfast or broker._fundhist:
        return False
    cash = broker.cash
    fundshares = broker._fundshares
    if not (plain(cash) and type(fundshares) is float and <double>fundshares != 0.0):
        return False
    dcash = num(cash)
    total = dcash + pos_value_unlever
    fundval = total / <double>fundshares
    leverage = pos_value / (pos_value_unlever if pos_value_unlever != 0.0 else 1.0)
    # a figure equal to the one stored (sign of zero included) is left in
    # place: a flat book gives the same figures every bar
    if not same_float(broker._value, total):
        broker._value = total
    if not same_float(broker._fundval, fundval):
        broker._fundval = fundval
    if not same_float(broker._valuemkt, pos_value_unlever):
        broker._valuemkt = pos_value_unlever
    if not same_float(broker._valuelever, dcash + pos_value):
        broker._valuelever = dcash + pos_value
    if not same_float(broker._valuemktlever, pos_value):
        broker._valuemktlever = pos_value
    if not same_float(broker._leverage, leverage):
        broker._leverage = leverage
    if not same_float(broker._unrealized, unrealized):
        broker._unrealized = unrealized
    return True
