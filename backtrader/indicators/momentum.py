"""Momentum, MomentumOscillator and the rates of change."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import check_periods

__all__ = ['Momentum', 'MomentumOscillator', 'MomentumOsc', 'RateOfChange', 'ROC',
           'RateOfChange100', 'ROC100']


class Momentum(Indicator):
    """``x - x(-period)``."""
    lines = ('momentum',)
    params = (('period', 12),)
    plotinfo = dict(plothlines=[0.0])

    def __init__(self):
        check_periods(self)
        self.lines.momentum = self.data - self.data(-self.p.period)
        super(Momentum, self).__init__()


class MomentumOscillator(Indicator):
    """``100 * x / x(-period)``."""
    alias = ('MomentumOsc',)
    lines = ('momosc',)
    params = (('period', 12), ('band', 100.0))

    def _plotlabel(self):
        return [self.p.period]

    def _plotinit(self):
        self.plotinfo.plothlines = [self.p.band]

    def __init__(self):
        check_periods(self)
        self.lines.momosc = 100.0 * (self.data / self.data(-self.p.period))
        super(MomentumOscillator, self).__init__()


class RateOfChange(Indicator):
    """``(x - x(-period)) / x(-period)``."""
    alias = ('ROC',)
    lines = ('roc',)
    params = (('period', 12),)

    def __init__(self):
        check_periods(self)
        earlier = self.data(-self.p.period)
        self.lines.roc = (self.data - earlier) / earlier
        super(RateOfChange, self).__init__()


class RateOfChange100(Indicator):
    """The rate of change in percent."""
    alias = ('ROC100',)
    lines = ('roc100',)
    params = (('period', 12),)

    def __init__(self):
        check_periods(self)
        self.lines.roc100 = 100.0 * RateOfChange(self.data, period=self.p.period)
        super(RateOfChange100, self).__init__()
