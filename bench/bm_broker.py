"""Micro-benchmark of the broker's per-bar work: ours against upstream.

Each scenario runs a short backtest (64 daily bars, no indicators) and, in
the strategy's ``stop()`` (the data parked on its last bar, the broker still
live), times one broker operation many times:

- ``next_idle``      ``broker.next()`` with no position and no order
- ``next_flat``      ``broker.next()`` after a position was opened and closed
- ``next_stock``     ``broker.next()`` holding one stock-like long position
- ``next_futures``   ``broker.next()`` holding one futures-like position
                     (margin, multiplier: cash is marked to market every bar)
- ``next_short_int`` ``broker.next()`` holding a stock short charged interest
- ``next_4data``     ``broker.next()`` holding stock positions in 4 datas
- ``roundtrip``      market buy + broker bar + notifications + close + broker
                     bar + notifications (cheat-on-close, so that both fill
                     on the same bar): order creation, submission check,
                     execution, snapshots, trade bookkeeping
- ``roundtrip_fut``  the same on a futures-like scheme with commission

The ``_python`` row times a fixed pure-Python loop (100 additions) in each
worker: it tells how loaded the machine was (both engines should show the
same figure there).

The worker (``--worker``) prints one JSON line ``{scenario: [ns per op,
fingerprint]}``; the fingerprint (cash, value, trade pnl, ...) tells whether
both engines computed the same thing.  Without ``--worker`` the script runs
the worker for each engine in a subprocess that sees only that engine (see
``tests/upstream.py``) and prints the table with the ratio upstream / ours.

Usage::

    python bench/bm_broker.py [--engine both|ours|upstream] [--repeat 5]
                              [--only next_stock,roundtrip]
"""
import argparse
import gc
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

SCENARIOS = ("next_idle", "next_flat", "next_stock", "next_futures",
             "next_short_int", "next_4data", "roundtrip", "roundtrip_fut")

# timed operations per measurement (per repeat)
LOOPS = {"roundtrip": int(os.environ.get("BMRT", 2000)), "roundtrip_fut": int(os.environ.get("BMRT", 2000))}
NEXT_LOOPS = 20000


# ---------------------------------------------------------------- the worker
def _worker(names, repeat):
    import datetime

    import backtrader as bt

    class Bars(bt.feed.DataBase):
        """64 daily bars of a deterministic zig-zag."""

        def start(self):
            super(Bars, self).start()
            self._i = 0

        def _load(self):
            i = self._i
            if i >= 64:
                return False
            day = datetime.datetime(2021, 1, 4) + datetime.timedelta(days=i)
            px = 100.0 + (i % 7) * 1.25 - (i % 3) * 0.5
            lines = self.lines
            lines.datetime[0] = bt.date2num(day)
            lines.open[0] = px - 0.25
            lines.high[0] = px + 1.0
            lines.low[0] = px - 1.0
            lines.close[0] = px
            lines.volume[0] = 1000.0
            lines.openinterest[0] = 0.0
            self._i = i + 1
            return True

    def drain(broker, strat):
        # what Cerebro does after the broker's bar: hand the snapshots over
        while True:
            order = broker.get_notification()
            if order is None:
                break
            (order.owner or strat)._addnotification(order, quicknotify=False)
        strat.clear()

    def time_calls(fn, loops):
        # like timeit: the cyclic garbage collector is off while timing (the
        # objects kept by the broker and the strategy would otherwise make
        # every collection slower as the loops go on)
        best = None
        for _ in range(repeat):
            gc.collect()
            gc.disable()
            try:
                t0 = time.perf_counter()
                for _ in range(loops):
                    fn()
                dt = time.perf_counter() - t0
            finally:
                gc.enable()
            best = dt if best is None or dt < best else best
        return best / loops * 1e9

    def fingerprint(broker, strat):
        trades = [t for d in strat._trades.values() for tl in d.values()
                  for t in tl]
        return [round(broker.getcash(), 6), round(broker.getvalue(), 6),
                len(trades), round(sum(t.pnlcomm for t in trades), 6),
                [round(broker.getposition(d).size, 6) for d in strat.datas]]

    def scenario(name, strat):
        broker = strat.broker
        data = strat.data

        def step():
            broker.next()
            drain(broker, strat)

        if name == "next_idle":
            return time_calls(broker.next, NEXT_LOOPS)

        broker.set_coc(True)  # market orders fill on the bar they are issued
        if name in ("next_futures", "roundtrip_fut"):
            broker.setcommission(commission=2.0, margin=1000.0, mult=10.0)
        elif name == "next_short_int":
            broker.setcommission(commission=0.001, interest=0.05)
        else:
            broker.setcommission(commission=0.001)

        if name.startswith("roundtrip"):
            def roundtrip():
                strat.buy(size=3)
                step()
                strat.close()
                step()
            return time_calls(roundtrip, LOOPS[name])

        if name == "next_flat":
            strat.buy(size=3)
            step()
            strat.close()
            step()
        elif name == "next_short_int":
            strat.sell(size=3)
            step()
        elif name == "next_4data":
            for d in strat.datas:
                strat.buy(data=d, size=3)
            step()
        else:
            strat.buy(size=3)
            step()
        return time_calls(broker.next, NEXT_LOOPS)

    class Bench(bt.Strategy):
        params = (("scenario", None), ("out", None))

        def stop(self):
            ns = scenario(self.p.scenario, self)
            self.p.out[self.p.scenario] = [ns, fingerprint(self.broker, self)]

    def calibrate():
        # a fixed piece of pure Python: how fast this interpreter runs now
        def work():
            total = 0
            for i in range(100):
                total += i
            return total
        return time_calls(work, 20000)

    results = {'_python': [calibrate(), None]}
    for name in names:
        cerebro = bt.Cerebro(stdstats=False)
        for i in range(4 if name == "next_4data" else 1):
            cerebro.adddata(Bars(), name="d%d" % i)
        cerebro.addstrategy(Bench, scenario=name, out=results)
        cerebro.run()
    print(json.dumps(results))


# ---------------------------------------------------------------- the driver
def _run_engine(engine, names, repeat):
    sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
    import upstream  # noqa: E402  (tests/upstream.py)

    cmd = upstream.python_cmd(os.path.abspath(__file__),
                              ["--worker", "--repeat", repeat,
                               "--only", ",".join(names)])
    proc = subprocess.run(cmd, cwd=HERE, env=upstream.engine_env(engine),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("%s worker failed:\n%s" % (engine, proc.stderr[-4000:]))
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", choices=("ours", "upstream", "both"),
                    default="both")
    ap.add_argument("--repeat", type=int, default=5,
                    help="measurements per scenario; the best is kept")
    ap.add_argument("--only", default="", help="comma-separated scenarios")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    opts = ap.parse_args(argv)
    names = [n for n in opts.only.split(",") if n] or list(SCENARIOS)
    unknown = sorted(set(names) - set(SCENARIOS))
    if unknown:
        sys.exit("unknown scenario(s) %s; known: %s"
                 % (", ".join(unknown), ", ".join(SCENARIOS)))

    if opts.worker:
        _worker(names, opts.repeat)
        return

    engines = ["upstream", "ours"] if opts.engine == "both" else [opts.engine]
    res = {e: _run_engine(e, names, opts.repeat) for e in engines}

    head = ["scenario"] + ["%s ns/op" % e for e in engines]
    if len(engines) == 2:
        head += ["up/ours", "same result"]
    rows = []
    for name in ['_python'] + names:
        row = [name] + ["%.0f" % res[e][name][0] for e in engines]
        if len(engines) == 2:
            up, ours = res["upstream"][name], res["ours"][name]
            row += ["%.2fx" % (up[0] / ours[0]),
                    "-" if name == '_python' else
                    "yes" if up[1] == ours[1] else "NO"]
        rows.append(row)
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    fmt = "| " + " | ".join("%%-%ds" % w for w in widths) + " |"
    print(fmt % tuple(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(fmt % tuple(row))
    if len(engines) == 2:
        for name in names:
            up, ours = res["upstream"][name][1], res["ours"][name][1]
            if up != ours:
                print("\n%s differs:\n  upstream: %s\n  ours:     %s"
                      % (name, up, ours))


if __name__ == "__main__":
    main()
