"""Benchmark a: SMA(10)/SMA(30) CrossOver with market orders on minute bars.

Usage: python bm_crossover.py [--runonce 0|1] [--exactbars N] [--data FILE]
Prints a one-line JSON summary (bars, orders, trades, final value).
"""
import argparse
import json
import os

import backtrader as bt

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "bars_200k.csv")


class Cross(bt.Strategy):
    def __init__(self):
        self.cross = bt.indicators.CrossOver(bt.indicators.SMA(period=10),
                                             bt.indicators.SMA(period=30))
        self.orders = self.trades = 0

    def notify_order(self, order):
        self.orders += 1

    def notify_trade(self, trade):
        self.trades += trade.isclosed

    def next(self):
        if self.cross[0] > 0:
            self.order_target_size(target=10)
        elif self.cross[0] < 0:
            self.order_target_size(target=-10)


def minute_feed(path):
    return bt.feeds.GenericCSVData(dataname=path, dtformat="%Y-%m-%d %H:%M:%S",
                                   timeframe=bt.TimeFrame.Minutes, compression=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runonce", type=int, default=1)
    ap.add_argument("--exactbars", type=int, default=0)
    ap.add_argument("--data", default=DATA)
    opts = ap.parse_args()
    cerebro = bt.Cerebro(runonce=bool(opts.runonce), exactbars=opts.exactbars,
                         stdstats=False)
    cerebro.adddata(minute_feed(opts.data))
    cerebro.addstrategy(Cross)
    strat = cerebro.run()[0]
    print(json.dumps({"bars": len(strat), "orders": strat.orders, "trades": strat.trades,
                      "value": round(cerebro.broker.getvalue(), 6)}))


if __name__ == "__main__":
    main()
