# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The per-order and per-response work of ``bt.hft.BidAskBroker``, compiled.

:class:`BrokerCore` sends the broker's orders to the exchange of their data
(``backtrader/hft/_cy/exchange.pyx``) and applies the exchange's answers when they arrive: the
order's status and ``executed`` record, a snapshot queued for ``notify_order`` at each change,
the position, the cash and the data's :class:`Account`. The orders are the broker's own
(``BuyOrder`` / ``SellOrder``): their steps are those of ``backtrader/_cy/orderlife.pyx`` and
their snapshots those of ``snapshots.pyx``, called directly.
"""
from libc.stdint cimport int64_t, int32_t, INT64_MIN
from libc.math cimport fabs

from backtrader._cy.orderlife cimport submitted, accepted, filled, keep_scheme
from backtrader._cy.position cimport Position
from backtrader._cy.snapshots cimport snapshot
from backtrader._cy.timeconv cimport ns_to_num
from backtrader.hft._cy.exchange cimport (Exchange, Response, R_ACK, R_FILL, R_CANCELED,
                                          R_EXPIRED, R_CANCEL_REJECTED)

from backtrader._cy.ordercreate import broker_order
from backtrader.hft._cy.exchange import REASONS
from backtrader.order import BuyOrder, SellOrder

# backtrader's order numbers (backtrader/order.py)
cdef enum:
    ST_SUBMITTED = 1
    ST_CANCELED = 5
    ST_EXPIRED = 6
    EX_MARKET = 0
    EX_LIMIT = 2


cdef object _reason(int code):
    return REASONS.get(code, 'exchange code %d' % code)


cdef class Account:
    """What the fills of one data did to the account: ``lots`` (the position in lots),
    ``balance`` (money from trades, fees excluded), ``fee`` (fees paid; negative: rebates),
    ``num_trades`` (fills), ``trading_volume`` (size) and ``trading_value`` (money)."""


cdef class Venue:
    """One traded data with its exchange, account and position."""

    def __init__(self, data, Exchange exchange not None, Position position not None):
        self.data = data
        self.exchange = exchange
        self.account = Account()
        self.position = position
        self.dtline = data.lines.datetime
        self.close = data.lines.close
        self.lot = float(data.p.lot_size)


cdef class Live:
    """A sent order that has not ended: ``order``, ``tif`` and whether its cancel is the
    ``valid`` expiry's (``expiring``)."""


cdef class BrokerCore:
    """Orders in, exchange answers out, for ``broker`` (a BidAskBroker): snapshots go to
    ``notifs``; ``broker._venue(data)`` gives the :class:`Venue` of a data traded the first
    time (None: the data has no order book)."""

    def __init__(self, broker, notifs, double cash):
        self.broker = broker
        self.notifs = notifs
        self.live = {}
        self.venues = {}
        self.vlist = []
        self.valid = set()
        self.cash = cash
        self.submitted = self.cancelled = self.rejected = self.expired = self.fills = 0

    def add_venue(self, Venue v not None):
        """Trade ``v.data`` on ``v.exchange``."""
        self.venues[v.data] = v
        self.vlist.append(v)

    # -- the strategy's side ------------------------------------------------------------------
    cpdef object send(self, object order, int side, object tif):
        """Submit ``order`` (+1 buy, -1 sell, time in force ``tif``) and send it to its data's
        exchange; a request the exchange refuses is Rejected with the reason. Returns it."""
        cdef Venue v
        cdef Live rec
        cdef object data = order.data
        cdef object found = self.venues.get(data)
        if found is None:
            found = self.broker._venue(data)
        v = found
        submitted(order, self.broker)
        self._notify(order)
        self.submitted += 1
        if v is None:
            self._reject(order, 'data %r has no order book (BidAskBroker trades L2EventData '
                                'only)' % (data._name or type(data).__name__))
            return order
        exectype = order.exectype
        slot = v.exchange.send(order.ref, side, exectype if exectype is not None else EX_MARKET,
                               order.created.price, order.size * side, tif, v.dtline.ns(0))
        if type(slot) is str:
            if exectype != EX_MARKET and exectype != EX_LIMIT:
                slot = 'execution type %s is not supported (Market or Limit)' % (
                    order.getordername())
            self._reject(order, slot)
            return order
        rec = Live.__new__(Live)
        rec.order = order
        rec.venue = v
        rec.slot = slot
        rec.canceling = rec.expiring = False
        rec.tif = tif
        self.live[order.ref] = rec
        if order.valid:
            self.valid.add(order.ref)
        return order

    cdef int _reject(self, object order, object reason) except -1:
        order.reject(self.broker)
        order.addinfo(reason=reason)
        self.rejected += 1
        self._notify(order)
        return 0

    cpdef bint cancel(self, object order) except -1:
        """Send a cancel of ``order``; False when it is not alive or already being cancelled."""
        cdef Live rec = self.live.get(order.ref)
        if rec is None or rec.canceling or rec.slot < 0:
            return False
        rec.venue.exchange.cancel_c(rec.slot, order.ref, rec.venue.dtline.ns(0))
        rec.canceling = True
        self.cancelled += 1
        return True

    def expire(self):
        """Send the cancel of every live order whose ``valid`` has passed (not counted as the
        strategy's cancel); it ends Expired."""
        cdef Live rec
        for ref in list(self.valid):
            rec = self.live.get(ref)
            if rec is None:
                self.valid.discard(ref)
                continue
            order = rec.order
            if rec.venue.dtline[0] > order.valid and not rec.canceling and rec.slot >= 0:
                self.cancel(order)
                self.cancelled -= 1
                rec.expiring = True
                self.valid.discard(ref)

    # -- the step -----------------------------------------------------------------------------
    cpdef double step(self) except? -1.0:
        """Run every exchange up to the latest current time of the traded datas, apply the
        answers received by then; returns the value (cash plus the positions at their data's
        close)."""
        cdef Venue v
        cdef Exchange ex
        cdef Response r
        cdef int64_t now = INT64_MIN, t
        cdef double value
        for v in self.vlist:
            t = v.dtline.ns(0)
            if t > now:
                now = t
        for v in self.vlist:
            ex = v.exchange
            ex.advance_c(now)
            while ex.receive_c(now, &r):
                self._answer(v, &r)
        value = self.cash
        for v in self.vlist:
            size = v.position.size
            if size:
                value += size * v.close[0]
        return value

    cdef int _answer(self, Venue v, Response* r) except -1:
        cdef Live rec = self.live.get(r.oid)
        if rec is None:
            return 0
        order = rec.order
        if r.kind == R_ACK:
            if order.status == ST_SUBMITTED:
                accepted(order, self.broker)
                self._notify(order)
            return 0
        if r.kind == R_FILL:
            self._fill(rec, r)
            if not r.leaves:
                self._done(r.oid)
            return 0
        if r.kind == R_CANCEL_REJECTED:
            rec.canceling = False
            return 0
        self._done(r.oid)
        if r.kind == R_CANCELED:
            if rec.expiring:
                self.expired += 1
                return self._finish(order, ST_EXPIRED, 'valid: the order expired')
            return self._finish(order, ST_CANCELED, None)
        if r.kind == R_EXPIRED:
            self.expired += 1
            return self._finish(order, ST_EXPIRED, _reason(r.reason))
        return self._reject(order, _reason(r.reason))

    cdef int _done(self, int64_t ref) except -1:
        del self.live[ref]
        if self.valid:
            self.valid.discard(ref)
        return 0

    cdef int _finish(self, object order, int status, object reason) except -1:
        """The order ends with ``status`` (Canceled, Expired) at the current bar."""
        order.status = status
        order.executed.dt = order.data.lines.datetime[0]
        if reason is not None:
            order.addinfo(reason=reason)
        return self._notify(order)

    cdef int _fill(self, Live rec, Response* r) except -1:
        """A fill of ``r.qty`` lots at ``r.px`` with fee ``r.fee``: the position, the order's
        ``executed`` record (its part closing and opening position), the cash, the account."""
        cdef object order = rec.order
        cdef Venue v = rec.venue
        cdef Account acct = v.account
        cdef Position pos = v.position
        cdef bint isbuy = r.side > 0
        cdef double px = r.px, fee = r.fee, size, signed, oldprice, traded, closedcomm
        cdef double psize, pprice, opened, closed
        if order.status == ST_SUBMITTED:
            accepted(order, self.broker)
        if r.leaves:
            size = r.qty * v.lot
        else:
            size = fabs(order.executed.remsize)   # the exact rest: the order completes
        signed = size if isbuy else -size
        oldprice = pos.price
        psize, pprice, opened, closed = pos.update(signed, px)
        acct.lots += r.qty if isbuy else -r.qty
        if psize and acct.lots == 0:
            # the lots say flat: no float residue left in the position
            pos.size = psize = 0.0
            pos.price = pprice = 0.0
        closedcomm = fee * fabs(closed) / size if closed else 0.0
        filled(order, ns_to_num(r.recv_ts), signed, px, closed, fabs(closed) * oldprice,
               closedcomm, opened, fabs(opened) * px, fee - closedcomm, 0.0,
               -closed * (px - oldprice), psize, pprice)
        keep_scheme(order, self.broker.getcommissioninfo(v.data))
        traded = size * px
        acct.balance -= traded if isbuy else -traded
        acct.fee += fee
        acct.num_trades += 1
        acct.trading_volume += size
        acct.trading_value += traded
        self.cash -= (traded if isbuy else -traded) + fee
        self.fills += 1
        return self._notify(order)

    cdef int _notify(self, object order) except -1:
        """Queue a snapshot of ``order`` for ``notify_order``."""
        self.notifs.append(snapshot(order))
        return 0


# -- BidAskBroker's methods (compiled functions the class takes as its own) ---------------------

def buy(self, owner, data, size, price=None, plimit=None, exectype=None, valid=None, tradeid=0,
        oco=None, trailamount=None, trailpercent=None, parent=None, transmit=True,
        histnotify=False, tif='GTC', **kwargs):
    """Create and send a buy order; returns it. ``tif``: 'GTC', 'IOC', 'FOK' or 'GTX'."""
    return _place(self, 1, tif, kwargs, broker_order(
        BuyOrder, owner, data, size, price, plimit, exectype, valid, tradeid, trailamount,
        trailpercent, parent, transmit, histnotify))


def sell(self, owner, data, size, price=None, plimit=None, exectype=None, valid=None, tradeid=0,
         oco=None, trailamount=None, trailpercent=None, parent=None, transmit=True,
         histnotify=False, tif='GTC', **kwargs):
    """Create and send a sell order; returns it. ``tif``: 'GTC', 'IOC', 'FOK' or 'GTX'."""
    return _place(self, -1, tif, kwargs, broker_order(
        SellOrder, owner, data, size, price, plimit, exectype, valid, tradeid, trailamount,
        trailpercent, parent, transmit, histnotify))


cdef object _place(broker, int side, tif, dict kwargs, order):
    """Send a new ``order`` (``side`` +1 buy, -1 sell) with ``kwargs`` as its info."""
    if kwargs:
        order.addinfo(**kwargs)
    return (<BrokerCore>broker._core).send(order, side, tif)


def cancel(self, order, bracket=False):
    """Send a cancel of ``order``; False when it is not alive or already being cancelled."""
    return (<BrokerCore>self._core).cancel(order)


def next(self):
    """Run every exchange up to the current time and take the responses received by then."""
    cdef BrokerCore core = self._core
    if core.valid:
        core.expire()
    self._value = core.step()


def get_notification(self):
    """The next order snapshot for ``notify_order``; None when there is none."""
    notifs = self.notifs
    return notifs.popleft() if notifs else None
