"""Heikin Ashi candles."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel
from backtrader._cy.heikinkernels import HeikinExtremeKernel, HeikinOpenKernel

__all__ = ['HeikinAshi']


class _HeikinOpen(Indicator):
    """The smoothed open of ``data0`` (OHLC) given its smoothed close ``data1``."""
    lines = ('haopen',)

    def __init__(self):
        bars, close = self.data0, self.data1
        build_kernel(self, HeikinOpenKernel, bars.lines.open, bars.lines.close,
                     close._line0, self.lines.haopen,
                     inminperiods=[bars._minperiod, bars._minperiod, close._minperiod])


class _HeikinExtreme(Indicator):
    """``max`` (``side`` 1) or ``min`` (-1) of a high/low, the smoothed open and
    the smoothed close."""
    lines = ('extreme',)
    params = (('side', 1),)

    def __init__(self):
        mps = [data._minperiod for data in self.datas[:3]]
        mps[1] += 1         # the smoothed open counts from its recursion's first bar
        build_kernel(self, HeikinExtremeKernel, *[d._line0 for d in self.datas[:3]],
                     self.lines.extreme, self.p.side, inminperiods=mps)


class HeikinAshi(Indicator):
    """Smoothed candles: close = mean of the bar's OHLC, open = mean of the
    previous smoothed open and close (the first: mean of open and close),
    high/low = extremes of the bar's high/low and the smoothed open/close.
    Compiled (``backtrader/_cy/heikinkernels.pyx`` and C line arithmetic)."""
    lines = ('ha_open', 'ha_high', 'ha_low', 'ha_close',)
    linealias = (
        ('ha_open', 'open',),
        ('ha_high', 'high',),
        ('ha_low', 'low',),
        ('ha_close', 'close',),
    )
    plotinfo = dict(subplot=False)
    _nextforce = True

    def __init__(self):
        d, out = self.data, self.lines
        out.ha_close = close = (d.open + d.high + d.low + d.close) / 4.0
        opening = _HeikinOpen(d, close)
        out.ha_open = opening
        out.ha_high = _HeikinExtreme(d.high, opening, close, side=1)
        out.ha_low = _HeikinExtreme(d.low, opening, close, side=-1)
        # the smoothed open is shown from the first bar, counted from the second
        out.ha_open.updateminperiod(d._minperiod + 1)
        super(HeikinAshi, self).__init__()
