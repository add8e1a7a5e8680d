"""Williams %R and Williams Accumulation/Distribution."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import Highest, Lowest, build_kernel, check_periods
from backtrader._cy.williamskernels import WilliamsADKernel

__all__ = ['WilliamsR', 'WilliamsAD']


class WilliamsR(Indicator):
    """``-100 * (highest high - close) / (highest high - lowest low)`` over
    ``period`` bars."""
    plotlines = dict(percR=dict(_name='R%'))
    plotinfo = dict(plotname='Williams R%')
    lines = ('percR',)
    params = (('period', 14), ('upperband', -20.0), ('lowerband', -80.0),)

    def __init__(self):
        check_periods(self)
        data, period = self.data, self.p.period
        top = Highest(data.high, period=period)
        bottom = Lowest(data.low, period=period)
        self.lines.percR = -100.0 * (top - data.close) / (top - bottom)
        super(WilliamsR, self).__init__()


class WilliamsAD(Indicator):
    """Running sum of ``close - true low`` on up days and ``close - true high``
    on down days (compiled, ``backtrader/_cy/williamskernels.pyx``)."""
    lines = ('ad',)

    def __init__(self):
        check_periods(self)
        d = self.data
        build_kernel(self, WilliamsADKernel, d.lines.high, d.lines.low, d.lines.close,
                     self.lines.ad, inminperiods=[d._minperiod] * 3)
        super(WilliamsAD, self).__init__()
