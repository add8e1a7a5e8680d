"""Benchmark a: SMA(10)/SMA(30) CrossOver with market orders on minute bars.

Usage: python bm_crossover.py [--runonce 0|1] [--exactbars N] [--data FILE]
                              [--signals-only]
Prints a one-line JSON summary (bars, crosses, orders, trades, final value).
``--signals-only`` counts the crosses without placing orders.
"""
import argparse
import json
import os

import backtrader as bt

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "bars_200k.csv")


class Cross(bt.Strategy):
    params = (("trade", True),)

    def __init__(self):
        self.cross = bt.indicators.CrossOver(bt.indicators.SMA(period=10),
                                             bt.indicators.SMA(period=30))
        self.orders = self.trades = self.crosses = 0

    def notify_order(self, order):
        self.orders += 1

    def notify_trade(self, trade):
        self.trades += trade.isclosed

    def next(self):
        cross = self.cross[0]
        if cross:
            self.crosses += 1
            if self.p.trade:
                self.order_target_size(target=10 if cross > 0 else -10)


def minute_feed(path):
    return bt.feeds.GenericCSVData(dataname=path, dtformat="%Y-%m-%d %H:%M:%S",
                                   timeframe=bt.TimeFrame.Minutes, compression=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runonce", type=int, default=1)
    ap.add_argument("--exactbars", type=int, default=0)
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--signals-only", action="store_true")
    opts = ap.parse_args()
    cerebro = bt.Cerebro(runonce=bool(opts.runonce), exactbars=opts.exactbars,
                         stdstats=False)
    cerebro.adddata(minute_feed(opts.data))
    cerebro.addstrategy(Cross, trade=not opts.signals_only)
    strat = cerebro.run()[0]
    print(json.dumps({"bars": len(strat), "crosses": strat.crosses, "orders": strat.orders,
                      "trades": strat.trades, "value": round(cerebro.broker.getvalue(), 6)}))


if __name__ == "__main__":
    main()
