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
from backtrader.utils.autodict import AutoOrderedDict
from backtrader._cy import orderlife as _life
from backtrader._cy import orderrecords as _records
from backtrader._cy.ordercreate import register_orders as _register_orders
from backtrader._cy.orderparams import ParamAttr
from backtrader._cy.orderparams import fill_params as _fill_params
from backtrader._cy.snapshots import clone_order as _clone_order
from backtrader._cy.linebuffer import LineBuffer as _LineBuffer
from backtrader._cy.linebuffer import _num2date as _line_num2date

# upstream's star-export also leaks some helper modules: keep them reachable
__all__ = ['OrderExecutionBit', 'OrderData', 'OrderBase', 'Order',
           'BuyOrder', 'StopBuyOrder', 'StopLimitBuyOrder',
           'SellOrder', 'StopSellOrder', 'StopLimitSellOrder',
           'AutoOrderedDict', 'collections', 'datetime', 'itertools']


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

    plimit = _records.PLIMIT

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
        if p.simulated:  # no data to read: the price stands for the close
            pclose, dt0 = p.price, 0.0
        else:
            data = p.data
            pclose, dt0 = data.close[0], data.datetime[0]
        _life.setup(self, self.isbuy(), p.size, p.price, p.pricelimit,
                    p.exectype, p.parent, p.trailamount, p.trailpercent,
                    pclose, dt0)

        valid = p.valid
        if valid is not None and not isinstance(valid, (int, float)):
            self._resolve_valid()

        if p.simulated:
            self._dteos = 0.0
        elif type(p.data.datetime) is not _LineBuffer:
            # only a LineBuffer's datetime() is known to be reproducible
            # later from the float day number: compute now
            self._dteos = self._session_end(p.data.datetime.datetime(0))

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

    alive = _life.alive

    # a bracket child is inactive until its parent has executed
    def active(self):
        """False for a bracket child until its parent executes."""
        return self._active

    def activate(self):
        """Let a bracket child take part in matching."""
        self._active = True

    addcomminfo = _life.addcomminfo

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

    # the stages of an order's life; the broker calls them (the rules are
    # in backtrader/_cy/orderlife.pyx, which the compiled broker steps share)
    submit = _life.submit
    accept = _life.accept

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

    execute = _life.record

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
_life.register(AutoOrderedDict)
_register_orders(MetaOrder.__call__, OrderBase.__init__, OrderBase.isbuy)


class Order(OrderBase):
    """An order with its creation request and execution record.

    Attributes: ``ref`` (unique number), ``status``, ``created`` and
    ``executed`` (:class:`OrderData`), ``info`` (custom data set with
    :meth:`addinfo`, readable with dot notation), ``exectype``, ``size``
    (negative for sells), ``valid`` (expiry as a float day number),
    ``comminfo`` (scheme used for the fills), ``triggered`` (StopLimit).
    """

    execute = _life.execute  # records the fill, then Partial or Completed

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
