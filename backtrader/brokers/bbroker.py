"""The backtesting broker: matches orders against the bars of the data feeds.

Per bar, :meth:`BackBroker.next` (called by Cerebro after the data feeds
have advanced and before the strategies' ``next``) activates bracket
children, accepts or refuses the orders submitted since the previous bar,
charges interest, tries to execute every pending order against the current
bar, marks futures-like positions to market and caches the portfolio value.
Every status change of an order is queued as a snapshot (``order.clone()``)
that Cerebro drains with :meth:`BackBroker.get_notification`.

The per-position work of every bar (interest, futures settlement, values)
runs in the compiled ``backtrader._cy.brokerkernels``; the Python methods
``_charge_interest_py``, ``_settle_py`` and ``_get_value`` are the reference
they reproduce operation for operation (``tests/test_broker_kernels.py``
runs both and compares every figure).
"""
import collections
import datetime

from backtrader._cy import brokerkernels as _bk
from backtrader._cy import fills as _fills
from backtrader._cy.linebuffer import LineBuffer as _LineBuffer
from backtrader.broker import BrokerBase, CommInfoMap
from backtrader.comminfo import CommInfoBase, plain_scheme as _plain_comminfo
from backtrader.comminfo import _margin
from backtrader.order import Order, BuyOrder, SellOrder
from backtrader.position import Position

_bk.register_reference(CommInfoBase, BrokerBase, CommInfoMap)

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
    of ``data`` or, through ``LineSeries.__getattr__``, of ``data.lines``."""
    from backtrader.lineseries import LineSeries
    cls = type(data)
    if not isinstance(data, LineSeries) or lines is None:
        return False
    if cls.__getattr__ is not LineSeries.__getattr__:
        return False
    if cls.__getattribute__ is not object.__getattribute__:
        return False
    ltype = type(lines)
    if (getattr(ltype, '__getattr__', None) is not None
            or ltype.__getattribute__ is not object.__getattribute__):
        return False
    for klass in cls.__mro__ + ltype.__mro__:
        if any(name in vars(klass) for name in _TICKS):
            return False
    # the lines of a data are an instance of a class made for its class
    return (hasattr(data, '__dict__') and hasattr(lines, '__dict__')
            and getattr(cls, 'lines', None) is ltype)


def _commission(comminfo, params, size, price):
    """``CommInfoBase.getcommission`` (``_getcommission``) of ``comminfo``."""
    if comminfo._commtype == CommInfoBase.COMM_PERC:
        return abs(size) * params.commission * price
    return abs(size) * params.commission


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
    def set_fundmode(self, fundmode, fundstartval=None):
        """Switch fund mode; optionally set the share start value."""
        self.p.fundmode = fundmode
        if fundstartval is not None:
            self.set_fundstartval(fundstartval)

    def get_fundmode(self):
        """Whether fund mode is on."""
        return self.p.fundmode

    fundmode = property(get_fundmode, set_fundmode)

    def set_fundstartval(self, fundstartval):
        """Initial value of one fund share."""
        self.p.fundstartval = fundstartval

    def set_int2pnl(self, int2pnl):
        """Whether interest is added to the reducing fill's commission."""
        self.p.int2pnl = int2pnl

    def set_coc(self, coc):
        """Cheat-on-close: Market orders fill at the issuing bar's close."""
        self.p.coc = coc

    def set_coo(self, coo):
        """Cheat-on-open: Market orders fill at the current bar's open."""
        self.p.coo = coo

    def set_shortcash(self, shortcash):
        """See the ``shortcash`` param."""
        self.p.shortcash = shortcash

    def _set_slippage(self, perc, fixed, slip_open, slip_limit, slip_match,
                      slip_out):
        p = self.p
        p.slip_perc = perc
        p.slip_fixed = fixed
        p.slip_open = slip_open
        p.slip_limit = slip_limit
        p.slip_match = slip_match
        p.slip_out = slip_out

    def set_slippage_perc(self, perc, slip_open=True, slip_limit=True,
                          slip_match=True, slip_out=False):
        """Slip prices by a fraction ``perc`` (0.01 is 1%)."""
        self._set_slippage(perc, 0.0, slip_open, slip_limit, slip_match, slip_out)

    def set_slippage_fixed(self, fixed, slip_open=True, slip_limit=True,
                           slip_match=True, slip_out=False):
        """Slip prices by ``fixed`` price units."""
        self._set_slippage(0.0, fixed, slip_open, slip_limit, slip_match, slip_out)

    def set_filler(self, filler):
        """Volume filler (see the ``filler`` param)."""
        self.p.filler = filler

    def set_checksubmit(self, checksubmit):
        """See the ``checksubmit`` param."""
        self.p.checksubmit = checksubmit

    def set_eosbar(self, eosbar):
        """See the ``eosbar`` param (alias ``seteosbar``)."""
        self.p.eosbar = eosbar

    seteosbar = set_eosbar

    # ------------------------------------------------------- cash and value
    def get_cash(self):
        """Cash available (alias ``getcash``)."""
        return self.cash

    getcash = get_cash

    def set_cash(self, cash):
        """Set the starting and current cash (alias ``setcash``)."""
        self.startingcash = self.cash = self.p.cash = cash
        self._value = cash

    setcash = set_cash

    def add_cash(self, cash):
        """Add (or with a negative value remove) cash; applied at the next
        value computation and, in fund mode, issuing/redeeming shares."""
        self._cash_addition.append(cash)

    def get_fundshares(self):
        """Number of fund shares."""
        return self._fundshares

    fundshares = property(get_fundshares)

    def get_fundvalue(self):
        """Value of one fund share."""
        return self._fundval

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

    def notify(self, order):
        """Queue a snapshot of ``order`` for its owner."""
        self.notifs.append(order.clone())

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
        order = _bk.broker_order(BuyOrder, owner, data, size, price, plimit,
                                 exectype, valid, tradeid, trailamount,
                                 trailpercent, parent, transmit, histnotify)
        return self._place(order, oco, _checksubmit, kwargs)

    def sell(self, owner, data, size, price=None, plimit=None,
             exectype=None, valid=None, tradeid=0, oco=None,
             trailamount=None, trailpercent=None,
             parent=None, transmit=True,
             histnotify=False, _checksubmit=True,
             **kwargs):
        """Create and submit a sell order; returns it. Extra ``kwargs`` go
        to ``order.info``."""
        order = _bk.broker_order(SellOrder, owner, data, size, price, plimit,
                                 exectype, valid, tradeid, trailamount,
                                 trailpercent, parent, transmit, histnotify)
        return self._place(order, oco, _checksubmit, kwargs)

    def _place(self, order, oco, checksubmit, info):
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

    def _ococheck(self, order):
        """Cancel the pending members of ``order``'s OCO group (once)."""
        leader = self._ocos.get(self._ocos.get(order.ref))
        members = self._ocol.pop(leader, None)
        if not members or (len(members) == 1 and members[0] == order.ref):
            return  # nobody else to cancel
        pending = self.pending
        for i in range(len(pending) - 1, -1, -1):
            other = pending[i]
            if other is not None and other.ref in members:
                del pending[i]
                other.cancel()
                self.notify(other)

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
        """Hand ``order`` over: to the cash check or straight to pending."""
        if check and self.p.checksubmit:
            order.submit()
            self.submitted.append(order)
            self.orders.append(order)
            self.notify(order)
        else:
            self.submit_accept(order)
        return order

    # the compiled rounds (backtrader/_cy/fills.pyx); the *_py methods are
    # their reference
    check_submitted = _fills.check_submitted
    _process_pending = _fills.process_pending

    def check_submitted_py(self):
        """Accept the submitted orders the cash can pay for (evaluated in
        sequence on copies of the positions); the rest get Margin."""
        cash = self.cash
        trial = dict()
        submitted = self.submitted
        while submitted:
            order = submitted.popleft()
            if self._take_children(order) is None:
                continue
            data = order.data
            position = trial.get(data)
            if position is None:
                position = trial[data] = self.positions[data].clone()
            cash = self._execute(order, cash=cash, position=position)
            if cash >= 0.0:
                self.submit_accept(order)
                continue
            order.margin()
            self.notify(order)
            self._ococheck(order)
            self._bracketize(order, cancel=True)

    def submit_accept(self, order):
        """Accept ``order`` into the pending queue."""
        order.pannotated = None
        order.submit()
        order.accept()
        self.pending.append(order)
        self.notify(order)

    def _bracketize(self, order, cancel=False):
        """After ``order`` finished: a completed parent activates its
        children; a cancel (or a child's execution) cancels the group."""
        ref = order.ref
        pref = getattr(order.parent, 'ref', ref)
        group = self._pchildren[pref]
        if cancel or pref != ref:
            while group:
                self.cancel(group.popleft(), bracket=True)
            del self._pchildren[pref]
            self._pdone.discard(pref)
        else:
            group.popleft()  # the parent itself
            if group:
                self._toactivate.extend(group)
            else:  # a lone order: forget its (now empty) group
                del self._pchildren[pref]
                self._pdone.add(pref)

    def cancel(self, order, bracket=False):
        """Cancel a pending ``order``; False if it was not pending."""
        try:
            self.pending.remove(order)
        except ValueError:
            return False
        order.cancel()
        self.notify(order)
        self._ococheck(order)
        if not bracket:
            self._bracketize(order, cancel=True)
        return True

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
        """Fill ``order`` at ``price`` on bar ``ago`` (see :meth:`_execute_py`;
        the compiled ``backtrader._cy.fills.execute`` takes the same steps)."""
        return _fills.execute(self, order, ago, price, cash, position, dtcoc)

    def _execute_py(self, order, ago=None, price=None, cash=None,
                    position=None, dtcoc=None):
        """Fill ``order`` at ``price`` on bar ``ago`` (the reference).

        With ``ago=None`` this is a trial run for the submission check: the
        order is applied to ``position`` (a copy) at its creation price and
        the cash left is returned. Otherwise the real position and cash are
        updated, the order records the fill and is notified; a fill the cash
        cannot pay for sets the order to Margin.

        The commission scheme's methods are called for every figure; for a
        scheme using the stock :class:`CommInfoBase` methods their formulas
        are written out here instead (same operations, same order).
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
        if data is not None:
            cinfocomp = self.getcommissioninfo(data)
        else:
            data = odata
            cinfocomp = comminfo

        plain = _plain_comminfo(comminfo) and (
            cinfocomp is comminfo or _plain_comminfo(cinfocomp))
        if plain:
            cp = comminfo.p
            stock = comminfo._stocklike
            mult = cp.mult

        if real:
            position = self.positions[data]
            pprice_orig = position.price
            psize, pprice, opened, closed = position.pseudoupdate(size, price)
            if plain:  # profitandloss(-closed, pprice_orig, price)
                pnl = -closed * (price - pprice_orig) * mult
            else:
                pnl = comminfo.profitandloss(-closed, pprice_orig, price)
            cash = self.cash
        else:
            pnl = 0
            if p.coo and order.exectype == Order.Market:
                price = pprice_orig = odata.open[0]
            else:
                price = pprice_orig = order.created.price
            psize, pprice, opened, closed = position.update(size, price)

        shortcash = p.shortcash
        if closed:
            if not plain:
                if shortcash:
                    closedvalue = comminfo.getvaluesize(-closed, pprice_orig)
                else:
                    closedvalue = comminfo.getoperationcost(closed,
                                                            pprice_orig)
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
                closecash /= (cp.leverage if plain
                              else comminfo.get_leverage())
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
                    cash += comminfo.cashadjust(-closed, position.adjbase,
                                                price)
                elif stock:
                    cash += 0.0
                else:
                    cash += -closed * (price - position.adjbase) * mult
                self.cash = cash
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
                opencash /= (cp.leverage if plain
                             else comminfo.get_leverage())
            cash -= opencash
            if plain:
                openedcomm = _commission(cinfocomp, cinfocomp.p, opened,
                                         price)
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
                        cash += comminfo.cashadjust(psize - opened,
                                                    position.adjbase, price)
                    elif stock:
                        cash += 0.0
                    else:
                        cash += ((psize - opened) * (price - position.adjbase)
                                 * mult)
                position.adjbase = price
                self.cash = cash
        else:
            openedvalue = openedcomm = 0.0

        if not real:
            return cash

        execsize = closed + opened
        if execsize:
            if not plain:  # the stock one computes a number and drops it
                comminfo.confirmexec(execsize, price)
            dtline = data.datetime
            if type(dtline) is _LineBuffer and type(position) is Position:
                # the stamp data.datetime.datetime() would give, built lazily
                position.update(execsize, price)
                position._dtnum = dtline[0]
                position._dttz = dtline._tz
            else:
                position.update(execsize, price, dtline.datetime())
            if closed and p.int2pnl:
                closedcomm += self.d_credit.pop(data, 0.0)
            order.execute(dtcoc or data.datetime[ago],
                          execsize, price,
                          closed, closedvalue, closedcomm,
                          opened, openedvalue, openedcomm,
                          cp.margin if plain else comminfo.margin,
                          pnl, psize, pprice)
            order.addcomminfo(comminfo)
            self.notify(order)
            self._ococheck(order)

        if wanted_open and not opened:
            order.margin()
            self.notify(order)
            self._ococheck(order)
            self._bracketize(order, cancel=True)

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
        """Process one bar (see the module docstring; the steps are in
        ``brokerkernels.broker_bar``)."""
        _bk.broker_bar(self)

    def _process_pending_py(self):
        """One round over the pending orders: expire, wait or try to fill."""
        pending = self.pending
        pending.append(None)  # marks the end of this bar's round
        while True:
            order = pending.popleft()
            if order is None:
                break
            if order.expire():
                self.notify(order)
                self._ococheck(order)
                self._bracketize(order, cancel=True)
            elif not order.active():
                pending.append(order)  # a child waiting for its parent
            else:
                self._try_exec(order)
                if order.alive():
                    pending.append(order)
                elif order.status == Order.Completed:
                    self._bracketize(order)  # a parent frees its children

    def _charge_interest_py(self):
        """Reference of ``brokerkernels.charge_interest``: interest due on
        the open positions, each position stamped with the bar's time."""
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

    def _settle_py(self):
        """Reference of the first half of ``brokerkernels.settle_and_value``
        (the second half is :meth:`_get_value`): futures-like holdings
        settle their cash to this bar's close."""
        for data, pos in self.positions.items():
            if pos.size:
                comminfo = self.getcommissioninfo(data)
                close = data.close[0]
                self.cash += comminfo.cashadjust(pos.size, pos.adjbase, close)
                pos.adjbase = close


_fills.register(_plain_comminfo, _margin, BrokerBase.getcommissioninfo,
                Order.Market, BackBroker, _tick_prices, Order)

BrokerBack = BackBroker
