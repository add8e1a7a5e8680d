"""Bill Williams' Acceleration/Deceleration Oscillator."""
from backtrader.indicator import Indicator
from backtrader.indicators.awesomeoscillator import AwesomeOscillator
from backtrader.indicators.sma import SMA
from backtrader.indicators.basicops import check_periods

__all__ = ['AccelerationDecelerationOscillator', 'AccDeOsc']


class AccelerationDecelerationOscillator(Indicator):
    """The Awesome Oscillator minus its ``period`` average."""
    alias = ('AccDeOsc',)
    lines = ('accde', )
    params = (
        ('period', 5),
        ('movav', SMA),
    )
    plotlines = dict(accde=dict(_method='bar', alpha=0.50, width=1.0))

    def __init__(self):
        check_periods(self)
        awesome = AwesomeOscillator(self.data)
        self.lines.accde = awesome - self.p.movav(awesome, period=self.p.period)
        super(AccelerationDecelerationOscillator, self).__init__()
