"""Cross-asset indicators over two datas aligned on nanosecond time.

The first data is the clock: at each of its bars the second data's value is the one of its last
bar stamped at or before it (held until its next update; bars before the second data's first are
skipped without counting). Windows: ``period`` bars of the clock, or ``window`` (ns or a duration).
For more than two assets, build one indicator per pair.
"""
from backtrader.hft._cy.microcross import PairCore, ZScoreCore
from backtrader.hft.indicators.base import MicroIndicator, datetime_line

__all__ = ['RollingCorrelation', 'RollingBeta', 'PairSpread', 'ZScore', 'SpreadZScore']


def aligned_second(ind):
    """``(datetime line, close line)`` of the second data of ``ind``."""
    if len(ind.datas) < 2:
        raise ValueError('%s needs two datas (the second is aligned to the first by time)'
                         % type(ind).__name__)
    other = ind.datas[1]
    return (datetime_line(other), other._line0)


class _Pair(MicroIndicator):
    _kind = None
    params = (('period', 100), ('window', None), ('returns', True))

    def __init__(self):
        core = self._core(PairCore, self._kind, period=self.p.period, span=self._span(),
                          returns=self.p.returns)
        self._attach(core, src=[self.data._line0], aligned=aligned_second(self))


class RollingCorrelation(_Pair):
    """Rolling Pearson correlation of the two datas' log returns between consecutive clock bars
    (``returns=False``: of their levels)."""
    lines = ('correlation',)
    _kind = 'correlation'
    plotinfo = dict(plotyhlines=[0.0])


class RollingBeta(_Pair):
    """Rolling beta of the first data on the second: the least-squares slope (with intercept) of
    the first's log returns on the second's (``returns=False``: of the levels)."""
    lines = ('beta',)
    _kind = 'beta'


class PairSpread(_Pair):
    """Hedged spread of a pair: ``spread = y - hedge * x`` with ``y``, ``x`` the first and second
    data's levels and ``hedge`` the rolling least-squares slope (with intercept) of y on x."""
    lines = ('spread', 'hedge')
    params = (('returns', False),)
    _kind = 'spread'


class ZScore(MicroIndicator):
    """Rolling z-score ``(x - mean) / std`` of a line (sample std, n - 1) over ``period`` bars or
    ``window``."""
    lines = ('zscore',)
    params = (('period', 100), ('window', None))
    plotinfo = dict(plotyhlines=[-2.0, 0.0, 2.0])

    def __init__(self):
        core = self._core(ZScoreCore, period=self.p.period, span=self._span())
        self._attach(core, src=[self.data._line0])


class SpreadZScore(MicroIndicator):
    """Z-score of a pair's hedged spread: :class:`PairSpread` (``period``/``window`` for the hedge
    ratio) followed by :class:`ZScore` of its spread (``zperiod``/``zwindow``). Lines ``zscore``,
    ``spread``, ``hedge``."""
    lines = ('zscore', 'spread', 'hedge')
    params = (('period', 100), ('window', None), ('zperiod', 100), ('zwindow', None))
    plotinfo = dict(plotyhlines=[-2.0, 0.0, 2.0])

    def __init__(self):
        pair = PairSpread(self.data, self.data1, period=self.p.period, window=self.p.window,
                          nan_policy=self.p.nan_policy)
        z = ZScore(pair.spread, period=self.p.zperiod, window=self.p.zwindow,
                   nan_policy=self.p.nan_policy)
        self.lines.zscore = z.zscore
        self.lines.spread = pair.spread
        self.lines.hedge = pair.hedge
