"""Trades: the life of a position from opening to going flat again."""
import copy
import itertools

from backtrader._cy.brokerkernels import copy_instance as _copy_instance
from backtrader.order import AutoOrderedDict

__all__ = ['TradeHistory', 'Trade']


def _num2date(num, tz=None, naive=True):
    try:
        from backtrader.utils import num2date
    except ImportError:  # pragma: no cover - before the utils package exists
        from backtrader._cy import timeconv
        dt = timeconv.ns_to_datetime(timeconv.py_num_to_ns(num))
        if tz is not None:
            import datetime as _dt
            dt = dt.replace(tzinfo=_dt.timezone.utc).astimezone(tz)
            if naive:
                dt = dt.replace(tzinfo=None)
        return dt
    return num2date(num, tz, naive)


_PLAIN_COPY = {}


def _plain_copy(cls):
    """Whether ``copy.copy`` of a ``cls`` instance is a plain dict copy."""
    plain = _PLAIN_COPY.get(cls)
    if plain is None:
        plain = _PLAIN_COPY[cls] = all(
            getattr(cls, name, None) is getattr(object, name, None)
            for name in ('__reduce_ex__', '__reduce__', '__getstate__',
                         '__setstate__', '__new__', '__slots__'))
    return plain


def _copy_generic(obj):
    """``copy.copy`` through the reduce protocol (what it does without a
    ``__copy__`` method)."""
    rv = obj.__reduce_ex__(4)
    if isinstance(rv, str):
        return obj
    return copy._reconstruct(obj, None, *rv)


class TradeHistory(AutoOrderedDict):
    """Snapshot of a trade after one update, with dot access.

    ``status`` holds the trade state after the update (``status``, ``dt``,
    ``barlen``, ``size``, ``price``, ``value``, ``pnl``, ``pnlcomm``,
    ``tz``); ``event`` the update itself (``order``, ``size``, ``price``,
    ``commission``).
    """

    def __init__(self, status, dt, barlen, size, price, value, pnl, pnlcomm,
                 tz, event=None):
        super(TradeHistory, self).__init__()
        st = self.status
        st.status = status
        st.dt = dt
        st.barlen = barlen
        st.size = size
        st.price = price
        st.value = value
        st.pnl = pnl
        st.pnlcomm = pnlcomm
        st.tz = tz
        if event is not None:
            self.event = event

    def __reduce__(self):
        st = self.status
        return (type(self), (st.status, st.dt, st.barlen, st.size, st.price,
                             st.value, st.pnl, st.pnlcomm, st.tz, self.event))

    def doupdate(self, order, size, price, commission):
        """Fill the ``event`` part and freeze the entry."""
        ev = self.event
        ev.order = order
        ev.size = size
        ev.price = price
        ev.commission = commission
        self._close()

    def datetime(self, tz=None, naive=True):
        """The time of the update as a ``datetime``."""
        return _num2date(self.status.dt, tz or self.status.tz, naive)


class Trade(object):
    """Size, price, value, commission and profit of one trade.

    A trade starts flat, is opened by a first execution, may grow or shrink
    and is closed when its size comes back to 0 (a reversal is handled by the
    caller as a close plus a new trade).

    Attributes: ``ref`` (unique number), ``status`` (Created/Open/Closed),
    ``tradeid``, ``size``, ``price`` (average entry), ``value``,
    ``commission``, ``pnl`` (gross), ``pnlcomm`` (net of commission),
    ``isopen``, ``isclosed``, ``justopened``, ``long``, ``baropen``/
    ``dtopen``, ``barclose``/``dtclose``, ``barlen``, ``historyon`` and
    ``history`` (a :class:`TradeHistory` per update when enabled).
    """
    refbasis = itertools.count(1)

    status_names = ['Created', 'Open', 'Closed']
    Created, Open, Closed = range(3)

    def __init__(self, data=None, tradeid=0, historyon=False,
                 size=0, price=0.0, value=0.0, commission=0.0):
        self.ref = next(self.refbasis)
        self.data, self.tradeid = data, tradeid
        self.status = self.Created
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

    __nonzero__ = __bool__

    def __copy__(self):
        # what copy.copy does for a plain object (a new instance sharing the
        # attribute values), without the generic reduce protocol and with
        # the values kept inline in the copy (no dict of its own: strategies
        # often keep the trades they are notified); classes with their own
        # pickling hooks keep the generic path
        cls = type(self)
        if cls is not Trade and not _plain_copy(cls):
            return _copy_generic(self)
        return _copy_instance(self)

    def getdataname(self):
        """Name of the data feed traded."""
        return self.data._name

    def open_datetime(self, tz=None, naive=True):
        """``datetime`` at which the trade was opened."""
        return self.data.num2date(self.dtopen, tz=tz, naive=naive)

    def close_datetime(self, tz=None, naive=True):
        """``datetime`` at which the trade was closed."""
        return self.data.num2date(self.dtclose, tz=tz, naive=naive)

    def update(self, order, size, price, value, commission, pnl, comminfo):
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
            self.long = new > 0

        self.isopen = bool(new)
        self.barlen = nbars - self.baropen
        self.isclosed = bool(old) and not new

        if self.isclosed:
            self.isopen = False
            self.barclose = nbars
            self.dtclose = data.datetime[0]
            self.status = self.Closed
        elif self.isopen:
            self.status = self.Open

        if abs(new) > abs(old):  # grew: average the entry price
            self.price = (old * self.price + size * price) / new
            realized = 0.0
        else:  # shrank: realize the profit of the part given back
            realized = comminfo.profitandloss(-size, self.price, price)

        self.pnl += realized
        self.pnlcomm = self.pnl - self.commission
        self.value = comminfo.getvaluesize(new, self.price)

        if self.historyon:
            entry = TradeHistory(
                self.status, 0.0 if order.p.simulated else data.datetime[0],
                self.barlen, new, self.price, self.value, self.pnl,
                self.pnlcomm, data._tz)
            entry.doupdate(order, size, price, commission)
            self.history.append(entry)
