"""BidAskBroker: fills orders against the order book of L2 data through a simulated exchange.

Each :class:`~backtrader.hft.L2EventData` traded gets a compiled exchange
(``backtrader/hft/_cy/exchange.pyx``; for market-by-order data, an
:class:`~backtrader.hft.L3EventData` traded with ``queue_model=L3FIFOQueue()``,
``l3exchange.pyx``) that replays the data's exchange-side records, keeps our resting orders in
the queues of their price levels (queue model), carries requests and responses with the order
latency model and charges fees with the fee model. The strategy sees the book at
local time through its feed; this broker sees the exchange's answers when they arrive. Sending
orders and applying the answers (statuses, notifications, position, cash) is compiled too
(``backtrader/hft/_cy/brokercore.pyx``).

Life of an order (``notify_order`` sees each step):

- ``Submitted`` when created (sent at the data's current time ``t``; it reaches the exchange at
  ``t`` + entry latency);
- ``Accepted`` when the exchange's acknowledgement arrives (exchange time + response latency);
- ``Partial`` / ``Completed`` when a fill arrives: position, cash, fee and the order's ``executed``
  record change then (the fee is the fill's commission, ``order.executed.comm``), and trades are
  notified as backtrader does;
- ``Canceled`` when the answer to ``cancel`` arrives (a cancel that reaches the exchange after the
  order filled changes nothing: the fill arrives instead);
- ``Expired``: ``valid`` passed (a cancel is sent then), or the exchange ended an IOC order or a
  market order with a size left (``order.info['reason']`` says which);
- ``Rejected`` with ``order.info['reason']``: a post-only (GTX) order that would take, a FOK order
  that cannot fill whole, a size that is not a positive whole number of lots, a price off the tick
  grid (refused, never rounded), a limit order without a price, an execution type other than
  Market / Limit, an unknown time in force, a data without an order book, a request the latency
  model refuses (negative entry latency: the rejection arrives after that many ns).

``cancel`` returns False for an order that is not alive or whose cancel is already on its way.
"""
import collections

from backtrader.broker import BrokerBase
from backtrader.hft._cy import brokercore as _bc
from backtrader.position import Position

__all__ = ['BidAskBroker']

_EXCHANGES = ('no_partial', 'partial')


class BidAskBroker(BrokerBase):
    """Broker that fills orders against the order book of L2 data (see the module docstring).

    Params
    ------
    queue_model : bt.hft.models queue model (``ProbQueue(PowerProb(3))``)
        Where a resting order stands in its level's queue. ``L3FIFOQueue()`` for L3EventData
        (exact FIFO queues; whole fills only), an L2 model for L2EventData.
    latency : bt.hft.models latency model (``ConstantLatency(0, 0)``)
        Order entry and response latency.
    fees : bt.hft.models fee model (``MakerTakerFee(0.0, 0.0)``)
        The fee of each fill (its commission; negative: a rebate).
    exchange : 'no_partial' or 'partial' ('no_partial')
        Whole fills only, or partial fills (see ``backtrader/hft/_cy/exchange.pyx``).
    taker : 'walk' or 'best' ('walk')
        With ``exchange='no_partial'``, the price of an order that takes liquidity: 'walk' the
        average price of the displayed levels it consumes (refused when they cannot fill it
        whole); 'best' the whole size at the best opposite price whatever that level holds, as
        hftbacktest's NoPartialFillExchange fills (use it to reproduce hftbacktest's fills).
    cash : float (0.0)
        Starting cash. Cash moves by each fill's traded value and its fee.

    Orders take a ``tif`` keyword: 'GTC' (default), 'IOC', 'FOK' or 'GTX' (post-only).
    """

    params = (
        ('queue_model', None),
        ('latency', None),
        ('fees', None),
        ('exchange', 'no_partial'),
        ('taker', 'walk'),
        ('cash', 0.0),
    )

    def __init__(self):
        self._models()
        super(BidAskBroker, self).__init__()

    def _models(self):
        """The models, defaults filled in; the exchange model checked."""
        from backtrader.hft import models
        p = self.p
        if p.exchange not in _EXCHANGES:
            raise ValueError("BidAskBroker: exchange=%r is not 'no_partial' or 'partial'"
                             % (p.exchange,))
        if p.taker not in ('walk', 'best'):
            raise ValueError("BidAskBroker: taker=%r is not 'walk' or 'best'" % (p.taker,))
        self._queue = p.queue_model if p.queue_model is not None else models.ProbQueue(
            models.PowerProb(3))
        self._latency = p.latency if p.latency is not None else models.ConstantLatency(0, 0)
        self._fees = p.fees if p.fees is not None else models.MakerTakerFee(0.0, 0.0)
        for name, value, base in (('queue_model', self._queue,
                                   (models.QueueModel, models.L3FIFOQueue)),
                                  ('latency', self._latency, (models.OrderLatency,)),
                                  ('fees', self._fees, (models.FeeModel,))):
            if not isinstance(value, base):
                raise TypeError('BidAskBroker: %s=%r is not a bt.hft.models %s'
                                % (name, value, ' or '.join(b.__name__ for b in base)))
        if isinstance(self._queue, models.L3FIFOQueue) and p.exchange != 'no_partial':
            raise ValueError("BidAskBroker: L3FIFOQueue fills whole orders only (as "
                             "hftbacktest's L3 exchange): use exchange='no_partial', not %r"
                             % (p.exchange,))

    def init(self):
        super(BidAskBroker, self).init()
        self.startingcash = self.p.cash
        self._value = self.p.cash
        self.positions = collections.defaultdict(Position)
        self.notifs = collections.deque()
        self._core = _bc.BrokerCore(self, self.notifs, self.p.cash)

    @property
    def cash(self):
        """Cash now (see :meth:`getcash`)."""
        return self._core.cash

    @cash.setter
    def cash(self, value):
        self._core.cash = value

    def start(self):
        self._models()
        super(BidAskBroker, self).start()

    # -- models and exchanges ----------------------------------------------------------------
    def describe(self):
        """How this broker fills: its class, exchange model, the queue, latency and fee models
        and the tick / lot size of each data it trades."""
        out = {
            'class': type(self).__name__,
            'exchange': self.p.exchange,
            'taker': self.p.taker,
            'queue_model': self._queue.describe(),
            'latency': self._latency.describe(),
            'fees': self._fees.describe(),
        }
        grids = [(d._name or 'data', d.p.tick_size, d.p.lot_size) for d in self._core.venues]
        if len(grids) == 1:
            out['tick_size'], out['lot_size'] = grids[0][1], grids[0][2]
        elif grids:
            out['datas'] = {name: {'tick_size': t, 'lot_size': l} for name, t, l in grids}
        return out

    def _venue(self, data):
        """The venue of ``data`` (its exchange, account and position), made on its first
        order; None for a data without a book."""
        load = getattr(data, '_load_records', None)
        if load is None:
            return None
        from backtrader.hft import models
        from backtrader.hft.feeds.l3event import L3EventData
        l3data = isinstance(data, L3EventData)
        l3queue = isinstance(self._queue, models.L3FIFOQueue)
        name = data._name or type(data).__name__
        if l3data and not l3queue:
            raise ValueError('BidAskBroker: data %r is market-by-order (L3EventData): trade it '
                             'with queue_model=bt.hft.models.L3FIFOQueue(), not %r'
                             % (name, self._queue))
        if l3queue and not l3data:
            raise ValueError('BidAskBroker: queue_model=L3FIFOQueue() needs market-by-order '
                             'data (L3EventData); data %r is %s: use an L2 queue model'
                             % (name, type(data).__name__))
        records, ptick, qlot, _ = load()
        p = data.p
        raw, mapped = records.view('u1'), bool(getattr(data, '_mapped', False))
        if l3data:
            from backtrader.hft._cy.l3exchange import L3Exchange
            ex = L3Exchange(raw, ptick, qlot, float(p.tick_size), float(p.lot_size),
                            self._latency, self._fees, False, p.crossed, mapped,
                            p.fills == 'reduce', self.p.taker == 'best')
        else:
            from backtrader.hft._cy.exchange import Exchange
            ex = Exchange(raw, ptick, qlot, float(p.tick_size), float(p.lot_size), self._queue,
                          self._latency, self._fees, self.p.exchange == 'partial', p.crossed,
                          mapped, self.p.taker == 'best')
        venue = _bc.Venue(data, ex, self.positions[data])
        self._core.add_venue(venue)
        return venue

    # -- orders ---------------------------------------------------------------------------------
    # compiled: backtrader/hft/_cy/brokercore.pyx
    buy = _bc.buy
    sell = _bc.sell
    cancel = _bc.cancel

    def modify(self, order, price=None, size=None):
        """Cancel ``order`` and send a new one like it with ``price`` and/or ``size`` changed
        (it joins the back of the queue); returns the new order."""
        rec = self._core.live.get(order.ref)
        if rec is None:
            raise ValueError('modify: order %d is not alive (status %s)'
                             % (order.ref, order.getstatusname()))
        if price is None:
            price = order.created.price
        if size is None:
            size = abs(order.executed.remsize)
        self.cancel(order)
        place = self.buy if order.isbuy() else self.sell
        return place(order.owner, order.data, size, price=price, exectype=order.exectype,
                     valid=order.valid or None, tradeid=order.tradeid, tif=rec.tif)

    def orderstatus(self, order):
        return order.status

    def get_orders_open(self, safe=False):
        """Orders sent and not finished."""
        orders = [rec.order for rec in self._core.live.values()]
        return [o.clone() for o in orders] if safe else orders

    get_notification = _bc.get_notification

    # -- the step -------------------------------------------------------------------------------
    next = _bc.next

    # -- account ---------------------------------------------------------------------------------
    def getcash(self):
        """Cash: the starting cash, less what the fills bought, plus what they sold, less fees."""
        return self.cash

    get_cash = getcash

    def setcash(self, cash):
        """Set the starting (and current) cash."""
        self.startingcash = self.cash = self.p.cash = cash
        self._value = cash

    set_cash = setcash

    def getvalue(self, datas=None):
        """Cash plus the positions valued at each data's current close (the mid of L2 data);
        with ``datas``, the value of those positions only."""
        if datas is None:
            return self._value
        return sum(self.positions[d].size * d.close[0] for d in datas)

    get_value = getvalue

    def getposition(self, data):
        """The :class:`Position` held in ``data``."""
        return self.positions[data]

    def state(self, data=None):
        """hftbacktest's state values of ``data`` (the only traded one by default): position,
        balance (cash from trades, fees excluded), fee (cumulative), num_trades (fills),
        trading_volume (size), trading_value (money), and the broker's cash and value."""
        venues = self._core.venues
        if data is None:
            if len(venues) > 1:
                raise ValueError('state: several datas are traded, name one')
            data = next(iter(venues), None)
        venue = venues.get(data)
        if venue is None:
            acct = _bc.Account()
        else:
            acct = venue.account
        out = {
            'position': self.positions[data].size if data is not None else 0.0,
            'balance': acct.balance,
            'fee': acct.fee,
            'num_trades': acct.num_trades,
            'trading_volume': acct.trading_volume,
            'trading_value': acct.trading_value,
            'cash': self.cash,
            'value': self._value,
        }
        return out

    def counts(self):
        """Orders submitted, cancel requests, rejections, expiries (``valid``, IOC and market
        remainders) and fills so far."""
        core = self._core
        return dict(submitted=core.submitted, cancelled=core.cancelled, rejected=core.rejected,
                    expired=core.expired, fills=core.fills)

    def fill_log(self, data=None):
        """Every fill received, in time order, as a numpy structured array: exch_ts, local_ts
        (receipt), order (order.ref), side (+1 buy, -1 sell), px, qty, maker (bool), fee."""
        import numpy as np
        from backtrader.hft._cy.exchange import FILL_DTYPE
        logs = [v.exchange.fill_log() for d, v in self._core.venues.items()
                if data is None or d is data]
        raw = np.concatenate(logs) if logs else np.empty(0, FILL_DTYPE)
        if len(logs) > 1:
            raw = raw[np.argsort(raw['local_ts'], kind='stable')]
        names = list(FILL_DTYPE.names)
        out = np.empty(len(raw), dtype=[(n, '?' if n == 'maker' else FILL_DTYPE[n])
                                        for n in names])
        for n in names:
            out[n] = raw[n]
        return out

