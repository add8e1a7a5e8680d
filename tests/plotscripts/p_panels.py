"""Plot scenario: two datas (the second starts later), volume in its own
panel, line style, an indicator above the data, one on another, styled
plotlines, the DrawDown observer.  (One figure: with several, upstream places a shorter
data by bar number, not by date; ours places it by date.)"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _probe  # noqa: E402


class DashedATR(bt.ind.ATR):
    plotlines = dict(atr=dict(color='green', ls='--'))


class Panels(bt.Strategy):
    def __init__(self):
        sma = bt.ind.SMA(self.data0, period=15)
        bt.ind.EMA(sma, period=5, plot=True, subplot=False)
        bt.ind.Stochastic(self.data0, plotabove=True)
        DashedATR(self.data1)
        bt.ind.SMA(self.data1, period=50, plotskip=True)

    def next(self):
        if not self.position:
            self.buy(size=5)
        elif len(self) % 40 == 0:
            self.close()


cerebro = bt.Cerebro()
cerebro.adddata(_probe.feed(name='first'))
second = _probe.feed(start=(2015, 3, 1), name='second')
second.plotinfo.plotmaster = None
cerebro.adddata(second)
cerebro.addstrategy(Panels)
cerebro.addobserver(bt.observers.DrawDown)
cerebro.run()
_probe.finish(cerebro.plot(iplot=False, voloverlay=False, style='line'))
