"""Vortex indicator."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel, check_periods
from backtrader._cy.vortexkernels import VortexKernel

__all__ = ['Vortex']


class Vortex(Indicator):
    """+VI and -VI: the summed distances of each high from the previous low
    (and low from previous high) over the summed true ranges of ``period`` bars
    (compiled, ``backtrader/_cy/vortexkernels.pyx``)."""
    lines = ('vi_plus', 'vi_minus',)
    params = (('period', 14),)
    plotlines = dict(vi_plus=dict(_name='+VI'), vi_minus=dict(_name='-VI'))

    def __init__(self):
        check_periods(self)
        d = self.data
        build_kernel(self, VortexKernel, d.lines.high, d.lines.low, d.lines.close,
                     self.lines.vi_plus, self.lines.vi_minus, period=self.p.period,
                     inminperiods=[d._minperiod] * 3)
