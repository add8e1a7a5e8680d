"""Benchmark f: a 100-combination SMA-crossover sweep (``optstrategy``) on 200,000 bars.

Usage::

    python bench/bm_optimize.py [--data FILE] [--maxcpus 2] [--upstream-combos 10]
                                [--repeat 1]
    python bench/bm_optimize.py --sweep --combos N [--data FILE] [--maxcpus 2]

The first form times both engines in turn (each a separate process that sees
one engine, see ``run_bench.py``) and prints the table.  Upstream needs
minutes per ten combinations, so by default it runs the first
``--upstream-combos`` of them and its time for all 100 is extrapolated from
the time per combination (said so in the output); ``--upstream-combos 100``
measures it whole.  The second form runs one engine's sweep and prints a
one-line JSON summary: the number of combinations and each one's total
return, which must agree between the engines on the combinations both ran.
"""
import argparse
import json
import os
import sys
import time

import backtrader as bt

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "bars_200k.csv")
FAST = list(range(5, 15))
SLOW = list(range(20, 70, 5))


class Cross(bt.Strategy):
    params = (("fast", 10), ("slow", 30))

    def __init__(self):
        self.cross = bt.indicators.CrossOver(bt.indicators.SMA(period=self.p.fast),
                                             bt.indicators.SMA(period=self.p.slow))

    def next(self):
        cross = self.cross[0]
        if cross:
            self.order_target_size(target=10 if cross > 0 else -10)


def sweep(opts):
    combos = [(f, s) for f in FAST for s in SLOW][:opts.combos]
    fasts = sorted({f for f, _ in combos})
    slows = sorted({s for _, s in combos})
    assert len(fasts) * len(slows) == len(combos), "--combos must fill whole rows of 10"
    cerebro = bt.Cerebro(maxcpus=opts.maxcpus, stdstats=False)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=opts.data, dtformat="%Y-%m-%d %H:%M:%S",
                                            timeframe=bt.TimeFrame.Minutes, compression=1))
    cerebro.optstrategy(Cross, fast=fasts, slow=slows)
    cerebro.addanalyzer(bt.analyzers.Returns)
    results = cerebro.run()
    print(json.dumps({"combos": len(results),
                      "rtot": [[r[0].p.fast, r[0].p.slow,
                                round(r[0].analyzers[0].get_analysis()["rtot"], 9)]
                               for r in results]}))


def compare(opts):
    sys.path.insert(0, HERE)
    import run_bench
    jobs = [("upstream", opts.upstream_combos), ("ours", 100)]
    best = {}
    for _ in range(opts.repeat):
        for engine, combos in jobs:
            args = ["--sweep", "--combos", str(combos), "--data", opts.data,
                    "--maxcpus", str(opts.maxcpus)]
            secs, rss, summary, err = run_bench.run_once(engine, os.path.basename(__file__),
                                                          args, opts.timeout)
            if err:
                raise SystemExit("%s failed: %s" % (engine, err))
            if engine not in best or secs < best[engine][0]:
                best[engine] = (secs, rss, summary)
    up_secs, up_rss, up_sum = best["upstream"]
    our_secs, our_rss, our_sum = best["ours"]
    n = up_sum["combos"]
    agree = up_sum["rtot"] == our_sum["rtot"][:n]
    up_100 = up_secs / n * 100
    print("| engine | combinations run | wall s | s for 100 | peak MB (main process) |")
    print("|---|---|---|---|---|")
    print("| upstream | %d | %.1f | %.1f%s | %.0f |" % (
        n, up_secs, up_100, "" if n == 100 else " (extrapolated)", up_rss))
    print("| ours | %d | %.1f | %.1f | %.0f |" % (our_sum["combos"], our_secs, our_secs,
                                                   our_rss))
    print("speed-up for 100 combinations: %.1fx; total returns of the %d common "
          "combinations %s" % (up_100 / our_secs, n, "agree" if agree else "DIFFER"))
    return 0 if agree else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--combos", type=int, default=100)
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--maxcpus", type=int, default=2)
    ap.add_argument("--upstream-combos", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=7200)
    opts = ap.parse_args()
    if opts.sweep:
        t0 = time.perf_counter()
        sweep(opts)
        print("sweep %.2f s" % (time.perf_counter() - t0), file=sys.stderr)
        return 0
    return compare(opts)


if __name__ == "__main__":
    sys.exit(main())
