"""Total, average and annualized log returns of the portfolio."""
import math

from backtrader._cy.hooktwins import ReturnsOver
from backtrader._cy.steps import twin
from backtrader.analyzer import TimeFrameAnalyzerBase, followed_value, fundmode_of
from backtrader.dataseries import TimeFrame

__all__ = ['Returns']


class Returns(TimeFrameAnalyzerBase):
    """Log-return summary of the run.

    ``get_analysis()`` keys: ``rtot`` (log of end value over start value),
    ``ravg`` (``rtot`` per period of ``timeframe``), ``rnorm`` (``ravg``
    compounded over ``tann`` periods: ``exp(ravg * tann) - 1``) and
    ``rnorm100`` (``rnorm`` in percent).

    Params
    ------
    timeframe, compression : see ``TimeFrameAnalyzerBase``
    tann : float or None
        Periods per year; ``None`` picks 252 (days), 52 (weeks), 12 (months)
        or 1 (years) from the time frame, else from the data's, else 1.
    fund : bool or None
        The value followed: see :func:`backtrader.analyzer.fundmode_of`.
    """
    params = (
        ('tann', None),
        ('fund', None),
    )

    _TANN = {
        TimeFrame.Days: 252.0,
        TimeFrame.Weeks: 52.0,
        TimeFrame.Months: 12.0,
        TimeFrame.Years: 1.0,
    }

    def start(self):
        super(Returns, self).start()
        self._fundmode = fundmode_of(self)
        self._value_start = followed_value(self)
        self._tcount = 0

    @twin(ReturnsOver)
    def on_dt_over(self):
        self._tcount += 1

    def stop(self):
        super(Returns, self).stop()
        self._value_end = followed_value(self)
        try:
            ratio = self._value_end / self._value_start
        except ZeroDivisionError:
            rtot = float('-inf')
        else:
            rtot = float('-inf') if ratio < 0.0 else math.log(ratio)
        self.rets['rtot'] = rtot
        self.rets['ravg'] = ravg = rtot / self._tcount

        tann = self.p.tann or self._TANN.get(self.timeframe, None)
        if tann is None:
            tann = self._TANN.get(self.data._timeframe, 1.0)
        rnorm = math.expm1(ravg * tann) if ravg > float('-inf') else ravg
        self.rets['rnorm'] = rnorm
        self.rets['rnorm100'] = rnorm * 100.0
