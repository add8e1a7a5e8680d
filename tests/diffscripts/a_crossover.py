"""Scenario a: SMA(10)/SMA(30) CrossOver with market orders (daily bars)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _record as rec  # noqa: E402


class CrossStrategy(rec.RecordingStrategy):
    params = (("fast", 10), ("slow", 30), ("stake", 10))

    def __init__(self):
        fast = bt.indicators.SMA(self.data.close, period=self.p.fast)
        slow = bt.indicators.SMA(self.data.close, period=self.p.slow)
        self.cross = bt.indicators.CrossOver(fast, slow)
        self.track = {"fast": fast, "slow": slow, "cross": self.cross}

    def step(self):
        if self.cross[0] > 0:
            if self.position.size < 0:
                self.close()
            self.buy(size=self.p.stake)
        elif self.cross[0] < 0:
            if self.position.size > 0:
                self.close()
            self.sell(size=self.p.stake)


def main():
    opts = rec.parse_args()
    cerebro = rec.make_cerebro(opts, stdstats=False)
    cerebro.adddata(rec.daily_feed(opts, "daily"))
    cerebro.addstrategy(CrossStrategy)
    cerebro.broker.setcash(10000.0)
    rec.finish(opts, cerebro, cerebro.run())


if __name__ == "__main__":
    main()
