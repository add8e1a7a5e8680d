"""Scenario e: two daily feeds of different lengths in one strategy.

``daily`` (GenericCSVData) covers the whole range; ``daily_short``
(BacktraderCSVData) starts months later and ends months earlier.  Each feed
has its own indicators and receives its own orders; the strategy runs
``prenext`` until the second feed's indicators are ready and keeps running
on the first feed after the second one has ended.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _record as rec  # noqa: E402


class TwoFeeds(rec.RecordingStrategy):
    def __init__(self):
        d0, d1 = self.datas
        self.sma0 = bt.indicators.SMA(d0.close, period=10)
        self.sma1 = bt.indicators.SMA(d1.close, period=15)
        self.rsi1 = bt.indicators.RSI(d1, period=7)
        self.up1 = d1.close > self.sma1
        self.track = {"sma0": self.sma0}
        # values of the second feed are read only once it has started
        # (before that upstream returns stale buffer contents)
        self.track1 = {"sma1": self.sma1, "rsi1": self.rsi1, "up1": self.up1,
                       "close1": d1.close}

    def record_bar(self, phase):
        super().record_bar(phase)
        if len(self.data1):
            ind = rec.RESULT["bars"][-1]["ind"]
            ind.update({k: rec.value_at(v) for k, v in self.track1.items()})

    def step(self):
        d0, d1 = self.datas
        if len(self) % 7 == 0:
            if self.getposition(d0).size <= 0 and d0.close[0] > self.sma0[0]:
                self.buy(data=d0, size=10)
            elif self.getposition(d0).size > 0:
                self.close(data=d0)
        pos1 = self.getposition(d1).size
        if self.rsi1[0] < 35 and pos1 <= 0:
            self.buy(data=d1, size=30)
        elif self.rsi1[0] > 65 and pos1 >= 0:
            self.sell(data=d1, size=30 + pos1)


def main():
    opts = rec.parse_args()
    cerebro = rec.make_cerebro(opts, stdstats=False)
    cerebro.adddata(rec.daily_feed(opts, "daily"))
    cerebro.adddata(rec.btcsv_feed(opts, "daily_short"))
    cerebro.addstrategy(TwoFeeds)
    cerebro.broker.setcash(30000.0)
    rec.finish(opts, cerebro, cerebro.run())


if __name__ == "__main__":
    main()
