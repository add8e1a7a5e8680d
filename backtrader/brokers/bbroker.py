"""The backtesting broker: matches orders against the bars of the data feeds.

Per bar, :meth:`BackBroker.next` (called by Cerebro after the data feeds
have advanced and before the strategies' ``next``) activates bracket
children, accepts or refuses the orders submitted since the previous bar,
charges interest, tries to execute every pending order against the current
bar, marks futures-like positions to market and caches the portfolio value.
Every status change of an order is queued as a snapshot (``order.clone()``)
that Cerebro drains with :meth:`BackBroker.get_notification`.

Each money rule of the broker (the fill, interest, settlement, valuation) has
one compiled home for the stock commission schemes (``backtrader._cy.fills``,
``interest``, ``settlement``) and one Python home here that calls the
scheme's own methods, for user schemes (``_execute_by_methods``,
``_charge_interest_by_methods``, ``_settle_by_methods``, ``_get_value``).
Which one runs is decided once per set of settings by
``backtrader._cy.brokerroute``; :meth:`BackBroker.describe` says which and
why. Both fill paths end in ``fills.book``, which books the fill's figures on
the position and the order and notifies. The rounds over the orders and the status events of an order are
compiled (``rounds``, ``orderevents``) and call a subclass's own methods.
"""
import collections
import datetime

from backtrader._cy import brokerbar as _brokerbar
from backtrader._cy import brokerroute as _route
from backtrader._cy import fills as _fills
from backtrader._cy import orderevents as _events
from backtrader._cy import rounds as _rounds
from backtrader._cy.ordercreate import broker_order as _broker_order
from backtrader._cy.schemecache import register_reference as _register_reference
from backtrader.broker import BrokerBase, CommInfoMap
from backtrader.comminfo import CommInfoBase
from backtrader.order import Order, BuyOrder, SellOrder, check_trade_size
from backtrader.position import Position

_register_reference(CommInfoBase, BrokerBase, CommInfoMap)

__all__ = ['BackBroker', 'BrokerBack']

_STOPS = (Order.Stop, Order.StopTrail)
_STOPLIMITS = (Order.StopLimit, Order.StopTrailLimit)


_TICKS = ('tick_open', 'tick_high', 'tick_low', 'tick_close')
_TICK_PLAIN = {}  # type(data) -> bool


def _tick_prices(data):
    """``[getattr(data, 'tick_' + x, None) for x in open/high/low/close]``.

    Feeds set these as instance attributes while replaying. When neither
    the class of ``data`` nor the class of its lines can provide such an
    attribute, looking in the two instance dicts gives the same answer as
    ``getattr`` without raising and catching AttributeError four times.
    """
    plain = _TICK_PLAIN.get(type(data))
    if plain is None:
        plain = _TICK_PLAIN[type(data)] = _ticks_come_from_dicts(
            data, getattr(data, 'lines', None))
    if not plain:
        return [getattr(data, name, None) for name in _TICKS]
    ddict = data.__dict__
    if ('tick_open' not in ddict and 'tick_high' not in ddict
            and 'tick_low' not in ddict and 'tick_close' not in ddict):
        ldict = data.lines.__dict__
        return [ldict.get('tick_open'), ldict.get('tick_high'),
                ldict.get('tick_low'), ldict.get('tick_close')]
    ldict = data.lines.__dict__
    return [ddict[name] if name in ddict else ldict.get(name)
            for name in _TICKS]


def _ticks_come_from_dicts(data, lines):
    """Whether tick attributes of ``data`` can only be instance attributes
    of ``data`` or (read through a ``LinesAttribute``) of ``data.lines``."""
    from backtrader.lineseries import LineSeries, LinesAttribute
    cls = type(data)
    if not isinstance(data, LineSeries) or lines is None:
        return False
    ltype = type(lines)
    for klass in (cls, ltype):
        if (getattr(klass, '__getattr__', None) is not None
                or klass.__getattribute__ is not object.__getattribute__):
            return False
    for klass in cls.__mro__ + ltype.__mro__:
        attrs = vars(klass)
        if any(name in attrs and not isinstance(attrs[name], LinesAttribute)
               for name in _TICKS):
            return False
    # the lines of a data are an instance of a class made for its class
    return (hasattr(data, '__dict__') and hasattr(lines, '__dict__')
            and getattr(cls, 'lines', None) is ltype)


def _parse_when(when):
    """A datetime from a datetime, a date or an ISO-like string."""
    if isinstance(when, str):
        fmt = '%Y-%m-%d'
        if 'T' in when:
            fmt += 'T%H:%M:%S'
            if '.' in when:
                fmt += '.%f'
        return datetime.datetime.strptime(when, fmt)
    if isinstance(when, datetime.datetime):
        return when
    if isinstance(when, datetime.date):
        return datetime.datetime(when.year, when.month, when.day)
    return when


def _param_setter(pname, doc):
    """A ``set_<pname>`` method storing its one argument (given by position
    or as ``<pname>=``) in the broker param ``pname``."""
    def setter(self, *args, **kwargs):
        if len(args) + len(kwargs) != 1 or (kwargs and pname not in kwargs):
            raise TypeError('BackBroker.set_%s() takes one argument, %s'
                            % (pname, pname))
        setattr(self.p, pname, kwargs[pname] if kwargs else args[0])
    setter.__name__ = 'set_' + pname
    setter.__qualname__ = 'BackBroker.set_' + pname
    setter.__doc__ = doc
    return setter


def _reader(attr, doc):
    """A method returning the attribute ``attr``."""
    def read(self):
        return getattr(self, attr)
    read.__doc__ = doc
    return read


class BackBroker(BrokerBase):
    """Broker simulator.

    Supports Market, Close, Limit, Stop, StopLimit, StopTrail,
    StopTrailLimit and Historical orders, bracket (parent/children) and OCO
    groups, validity/expiry, volume fillers, slippage, cheat-on-close/open,
    stock-like and futures-like (margin, per-bar cash adjustment)
    accounting, short-selling interest and fund-like share accounting.

    Params
    ------
    cash : float (10000.0)
        Starting cash.
    commission : CommInfoBase
        Default commission scheme (commission 0).
    checksubmit : bool (True)
        Check cash/margin before accepting a submitted order.
    eosbar : bool (False)
        Consider a bar at the session end time the end of the session.
    filler : callable or None (None)
        ``filler(order, price, ago) -> size`` limiting each fill (volume);
        None fills the whole order at once.
    slip_perc : float (0.0)
        Slippage as a fraction (0.01 is 1%) against the order's side;
        takes precedence over ``slip_fixed``.
    slip_fixed : float (0.0)
        Slippage in price units.
    slip_open : bool (False)
        Slip executions that use the bar's opening price.
    slip_match : bool (True)
        Cap slipped prices at high/low (True) or skip the fill (False).
    slip_limit : bool (True)
        Match Limit orders by capping even if ``slip_match`` is False.
    slip_out : bool (False)
        Allow slipped prices outside the high-low range.
    coc : bool (False)
        Cheat-on-close: Market orders fill at the close of the bar in
        which they were issued.
    coo : bool (False)
        Cheat-on-open: Market orders issued before the broker runs fill at
        the opening price of the same bar.
    int2pnl : bool (True)
        Add accumulated interest to the commission of the reducing fill.
    shortcash : bool (True)
        Shorting a stock-like asset adds cash and its value is negative;
        False deducts the cost and values the short positively.
    fundstartval : float (100.0)
        Initial value of one share in fund mode.
    fundmode : bool (False)
        Let analyzers measure returns on the fund share value.
    """

    params = (
        ('cash', 10000.0),
        ('checksubmit', True),
        ('eosbar', False),
        ('filler', None),
        ('slip_perc', 0.0),
        ('slip_fixed', 0.0),
        ('slip_open', False),
        ('slip_match', True),
        ('slip_limit', True),
        ('slip_out', False),
        ('coc', False),
        ('coo', False),
        ('int2pnl', True),
        ('shortcash', True),
        ('fundstartval', 100.0),
        ('fundmode', False),
    )

    def __init__(self):
        super(BackBroker, self).__init__()
        self._userhist = []
        self._fundhist = []
        self._fhistlast = [float('NaN'), float('NaN')]  # share value, NAV

    def init(self):
        super(BackBroker, self).init()
        self.startingcash = self.cash = self.p.cash
        self._value = self.cash
        self._valuemkt = 0.0
        self._valuelever = 0.0
        self._valuemktlever = 0.0
        self._leverage = 1.0
        self._unrealized = 0.0

        self.orders = list()                      # every checked submission
        self.pending = collections.deque()        # accepted, not yet done
        self._toactivate = collections.deque()    # children to wake up
        self.submitted = collections.deque()      # awaiting the cash check
        self.notifs = collections.deque()         # order snapshots to deliver

        self.positions = collections.defaultdict(Position)
        self.d_credit = collections.defaultdict(float)  # interest per data

        # bracket groups: parent ref -> deque(parent, children...); the
        # group of a parent that completed without children is dropped and
        # its ref kept in _pdone (children may still name it as parent)
        self._pchildren = collections.defaultdict(collections.deque)
        self._pdone = set()
        # oco groups: order ref -> leader ref, leader ref -> member refs
        self._ocos = dict()
        self._ocol = collections.defaultdict(list)

        self._fundval = self.p.fundstartval
        self._fundshares = self.p.cash / self._fundval
        self._cash_addition = collections.deque()

    # ------------------------------------------------------------ settings
    # upstream's one-param setters, made from a table (see _param_setter)
    set_fundstartval = _param_setter('fundstartval', 'Initial value of one fund share.')
    set_int2pnl = _param_setter(
        'int2pnl', 'Whether interest is added to the reducing fill\'s commission.')
    set_coc = _param_setter(
        'coc', 'Cheat-on-close: Market orders fill at the issuing bar\'s close.')
    set_coo = _param_setter(
        'coo', 'Cheat-on-open: Market orders fill at the current bar\'s open.')
    set_shortcash = _param_setter('shortcash', 'See the ``shortcash`` param.')
    set_filler = _param_setter('filler', 'Volume filler (see the ``filler`` param).')
    set_checksubmit = _param_setter('checksubmit', 'See the ``checksubmit`` param.')
    set_eosbar = seteosbar = _param_setter(
        'eosbar', 'See the ``eosbar`` param (alias ``seteosbar``).')

    def get_fundmode(self):
        """Whether fund mode is on."""
        return self.p.fundmode

    def set_fundmode(self, fundmode, fundstartval=None):
        """Switch fund mode; with ``fundstartval`` also set the share start value."""
        if fundstartval is not None:
            self.set_fundstartval(fundstartval)
        self.p.fundmode = fundmode

    fundmode = property(get_fundmode, set_fundmode)

    def set_slippage_perc(self, perc, slip_open=True, slip_limit=True,
                          slip_match=True, slip_out=False):
        """Slip prices by a fraction ``perc`` (0.01 is 1%)."""
        self._set_slippage(perc=perc, fixed=0.0, open=slip_open, limit=slip_limit,
                           match=slip_match, out=slip_out)

    def set_slippage_fixed(self, fixed, slip_open=True, slip_limit=True,
                           slip_match=True, slip_out=False):
        """Slip prices by ``fixed`` price units."""
        self._set_slippage(perc=0.0, fixed=fixed, open=slip_open, limit=slip_limit,
                           match=slip_match, out=slip_out)

    def _set_slippage(self, **settings):
        """Store every ``slip_<key>`` param given as ``key=value``."""
        for key, value in settings.items():
            setattr(self.p, 'slip_' + key, value)

    # ------------------------------------------------------- cash and value
    def get_cash(self):
        """Cash available (alias ``getcash``)."""
        return self.cash

    def set_cash(self, cash):
        """Set the starting and current cash (alias ``setcash``)."""
        self.startingcash = self.cash = self.p.cash = cash
        self._value = cash

    getcash, setcash = get_cash, set_cash

    def add_cash(self, cash):
        """Add (or with a negative value remove) cash; applied at the next
        value computation and, in fund mode, issuing/redeeming shares."""
        self._cash_addition.append(cash)

    # fund mode: the portfolio as shares of a fund
    get_fundshares = _reader('_fundshares', 'Number of fund shares.')
    get_fundvalue = _reader('_fundval', 'Value of one fund share.')
    fundshares = property(get_fundshares)
    fundvalue = property(get_fundvalue)

    def get_value(self, datas=None, mkt=False, lever=False):
        """Portfolio value (alias ``getvalue``).

        Without ``datas`` the value cached by the last :meth:`next` is
        returned: cash plus positions (``mkt=True``: positions only;
        ``lever=True``: with leveraged position values). With ``datas``,
        the value of those positions is computed now (a single data gives
        its raw position value, negative for stock shorts).
        """
        if datas is None:
            if mkt:
                return self._valuemktlever if lever else self._valuemkt
            return self._valuelever if lever else self._value
        return self._get_value(datas=datas, lever=lever)

    getvalue = get_value

    def get_value_lever(self, datas=None, mkt=False):
        return self.get_value(datas=datas, mkt=mkt)

    def _apply_cash_additions(self):
        additions = self._cash_addition
        while additions:
            amount = additions.popleft()
            self._fundshares += amount / self._fundval
            self.cash += amount

    def _get_value(self, datas=None, lever=False):
        if self._cash_addition:
            self._apply_cash_additions()

        shortcash = self.p.shortcash
        positions = self.positions
        single = datas is not None and len(datas) == 1
        pos_value = 0.0
        pos_value_unlever = 0.0
        unrealized = 0.0

        for data in (datas or positions):
            position = positions[data]
            if not datas and not position.size:
                continue  # a flat position adds nothing
            comminfo = self.getcommissioninfo(data)
            close = data.close[0]
            if shortcash:
                dvalue = comminfo.getvaluesize(position.size, close)
            else:
                dvalue = comminfo.getvalue(position, close)
            dunrealized = comminfo.profitandloss(position.size, position.price,
                                                 close)
            if single:  # raw value of one position
                if lever and dvalue > 0:
                    dvalue -= dunrealized
                    return (dvalue / comminfo.get_leverage()) + dunrealized
                return dvalue

            if not shortcash:
                dvalue = abs(dvalue)

            pos_value += dvalue
            unrealized += dunrealized
            if dvalue > 0:  # long: only the unleveraged part is owned
                dvalue -= dunrealized
                pos_value_unlever += (dvalue / comminfo.get_leverage())
                pos_value_unlever += dunrealized
            else:
                pos_value_unlever += dvalue

        if not self._fundhist:
            self._value = self.cash + pos_value_unlever
            self._fundval = self._value / self._fundshares
        else:  # the fund history dictates the values
            fval, fvalue = self._process_fund_history()
            self._value = fvalue
            self.cash = fvalue - pos_value_unlever
            self._fundval = fval
            self._fundshares = fvalue / fval
            lev = pos_value / (pos_value_unlever or 1.0)
            pos_value_unlever = fvalue
            pos_value = fvalue * lev

        self._valuemkt = pos_value_unlever
        self._valuelever = self.cash + pos_value
        self._valuemktlever = pos_value
        self._leverage = pos_value / (pos_value_unlever or 1.0)
        self._unrealized = unrealized
        return self._valuelever if lever else self._value

    def get_leverage(self):
        """Leverage of the open positions at the last value computation."""
        return self._leverage

    # ------------------------------------------------------ orders, status
    def get_notification(self):
        """Next queued order snapshot, or None."""
        notifs = self.notifs
        return notifs.popleft() if notifs else None

    notify = _events.notify  # queue a snapshot of the order for its owner

    def get_orders_open(self, safe=False):
        """Orders accepted and not finished (clones if ``safe``)."""
        if safe:
            return [o.clone() for o in self.pending]
        return list(self.pending)

    def getposition(self, data):
        """The :class:`Position` held in ``data``."""
        return self.positions[data]

    def orderstatus(self, order):
        """Status of ``order`` as recorded by the broker."""
        try:
            return self.orders[self.orders.index(order)].status
        except ValueError:
            return order.status

    # ------------------------------------------------------ order creation
    def buy(self, owner, data, size, price=None, plimit=None,
            exectype=None, valid=None, tradeid=0, oco=None,
            trailamount=None, trailpercent=None,
            parent=None, transmit=True,
            histnotify=False, _checksubmit=True,
            **kwargs):
        """Create and submit a buy order; returns it. Extra ``kwargs`` go
        to ``order.info``."""
        return self._place(BuyOrder, owner, data, size, price, plimit, exectype,
                           valid, tradeid, oco, trailamount, trailpercent,
                           parent, transmit, histnotify, _checksubmit, kwargs)

    def sell(self, owner, data, size, price=None, plimit=None,
             exectype=None, valid=None, tradeid=0, oco=None,
             trailamount=None, trailpercent=None,
             parent=None, transmit=True,
             histnotify=False, _checksubmit=True,
             **kwargs):
        """Create and submit a sell order; returns it. Extra ``kwargs`` go
        to ``order.info``."""
        return self._place(SellOrder, owner, data, size, price, plimit, exectype,
                           valid, tradeid, oco, trailamount, trailpercent,
                           parent, transmit, histnotify, _checksubmit, kwargs)

    def _place(self, ordercls, owner, data, size, price, plimit, exectype,
               valid, tradeid, oco, trailamount, trailpercent, parent,
               transmit, histnotify, checksubmit, info):
        # create an order of ``ordercls``, tag it and submit it
        check_trade_size(ordercls, size)
        order = _broker_order(ordercls, owner, data, size, price, plimit,
                              exectype, valid, tradeid, trailamount,
                              trailpercent, parent, transmit, histnotify)
        if info or type(order).addinfo is not Order.addinfo:
            order.addinfo(**info)
        self._ocoize(order, oco)
        return self.submit(order, check=checksubmit)

    def _ocoize(self, order, oco):
        """Put ``order`` in its own OCO group or in the group of ``oco``."""
        ref = order.ref
        leader = ref if oco is None else self._ocos[oco.ref]
        self._ocos[ref] = leader
        self._ocol[leader].append(ref)

    # cancel the pending members of the order's OCO group (once)
    _ococheck = _events.ococheck

    # ------------------------------------------------- submission, brackets
    def _take_children(self, order):
        """Group ref of ``order``; None (and the order rejected) when it is
        a child whose parent is no longer known."""
        ref = order.ref
        parent = order.parent
        pref = ref if parent is None else getattr(parent, 'ref', ref)
        if (pref != ref and pref not in self._pchildren
                and pref not in self._pdone):
            order.reject()
            self.notify(order)
            return None
        return pref

    def submit(self, order, check=True):
        """Queue ``order`` in its bracket group; transmitting orders send the
        whole group. Returns the order (the last transmitted one)."""
        pref = self._take_children(order)
        if pref is None:
            return order
        group = self._pchildren[pref]
        group.append(order)
        if not order.transmit:
            return order
        last = order
        for member in group:
            last = self.transmit(member, check=check)
        return last

    def transmit(self, order, check=True):
        """Hand ``order`` over: to the cash check (``checksubmit``), else
        straight into pending."""
        if not (check and self.p.checksubmit):
            self.submit_accept(order)
            return order
        order.submit()
        self.submitted.append(order)
        self.orders.append(order)
        self.notify(order)
        return order

    # the rounds over the orders and the status events of an order
    # (backtrader/_cy/rounds.pyx, orderevents.pyx)
    check_submitted = _rounds.check_submitted
    _process_pending = _rounds.process_pending
    submit_accept = _events.submit_accept  # accept an order into pending
    # after an order finished: a completed parent activates its children; a
    # cancel (or a child's execution) cancels the group
    _bracketize = _events.bracketize

    def cancel(self, order, bracket=False):
        """Cancel a pending ``order``; False if it was not pending. Its OCO
        group goes with it, and its bracket group too unless ``bracket`` says
        that the group is what is being cancelled."""
        pending = self.pending
        if order not in pending:
            return False
        pending.remove(order)
        order.cancel()
        self._announce_end(order, drop_bracket=not bracket)
        return True

    def _announce_end(self, order, drop_bracket):
        """Notify an order that has ended; its OCO group (and, with
        ``drop_bracket``, its bracket group) reacts."""
        self.notify(order)
        self._ococheck(order)
        if drop_bracket:
            self._bracketize(order, cancel=True)

    # ------------------------------------------------------------ history
    def add_order_history(self, orders, notify=True):
        """Orders ``[datetime, size, price(, data)]`` to replay as
        Historical orders when their time comes."""
        it = iter(orders)
        self._userhist.append([next(it, None), it, notify])

    def set_fund_history(self, fund):
        """Rows ``[datetime, share_value, net_asset_value]`` that dictate
        the fund values; the first sets the cash."""
        it = iter(fund)
        first = list(next(it))
        self._fundhist = [first, it]
        self.set_cash(float(first[2]))

    def _process_fund_history(self):
        hist = self._fundhist
        row, rest = hist
        if not row:
            return self._fhistlast
        when = _parse_when(row[0])
        row[0] = when
        # the broker runs before the strategies: compare with the master clock
        if when <= self.cerebro._dtmaster:
            self._fhistlast = row[1:]
            hist[0] = list(next(rest, []))
        return self._fhistlast

    def _process_order_history(self):
        cerebro = self.cerebro
        for entry in self._userhist:
            row, rest, notify = entry
            while row is not None:
                row = list(row)
                which = row[3] if len(row) > 3 else None
                if which is None:
                    data = cerebro.datas[0]
                elif isinstance(which, int):
                    data = cerebro.datas[which]
                else:
                    data = cerebro.datasbyname[which]

                if not len(data):
                    break  # that data has not started yet

                when = _parse_when(row[0])
                row[0] = when
                if when > data.datetime.datetime():
                    break  # not yet

                size, price = row[1], row[2]
                owner = cerebro.runningstrats[0]
                if size > 0:
                    self.buy(owner=owner, data=data, size=size, price=price,
                             exectype=Order.Historical, histnotify=notify,
                             _checksubmit=False)
                elif size < 0:
                    self.sell(owner=owner, data=data, size=abs(size),
                              price=price, exectype=Order.Historical,
                              histnotify=notify, _checksubmit=False)
                entry[0] = row = next(rest, None)

    # ------------------------------------------------------------ execution
    def _execute(self, order, ago=None, price=None, cash=None, position=None,
                 dtcoc=None):
        """Fill ``order`` at ``price`` on bar ``ago`` (a trial on a copy of
        the position when ``ago`` is None): ``backtrader._cy.fills.execute``
        for the stock schemes, :meth:`_execute_by_methods` otherwise."""
        return _fills.execute(self, order, ago, price, cash, position, dtcoc)

    def _execute_by_methods(self, order, ago=None, price=None, cash=None,
                            position=None, dtcoc=None):
        """The fill of :meth:`_execute` through the commission scheme's own
        methods: the path of user schemes, volume fillers and brokers whose
        state is not the compiled one (see :meth:`describe`).

        With ``ago=None`` this is a trial run for the submission check: the
        order is applied to ``position`` (a copy) at its creation price and
        the cash left is returned. Otherwise the real position and cash are
        updated, the order records the fill and is notified; a fill the cash
        cannot pay for sets the order to Margin.
        """
        real = ago is not None
        if real and price is None:
            return None  # no price (slippage could not match)

        p = self.p
        filler = p.filler
        if filler is None or not real:
            size = order.executed.remsize
        else:
            size = filler(order, price, ago)
            if not order.isbuy():
                size = -size

        odata = order.data
        comminfo = self.getcommissioninfo(odata)
        data = getattr(odata, '_compensate', None)
        if data is None:
            data = odata
            compinfo = comminfo
        else:
            compinfo = self.getcommissioninfo(data)

        if real:
            position = self.positions[data]
            basis = position.price  # the price the closed part was held at
            psize, pprice, opened, closed = position.pseudoupdate(size, price)
            pnl = comminfo.profitandloss(-closed, basis, price)
            cash = self.cash
        else:
            pnl = 0
            if p.coo and order.exectype == Order.Market:
                price = basis = odata.open[0]
            else:
                price = basis = order.created.price
            psize, pprice, opened, closed = position.update(size, price)

        shortcash = p.shortcash
        if closed:
            if shortcash:
                closedvalue = comminfo.getvaluesize(-closed, basis)
            else:
                closedvalue = comminfo.getoperationcost(closed, basis)
            back = closedvalue
            if closedvalue > 0:  # a long was closed: leveraged cash returns
                back /= comminfo.get_leverage()
            cash += back + pnl * comminfo.stocklike
            closedcomm = comminfo.getcommission(closed, price)
            cash -= closedcomm
            if real:
                # futures: the closed part settles from its last mark
                cash += comminfo.cashadjust(-closed, position.adjbase, price)
                self.cash = cash
        else:
            closedvalue = closedcomm = 0.0

        wanted = opened
        if opened:
            if shortcash:
                openedvalue = comminfo.getvaluesize(opened, price)
            else:
                openedvalue = comminfo.getoperationcost(opened, price)
            cost = openedvalue
            if openedvalue > 0:  # a long is opened: leverage reduces the cash
                cost /= comminfo.get_leverage()
            cash -= cost
            openedcomm = compinfo.getcommission(opened, price)
            cash -= openedcomm

            if cash < 0.0:  # the opening part cannot be paid: dropped
                opened = 0
                openedvalue = openedcomm = 0.0
            elif real:
                if abs(psize) > abs(opened):
                    # futures held before: marked to this price, the new
                    # common base of the end-of-bar settlement
                    cash += comminfo.cashadjust(psize - opened,
                                                position.adjbase, price)
                position.adjbase = price
                self.cash = cash
        else:
            openedvalue = openedcomm = 0.0

        if not real:
            return cash

        if closed + opened:
            comminfo.confirmexec(closed + opened, price)
        return _fills.book(self, order, data, position, comminfo, comminfo.margin,
                           ago, dtcoc, price, closed, closedvalue, closedcomm,
                           opened, openedvalue, openedcomm, pnl, psize, pprice,
                           wanted and not opened)

    # ---------------------------------------------------------- slippage
    def _slip_up(self, pmax, price, doslip=True, lim=False):
        """``price`` slipped upwards, capped at ``pmax`` as configured; None
        when no price can be matched."""
        if not doslip:
            return price
        p = self.p
        if p.slip_perc:
            slipped = price * (1 + p.slip_perc)
        elif p.slip_fixed:
            slipped = price + p.slip_fixed
        else:
            return price
        if slipped <= pmax:
            return slipped
        if p.slip_match or (lim and p.slip_limit):
            return slipped if p.slip_out else pmax
        return None

    def _slip_down(self, pmin, price, doslip=True, lim=False):
        """``price`` slipped downwards, floored at ``pmin`` as configured;
        None when no price can be matched."""
        if not doslip:
            return price
        p = self.p
        if p.slip_perc:
            slipped = price * (1 - p.slip_perc)
        elif p.slip_fixed:
            slipped = price - p.slip_fixed
        else:
            return price
        if slipped >= pmin:
            return slipped
        if p.slip_match or (lim and p.slip_limit):
            return slipped if p.slip_out else pmin
        return None

    # ------------------------------------------------------ matching rules
    def _try_exec_historical(self, order):
        self._execute(order, ago=0, price=order.created.price)

    def _try_exec_market(self, order, popen, phigh, plow):
        p = self.p
        if p.coc and order.info.get('coc', True):
            dtcoc = order.created.dt
            exprice = order.created.pclose
        else:
            if not p.coo and order.data.datetime[0] <= order.created.dt:
                return  # not before the bar after its creation
            dtcoc = None
            exprice = popen

        if order.isbuy():
            fill = self._slip_up(phigh, exprice, doslip=p.slip_open)
        else:
            fill = self._slip_down(plow, exprice, doslip=p.slip_open)
        self._execute(order, ago=0, price=fill, dtcoc=dtcoc)

    def _try_exec_close(self, order, pclose):
        dt0 = order.data.datetime[0]
        # compare times, not lengths: replayed bars keep their length
        if dt0 > order.created.dt and dt0 >= order.dteos:
            if order.pannotated and dt0 > order.dteos:
                # the session's last bar went by: use its remembered close
                self._execute(order, ago=-1, price=order.pannotated)
            else:
                self._execute(order, ago=0, price=pclose)
            return
        order.pannotated = pclose

    def _try_exec_limit(self, order, popen, phigh, plow, plimit):
        slip_open = self.p.slip_open
        if order.isbuy():
            if plimit >= popen:  # opens at/below the limit: buy at the open
                fill = self._slip_up(min(phigh, plimit), popen,
                                     doslip=slip_open, lim=True)
                self._execute(order, ago=0, price=fill)
            elif plimit >= plow:  # reached during the bar
                self._execute(order, ago=0, price=plimit)
        else:
            if plimit <= popen:  # opens at/above the limit: sell at the open
                fill = self._slip_down(plimit, popen, doslip=slip_open,
                                       lim=True)
                self._execute(order, ago=0, price=fill)
            elif plimit <= phigh:  # reached during the bar
                self._execute(order, ago=0, price=plimit)

    def _try_exec_stop(self, order, popen, phigh, plow, pcreated, pclose):
        if order.isbuy():
            if popen >= pcreated:  # gapped through the stop: the open
                fill = self._slip_up(phigh, popen, doslip=self.p.slip_open)
                self._execute(order, ago=0, price=fill)
            elif phigh >= pcreated:  # touched during the bar: the stop price
                self._execute(order, ago=0, price=self._slip_up(phigh, pcreated))
        else:
            if popen <= pcreated:
                fill = self._slip_down(plow, popen, doslip=self.p.slip_open)
                self._execute(order, ago=0, price=fill)
            elif plow <= pcreated:
                self._execute(order, ago=0, price=self._slip_down(plow, pcreated))

        if order.exectype == Order.StopTrail and order.alive():
            order.trailadjust(pclose)

    def _try_exec_stoplimit(self, order, popen, phigh, plow, pclose,
                            pcreated, plimit):
        if order.isbuy():
            if popen >= pcreated:  # triggered at the open: a limit from now on
                order.triggered = True
                self._try_exec_limit(order, popen, phigh, plow, plimit)
            elif phigh >= pcreated:  # triggered during the bar
                order.triggered = True
                # only some paths inside the bar can be decided from OHLC
                if plimit >= pcreated:
                    fill = self._slip_up(phigh, pcreated, lim=True)
                    self._execute(order, ago=0, price=fill)
                elif popen > pclose and plimit >= pclose:
                    self._execute(order, ago=0, price=plimit)
        else:
            if popen <= pcreated:
                order.triggered = True
                self._try_exec_limit(order, popen, phigh, plow, plimit)
            elif plow <= pcreated:
                order.triggered = True
                if plimit <= pcreated:
                    fill = self._slip_down(plow, pcreated, lim=True)
                    self._execute(order, ago=0, price=fill)
                elif popen <= pclose and plimit <= pclose:
                    self._execute(order, ago=0, price=plimit)

        if order.exectype == Order.StopTrailLimit and order.alive():
            order.trailadjust(pclose)

    def _try_exec(self, order):
        data = order.data
        popen, phigh, plow, pclose = _tick_prices(data)
        if popen is None:
            popen = data.open[0]
        if phigh is None:
            phigh = data.high[0]
        if plow is None:
            plow = data.low[0]
        if pclose is None:
            pclose = data.close[0]

        created = order.created
        exectype = order.exectype
        if exectype == Order.Market:
            self._try_exec_market(order, popen, phigh, plow)
        elif exectype == Order.Close:
            self._try_exec_close(order, pclose)
        elif exectype == Order.Limit:
            self._try_exec_limit(order, popen, phigh, plow, created.price)
        elif exectype in _STOPLIMITS and order.triggered:
            self._try_exec_limit(order, popen, phigh, plow, created.pricelimit)
        elif exectype in _STOPS:
            self._try_exec_stop(order, popen, phigh, plow, created.price, pclose)
        elif exectype in _STOPLIMITS:
            self._try_exec_stoplimit(order, popen, phigh, plow, pclose,
                                     created.price, created.pricelimit)
        elif exectype == Order.Historical:
            self._try_exec_historical(order)

    # ------------------------------------------------------------ the bar
    def next(self):
        """Process one bar (``backtrader._cy.brokerbar.broker_bar``)."""
        _brokerbar.broker_bar(self)

    def describe(self):
        """Which path runs the fill and the bar's position work (compiled
        for the stock commission schemes, Python for the others), and why,
        as a dict."""
        return _route.describe(self)

    def _charge_interest_by_methods(self):
        """Interest due on the open positions through the schemes'
        ``get_credit_interest``; each position stamped with the bar's time
        (the compiled path is ``backtrader._cy.interest``)."""
        credit = 0.0
        for data, pos in self.positions.items():
            if pos.size:
                comminfo = self.getcommissioninfo(data)
                now = data.datetime.datetime()
                dcredit = comminfo.get_credit_interest(data, pos, now)
                self.d_credit[data] += dcredit
                credit += dcredit
                pos.datetime = now  # interest charged up to here
        self.cash -= credit

    def _settle_by_methods(self):
        """Futures-like holdings settle their cash to this bar's close,
        through the schemes' ``cashadjust`` (the compiled path is
        ``backtrader._cy.settlement``; the valuation that follows is
        :meth:`_get_value`)."""
        for data, pos in self.positions.items():
            if pos.size:
                comminfo = self.getcommissioninfo(data)
                close = data.close[0]
                self.cash += comminfo.cashadjust(pos.size, pos.adjbase, close)
                pos.adjbase = close


_route.register(BackBroker, Order)
_rounds.register(_tick_prices)

BrokerBack = BackBroker
