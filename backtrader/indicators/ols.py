"""Rolling regressions and cointegration of two datas.

The regressions (ordinary least squares of data0 on data1 with an intercept)
run on a compiled kernel (``backtrader/_cy/olskernels.pyx``); ``CointN`` needs
the optional ``statsmodels`` and calls its ``coint`` on numpy views of the
two windows.
"""
from backtrader.indicators.basicops import PeriodN, build_kernel
from backtrader.indicators.deviation import StdDev
from backtrader.indicators.sma import SMA
from backtrader._cy.olskernels import OLSKernel

__all__ = ['OLS_Slope_InterceptN', 'OLS_TransformationN', 'OLS_BetaN', 'CointN']


def _regression(ind, slope, intercept=None):
    """Attach the least-squares kernel of data0 on data1 to ``ind``."""
    build_kernel(ind, OLSKernel, ind.data0._line0, ind.data1._line0, slope,
                 intercept, ind.p.period,
                 inminperiods=[ind.data0._minperiod, ind.data1._minperiod])


class OLS_Slope_InterceptN(PeriodN):
    """Slope and intercept of data0 regressed on data1 over ``period`` bars."""
    _mindatas = 2
    lines = ('slope', 'intercept',)
    params = (('period', 10),)

    def __init__(self):
        super(OLS_Slope_InterceptN, self).__init__()
        _regression(self, self.lines.slope, self.lines.intercept)


class OLS_TransformationN(PeriodN):
    """The regression's residual (spread), its mean, deviation and z-score."""
    _mindatas = 2
    lines = ('spread', 'spread_mean', 'spread_std', 'zscore',)
    params = (('period', 10),)

    def __init__(self):
        fit = OLS_Slope_InterceptN(*self.datas)
        out = self.lines
        out.spread = spread = self.data0 - (fit.slope * self.data1 + fit.intercept)
        out.spread_mean = SMA(spread, period=self.p.period)
        out.spread_std = StdDev(spread, period=self.p.period)
        out.zscore = (spread - out.spread_mean) / out.spread_std


class OLS_BetaN(PeriodN):
    """The beta (slope) of data0 regressed on data1 over ``period`` bars."""
    _mindatas = 2
    lines = ('beta',)
    params = (('period', 10),)

    def __init__(self):
        super(OLS_BetaN, self).__init__()
        _regression(self, self.lines.beta)


class CointN(PeriodN):
    """Engle-Granger cointegration test of the two datas over ``period`` bars
    (``statsmodels.tsa.stattools.coint``): its score and p-value."""
    _mindatas = 2
    lines = ('score', 'pvalue',)
    params = (
        ('period', 10),
        ('trend', 'c'),
    )

    def __init__(self):
        super(CointN, self).__init__()
        try:
            from statsmodels.tsa.stattools import coint
        except ImportError:
            raise ImportError('CointN needs statsmodels: pip install statsmodels '
                              '(or the "stats" extra of this package)') from None
        self._coint = coint

    def _test(self, xs, ys):
        """``(score, pvalue)`` of the test on two windows."""
        score, pvalue, _ = self._coint(xs, ys, trend=self.p.trend)
        return score, pvalue

    def next(self):
        size = self.p.period
        self.lines.score[0], self.lines.pvalue[0] = self._test(
            self.data0._line0.get(size=size), self.data1._line0.get(size=size))

    def once(self, start, end):
        size = self.p.period
        xs, ys = self.data0._line0.array, self.data1._line0.array
        score, pvalue = self.lines.score.array, self.lines.pvalue.array
        for i in range(start, end):
            score[i], pvalue[i] = self._test(xs[i + 1 - size:i + 1], ys[i + 1 - size:i + 1])
