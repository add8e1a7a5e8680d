"""Moving Average Convergence/Divergence."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel
from backtrader.indicators.mabase import MovAv
from backtrader._cy import kernels

__all__ = ['MACD', 'MACDHisto', 'MACDHistogram']

_KERNEL_MOVAVS = {MovAv.Exponential: 'ema', MovAv.Simple: 'sma', MovAv.Smoothed: 'smma'}


class MACD(Indicator):
    """``macd = movav(period_me1) - movav(period_me2)``, ``signal = movav(macd,
    period_signal)``."""
    lines = ('macd', 'signal',)
    params = (('period_me1', 12), ('period_me2', 26), ('period_signal', 9),
              ('movav', MovAv.Exponential),)
    plotinfo = dict(plothlines=[0.0])
    plotlines = dict(signal=dict(ls='--'))

    def _plotlabel(self):
        labels = super(MACD, self)._plotlabel()
        if self.p.isdefault('movav'):
            labels.remove(self.p.movav)
        return labels

    def _histo_line(self):
        return None

    def __init__(self):
        super(MACD, self).__init__()
        movav = _KERNEL_MOVAVS.get(self.p.movav)
        if movav is not None:
            build_kernel(self, kernels.MACDKernel, self.data._line0,
                         self.lines.macd, self.lines.signal, self._histo_line(),
                         period_me1=self.p.period_me1, period_me2=self.p.period_me2,
                         period_signal=self.p.period_signal, movav=movav,
                         inminperiods=[self.data._minperiod])
            return
        me1 = self.p.movav(self.data, period=self.p.period_me1)
        me2 = self.p.movav(self.data, period=self.p.period_me2)
        self.lines.macd = me1 - me2
        self.lines.signal = self.p.movav(self.lines.macd, period=self.p.period_signal)
        self._compose_histo()

    def _compose_histo(self):
        pass


class MACDHisto(MACD):
    """MACD plus ``histo = macd - signal``."""
    alias = ('MACDHistogram',)
    lines = ('histo',)
    plotlines = dict(histo=dict(_method='bar', alpha=0.50, width=1.0))

    def _histo_line(self):
        return self.lines.histo

    def _compose_histo(self):
        self.lines.histo = self.lines.macd - self.lines.signal
