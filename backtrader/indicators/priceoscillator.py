"""Absolute and percentage price oscillators."""
from backtrader.indicator import Indicator
from backtrader.indicators.ema import ExponentialMovingAverage
from backtrader.indicators.basicops import check_periods

__all__ = ['PriceOscillator', 'PriceOsc', 'AbsolutePriceOscillator', 'APO',
           'AbsPriceOsc', 'PercentagePriceOscillator', 'PPO', 'PercPriceOsc',
           'PercentagePriceOscillatorShort', 'PPOShort', 'PercPriceOscShort']


class _PriceOscBase(Indicator):
    params = (('period1', 12), ('period2', 26),
              ('_movav', ExponentialMovingAverage),)
    plotinfo = dict(plothlines=[0.0])

    def __init__(self):
        check_periods(self)
        self.ma1, self.ma2 = (self.p._movav(self.data, period=n)
                              for n in (self.p.period1, self.p.period2))
        self.lines[0] = self.ma1 - self.ma2
        super(_PriceOscBase, self).__init__()


class PriceOscillator(_PriceOscBase):
    """The gap between a fast and a slow average: ``ma1 - ma2``."""
    alias = ('PriceOsc', 'AbsolutePriceOscillator', 'APO', 'AbsPriceOsc',)
    lines = ('po',)


class PercentagePriceOscillator(_PriceOscBase):
    """``100 * (ma1 - ma2) / ma2``, its signal average and the histogram."""
    plotlines = dict(histo=dict(_method='bar', alpha=0.50, width=1.0))
    alias = ('PPO', 'PercPriceOsc',)
    lines = ('ppo', 'signal', 'histo')
    params = (('period_signal', 9),)
    _long = True                # relative to the slow average (else the fast)

    def __init__(self):
        check_periods(self)
        super(PercentagePriceOscillator, self).__init__()
        out = self.lines
        base = self.ma2 if self._long else self.ma1
        out.ppo = 100.0 * out[0] / base
        out.signal = self.p._movav(out.ppo, period=self.p.period_signal)
        out.histo = out.ppo - out.signal


class PercentagePriceOscillatorShort(PercentagePriceOscillator):
    """The percentage price oscillator relative to the fast average."""
    _long = False
    alias = ('PPOShort', 'PercPriceOscShort',)
