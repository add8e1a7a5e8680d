"""Ehlers' Laguerre RSI and Laguerre filter (compiled,
``backtrader/_cy/laguerrekernels.pyx``)."""
from backtrader.indicators.basicops import PeriodN, check_periods, kernel_for
from backtrader._cy.laguerrekernels import LaguerreKernel

__all__ = ['LaguerreRSI', 'LRSI', 'LaguerreFilter', 'LAGF']


class _LaguerreBase(PeriodN):
    _rsi = True

    def __init__(self):
        check_periods(self)
        super(_LaguerreBase, self).__init__()
        kernel_for(self, LaguerreKernel, self.p.period, self.p.gamma, self._rsi)


class LaguerreRSI(_LaguerreBase):
    """RSI of the four stages of a Laguerre filter with damping ``gamma``: the
    rises between consecutive stages over the sum of all their differences
    (1.0 when they are all equal). The filter starts at the minimum period."""
    alias = ('LRSI',)
    lines = ('lrsi',)
    params = (
        ('gamma', 0.5),
        ('period', 6),
    )
    plotinfo = dict(
        plotymargin=0.15,
        plotyticks=[0.0, 0.2, 0.5, 0.8, 1.0]
    )


class LaguerreFilter(_LaguerreBase):
    """The four stages of a Laguerre filter with damping ``gamma``, weighted
    1:2:2:1."""
    alias = ('LAGF',)
    lines = ('lfilter',)
    params = (('gamma', 0.5),)
    plotinfo = dict(subplot=False)
    _rsi = False
