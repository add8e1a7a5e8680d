"""Benchmark g: resampling.

``--case bars``: one-minute bars resampled to 5-minute and to daily bars
(``cerebro.resampledata``, default params), an SMA(10)/SMA(30) CrossOver on
each; the 5-minute crosses trade with ``order_target_size``, the daily ones
are counted. The two resampled datas are two feeds of the same file (with
``--clone`` the second is ``resampledata`` of the same feed, which makes a
clone of it, as upstream's ``data-multitimeframe`` sample does).

``--case ticks``: trade ticks (``timestamp_ns,price,size``) resampled to
1-second bars, the strategy reads every bar. Upstream has no nanosecond
feed: it reads the stamps with a callable (microsecond precision), ours with
``TickCSVData`` (the one per-engine line, as in ``bm_ticks.py``).

Prints a one-line JSON summary (bar counts, crosses per data, orders, final
value; for ticks the bar count, sums of the closes and volumes, the last
stamp) and ``run_s`` / ``cpu_s``, the wall and CPU time of ``cerebro.run``.

Usage: python bm_resample.py --case bars|ticks [--data FILE] [--clone]
       python bm_resample.py --make-data [--bars N]   (writes bench/data/)
"""
import argparse
import datetime as dt
import json
import os
import time

import backtrader as bt

HERE = os.path.dirname(os.path.abspath(__file__))
BARS = os.path.join(HERE, "data", "resample_1m.csv")
TICKS = os.path.join(HERE, "data", "ticks_1m.csv")
ENGINE = os.environ.get("BT_BENCH_ENGINE", "upstream")  # set by run_bench.py
EPOCH = dt.datetime(1970, 1, 1)


class CrossBoth(bt.Strategy):
    """SMA(10)/SMA(30) crossover on each data; data0's crosses trade."""

    def __init__(self):
        self.crosses = [bt.indicators.CrossOver(bt.indicators.SMA(d, period=10),
                                                bt.indicators.SMA(d, period=30))
                        for d in self.datas]
        self.counts = [0] * len(self.datas)
        self.seen = [0] * len(self.datas)     # each data's length at its last count
        self.orders = 0

    def notify_order(self, order):
        self.orders += 1

    def next(self):
        for i, cross in enumerate(self.crosses):
            if len(self.datas[i]) != self.seen[i]:
                self.seen[i] = len(self.datas[i])
                self.counts[i] += cross[0] != 0
        if self.crosses[0][0]:
            self.order_target_size(data=self.data0, target=10 if self.crosses[0][0] > 0 else -10)


class ReadBars(bt.Strategy):
    def __init__(self):
        self.n, self.total, self.volume = 0, 0.0, 0.0

    def next(self):
        self.n += 1
        self.total += self.data.close[0]
        self.volume += self.data.volume[0]


def minute_feed(path):
    return bt.feeds.GenericCSVData(dataname=path, dtformat="%Y-%m-%d %H:%M:%S",
                                   timeframe=bt.TimeFrame.Minutes, compression=1)


def ns_to_datetime(text):
    return EPOCH + dt.timedelta(microseconds=int(text) // 1000)


def tick_feed(path):
    if ENGINE == "ours":    # ---- per-engine line: nanosecond stamps read natively
        return bt.feeds.TickCSVData(dataname=path)
    return bt.feeds.GenericCSVData(
        dataname=path, dtformat=ns_to_datetime, timeframe=bt.TimeFrame.Ticks,
        datetime=0, time=-1, open=1, high=1, low=1, close=1, volume=2, openinterest=-1)


def run_bars(path, clone):
    cerebro = bt.Cerebro(stdstats=False)
    first = minute_feed(path)
    cerebro.resampledata(first, timeframe=bt.TimeFrame.Minutes, compression=5)
    cerebro.resampledata(first if clone else minute_feed(path), timeframe=bt.TimeFrame.Days)
    cerebro.addstrategy(CrossBoth)
    t0, c0 = time.perf_counter(), time.process_time()
    strat = cerebro.run()[0]
    run_s, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    return {"bars5": len(strat.data0), "barsD": len(strat.data1), "crosses": strat.counts,
            "orders": strat.orders, "value": round(cerebro.broker.getvalue(), 6),
            "run_s": round(run_s, 3), "cpu_s": round(cpu_s, 3)}


def run_ticks(path):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.resampledata(tick_feed(path), timeframe=bt.TimeFrame.Seconds)
    cerebro.addstrategy(ReadBars)
    t0, c0 = time.perf_counter(), time.process_time()
    strat = cerebro.run()[0]
    run_s, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    return {"bars": strat.n, "sum": round(strat.total, 4), "volume": strat.volume,
            "last": strat.data.datetime.datetime(0).isoformat(), "run_s": round(run_s, 3),
            "cpu_s": round(cpu_s, 3)}


def make_data(nbars):
    """The minute bars (gen_data's walk) and, if missing, gen_data's ticks."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("gen_data", os.path.join(HERE, "gen_data.py"))
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    os.makedirs(os.path.dirname(BARS), exist_ok=True)
    gen.write_bars(BARS, nbars)
    with open(BARS) as src, open(BARS.replace("1m", "100k"), "w") as dst:
        for i, line in enumerate(src):
            if i > 100_000:
                break
            dst.write(line)
    if not os.path.exists(TICKS):
        gen.write_ticks(TICKS, 1_000_000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", choices=("bars", "ticks"), default="bars")
    ap.add_argument("--data")
    ap.add_argument("--clone", action="store_true")
    ap.add_argument("--make-data", action="store_true")
    ap.add_argument("--bars", type=int, default=1_000_000)
    opts = ap.parse_args()
    if opts.make_data:
        make_data(opts.bars)
        return
    if opts.case == "bars":
        out = run_bars(opts.data or BARS, opts.clone)
    else:
        out = run_ticks(opts.data or TICKS)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
