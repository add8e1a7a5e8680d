"""Plot scenario: SMA crossover with RSI and MACD, default observers, candles."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _probe  # noqa: E402


class Cross(bt.Strategy):
    def __init__(self):
        fast, slow = bt.ind.SMA(period=10), bt.ind.SMA(period=30)
        self.cross = bt.ind.CrossOver(fast, slow)
        bt.ind.RSI()
        bt.ind.MACD()

    def next(self):
        if not self.position and self.cross > 0:
            self.buy(size=10)
        elif self.position and self.cross < 0:
            self.close()


cerebro = bt.Cerebro()
cerebro.adddata(_probe.feed())
cerebro.addstrategy(Cross)
cerebro.run()
_probe.finish(cerebro.plot(iplot=False, style='candle'))
