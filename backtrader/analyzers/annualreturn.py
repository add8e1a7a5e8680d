"""Calendar-year returns of the portfolio value."""
from collections import OrderedDict

from backtrader.analyzer import Analyzer

__all__ = ['AnnualReturn']


class AnnualReturn(Analyzer):
    """Return of each calendar year of the run: the value at the year's last
    bar over the value at the previous year's last bar (the first bar's value
    for the first year). The value is the one the ``Broker`` observer records:
    the fund value in fund mode, else the net asset value.

    The years are followed bar by bar, so any ``exactbars`` setting works.

    After ``stop``: ``self.rets`` is the list of yearly returns and
    ``self.ret`` (returned by ``get_analysis``) an ``OrderedDict`` year -> return.
    """

    def create_analysis(self):
        self.rets = []
        self.ret = OrderedDict()

    def start(self):
        self._fund = self.strategy.broker.fundmode
        self._year = None          # year of the bars seen last
        self._open = self._close = 0.0

    def _close_year(self):
        yearly = self._close / self._open - 1.0
        self.rets.append(yearly)
        self.ret[self._year] = yearly

    def next(self):
        if not len(self.data):
            return                          # the first data has not started yet
        broker = self.strategy.broker
        value = broker.fundvalue if self._fund else broker.getvalue()
        year = self.data.datetime.date(0).year
        if year != self._year:
            if self._year is None:
                self._open = value          # the run opens at its first value
            else:
                self._close_year()
                self._open = self._close    # a year opens at the last close
            self._year = year
        self._close = value

    def stop(self):
        if self._year is not None:
            self._close_year()

    def get_analysis(self):
        return self.ret
