"""Summary statistics of the period returns."""
from backtrader.analyzer import Analyzer
from backtrader.analyzers.timereturn import TimeReturn
from backtrader.dataseries import TimeFrame
from backtrader.mathsupport import average, standarddev

__all__ = ['PeriodStats']


class PeriodStats(Analyzer):
    """Statistics of the returns of each period of ``timeframe``/``compression``
    (from a child ``TimeReturn``).

    ``get_analysis()`` keys: ``average``, ``stddev`` (population), ``positive``,
    ``negative``, ``nochange`` (counts of periods), ``best``, ``worst``.

    Params
    ------
    timeframe : int (``TimeFrame.Years``)
    compression : int (1)
    zeroispos : bool (False)
        Count periods without change as positive.
    fund : bool or None
        Passed to the ``TimeReturn`` child.
    """
    params = (
        ('timeframe', TimeFrame.Years),
        ('compression', 1),
        ('zeroispos', False),
        ('fund', None),
    )

    def __init__(self):
        p = self.p
        self._tr = TimeReturn(timeframe=p.timeframe, compression=p.compression, fund=p.fund)

    def stop(self):
        returns = list(self._tr.get_analysis().values())
        up = sum(1 for r in returns if r > 0.0)
        down = sum(1 for r in returns if r < 0.0)
        flat = sum(1 for r in returns if r == 0.0)
        if self.p.zeroispos:
            up, flat = up + flat, 0
        rets = self.rets
        rets['average'] = avg = average(returns)
        rets['stddev'] = standarddev(returns, avg)
        rets['positive'] = up
        rets['negative'] = down
        rets['nochange'] = flat
        rets['best'] = max(returns)
        rets['worst'] = min(returns)
