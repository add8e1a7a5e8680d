"""Volatility and short-horizon price indicators on any price line (the mid of a quote or L2
feed, the trade price of a trade feed, another indicator's line).

Sampling (``interval``): 0 uses every bar; a time step (ns or a duration) samples the last price
at or before each multiple of it (a grid sample is taken when the first bar after its time comes).
NaN policy (default ``'skip'``): a NaN/inf price (and a price <= 0 where logs are taken) is
dropped and counted.
"""
from backtrader.hft._cy.microvol import RealizedVolCore, MicroVolCore, TickMomentumCore, YEAR_NS
from backtrader.hft._cy.microlookback import LookbackCore
from backtrader.hft.indicators.base import MicroIndicator, span_of

__all__ = ['RealizedVol', 'MicroVol', 'TickMomentum', 'ShortReturn']


def _interval(ind):
    v = ind.p.interval
    return 0 if not v else span_of(type(ind).__name__, v)


class RealizedVol(MicroIndicator):
    """Realized volatility ``sqrt(sum r^2)`` of the log returns ``r`` between consecutive samples,
    over the last ``period`` returns or the returns of the last ``window``. ``annualize=True``
    scales the variance by ``year / window length`` (``year``: 365 days in ns; the length is
    ``window``, or ``period * interval``)."""
    lines = ('rv',)
    params = (('period', 100), ('window', None), ('interval', 0), ('annualize', False),
              ('year', YEAR_NS))

    def __init__(self):
        core = self._core(RealizedVolCore, period=self.p.period, span=self._span(),
                          interval=_interval(self), annualize=self.p.annualize, year=self.p.year)
        self._attach(core, src=[self.data._line0])


class MicroVol(MicroIndicator):
    """Micro-volatility: the square root of an exponentially weighted mean (weight ``alpha``) of
    the squared price change between consecutive samples; ``per_second=True`` (with an
    ``interval``) expresses it per second, as the Avellaneda-Stoikov reference workload does."""
    lines = ('microvol',)
    params = (('alpha', 0.02), ('interval', 0), ('per_second', False))

    def __init__(self):
        core = self._core(MicroVolCore, alpha=self.p.alpha, interval=_interval(self),
                          per_second=self.p.per_second)
        self._attach(core, src=[self.data._line0])


class TickMomentum(MicroIndicator):
    """Tick momentum: the mean of the tick signs (+1 up, -1 down, 0 unchanged) of the last
    ``period`` price changes (or those of the last ``window``), in [-1, 1]."""
    lines = ('tickmom',)
    params = (('period', 50), ('window', None), ('interval', 0))
    plotinfo = dict(plotyhlines=[0.0])

    def __init__(self):
        core = self._core(TickMomentumCore, period=self.p.period, span=self._span(),
                          interval=_interval(self))
        self._attach(core, src=[self.data._line0])


class ShortReturn(MicroIndicator):
    """Short-horizon log return ``ln(p_t / p_base)``, the base being the price ``period`` bars ago
    or, with ``window``, the last price at or before ``t - window``."""
    lines = ('ret',)
    params = (('period', 1), ('window', None))
    plotinfo = dict(plotyhlines=[0.0])

    def __init__(self):
        core = self._core(LookbackCore, 'return', period=self.p.period, span=self._span())
        mp = 1 + self.p.period if self.p.window is None else 1
        self._attach(core, src=[self.data._line0], minperiods=[mp])
