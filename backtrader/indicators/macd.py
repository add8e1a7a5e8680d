"""Moving Average Convergence/Divergence."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel, check_periods
from backtrader.indicators.mabase import kernel_kind
from backtrader.indicators.ema import ExponentialMovingAverage
from backtrader._cy import kernels

__all__ = ['MACD', 'MACDHisto', 'MACDHistogram']


class MACD(Indicator):
    """The gap between a fast and a slow average and its signal line:
    ``macd = movav(period_me1) - movav(period_me2)``,
    ``signal = movav(macd, period_signal)``.

    One compiled kernel computes every line for the simple, exponential and
    smoothed averages; another ``movav`` is composed of indicators.
    """
    lines = ('macd', 'signal',)
    params = (('period_me1', 12), ('period_me2', 26), ('period_signal', 9),
              ('movav', ExponentialMovingAverage),)
    plotinfo = dict(plothlines=[0.0])
    plotlines = dict(signal=dict(ls='--'))
    _with_histo = False

    def _plotlabel(self):
        labels = [self.p.period_me1, self.p.period_me2, self.p.period_signal]
        if self.p.notdefault('movav'):
            labels.append(self.p.movav)
        return labels

    def __init__(self):
        check_periods(self)
        super(MACD, self).__init__()
        p, out = self.p, self.lines
        kind = kernel_kind(p.movav)
        if kind is None:
            gap = p.movav(self.data, period=p.period_me1) - p.movav(
                self.data, period=p.period_me2)
            out.macd = gap
            out.signal = p.movav(out.macd, period=p.period_signal)
            if self._with_histo:
                out.histo = out.macd - out.signal
            return
        histo = out.histo if self._with_histo else None
        build_kernel(self, kernels.MACDKernel, self.data._line0, out.macd,
                     out.signal, histo, period_me1=p.period_me1,
                     period_me2=p.period_me2, period_signal=p.period_signal,
                     movav=kind, inminperiods=[self.data._minperiod])


class MACDHisto(MACD):
    """MACD plus ``histo = macd - signal``."""
    alias = ('MACDHistogram',)
    lines = ('histo',)
    plotlines = dict(histo=dict(_method='bar', alpha=0.50, width=1.0))
    _with_histo = True
