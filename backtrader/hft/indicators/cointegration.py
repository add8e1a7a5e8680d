"""The Engle-Granger cointegration test: regress y on x with a constant, then an augmented
Dickey-Fuller test on the residual.

:func:`adf_stat` is the built-in ADF (no constant, the residual has mean 0): the OLS regression
``de_t = g e_t-1 + b_1 de_t-1 + ... + b_p de_t-p`` over ``t = p+1 .. n-1`` and the t statistic of
``g``, with ``p = lags``. :func:`engle_granger` uses statsmodels' ``coint`` (MacKinnon p-value,
lag choice by AIC when ``lags`` is None) when statsmodels is installed, else the built-in ADF with
``lags`` (default 1), no p-value (NaN), and MacKinnon's (2010) response-surface critical values for
two variables with a constant: ``b0 + b1 / N + b2 / N^2`` with N the observations less one.
"""
import math
from collections import namedtuple

from backtrader.indicator import Indicator
from backtrader.hft.indicators.base import datetime_line

__all__ = ['EngleGrangerResult', 'adf_stat', 'engle_granger', 'EngleGranger']

EngleGrangerResult = namedtuple('EngleGrangerResult', 'stat pvalue crit hedge source')
EngleGrangerResult.__doc__ = """``stat``: ADF t statistic of the residual; ``pvalue`` (NaN without
statsmodels); ``crit``: critical values at 1%, 5%, 10%; ``hedge``: slope of y on x; ``source``:
'statsmodels' or 'builtin'."""

# MacKinnon (2010), table 2: cointegration test with a constant, N = 2 variables (1%, 5%, 10%)
_MACKINNON_C2 = ((-3.89644, -10.9519, -33.527), (-3.33613, -6.1101, -6.823),
                 (-3.04445, -4.2412, -2.720))


def _have_statsmodels():
    try:
        import statsmodels.tsa.stattools  # noqa: F401
    except ImportError:
        return False
    return True


def adf_stat(e, lags=1):
    """ADF t statistic of the series ``e`` without constant (see the module docstring)."""
    import numpy as np
    e = np.asarray(e, dtype=np.float64)
    if isinstance(lags, bool) or not isinstance(lags, int) or lags < 0:
        raise ValueError('adf_stat: lags must be an integer >= 0, not %r' % (lags,))
    d = np.diff(e)
    n = len(d) - lags
    if n <= lags + 2:
        raise ValueError('adf_stat: %d values are too few for %d lags' % (len(e), lags))
    cols = [e[lags:-1]] + [d[lags - i:len(d) - i] for i in range(1, lags + 1)]
    X = np.column_stack(cols)
    y = d[lags:]
    beta, _, _, _ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    s2 = resid @ resid / (n - X.shape[1])
    cov = s2 * np.linalg.inv(X.T @ X)
    return float(beta[0] / math.sqrt(cov[0, 0]))


def engle_granger(y, x, lags=None, builtin=False):
    """Engle-Granger test of y on x; returns an :class:`EngleGrangerResult`. ``builtin=True``
    uses the built-in ADF even when statsmodels is installed."""
    import numpy as np
    y = np.asarray(y, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if y.shape != x.shape or y.ndim != 1:
        raise ValueError('engle_granger: y and x must be 1-D of the same length, got %s and %s'
                         % (y.shape, x.shape))
    if not (np.isfinite(y).all() and np.isfinite(x).all()):
        raise ValueError('engle_granger: y and x must be finite')
    A = np.column_stack([x, np.ones_like(x)])
    (hedge, const), _, _, _ = np.linalg.lstsq(A, y, rcond=None)
    if not builtin and _have_statsmodels():
        from statsmodels.tsa.stattools import coint
        stat, pvalue, crit = coint(y, x, trend='c', maxlag=lags,
                                   autolag='aic' if lags is None else None)
        return EngleGrangerResult(float(stat), float(pvalue), tuple(float(c) for c in crit),
                                  float(hedge), 'statsmodels')
    stat = adf_stat(y - hedge * x - const, 1 if lags is None else lags)
    nobs = len(y) - 1
    crit = tuple(b0 + b1 / nobs + b2 / nobs ** 2 for b0, b1, b2 in _MACKINNON_C2)
    return EngleGrangerResult(stat, float('nan'), crit, float(hedge), 'builtin')


class EngleGranger(Indicator):
    """Rolling Engle-Granger test of the first data's close on the second's (aligned by time:
    the second's last value at or before each bar), over the last ``period`` bars, computed every
    ``every`` bars (an O(period) regression, not a per-event update). Lines ``stat`` (ADF t
    statistic), ``pvalue`` (NaN with the built-in test) and ``crit5`` (5% critical value).
    ``lags``: ADF lags (None: statsmodels' AIC choice, or 1 built-in); ``builtin``: force the
    built-in test."""
    lines = ('stat', 'pvalue', 'crit5')
    params = (('period', 500), ('every', 100), ('lags', 1), ('builtin', False))

    def __init__(self):
        if len(self.datas) < 2:
            raise ValueError('EngleGranger needs two datas')
        for name in ('period', 'every'):
            v = getattr(self.p, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < (20 if name == 'period' else 1):
                raise ValueError('EngleGranger: %s must be an integer >= %d, not %r'
                                 % (name, 20 if name == 'period' else 1, v))
        self.addminperiod(self.p.period)
        self._dt0 = datetime_line(self.data0)
        self._dt1 = datetime_line(self.data1)

    def _aligned(self, n):
        """The clock's last ``n`` closes and the second data's values aligned to them."""
        import numpy as np
        t0 = np.asarray([self._dt0.ns(-k) for k in range(n - 1, -1, -1)])
        y = np.asarray(self.data0.close.get(size=n))
        # every bar the second data holds (preloaded or delivered so far), matched by time
        t1 = np.asarray(self._dt1.ns_array)
        x1 = np.asarray(self.data1.lines.close.array)[:len(t1)]
        at = np.searchsorted(t1, t0, side='right') - 1
        x = np.where(at >= 0, x1[np.maximum(at, 0)], np.nan)
        return y, x

    def next(self):
        if (len(self) - self.p.period) % self.p.every:
            return
        y, x = self._aligned(self.p.period)
        import numpy as np
        ok = np.isfinite(x) & np.isfinite(y)
        if ok.sum() < 20:
            return
        res = engle_granger(y[ok], x[ok], lags=self.p.lags, builtin=self.p.builtin)
        self.lines.stat[0] = res.stat
        self.lines.pvalue[0] = res.pvalue
        self.lines.crit5[0] = res.crit[1]
