# cython: language_level=3
"""Trades: the life of a position from opening to going flat again
(``backtrader.Trade``).

A compiled class: the strategy's notification step updates and copies a
trade on every fill without attribute lookups. For Python code it is an
ordinary object (its fields are attributes, other attributes may be added,
it can be subclassed, copied and pickled).
"""
import itertools

cdef object _UNSET = object()
cdef object _history_cls = None    # backtrader.trade.TradeHistory

_FIELDS = ('ref', 'data', 'tradeid', 'size', 'price', 'value', 'commission',
           'pnl', 'pnlcomm', 'justopened', 'isopen', 'isclosed', 'baropen',
           'dtopen', 'barclose', 'dtclose', 'barlen', 'historyon', 'history',
           'status')


def set_history_class(cls):
    """The class of the entries of ``Trade.history`` (``TradeHistory``)."""
    global _history_cls
    _history_cls = cls


cdef class Trade:
    """Size, price, value, commission and profit of one trade.

    A trade starts flat, is opened by a first execution, may grow or shrink
    and is closed when its size comes back to 0 (a reversal is handled by the
    caller as a close plus a new trade).

    Attributes: ``ref`` (unique number), ``status`` (Created/Open/Closed),
    ``tradeid``, ``size``, ``price`` (average entry), ``value``,
    ``commission``, ``pnl`` (gross), ``pnlcomm`` (net of commission),
    ``isopen``, ``isclosed``, ``justopened``, ``long`` (once opened),
    ``baropen``/``dtopen``, ``barclose``/``dtclose``, ``barlen``,
    ``historyon`` and ``history`` (a ``TradeHistory`` per update when
    enabled).
    """
    refbasis = itertools.count(1)

    status_names = ['Created', 'Open', 'Closed']
    Created, Open, Closed = range(3)

    def __cinit__(self, *args, **kwargs):
        self._long = _UNSET

    def __init__(self, data=None, tradeid=0, historyon=False,
                 size=0, price=0.0, value=0.0, commission=0.0):
        self.ref = next(self.refbasis)
        self.data, self.tradeid = data, tradeid
        self.status = 0  # Created
        # running figures
        self.size, self.price, self.value = size, price, value
        self.commission = commission
        self.pnl = self.pnlcomm = 0.0
        # life cycle flags and stamps (bar numbers and float day numbers)
        self.justopened = self.isopen = self.isclosed = False
        self.baropen = self.barclose = self.barlen = 0
        self.dtopen = self.dtclose = 0.0
        self.historyon = historyon
        self.history = []

    @property
    def long(self):
        if self._long is _UNSET:
            raise AttributeError("'%s' object has no attribute 'long'"
                                 % type(self).__name__)
        return self._long

    @long.setter
    def long(self, value):
        self._long = value

    # -- copies and pickles: the fields, ``long`` and the extra attributes
    def __getstate__(self):
        state = {name: getattr(self, name) for name in _FIELDS}
        if self._long is not _UNSET:
            state['long'] = self._long
        extra = getattr(self, '__dict__', None)
        if extra:
            state.update(extra)
        return state

    def __setstate__(self, state):
        for key, value in state.items():
            setattr(self, key, value)

    def __reduce_ex__(self, protocol):
        return (_new_trade, (type(self),), self.__getstate__())

    def __copy__(self):
        if _own_copy_hooks(type(self)):
            # a class with its own pickling hook: the generic protocol
            import copy
            rv = self.__reduce_ex__(4)
            return copy._reconstruct(self, None, *rv)
        return self.twin()

    cdef Trade twin(self):
        """A shallow copy (what ``copy.copy`` gives)."""
        cdef Trade twin = type(self).__new__(type(self))
        twin.ref, twin.data, twin.tradeid, twin.status = (
            self.ref, self.data, self.tradeid, self.status)
        twin.size, twin.price, twin.value = self.size, self.price, self.value
        twin.commission, twin.pnl, twin.pnlcomm = (
            self.commission, self.pnl, self.pnlcomm)
        twin.justopened, twin.isopen, twin.isclosed = (
            self.justopened, self.isopen, self.isclosed)
        twin.baropen, twin.barclose, twin.barlen = (
            self.baropen, self.barclose, self.barlen)
        twin.dtopen, twin.dtclose = self.dtopen, self.dtclose
        twin.historyon, twin.history = self.historyon, self.history
        twin._long = self._long
        extra = getattr(self, '__dict__', None)
        if extra:
            getattr(twin, '__dict__').update(extra)
        return twin

    def __str__(self):
        names = ('ref', 'data', 'tradeid',
                 'size', 'price', 'value', 'commission', 'pnl', 'pnlcomm',
                 'justopened', 'isopen', 'isclosed',
                 'baropen', 'dtopen', 'barclose', 'dtclose', 'barlen',
                 'historyon', 'history', 'status')
        return '\n'.join('%s:%s' % (n, getattr(self, n)) for n in names)

    def __len__(self):
        return abs(self.size)

    def __bool__(self):
        return self.size != 0

    def __nonzero__(self):
        return self.size != 0

    def getdataname(self):
        """Name of the data feed traded."""
        return self.data._name

    def open_datetime(self, tz=None, naive=True):
        """``datetime`` at which the trade was opened."""
        return self.data.num2date(self.dtopen, tz=tz, naive=naive)

    def close_datetime(self, tz=None, naive=True):
        """``datetime`` at which the trade was closed."""
        return self.data.num2date(self.dtclose, tz=tz, naive=naive)

    cpdef update(self, order, size, price, value, commission, pnl, comminfo):
        """Apply an execution of ``size`` at ``price`` from ``order``.

        ``commission`` is added to the trade; ``value`` and ``pnl`` are not
        used (the trade computes its own from ``comminfo``). A size with the
        trade's sign increases it and averages the price; the opposite sign
        reduces it and realizes profit. Going back to 0 closes the trade.
        """
        if not size:
            return

        self.commission += commission
        old = self.size
        self.size = new = old + size
        data = self.data
        nbars = len(data)

        self.justopened = not old and bool(size)
        if self.justopened:
            self.baropen = nbars
            self.dtopen = 0.0 if order.p.simulated else data.datetime[0]
            self._long = new > 0

        self.isopen = bool(new)
        self.barlen = nbars - self.baropen
        self.isclosed = bool(old) and not new

        if self.isclosed:
            self.isopen = False
            self.barclose = nbars
            self.dtclose = data.datetime[0]
            self.status = 2  # Closed
        elif self.isopen:
            self.status = 1  # Open

        if abs(new) > abs(old):  # grew: average the entry price
            self.price = (old * self.price + size * price) / new
            realized = 0.0
        else:  # shrank: realize the profit of the part given back
            realized = comminfo.profitandloss(-size, self.price, price)

        self.pnl += realized
        self.pnlcomm = self.pnl - self.commission
        self.value = comminfo.getvaluesize(new, self.price)

        if self.historyon:
            entry = _history_cls(
                self.status, 0.0 if order.p.simulated else data.datetime[0],
                self.barlen, new, self.price, self.value, self.pnl,
                self.pnlcomm, data._tz)
            entry.doupdate(order, size, price, commission)
            self.history.append(entry)


cdef dict _hooked = {}   # Trade subclass -> whether it has its own hooks


cdef bint _own_copy_hooks(object cls) except -1:
    """Whether ``cls`` changes how its instances are pickled or copied."""
    if cls is Trade:
        return False
    hooked = _hooked.get(cls)
    if hooked is None:
        hooked = _hooked[cls] = any(
            getattr(cls, name, None) is not getattr(Trade, name, None)
            for name in ('__reduce_ex__', '__reduce__', '__getstate__',
                         '__setstate__'))
    return hooked


def _new_trade(cls):
    """An empty instance of ``cls`` (a Trade class), for unpickling."""
    return cls.__new__(cls)
