"""Larry Williams' Ultimate Oscillator."""
from backtrader.indicator import Indicator
from backtrader.indicators.atr import TrueLow, TrueRange
from backtrader.indicators.basicops import SumN, check_periods

__all__ = ['UltimateOscillator']


class UltimateOscillator(Indicator):
    """Buying pressure ``close - true low`` over the true range, summed over three
    windows (``p1``, ``p2``, ``p3``) and weighted 4:2:1, scaled to 0..100."""
    lines = ('uo',)
    params = (
        ('p1', 7),
        ('p2', 14),
        ('p3', 28),
        ('upperband', 70.0),
        ('lowerband', 30.0),
    )

    def _plotinit(self):
        bands = [self.p.upperband, self.p.lowerband]
        self.plotinfo.plotyhlines = bands
        self.plotinfo.plotyticks = [10.0, 50.0, 90.0] + bands

    def __init__(self):
        check_periods(self)
        pressure = self.data.close - TrueLow(self.data)
        trange = TrueRange(self.data)
        ratios = [SumN(pressure, period=n) / SumN(trange, period=n)
                  for n in (self.p.p1, self.p.p2, self.p.p3)]
        unit = 100.0 / (4.0 + 2.0 + 1.0)
        self.lines.uo = (4.0 * unit) * ratios[0] + (2.0 * unit) * ratios[1] \
            + unit * ratios[2]
        super(UltimateOscillator, self).__init__()
