"""Orders: what was requested (``created``), what happened (``executed``).

An :class:`Order` is created by a broker's ``buy``/``sell``; its ``status``
moves through ``Created -> Submitted -> Accepted -> Partial -> Completed``
or ends in ``Canceled``, ``Expired``, ``Margin`` or ``Rejected``. Every
fill is stored as an :class:`OrderExecutionBit` in ``order.executed``, an
:class:`OrderData` that also keeps the running totals (size, average price,
value, commission, pnl).
"""
import collections
import datetime
import itertools
import numbers

from backtrader.metabase import AutoInfoClass as _AutoInfoClass
from backtrader.metabase import MetaParams, ParamsBase
from backtrader._cy import orderrecords as _records
from backtrader._cy.ordercreate import register_orders as _register_orders
from backtrader._cy.orderparams import ParamAttr
from backtrader._cy.orderparams import fill_params as _fill_params
from backtrader._cy.snapshots import clone_order as _clone_order
from backtrader._cy.linebuffer import LineBuffer as _LineBuffer
from backtrader._cy.linebuffer import _num2date as _line_num2date

try:  # the shared helper of the utils package
    from backtrader.utils.autodict import AutoOrderedDict
except ImportError:  # pragma: no cover - standalone fallback
    try:
        from backtrader.utils import AutoOrderedDict
    except ImportError:
        AutoOrderedDict = None

# upstream's star-export also leaks some helper modules: keep them reachable
__all__ = ['OrderExecutionBit', 'OrderData', 'OrderBase', 'Order',
           'BuyOrder', 'StopBuyOrder', 'StopLimitBuyOrder',
           'SellOrder', 'StopSellOrder', 'StopLimitSellOrder',
           'AutoOrderedDict', 'collections', 'datetime', 'itertools']


if AutoOrderedDict is None:
    class AutoOrderedDict(collections.OrderedDict):
        """Ordered dict whose keys are also attributes; missing keys create
        nested dicts until :meth:`_close` is called."""
        _closed = False

        def _close(self):
            self._closed = True
            for value in self.values():
                if isinstance(value, AutoOrderedDict):
                    value._close()

        def _open(self):
            self._closed = False

        def __missing__(self, key):
            if self._closed:
                raise KeyError(key)
            value = self[key] = AutoOrderedDict()
            return value

        def __getattr__(self, key):
            if key.startswith('_'):
                raise AttributeError(key)
            return self[key]

        def __setattr__(self, key, value):
            if key.startswith('_'):
                self.__dict__[key] = value
            else:
                self[key] = value


OrderExecutionBit = _records.OrderExecutionBit
OrderData = _records.OrderData


def _new_executed(remsize, _make=_records.new_executed):
    """``OrderData(remsize=remsize)``: every order's ``executed`` record."""
    return _make(OrderData, remsize)


_EXECTYPES = range(8)  # Market ... Historical


class MetaOrder(MetaParams):
    """Metaclass of orders: ``MetaParams`` with a shortcut for the common
    construction (keyword params only, all of them declared): the params
    object is filled in compiled code from cached names and defaults (in
    declaration order, so that its values stay inline in the object
    instead of a separate dict), then ``__init__`` runs as usual."""

    def __init__(cls, name, bases, dct):
        super(MetaOrder, cls).__init__(name, bases, dct)
        # a param is read as an attribute through a ParamAttr descriptor
        # unless the class already has something under that name
        for key in cls.params._getkeys():
            if not any(key in vars(klass) for klass in cls.__mro__):
                type.__setattr__(cls, key, ParamAttr(key))

    def __call__(cls, *args, **kwargs):
        fast = cls.__dict__.get('_fastnew')
        if fast is None or fast[0] is not cls.params:
            fast = cls._fastnew_setup()
        pcls, names, keys, defaults = fast
        if args or names is None or not names.issuperset(kwargs):
            return super(MetaOrder, cls).__call__(*args, **kwargs)
        params = object.__new__(pcls)
        _fill_params(params, keys, defaults, kwargs)
        obj = object.__new__(cls)
        obj.params = obj.p = params
        obj.__init__()
        return obj

    def _fastnew_setup(cls):
        pcls = cls.params
        ok = (not cls.packages and not cls.frompackages
              and cls.__new__ is object.__new__
              and pcls.__init__ is _AutoInfoClass.__init__ and not pcls._recurse
              and all(getattr(type(cls), m) is getattr(MetaOrder, m)
                      for m in ('doprenew', 'donew', 'dopreinit', 'doinit',
                                'dopostinit')))
        items = tuple(pcls._getitems())
        keys = tuple(name for name, _ in items)
        # (params class, names accepted by the shortcut or None, the names
        # in order, their defaults)
        fast = (pcls, frozenset(keys) if ok else None, keys,
                tuple(value for _, value in items))
        type.__setattr__(cls, '_fastnew', fast)
        return fast


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_trade_size(ordercls, size):
    """Refuse a size that a buy or sell cannot trade (the path from
    ``Strategy.buy``/``sell`` and ``BackBroker.buy``/``sell``): it must be a
    number above 0, the side being given by the order class."""
    if (type(size) is int or type(size) is float) and size > 0:
        return
    name = ordercls.__name__
    if not _is_number(size):
        raise ValueError('%s: param size must be a positive number, got %r'
                         % (name, size))
    if not size > 0:
        raise ValueError('%s: param size must be > 0, got %r (use sell() to '
                         'sell)' % (name, size))


class OrderBase(ParamsBase, metaclass=MetaOrder):
    """Common machinery of orders; see :class:`Order`."""

    params = (
        ('owner', None), ('data', None),
        ('size', None), ('price', None), ('pricelimit', None),
        ('exectype', None), ('valid', None), ('tradeid', 0), ('oco', None),
        ('trailamount', None), ('trailpercent', None),
        ('parent', None), ('transmit', True),
        ('simulated', False),
        ('histnotify', False),
    )

    DAY = datetime.timedelta()  # ``valid=Order.DAY``: good for the session

    # the printed names of the numbered constants below, in number order
    ExecTypes = ['Market', 'Close', 'Limit', 'Stop', 'StopLimit', 'StopTrail',
                 'StopTrailLimit', 'Historical']
    OrdTypes = ['Buy', 'Sell']
    Status = ['Created', 'Submitted', 'Accepted', 'Partial', 'Completed',
              'Canceled', 'Expired', 'Margin', 'Rejected']

    (Market, Close, Limit, Stop, StopLimit, StopTrail, StopTrailLimit,
     Historical) = range(len(ExecTypes))
    Buy, Sell = range(len(OrdTypes))
    (Created, Submitted, Accepted, Partial, Completed,
     Canceled, Expired, Margin, Rejected) = range(len(Status))
    Cancelled = Canceled

    # kinds of ``valid`` (kept for user code that names them)
    T_Close, T_Day, T_Date, T_None = range(4)
    V_None = range(1)

    refbasis = itertools.count(1)  # one global numbering of all orders

    # session end used when ``valid`` asks for "today"
    _EOD = datetime.time(23, 59, 59, 9999)

    @property
    def plimit(self):
        return self._plimit

    @plimit.setter
    def plimit(self, value):
        self._plimit = value

    # ``dteos`` (the float day number of the end of the session of the bar
    # the order was created in) is computed when first read: only Close
    # orders need it. ``None`` in ``_dteos`` means "not computed yet".
    _dteos = None

    @property
    def dteos(self):
        dteos = self._dteos
        if dteos is None:
            dteos = self._dteos = self._session_end(
                _line_num2date(self.created.dt, self.data.datetime._tz, True))
        return dteos

    @dteos.setter
    def dteos(self, value):
        self._dteos = value

    def _session_end(self, now):
        """Float day number of the session end at or after ``now``."""
        data = self.data
        send = data.p.sessionend
        eos = now.replace(hour=send.hour, minute=send.minute,
                          second=send.second, microsecond=send.microsecond)
        if eos < now:
            eos += datetime.timedelta(days=1)
        return data.date2num(eos)

    def __init__(self):
        p = self.p
        self._check_request()
        self.ref = next(self.refbasis)
        self.broker = None
        self.info = AutoOrderedDict()
        self.comminfo = None
        self.triggered = False
        self._active = p.parent is None
        self.status = self.Created
        self._plimit = pricelimit = p.pricelimit  # the ``plimit`` property

        exectype = p.exectype
        if exectype is None:
            self.exectype = exectype = self.Market
        isbuy = self.isbuy()
        size = p.size
        if not isbuy:
            self.size = size = -size

        data = p.data
        simulated = p.simulated
        price = p.price
        if simulated:
            pclose = price
            dt0 = 0.0
        else:
            pclose = data.close[0]
            dt0 = data.datetime[0]
        refprice = pclose if (not price and not pricelimit) else price
        self.created = created = OrderData(
            dt=dt0, size=size, price=refprice, pricelimit=pricelimit,
            pclose=pclose, trailamount=p.trailamount,
            trailpercent=p.trailpercent)

        if exectype == 5 or exectype == 6:  # StopTrail, StopTrailLimit
            # the limit keeps its distance to the trailing stop price
            self._limitoffset = created.price - created.pricelimit
            start = created.price
            created.price = float('inf') if isbuy else float('-inf')
            self.trailadjust(start)
        else:
            self._limitoffset = 0.0

        self.executed = _records.new_executed(OrderData, size)
        self.position = 0

        valid = p.valid
        if valid is not None and not isinstance(valid, (int, float)):
            self._resolve_valid()

        if simulated:
            self._dteos = 0.0
        elif type(data.datetime) is not _LineBuffer:
            # only a LineBuffer's datetime() is known to be reproducible
            # later from the float day number: compute now
            self._dteos = self._session_end(data.datetime.datetime(0))

    def _check_request(self):
        """Refuse orders that cannot be built, naming the field. Any number
        is a size here (upstream's own tests build orders of size 0); whether
        it can be traded is checked by the buy/sell path (:func:`check_trade_size`)."""
        p = self.p
        size = p.size
        exectype = p.exectype
        if ((type(size) is int or type(size) is float)
                and (exectype is None or
                     (type(exectype) is int and exectype in _EXECTYPES))
                and (p.data is not None or p.simulated)):
            return  # the usual request: nothing to complain about
        cls = type(self).__name__
        if not _is_number(size):
            raise ValueError('%s: param size must be a number, got %r' % (cls, size))
        if exectype is not None and (
                isinstance(exectype, bool) or
                not isinstance(exectype, numbers.Integral) or
                not 0 <= exectype < len(self.ExecTypes)):
            raise ValueError('%s: param exectype must be one of Order.%s, got %r'
                             % (cls, '/Order.'.join(self.ExecTypes), exectype))
        if self.p.data is None and not self.p.simulated:
            raise ValueError('%s: param data is required' % cls)

    def _resolve_valid(self):
        """Turn ``valid`` into the float day number compared in :meth:`expire`.

        A date/datetime is converted as is, a timedelta is added to the
        current bar time (``Order.DAY`` means the end of the current day).
        Other values (``None``, ``0`` and plain numbers) are kept: a number
        is compared as a raw day number and ``0`` never expires.
        """
        valid = self.valid
        if isinstance(valid, datetime.date):
            self.valid = self.data.date2num(valid)
        elif isinstance(valid, datetime.timedelta):
            if valid == self.DAY:
                until = datetime.datetime.combine(self.data.datetime.date(),
                                                  self._EOD)
            else:
                until = self.data.datetime.datetime() + valid
            self.valid = self.data.date2num(until)

    def __str__(self):
        fields = (
            ('Ref', self.ref),
            ('OrdType', self.ordtype),
            ('OrdType', self.ordtypename()),
            ('Status', self.status),
            ('Status', self.getstatusname()),
            ('Size', self.size),
            ('Price', self.price),
            ('Price Limit', self.pricelimit),
            ('TrailAmount', self.trailamount),
            ('TrailPercent', self.trailpercent),
            ('ExecType', self.exectype),
            ('ExecType', self.getordername()),
            ('CommInfo', self.comminfo),
            ('End of Session', self.dteos),
            ('Info', self.info),
            ('Broker', self.broker),
            ('Alive', self.alive()),
        )
        return '\n'.join('{}: {}'.format(k, v) for k, v in fields)

    def clone(self, _clone=_clone_order):
        """Snapshot for a notification: shares everything but ``executed``,
        whose pending-fill window is advanced (a shallow copy of the order
        with ``executed.clone()``, see ``snapshots.clone_order``)."""
        return _clone(self, self.executed.clone())

    # the printed names of the numbered constants
    def _name_in(self, names, own, value):
        """``names[value]``, ``value`` defaulting to the order's attribute ``own``."""
        return names[getattr(self, own) if value is None else value]

    def getstatusname(self, status=None):
        """Name of ``status`` (default: the order's own)."""
        return self._name_in(self.Status, 'status', status)

    def getordername(self, exectype=None):
        """Name of ``exectype`` (default: the order's own)."""
        return self._name_in(self.ExecTypes, 'exectype', exectype)

    def ordtypename(self, ordtype=None):
        """'Buy' or 'Sell' for ``ordtype`` (default: the order's own)."""
        return self._name_in(self.OrdTypes, 'ordtype', ordtype)

    @classmethod
    def ExecType(cls, exectype):
        """The execution type constant named ``exectype`` (e.g. 'Limit')."""
        return getattr(cls, exectype)

    def alive(self):
        """True while the order may still execute (Created, Submitted,
        Accepted or Partial)."""
        return self.status <= self.Partial

    # a bracket child is inactive until its parent has executed
    def active(self):
        """False for a bracket child until its parent executes."""
        return self._active

    def activate(self):
        """Let a bracket child take part in matching."""
        self._active = True

    def addcomminfo(self, comminfo):
        """Remember the commission scheme used for the fills."""
        self.comminfo = comminfo

    def addinfo(self, **kwargs):
        """Store custom key/values in ``order.info``."""
        for key, value in kwargs.items():
            self.info[key] = value

    def __eq__(self, other):
        return other is not None and self.ref == getattr(other, 'ref', None)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.ref)

    def isbuy(self):
        """True for a buy order."""
        return self.ordtype == self.Buy

    def issell(self):
        """True for a sell order."""
        return not self.isbuy()

    def setposition(self, position):
        """Remember the position size the order was placed against."""
        self.position = position

    # the stages of an order's life; the broker calls them
    def submit(self, broker=None):
        """Mark as submitted to ``broker`` (and note the data's length then)."""
        self.status, self.broker = self.Submitted, broker
        self.plen = len(self.data)

    def accept(self, broker=None):
        """Mark as accepted."""
        self.status, self.broker = self.Accepted, broker

    def brokerstatus(self):
        """Status as the broker knows it (own status without a broker)."""
        if self.broker:
            return self.broker.orderstatus(self)
        return self.status

    def _end(self, status):
        # a terminal status stamps the execution time with the current bar
        self.status = status
        if not self.p.simulated:
            self.executed.dt = self.data.datetime[0]

    def reject(self, broker=None):
        """Mark as rejected; False if it already was."""
        if self.status == self.Rejected:
            return False
        self.broker = broker
        self._end(self.Rejected)
        return True

    def cancel(self):
        """Mark as canceled."""
        self._end(self.Canceled)

    def margin(self):
        """Mark as refused for lack of cash/margin."""
        self._end(self.Margin)

    def execute(self, dt, size, price,
                closed, closedvalue, closedcomm,
                opened, openedvalue, openedcomm,
                margin, pnl, psize, pprice):
        """Record a fill: the part that closed position, the part that opened
        one, and the position after it (a zero size records nothing)."""
        if size:
            record = self.executed
            record.add(dt, size, price, closed, closedvalue, closedcomm,
                       opened, openedvalue, openedcomm, pnl, psize, pprice)
            record.margin = margin

    def partial(self):
        """Mark as partly executed."""
        self.status = self.Partial

    def completed(self):
        """Mark as fully executed."""
        self.status = self.Completed

    def expire(self):
        """Mark as expired; returns True."""
        self.status = self.Expired
        return True

    def trailadjust(self, price):
        """Move a trailing stop after ``price`` (no-op in the base)."""


# the broker creates its orders in compiled code that reproduces these
_register_orders(MetaOrder.__call__, OrderBase.__init__, OrderBase.isbuy,
                    AutoOrderedDict)


class Order(OrderBase):
    """An order with its creation request and execution record.

    Attributes: ``ref`` (unique number), ``status``, ``created`` and
    ``executed`` (:class:`OrderData`), ``info`` (custom data set with
    :meth:`addinfo`, readable with dot notation), ``exectype``, ``size``
    (negative for sells), ``valid`` (expiry as a float day number),
    ``comminfo`` (scheme used for the fills), ``triggered`` (StopLimit).
    """

    def execute(self, dt, size, price,
                closed, closedvalue, closedcomm,
                opened, openedvalue, openedcomm,
                margin, pnl, psize, pprice):
        super(Order, self).execute(dt, size, price,
                                   closed, closedvalue, closedcomm,
                                   opened, openedvalue, openedcomm,
                                   margin, pnl, psize, pprice)
        self.status = self.Partial if self.executed.remsize else self.Completed

    def expire(self):
        """Expire the order if the bar is past ``valid``; True if it did.

        Market orders never expire.
        """
        if self.exectype == self.Market:
            return False
        valid = self.valid
        if valid and self.data.datetime[0] > valid:
            self.status = self.Expired
            self.executed.dt = self.data.datetime[0]
            return True
        return False

    def trailadjust(self, price):
        """Pull the stop (and limit) of a trailing order towards ``price``.

        The stop sits ``trailamount`` (or ``price * trailpercent``) below the
        price for sells and above it for buys, and only ever tightens.
        """
        if self.trailamount:
            distance = self.trailamount
        elif self.trailpercent:
            distance = price * self.trailpercent
        else:
            distance = 0.0

        created = self.created
        if self.isbuy():
            stop = price + distance
            if stop < created.price:
                created.price = stop
                if self.exectype == self.StopTrailLimit:
                    created.pricelimit = stop - self._limitoffset
        else:
            stop = price - distance
            if stop > created.price:
                created.price = stop
                if self.exectype == self.StopTrailLimit:
                    created.pricelimit = stop - self._limitoffset


class BuyOrder(Order):
    """An order that buys ``size``."""
    ordtype = Order.Buy


class SellOrder(Order):
    """An order that sells ``size`` (kept negative in ``order.size``)."""
    ordtype = Order.Sell


class StopBuyOrder(BuyOrder):
    """Upstream's name for a buy placed as a stop; behaves as ``BuyOrder``."""


class StopLimitBuyOrder(BuyOrder):
    """Upstream's name for a buy placed as a stop-limit; behaves as ``BuyOrder``."""


class StopSellOrder(SellOrder):
    """Upstream's name for a sell placed as a stop; behaves as ``SellOrder``."""


class StopLimitSellOrder(SellOrder):
    """Upstream's name for a sell placed as a stop-limit; behaves as ``SellOrder``."""
