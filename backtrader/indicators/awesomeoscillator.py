"""Bill Williams' Awesome Oscillator."""
from backtrader.indicator import Indicator
from backtrader.indicators.sma import SMA
from backtrader.indicators.basicops import check_periods

__all__ = ['AwesomeOscillator', 'AwesomeOsc', 'AO']


class AwesomeOscillator(Indicator):
    """A ``fast`` minus a ``slow`` average of the median price ``(high + low) / 2``."""
    alias = ('AwesomeOsc', 'AO')
    lines = ('ao',)
    params = (
        ('fast', 5),
        ('slow', 34),
        ('movav', SMA),
    )
    plotlines = dict(ao=dict(_method='bar', alpha=0.50, width=1.0))

    def __init__(self):
        check_periods(self)
        median = (self.data.high + self.data.low) / 2.0
        fast, slow = (self.p.movav(median, period=n) for n in (self.p.fast, self.p.slow))
        self.lines.ao = fast - slow
        super(AwesomeOscillator, self).__init__()
