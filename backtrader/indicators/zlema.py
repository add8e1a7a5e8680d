"""Zero-lag exponential moving average."""
from backtrader.indicators.mabase import MovingAverageBase
from backtrader.indicators.ema import ExponentialMovingAverage
from backtrader.indicators.basicops import check_periods

__all__ = ['ZeroLagExponentialMovingAverage', 'ZLEMA', 'ZeroLagEma']


class ZeroLagExponentialMovingAverage(MovingAverageBase):
    """An average of ``2 * x - x(-lag)`` with ``lag = (period - 1) // 2``: the
    data pushed ahead by its own recent change before smoothing."""
    alias = ('ZLEMA', 'ZeroLagEma',)
    lines = ('zlema',)
    params = (('_movav', ExponentialMovingAverage),)

    def __init__(self):
        check_periods(self)
        shift = (self.p.period - 1) // 2
        ahead = 2 * self.data - self.data(-shift)
        self.lines.zlema = self.p._movav(ahead, period=self.p.period)
        super(ZeroLagExponentialMovingAverage, self).__init__()
