"""Hurst exponent (numpy)."""
from backtrader.indicators.basicops import PeriodN

__all__ = ['HurstExponent', 'Hurst']


class HurstExponent(PeriodN):
    """Twice the slope of ``log10(sqrt(std(x[lag:] - x[:-lag])))`` against
    ``log10(lag)`` for ``lag`` in ``[lag_start, lag_end)`` (defaults 2 and
    ``period // 2``), fitted over the last ``period`` values."""
    alias = ('Hurst',)
    lines = ('hurst',)
    params = (
        ('period', 40),
        ('lag_start', None),
        ('lag_end', None),
    )

    def _plotlabel(self):
        return [self.p.period, self._lag_start, self._lag_end]

    def __init__(self):
        super(HurstExponent, self).__init__()
        import numpy
        self._np = numpy
        self._lag_start = self.p.lag_start or 2
        self._lag_end = self.p.lag_end or (self.p.period // 2)
        self._lags = numpy.asarray(range(self._lag_start, self._lag_end))
        self._loglags = numpy.log10(self._lags)

    def next(self):
        np = self._np
        series = np.asarray(self.data.get(size=self.p.period))
        spreads = [np.sqrt(np.std(np.subtract(series[lag:], series[:-lag])))
                   for lag in self._lags]
        slope = np.polyfit(self._loglags, np.log10(spreads), 1)[0]
        self.lines.hurst[0] = slope * 2.0
