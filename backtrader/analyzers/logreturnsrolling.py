"""Log returns over rolling windows of periods."""
import math
from collections import deque

from backtrader.analyzer import TimeFrameAnalyzerBase, followed_value, fundmode_of

__all__ = ['LogReturnsRolling']


class LogReturnsRolling(TimeFrameAnalyzerBase):
    """Log return of the portfolio value (or of a data's close) over the last
    ``compression`` periods of ``timeframe``, updated on every bar: the log of
    the current value over the value that closed the period ``compression``
    periods back (NaN until there is one).

    ``get_analysis()``: an ``OrderedDict`` period key -> log return.

    Params
    ------
    timeframe, compression : see ``TimeFrameAnalyzerBase``
    data, firstopen, fund : the value followed, as in ``TimeReturn``.
    """
    params = (
        ('data', None),
        ('firstopen', True),
        ('fund', None),
    )

    def start(self):
        super(LogReturnsRolling, self).start()
        self._fundmode = fundmode_of(self)
        size = self.compression
        self._values = deque([float('nan')] * size, maxlen=size)
        if self.p.data is None:
            self._lastvalue = followed_value(self)

    def notify_fund(self, cash, value, fundvalue, shares):
        tracked = self.p.data
        if tracked is not None:
            self._value = tracked[0]
        else:
            self._value = fundvalue if self._fundmode else value

    def on_dt_over(self):
        tracked = self.p.data
        if tracked is None or len(tracked) > 1:
            ref = self._lastvalue
        else:
            # a data's first bar has no previous close
            ref = tracked.open[0] if self.p.firstopen else tracked[0]
        self._values.append(ref)

    def next(self):
        super(LogReturnsRolling, self).next()
        self.rets[self.dtkey] = math.log(self._value / self._values[0])
        self._lastvalue = self._value
