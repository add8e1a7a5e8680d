"""Value of the position in each data, bar by bar."""
from backtrader.analyzer import Analyzer
from backtrader.dataseries import TimeFrame

__all__ = ['PositionsValue']


class PositionsValue(Analyzer):
    """The broker's value of the position in every data on each bar.

    ``get_analysis()``: an ``OrderedDict`` bar time -> list of values, one per
    data (plus the cash with ``cash=True``). The key is a ``date`` when every
    data is daily or coarser, else a ``datetime``.

    Params
    ------
    headers : bool (False)
        First entry ``'Datetime'`` -> the data names (``Data<i>`` for unnamed
        ones), and ``'cash'`` with ``cash=True``.
    cash : bool (False)
        Add the cash as a last column.
    """
    params = (
        ('headers', False),
        ('cash', False),
    )

    def start(self):
        p = self.p
        if p.headers:
            names = [d._name or 'Data%d' % i for i, d in enumerate(self.datas)]
            self.rets['Datetime'] = names + (['cash'] if p.cash else [])
        self._daily = min(d._timeframe for d in self.datas) >= TimeFrame.Days

    def next(self):
        broker = self.strategy.broker
        row = [broker.get_value([d]) for d in self.datas]
        if self.p.cash:
            row.append(broker.get_cash())
        clock = self.strategy.datetime
        self.rets[clock.date() if self._daily else clock.datetime()] = row
