"""Rolling Calmar ratio of the portfolio."""
import math
from collections import deque

from backtrader.analyzer import TimeFrameAnalyzerBase, followed_value, fundmode_of
from backtrader.analyzers.drawdown import TimeDrawDown
from backtrader.dataseries import TimeFrame

__all__ = ['Calmar']


class Calmar(TimeFrameAnalyzerBase):
    """Calmar ratio on a rolling window of ``period`` periods of
    ``timeframe``/``compression``: the mean log return per value in the window
    (``log(last / first) / count``) over the maximum drawdown seen so far
    (percent, from a child ``TimeDrawDown``). The window starts filled with
    NaN, so the first ``period - 1`` ratios are NaN.

    ``get_analysis()``: an ``OrderedDict`` period key -> ratio; ``self.calmar``
    is the last ratio. ``stop`` computes the last period once more.

    Params
    ------
    timeframe : int (``TimeFrame.Months``)
    compression : int or None
    period : int (36)
        Length of the window, in periods.
    fund : bool or None
        The value followed: see :func:`backtrader.analyzer.fundmode_of`.
    """
    params = (
        ('timeframe', TimeFrame.Months),
        ('period', 36),
        ('fund', None),
    )

    def __init__(self):
        # a child analyzer gives the deepest drawdown of each period
        p = self.p
        self._maxdd = TimeDrawDown(timeframe=p.timeframe, compression=p.compression)

    def start(self):
        self._fundmode = fundmode_of(self)
        self._mdd = float('-inf')
        size = self.p.period
        self._values = deque([float('nan')] * size, maxlen=size)
        self._values.append(followed_value(self))

    def on_dt_over(self):
        self._mdd = max(self._mdd, self._maxdd.maxdd)
        window = self._values
        window.append(followed_value(self))
        rann = math.log(window[-1] / window[0]) / len(window)
        self.calmar = rann / (self._mdd or float('inf'))
        self.rets[self.dtkey] = self.calmar

    def stop(self):
        self.on_dt_over()
