"""Period returns of the portfolio (or of one data feed)."""
from backtrader._cy.hooktwins import TimeReturnFund, TimeReturnNext, TimeReturnOver
from backtrader._cy.steps import twin
from backtrader.analyzer import TimeFrameAnalyzerBase, followed_value, fundmode_of

__all__ = ['TimeReturn']


class TimeReturn(TimeFrameAnalyzerBase):
    """Return of each period of ``timeframe``/``compression``, keyed by the
    period's closing date: value at the last bar of the period over the value
    at the last bar of the previous period (the starting value for the first).

    Params
    ------
    timeframe, compression : see ``TimeFrameAnalyzerBase`` (default: the first
        data's; ``TimeFrame.NoTimeFrame`` gives one return for the whole run)
    data : data feed or None
        Track this feed's close instead of the portfolio value.
    firstopen : bool (True)
        When tracking ``data``, use the open of the very first bar as the
        starting reference (else its close).
    fund : bool or None
        The value followed: see :func:`backtrader.analyzer.fundmode_of`.
    """
    params = (
        ('data', None),
        ('firstopen', True),
        ('fund', None),
    )

    def start(self):
        super(TimeReturn, self).start()
        self._fundmode = fundmode_of(self)
        self._value_start = 0.0
        self._lastvalue = None
        if self.p.data is None:
            self._lastvalue = followed_value(self)

    @twin(TimeReturnFund)
    def notify_fund(self, cash, value, fundvalue, shares):
        tracked = self.p.data
        if tracked is not None:
            self._value = tracked[0]
        elif self._fundmode:
            self._value = fundvalue
        else:
            self._value = value

    @twin(TimeReturnOver)
    def on_dt_over(self):
        if self.p.data is None or self._lastvalue is not None:
            self._value_start = self._lastvalue
        elif self.p.firstopen:
            # the first bar of a tracked data has no previous close
            self._value_start = self.p.data.open[0]
        else:
            self._value_start = self.p.data[0]

    @twin(TimeReturnNext)
    def next(self):
        super(TimeReturn, self).next()
        value = self._value
        self.rets[self.dtkey] = (value / self._value_start) - 1.0
        self._lastvalue = value
