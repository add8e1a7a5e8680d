"""The executions of each bar, per data (the layout pyfolio reads)."""
from collections import defaultdict

from backtrader.analyzer import Analyzer
from backtrader.order import Order
from backtrader.position import Position

__all__ = ['Transactions']


class Transactions(Analyzer):
    """Net execution of each data on each bar: every fill notified during the
    bar is added into a fresh ``Position`` per data, read at the bar's ``next``.

    ``get_analysis()``: an ``OrderedDict`` bar datetime -> list of
    ``[size, price, data index, data name, -size * price]``, only bars with a
    non-zero net execution.

    Params
    ------
    headers : bool (False)
        First entry ``'date'`` -> ``[['amount', 'price', 'sid', 'symbol', 'value']]``.
    _pfheaders : tuple
        The column names used by ``headers``.
    """
    params = (
        ('headers', False),
        ('_pfheaders', ('date', 'amount', 'price', 'sid', 'symbol', 'value')),
    )

    _FILLS = (Order.Partial, Order.Completed)

    def start(self):
        super(Transactions, self).start()
        names = self.p._pfheaders
        if self.p.headers:
            self.rets[names[0]] = [list(names[1:])]
        self._net = defaultdict(Position)
        self._idnames = list(enumerate(self.strategy.getdatanames()))

    def notify_order(self, order):
        if order.status not in self._FILLS:
            return
        net = self._net[order.data._name]
        for fill in order.executed.iterpending():
            if fill is None:
                break
            net.update(fill.size, fill.price)

    def next(self):
        net = self._net
        rows = []
        for idx, name in self._idnames:
            pos = net.get(name)
            if pos is not None and pos.size:
                rows.append([pos.size, pos.price, idx, name, -pos.size * pos.price])
        if rows:
            self.rets[self.strategy.datetime.datetime()] = rows
        net.clear()
