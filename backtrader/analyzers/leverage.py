"""Gross leverage of the portfolio, bar by bar."""
from backtrader.analyzer import Analyzer, fundmode_of

__all__ = ['GrossLeverage']


class GrossLeverage(Analyzer):
    """Share of the value held outside cash on each bar: ``(value - cash) /
    value`` (0.0 all in cash, 1.0 fully invested without shorts).

    ``get_analysis()``: an ``OrderedDict`` bar datetime (first data) -> leverage.

    Params
    ------
    fund : bool or None
        The value followed: see :func:`backtrader.analyzer.fundmode_of`.
    """
    params = (
        ('fund', None),
    )

    def start(self):
        self._fundmode = fundmode_of(self)

    def notify_fund(self, cash, value, fundvalue, shares):
        self._cash = cash
        self._value = fundvalue if self._fundmode else value

    def next(self):
        total = self._value
        self.rets[self.data0.datetime.datetime()] = (total - self._cash) / total
