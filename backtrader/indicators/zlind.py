"""Zero-lag indicator (Ehlers' and Way's error-correcting average)."""
from backtrader.indicators.basicops import check_periods, kernel_for
from backtrader.indicators.mabase import MovingAverageBase
from backtrader.indicators.ema import ExponentialMovingAverage
from backtrader._cy.adaptivekernels import ErrorCorrectingKernel

__all__ = ['ZeroLagIndicator', 'ZLIndicator', 'ZLInd', 'EC', 'ErrorCorrecting']


class ZeroLagIndicator(MovingAverageBase):
    """An EMA corrected each bar by ``gain * (price - previous value)``, the gain
    (in steps of 0.1 within +-``gainlimit`` / 10) chosen to land closest to the
    price. Compiled (``backtrader/_cy/adaptivekernels.pyx``). The average is
    always an EMA; ``_movav`` is kept for upstream's signature only (upstream
    ignores it too)."""
    alias = ('ZLIndicator', 'ZLInd', 'EC', 'ErrorCorrecting',)
    lines = ('ec',)
    params = (('gainlimit', 50), ('_movav', ExponentialMovingAverage),)

    def _plotlabel(self):
        extra = [self.p._movav] if self.p.notdefault('_movav') else []
        return [self.p.period, self.p.gainlimit] + extra

    def __init__(self):
        check_periods(self)
        kernel_for(self, ErrorCorrectingKernel, period=self.p.period,
                   gainlimit=self.p.gainlimit)
        super(ZeroLagIndicator, self).__init__()
