"""Calendar-year returns computed from the ``Broker`` observer's value line."""
from collections import OrderedDict

from backtrader.analyzer import Analyzer

__all__ = ['AnnualReturn']


class AnnualReturn(Analyzer):
    """Return of each calendar year of the run, computed at the end from the
    value recorded by the strategy's ``broker`` observer (``stdstats``).

    After ``stop``: ``self.rets`` is the list of yearly returns and
    ``self.ret`` (returned by ``get_analysis``) an ``OrderedDict`` year -> return.
    """

    def stop(self):
        values = self.strategy.stats.broker.value
        dtline = self.data.datetime
        self.rets = rets = []
        self.ret = ret = OrderedDict()

        year = -1
        start = end = 0.0
        for ago in range(1 - len(self.data), 1):
            current = values[ago]
            bar_year = dtline.date(ago).year
            if bar_year > year:
                if year < 0:
                    start = current          # first bar: its value opens the run
                else:
                    annual = end / start - 1.0
                    rets.append(annual)
                    ret[year] = annual
                    start = end              # a year opens at the last close
                year = bar_year
            end = current

        if year not in ret:
            annual = end / start - 1.0
            rets.append(annual)
            ret[year] = annual

    def get_analysis(self):
        return self.ret
