"""Benchmark c: 1,000,000 trade ticks (TimeFrame.Ticks), price read on every tick.

The CSV is ``timestamp_ns,price,size``.  Upstream has no nanosecond feed, so
the generic CSV feed parses the stamp with a callable (microsecond
precision).  Usage: python bm_ticks.py [--data FILE]
"""
import argparse
import datetime as dt
import json
import os

import backtrader as bt

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "ticks_1m.csv")
ENGINE = os.environ.get("BT_BENCH_ENGINE", "upstream")  # set by run_bench.py
EPOCH = dt.datetime(1970, 1, 1)


def ns_to_datetime(text):
    return EPOCH + dt.timedelta(microseconds=int(text) // 1000)


def generic_tick_feed(path):
    """Works on both engines: GenericCSVData with a stamp-parsing callable."""
    return bt.feeds.GenericCSVData(
        dataname=path, dtformat=ns_to_datetime, timeframe=bt.TimeFrame.Ticks,
        datetime=0, time=-1, open=1, high=1, low=1, close=1, volume=2,
        openinterest=-1)


# ---- per-engine line: ours reads the nanosecond stamps natively.
def ours_tick_feed(path):
    return bt.feeds.TickCSVData(dataname=path)


class ReadTicks(bt.Strategy):
    def __init__(self):
        self.n = 0
        self.total = 0.0
        self.high = float("-inf")

    def next(self):
        price = self.data.close[0]
        self.n += 1
        self.total += price
        if price > self.high:
            self.high = price


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=DATA)
    opts = ap.parse_args()
    feed = ours_tick_feed(opts.data) if ENGINE == "ours" else generic_tick_feed(opts.data)
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(feed)
    cerebro.addstrategy(ReadTicks)
    strat = cerebro.run()[0]
    print(json.dumps({"ticks": strat.n, "sum": round(strat.total, 4), "high": strat.high,
                      "last": strat.data.datetime.datetime(0).isoformat()}))


if __name__ == "__main__":
    main()
