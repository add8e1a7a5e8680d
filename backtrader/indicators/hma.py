"""Hull moving average."""
from backtrader.indicators.mabase import MovingAverageBase
from backtrader.indicators.wma import WeightedMovingAverage
from backtrader.indicators.basicops import check_periods

__all__ = ['HullMovingAverage', 'HMA', 'HullMA']


class HullMovingAverage(MovingAverageBase):
    """``wma(2 * wma(period // 2) - wma(period), int(sqrt(period)))``: a
    weighted average of the gap between a half-length and a full-length one."""
    alias = ('HMA', 'HullMA',)
    lines = ('hma',)
    params = (('_movav', WeightedMovingAverage),)

    def __init__(self):
        check_periods(self)
        ma, period = self.p._movav, self.p.period
        fast = ma(self.data, period=period // 2)
        slow = ma(self.data, period=period)
        smoothing = int(pow(period, 0.5))
        self.lines.hma = ma(2.0 * fast - slow, period=smoothing)
        super(HullMovingAverage, self).__init__()
