"""Stochastic oscillators (fast, slow and full)."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel, check_periods
from backtrader.indicators.sma import MovingAverageSimple
from backtrader._cy import kernels

__all__ = ['StochasticFast', 'Stochastic', 'StochasticSlow', 'StochasticFull']


class _StochasticK(Indicator):
    """Raw %K: ``100 * (close - lowest(low)) / (highest(high) - lowest(low))``."""
    lines = ('k',)
    params = (('period', 14), ('safediv', False), ('safezero', 0.0))

    def __init__(self):
        check_periods(self)
        data = self.data
        build_kernel(self, kernels.StochKKernel, data.lines.high, data.lines.low,
                     data.lines.close, self.lines.k, period=self.p.period,
                     safediv=self.p.safediv, safezero=self.p.safezero,
                     inminperiods=[data._minperiod] * 3)


class _StochasticBase(Indicator):
    lines = ('percK', 'percD',)
    params = (('period', 14), ('period_dfast', 3), ('movav', MovingAverageSimple),
              ('upperband', 80.0), ('lowerband', 20.0),
              ('safediv', False), ('safezero', 0.0))
    plotlines = dict(percD=dict(_name='%D', ls='--'), percK=dict(_name='%K'))

    # the periods the plot label shows (the average too when not the default)
    _labelperiods = ('period', 'period_dfast')

    def _plotlabel(self):
        return ([getattr(self.p, name) for name in self._labelperiods]
                + [self.p.movav] * self.p.notdefault('movav'))

    def _plotinit(self):
        self.plotinfo.plotyhlines = [self.p.upperband, self.p.lowerband]

    def __init__(self):
        check_periods(self)
        self.k = _StochasticK(self.data, period=self.p.period,
                              safediv=self.p.safediv, safezero=self.p.safezero)
        self.d = self.p.movav(self.k, period=self.p.period_dfast)
        super(_StochasticBase, self).__init__()


class StochasticFast(_StochasticBase):
    """%K raw and %D its moving average."""

    def __init__(self):
        check_periods(self)
        super(StochasticFast, self).__init__()
        self.lines.percK = self.k
        self.lines.percD = self.d


class Stochastic(_StochasticBase):
    """Slow stochastic: %K is the fast %D, %D its moving average."""
    alias = ('StochasticSlow',)
    params = (('period_dslow', 3),)

    _labelperiods = ('period', 'period_dfast', 'period_dslow')

    def __init__(self):
        check_periods(self)
        super(Stochastic, self).__init__()
        self.lines.percK = self.d
        self.l.percD = self.p.movav(self.l.percK, period=self.p.period_dslow)


class StochasticFull(_StochasticBase):
    """Fast %K, %D and the slow %D (``percDSlow``)."""
    lines = ('percDSlow',)
    params = (('period_dslow', 3),)
    plotlines = dict(percDSlow=dict(_name='%DSlow'))

    _labelperiods = ('period', 'period_dfast', 'period_dslow')

    def __init__(self):
        check_periods(self)
        super(StochasticFull, self).__init__()
        self.lines.percK = self.k
        self.lines.percD = self.d
        self.l.percDSlow = self.p.movav(self.l.percD, period=self.p.period_dslow)
