"""Trades: the life of a position from opening to going flat again
(:class:`Trade` is compiled: ``backtrader/_cy/trade.pyx``)."""
from backtrader._cy import trade as _trade
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


Trade = _trade.Trade
_trade.set_history_class(TradeHistory)
