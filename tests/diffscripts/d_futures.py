"""Scenario d: futures-like commission (fixed 2.0 per contract, margin 1000, mult 10).

Minute bars.  A 40-bar schedule goes long, adds, partially reduces, reverses
to short in a single order, adds to the short with a limit order and
flattens, so cash is marked to market every bar on both sides.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _record as rec  # noqa: E402


class FuturesStrategy(rec.RecordingStrategy):
    def __init__(self):
        self.sma = bt.indicators.SMA(self.data.close, period=20)
        self.track = {"close": self.data.close, "sma": self.sma}

    def step(self):
        i = len(self) % 40
        c = self.data.close[0]
        if i == 1:
            self.order_target_size(target=2)
        elif i == 6:
            self.buy(size=1)
        elif i == 11:  # partial reduction of the long
            self.order_target_size(target=1)
        elif i == 16:  # reversal: closes the long trade and opens a short one
            self.order_target_size(target=-2)
        elif i == 24:
            self.sell(size=2, exectype=bt.Order.Limit, price=round(c + 1.0, 2))
        elif i == 30:
            if self.data.close[0] > self.sma[0]:
                self.close()
            else:
                self.buy(size=abs(self.position.size) + 1)  # flips to +1
        elif i == 35 and self.position.size:
            self.close()


def main():
    opts = rec.parse_args()
    cerebro = rec.make_cerebro(opts, stdstats=False)
    cerebro.adddata(rec.minute_feed(opts, "minute"))
    cerebro.addstrategy(FuturesStrategy)
    cerebro.broker.setcash(50000.0)
    cerebro.broker.setcommission(commission=2.0, margin=1000.0, mult=10.0)
    rec.finish(opts, cerebro, cerebro.run())


if __name__ == "__main__":
    main()
