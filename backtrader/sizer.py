"""Sizers: the default stake of ``buy``/``sell`` calls without a size."""
from backtrader.metabase import ParamsBase

__all__ = ['Sizer', 'SizerBase']


class Sizer(ParamsBase):
    """Base of sizers; subclasses implement :meth:`_getsizing`.

    ``strategy`` and ``broker`` are set by the strategy using the sizer
    (through :meth:`set`), giving access to positions, cash, value, ...
    """
    strategy = None
    broker = None

    def getsizing(self, data, isbuy):
        """Size for an operation on ``data`` (``isbuy``: buy or sell)."""
        broker = self.broker
        return self._getsizing(broker.getcommissioninfo(data), broker.getcash(),
                               data, isbuy)

    def _getsizing(self, comminfo, cash, data, isbuy):
        """Return the size (its absolute value is used; 0 means no order).

        ``comminfo`` is the commission scheme of ``data``, ``cash`` the cash
        available in the broker and ``isbuy`` tells buys from sells.
        """
        raise NotImplementedError

    def set(self, strategy, broker):
        self.strategy = strategy
        self.broker = broker


SizerBase = Sizer  # older name
