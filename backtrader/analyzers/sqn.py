"""System Quality Number of the closed trades."""
import math

from backtrader.analyzer import Analyzer
from backtrader.mathsupport import average, standarddev
from backtrader.utils import AutoOrderedDict

__all__ = ['SQN']


class SQN(Analyzer):
    """Van K. Tharp's System Quality Number of the closed trades' net results:
    ``sqrt(trades) * mean(pnl) / stddev(pnl)`` (population deviation).

    Rough reading: 1.6-1.9 below average, 2.0-2.4 average, 2.5-2.9 good,
    3.0-5.0 excellent, 5.1-6.9 superb, 7.0 and above exceptional; trust it
    from about 30 trades on.

    ``get_analysis()`` is an ``AutoOrderedDict`` with ``sqn`` (``0`` with fewer
    than two trades, ``None`` when all results are equal) and ``trades``.
    """
    alias = ('SystemQualityNumber',)

    def create_analysis(self):
        self.rets = AutoOrderedDict()

    def start(self):
        self.pnl, self.count = [], 0

    def notify_trade(self, trade):
        if trade.status != trade.Closed:
            return
        self.pnl.append(trade.pnlcomm)
        self.count = len(self.pnl)

    def stop(self):
        sqn = 0
        if self.count > 1:
            results = self.pnl
            spread = standarddev(results)
            sqn = None if not spread else math.sqrt(len(results)) * average(results) / spread
        self.rets.sqn = sqn
        self.rets.trades = self.count
