"""Variability-Weighted Return: a log-return Sharpe-like score."""
import math

from backtrader.analyzer import TimeFrameAnalyzerBase, followed_value, fundmode_of
from backtrader.analyzers.returns import Returns
from backtrader.mathsupport import standarddev

__all__ = ['VWR', 'VariabilityWeightedReturn']


class VWR(TimeFrameAnalyzerBase):
    """Variability-Weighted Return (alias ``VariabilityWeightedReturn``).

    With ``ravg`` and ``rnorm100`` from a child ``Returns``, each period ``n``
    (1-based) with start value ``pi`` and end value ``pn`` deviates from the
    average log growth by ``pn / (pi * exp(ravg * n)) - 1``; with ``s`` the
    sample standard deviation of those deviations,
    ``vwr = rnorm100 * (1 - (s / sdev_max) ** tau)``.

    ``get_analysis()`` is ``{'vwr': value}``.

    Params
    ------
    timeframe, compression : see ``TimeFrameAnalyzerBase``
    tann : float or None
        Periods per year for ``rnorm100`` (see ``Returns``).
    tau : float (0.20)
        Exponent of the penalty.
    sdev_max : float (2.0)
        Deviation at which the score drops to zero.
    fund : bool or None
        The value followed for the period values: see
        :func:`backtrader.analyzer.fundmode_of`.
    """
    params = (
        ('tann', None),
        ('tau', 0.20),
        ('sdev_max', 2.0),
        ('fund', None),
    )

    def __init__(self):
        p = self.p
        self._returns = Returns(timeframe=p.timeframe, compression=p.compression,
                                tann=p.tann)

    def start(self):
        super(VWR, self).start()
        self._fundmode = fundmode_of(self)
        # period start values and, for the current period, the end value seen last
        self._pis = [followed_value(self)]
        self._pns = [None]

    def notify_fund(self, cash, value, fundvalue, shares):
        self._pns[-1] = fundvalue if self._fundmode else value

    def on_dt_over(self):
        self._pis.append(self._pns[-1])
        self._pns.append(None)

    def stop(self):
        super(VWR, self).stop()
        if self._pns[-1] is None:
            # a period opened without a value seen in it
            self._pis.pop()
            self._pns.pop()
        returns = self._returns.get_analysis()
        ravg = returns['ravg']
        gaps = [pn / (pi * math.exp(ravg * n)) - 1.0
                for n, (pi, pn) in enumerate(zip(self._pis, self._pns), 1)]
        spread = standarddev(gaps, bessel=True)
        self.rets['vwr'] = returns['rnorm100'] * (1.0 - pow(spread / self.p.sdev_max,
                                                             self.p.tau))


VariabilityWeightedReturn = VWR
