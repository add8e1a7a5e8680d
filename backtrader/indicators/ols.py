"""Rolling regressions and cointegration of two datas.

The regressions are computed with numpy (ordinary least squares of data0 on
data1 with an intercept); ``CointN`` needs the optional ``statsmodels``.
"""
import math

from backtrader.indicators.basicops import PeriodN, last_values
from backtrader.indicators.deviation import StdDev
from backtrader.indicators.sma import SMA

__all__ = ['OLS_Slope_InterceptN', 'OLS_TransformationN', 'OLS_BetaN', 'CointN']


def least_squares(ys, xs):
    """``(slope, intercept)`` of the line fitted to ``ys`` against ``xs``
    (centred sums, each correctly rounded)."""
    n = len(xs)
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    dx = [x - mx for x in xs]
    sxx = math.fsum(d * d for d in dx)
    sxy = math.fsum(d * (y - my) for d, y in zip(dx, ys))
    slope = sxy / sxx if sxx else float('nan')
    return slope, my - slope * mx


def _windows(ind):
    return [last_values(d, ind.p.period) for d in ind.datas[:2]]


class OLS_Slope_InterceptN(PeriodN):
    """Slope and intercept of data0 regressed on data1 over ``period`` bars."""
    _mindatas = 2
    lines = ('slope', 'intercept',)
    params = (('period', 10),)

    def next(self):
        ys, xs = _windows(self)
        self.lines.slope[0], self.lines.intercept[0] = least_squares(ys, xs)


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

    def next(self):
        ys, xs = _windows(self)
        self.lines.beta[0] = least_squares(ys, xs)[0]


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

    def next(self):
        xs, ys = _windows(self)
        score, pvalue, _ = self._coint(xs, ys, trend=self.p.trend)
        self.lines.score[0] = score
        self.lines.pvalue[0] = pvalue
