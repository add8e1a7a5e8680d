"""The compiled indicator kernels (``backtrader/_cy/kernels.pyx``) reproduce
upstream backtrader 1.9.78.123's indicator values.

Upstream runs the indicators on the same deterministic OHLC series in a
subprocess (runonce mode, through ``tests/upstream.py``) and dumps every
line; the arrays are cached there, keyed by the script, the data and the
oracle's environment.
Our kernels then run on the same series in next mode (bar by bar: forward the
inputs, forward the outputs, ``py_next()``), in once mode (``py_once``), with
ring-buffer lines, with replayed bars and with a once-then-next hand-over;
every run must give upstream's arrays bit for bit (WMA: within 1e-12
relative, see ``INEXACT``), and upstream's minimum periods.
"""
import json
import math
import os
import random
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import upstream  # noqa: E402

from backtrader._cy import kernels as K  # noqa: E402
from backtrader._cy.linebuffer import LineBuffer  # noqa: E402

# Kernels whose values agree with upstream within a tolerance only (upstream
# rounds each weighted product before summing; we keep the weighted sum exact).
INEXACT = {"WMAKernel": 1e-12}


# --------------------------------------------------------------------------
# deterministic data
# --------------------------------------------------------------------------
def _bar(rng, prev):
    o = round(prev * math.exp(rng.gauss(0.0, 0.004)), 2)
    c = round(o * math.exp(rng.gauss(0.0, 0.012)), 2)
    h = round(max(o, c) + abs(rng.gauss(0.0, 0.6)), 2)
    lo = round(min(o, c) - abs(rng.gauss(0.0, 0.6)), 2)
    return (o, h, lo, c)


def _flat(rng, price, n, still=False):
    """``n`` bars closing (and opening) at ``price``; with ``still`` the high and
    the low equal it too (a zero range)."""
    rows = []
    for _ in range(n):
        if still:
            rows.append((price, price, price, price))
        else:
            rows.append((price, round(price + abs(rng.gauss(0.0, 0.5)) + 0.01, 2),
                         round(price - abs(rng.gauss(0.0, 0.5)) - 0.01, 2), price))
    return rows


def make_series(name):
    """OHLC rows ``(open, high, low, close)`` of a named test series.

    ``walk``: a random walk with flat stretches (equal consecutive closes),
    some at binary-exact prices where short and long simple averages become
    exactly equal, entered and left in both directions.
    ``flatstart``: starts with a still stretch (high == low == close), then a
    steady rise (no down moves), then a walk with flat stretches: zero
    divisions for the ``safediv`` variants and a zero first difference for
    NonZeroDifference.
    """
    if name == "walk":
        rng = random.Random(20240611)
        plan = [("rand", 70), ("flat", 12, None), ("rand", 35),
                ("ramp", 6, 100.75), ("flat", 16, 100.25), ("ramp", 6, 101.5),
                ("rand", 40), ("ramp", 6, 99.0), ("flat", 15, 99.5),
                ("ramp", 6, 98.5), ("rand", 50), ("flat", 9, None),
                ("ramp", 6, 102.5), ("flat", 14, 102.0), ("ramp", 5, 101.0),
                ("rand", 60), ("flat", 4, None), ("rand", 60)]
    elif name == "flatstart":
        rng = random.Random(77)
        plan = [("still", 22, 100.25), ("rise", 20, 0.25), ("rand", 60),
                ("flat", 14, 103.0), ("rand", 40), ("still", 16, None),
                ("rand", 40)]
    else:
        raise KeyError(name)
    rows = []
    for step in plan:
        kind, n = step[0], step[1]
        prev = rows[-1][3] if rows else 100.0
        if kind == "rand":
            for _ in range(n):
                rows.append(_bar(rng, prev))
                prev = rows[-1][3]
        elif kind == "flat":
            rows += _flat(rng, step[2] if step[2] is not None else prev, n)
        elif kind == "still":
            rows += _flat(rng, step[2] if step[2] is not None else prev, n, still=True)
        elif kind == "rise":
            for _ in range(n):
                c = round(prev + step[2], 2)
                rows.append((prev, c, prev, c))
                prev = c
        elif kind == "ramp":
            target = step[2]
            for k in range(1, n + 1):
                c = round(prev + (target - prev) * k / n, 2)
                rows.append((c, round(c + 0.3, 2), round(c - 0.3, 2), c))
            rows[-1] = (target, target + 0.3, target - 0.3, target)
    return rows


# --------------------------------------------------------------------------
# specifications: (key, upstream expression, kernel, inputs, lines, params)
#   inputs / params starting with "@" name lines: "@close", "@key.line"
#   lines: names of the upstream lines our kernel writes, in output order
# --------------------------------------------------------------------------
COMMON = [
    ("sma1", "bt.ind.SMA(d.close, period=1)", "SMAKernel", ["close"], ["sma"], {"period": 1}),
    ("sma3", "bt.ind.SMA(d.close, period=3)", "SMAKernel", ["close"], ["sma"], {"period": 3}),
    ("sma5", "bt.ind.SMA(d.close, period=5)", "SMAKernel", ["close"], ["sma"], {"period": 5}),
    ("sma8", "bt.ind.SMA(d.close, period=8)", "SMAKernel", ["close"], ["sma"], {"period": 8}),
    ("sma30", "bt.ind.SMA(d.close, period=30)", "SMAKernel", ["close"], ["sma"], {"period": 30}),
    ("ema10", "bt.ind.EMA(d.close, period=10)", "EMAKernel", ["close"], ["ema"], {"period": 10}),
    ("ema1", "bt.ind.EMA(d.close, period=1)", "EMAKernel", ["close"], ["ema"], {"period": 1}),
    ("smma7", "bt.ind.SMMA(d.close, period=7)", "SMMAKernel", ["close"], ["smma"], {"period": 7}),
    ("expsm", "bt.ind.ExponentialSmoothing(d.close, period=5, alpha=0.3)",
     "ExpSmoothingKernel", ["close"], ["av"], {"period": 5, "alpha": 0.3}),
    ("wma6", "bt.ind.WMA(d.close, period=6)", "WMAKernel", ["close"], ["wma"], {"period": 6}),
    ("wma20", "bt.ind.WMA(d.high, period=20)", "WMAKernel", ["high"], ["wma"], {"period": 20}),
    ("sumn4", "bt.ind.SumN(d.close, period=4)", "SumNKernel", ["close"], ["sumn"], {"period": 4}),
    ("hi5", "bt.ind.Highest(d.high, period=5)", "HighestKernel", ["high"], ["highest"], {"period": 5}),
    ("lo5", "bt.ind.Lowest(d.low, period=5)", "LowestKernel", ["low"], ["lowest"], {"period": 5}),
    ("hi1", "bt.ind.MaxN(d.close, period=1)", "HighestKernel", ["close"], ["highest"], {"period": 1}),
    ("lo9c", "bt.ind.MinN(d.close, period=9)", "LowestKernel", ["close"], ["lowest"], {"period": 9}),
    ("std10", "bt.ind.StdDev(d.close, period=10)", "StdDevKernel", ["close"], ["stddev"],
     {"period": 10}),
    ("sma10", "bt.ind.SMA(d.close, period=10)", "SMAKernel", ["close"], ["sma"], {"period": 10}),
    ("stdm", "bt.ind.StdDev(d.close, I['sma10'], period=10)", "StdDevKernel", ["close"],
     ["stddev"], {"period": 10, "mean": "@sma10.sma"}),
    ("nzd", "bt.ind.NonZeroDifference(d.close, I['sma5'])", "NonZeroDifferenceKernel",
     ["close", "sma5.sma"], ["nzd"], {}),
    ("xcs", "bt.ind.CrossOver(d.close, I['sma5'])", "CrossOverKernel",
     ["close", "sma5.sma"], ["crossover"], {}),
    ("ucs", "bt.ind.CrossUp(d.close, I['sma5'])", "CrossUpKernel",
     ["close", "sma5.sma"], ["cross"], {}),
    ("dcs", "bt.ind.CrossDown(d.close, I['sma5'])", "CrossDownKernel",
     ["close", "sma5.sma"], ["cross"], {}),
    ("nzdss", "bt.ind.NonZeroDifference(I['sma3'], I['sma8'])", "NonZeroDifferenceKernel",
     ["sma3.sma", "sma8.sma"], ["nzd"], {}),
    ("xss", "bt.ind.CrossOver(I['sma3'], I['sma8'])", "CrossOverKernel",
     ["sma3.sma", "sma8.sma"], ["crossover"], {}),
    ("uss", "bt.ind.CrossUp(I['sma3'], I['sma8'])", "CrossUpKernel",
     ["sma3.sma", "sma8.sma"], ["cross"], {}),
    ("dss", "bt.ind.CrossDown(I['sma8'], I['sma3'])", "CrossDownKernel",
     ["sma8.sma", "sma3.sma"], ["cross"], {}),
    ("xcc", "bt.ind.CrossOver(d.close, d.open)", "CrossOverKernel",
     ["close", "open"], ["crossover"], {}),
    ("upd", "bt.ind.UpDay(d.close)", "UpDayKernel", ["close"], ["upday"], {}),
    ("dnd", "bt.ind.DownDay(d.close)", "DownDayKernel", ["close"], ["downday"], {}),
    ("upd3", "bt.ind.UpDay(d.close, period=3)", "UpDayKernel", ["close"], ["upday"],
     {"period": 3}),
    ("dnd3", "bt.ind.DownDay(d.close, period=3)", "DownDayKernel", ["close"], ["downday"],
     {"period": 3}),
    ("tr", "bt.ind.TrueRange(d)", "TrueRangeKernel", ["high", "low", "close"], ["tr"], {}),
    ("atr14", "bt.ind.ATR(d)", "ATRKernel", ["high", "low", "close"], ["atr"], {}),
    ("atr5s", "bt.ind.ATR(d, period=5, movav=bt.ind.SMA)", "ATRKernel",
     ["high", "low", "close"], ["atr"], {"period": 5, "movav": "sma"}),
    ("atr6e", "bt.ind.ATR(d, period=6, movav=bt.ind.EMA)", "ATRKernel",
     ["high", "low", "close"], ["atr"], {"period": 6, "movav": "ema"}),
    ("macdh", "bt.ind.MACDHisto(d.close)", "MACDKernel", ["close"],
     ["macd", "signal", "histo"], {}),
    ("macd2", "bt.ind.MACD(d.close, period_me1=7, period_me2=4, period_signal=5)",
     "MACDKernel", ["close"], ["macd", "signal"],
     {"period_me1": 7, "period_me2": 4, "period_signal": 5}),
    ("macds", "bt.ind.MACD(d.close, period_me1=3, period_me2=6, period_signal=4, "
     "movav=bt.ind.SMA)", "MACDKernel", ["close"], ["macd", "signal"],
     {"period_me1": 3, "period_me2": 6, "period_signal": 4, "movav": "sma"}),
    # chains: kernels reading kernel outputs (minimum periods add up)
    ("smamacd", "bt.ind.SMA(I['macdh'].lines.macd, period=5)", "SMAKernel",
     ["macdh.macd"], ["sma"], {"period": 5}),
    ("emasig", "bt.ind.EMA(I['macdh'].lines.signal, period=3)", "EMAKernel",
     ["macdh.signal"], ["ema"], {"period": 3}),
    ("xes", "bt.ind.CrossOver(I['ema10'], I['smma7'])", "CrossOverKernel",
     ["ema10.ema", "smma7.smma"], ["crossover"], {}),
    ("stdsma", "bt.ind.StdDev(I['sma5'], period=4)", "StdDevKernel", ["sma5.sma"],
     ["stddev"], {"period": 4}),
    ("hiatr", "bt.ind.Highest(I['atr14'], period=6)", "HighestKernel", ["atr14.atr"],
     ["highest"], {"period": 6}),
    ("wmaema", "bt.ind.WMA(I['ema10'], period=4)", "WMAKernel", ["ema10.ema"], ["wma"],
     {"period": 4}),
    ("sumup", "bt.ind.SumN(I['upd'], period=6)", "SumNKernel", ["upd.upday"], ["sumn"],
     {"period": 6}),
    ("wmahist", "bt.ind.WMA(I['macdh'].lines.histo, period=10)", "WMAKernel",
     ["macdh.histo"], ["wma"], {"period": 10}),
    ("smahist", "bt.ind.SMA(I['macdh'].lines.histo, period=7)", "SMAKernel",
     ["macdh.histo"], ["sma"], {"period": 7}),
]

WALK_ONLY = [
    ("rsi14", "bt.ind.RSI(d.close)", "RSIKernel", ["close"], ["rsi"], {}),
    ("rsilb", "bt.ind.RSI(d.close, period=10, lookback=3)", "RSIKernel", ["close"], ["rsi"],
     {"period": 10, "lookback": 3}),
    ("rsiema", "bt.ind.RSI_EMA(d.close, period=9)", "RSIKernel", ["close"], ["rsi"],
     {"period": 9, "movav": "ema"}),
    ("rsisma", "bt.ind.RSI_SMA(d.close, period=6, safediv=True)", "RSIKernel", ["close"],
     ["rsi"], {"period": 6, "movav": "sma", "safediv": True}),
    ("stk", "bt.ind.StochasticFast(d, period=14)", "StochKKernel",
     ["high", "low", "close"], ["percK"], {"period": 14}),
    ("stkd", "bt.ind.StochasticFast(d, period=14)", "SMAKernel", ["stk.percK"], ["percD"],
     {"period": 3}),
    ("stk5", "bt.ind.StochasticFast(d, period=5, safediv=True)", "StochKKernel",
     ["high", "low", "close"], ["percK"], {"period": 5, "safediv": True}),
    ("emarsi", "bt.ind.EMA(I['rsi14'], period=5)", "EMAKernel", ["rsi14.rsi"], ["ema"],
     {"period": 5}),
    ("hirsi", "bt.ind.Highest(I['rsi14'], period=4)", "HighestKernel", ["rsi14.rsi"],
     ["highest"], {"period": 4}),
    ("rsirsi", "bt.ind.RSI_Safe(I['rsi14'], period=5)", "RSIKernel", ["rsi14.rsi"], ["rsi"],
     {"period": 5, "safediv": True}),
]

FLAT_ONLY = [
    ("rsis", "bt.ind.RSI_Safe(d.close, period=5)", "RSIKernel", ["close"], ["rsi"],
     {"period": 5, "safediv": True}),
    ("rsis2", "bt.ind.RSI(d.close, period=4, safediv=True, safehigh=90.0, safelow=40.0)",
     "RSIKernel", ["close"], ["rsi"],
     {"period": 4, "safediv": True, "safehigh": 90.0, "safelow": 40.0}),
    ("rsis3", "bt.ind.RSI_SMA(d.close, period=7, safediv=True, lookback=2)", "RSIKernel",
     ["close"], ["rsi"], {"period": 7, "safediv": True, "lookback": 2, "movav": "sma"}),
    ("stks", "bt.ind.StochasticFast(d, period=5, safediv=True, safezero=0.5)",
     "StochKKernel", ["high", "low", "close"], ["percK"],
     {"period": 5, "safediv": True, "safezero": 0.5}),
    ("stks14", "bt.ind.StochasticFast(d, period=14, safediv=True)", "StochKKernel",
     ["high", "low", "close"], ["percK"], {"period": 14, "safediv": True}),
]

SERIES = {"walk": COMMON + WALK_ONLY, "flatstart": COMMON + FLAT_ONLY}


# --------------------------------------------------------------------------
# upstream oracle
# --------------------------------------------------------------------------
UPSTREAM_SCRIPT = r'''
import datetime
import json
import sys

import backtrader as bt


class ListFeed(bt.feed.DataBase):
    params = (("rows", None),)

    def start(self):
        super(ListFeed, self).start()
        self._pos = 0

    def _load(self):
        if self._pos >= len(self.p.rows):
            return False
        o, h, l, c = self.p.rows[self._pos]
        when = datetime.datetime(2020, 1, 1) + datetime.timedelta(days=self._pos)
        self.lines.datetime[0] = bt.date2num(when)
        self.lines.open[0] = o
        self.lines.high[0] = h
        self.lines.low[0] = l
        self.lines.close[0] = c
        self.lines.volume[0] = 1000.0
        self.lines.openinterest[0] = 0.0
        self._pos += 1
        return True


def run(rows, specs):
    class Rec(bt.Strategy):
        def __init__(self):
            self.inds = {}
            env = {"bt": bt, "d": self.data, "I": self.inds}
            for key, expr in specs:
                self.inds[key] = eval(expr, env)

    cerebro = bt.Cerebro(stdstats=False, runonce=True, preload=True)
    cerebro.adddata(ListFeed(rows=rows))
    cerebro.addstrategy(Rec)
    strat = cerebro.run()[0]
    out = {}
    for key, _ in specs:
        ind = strat.inds[key]
        lines = {}
        for i, name in enumerate(ind.lines.getlinealiases()):
            line = ind.lines[i]
            lines[name] = {"minperiod": line._minperiod,
                           "values": [float(v) for v in line.array]}
        out[key] = {"minperiod": ind._minperiod, "lines": lines}
    return out


def main():
    jobfile, flag, outfile = sys.argv[1:4]   # JOB --out FILE (tests/upstream.py)
    assert flag == "--out", sys.argv
    with open(jobfile) as fh:
        job = json.load(fh)
    result = {"series": {}}
    for name, item in job.items():
        result["series"][name] = run([tuple(r) for r in item["rows"]], item["specs"])
    with open(outfile, "w") as fh:
        json.dump(result, fh)


main()
'''


def _job():
    return {name: {"rows": make_series(name),
                   "specs": [[s[0], s[1]] for s in specs]}
            for name, specs in SERIES.items()}


@pytest.fixture(scope="module")
def oracle(tmp_path_factory):
    """Upstream's indicator arrays per series and key, run through the
    harness (``tests/upstream.py``: engine checked, cached on disk)."""
    tmp = tmp_path_factory.mktemp("btkernels")
    script = tmp / "kernels_upstream.py"
    jobfile = tmp / "job.json"
    text = json.dumps(_job(), sort_keys=True)
    script.write_text(UPSTREAM_SCRIPT)
    jobfile.write_text(text)
    result = upstream.run_cached(script, "upstream", args=[str(jobfile)], key_data=text)
    return result["series"]


# --------------------------------------------------------------------------
# running our kernels
# --------------------------------------------------------------------------
DATA_LINES = ("open", "high", "low", "close")


class Graph:
    """The kernels of one series, built on fresh line buffers."""

    def __init__(self, specs, qbuffer=False):
        self.lines = {name: LineBuffer() for name in DATA_LINES}
        if qbuffer:
            for buf in self.lines.values():
                buf.qbuffer()
        self.nodes = []          # (spec, kernel, [output buffers])
        self.qbuffer = qbuffer
        for spec in specs:
            key, _, kname, inputs, lnames, params = spec
            ins = [self.lines[ref] for ref in inputs]
            outs = [LineBuffer() for _ in lnames]
            kw = {k: (self.lines[v[1:]] if isinstance(v, str) and v.startswith("@") else v)
                  for k, v in params.items()}
            kernel = getattr(K, kname)(*ins, *outs, **kw)
            for name, buf, mp in zip(lnames, outs, kernel.minperiods):
                buf._minperiod = mp
                if qbuffer:
                    buf.qbuffer()
                self.lines["%s.%s" % (key, name)] = buf
            self.nodes.append((spec, kernel, outs))

    def step(self, row):
        """Next mode: one new bar."""
        for name, value in zip(DATA_LINES, row):
            self.lines[name].forward(value)
        for _, kernel, outs in self.nodes:
            for buf in outs:
                buf.forward()
            kernel.py_next()

    def values(self):
        """{(key, line): numpy array} of the whole buffers."""
        return {(spec[0], name): buf.array.copy()
                for spec, _, outs in self.nodes for name, buf in zip(spec[4], outs)}


def run_next(specs, rows):
    g = Graph(specs)
    for row in rows:
        g.step(row)
    return g.values()


def run_once(specs, rows):
    g = Graph(specs)
    arr = np.array(rows, dtype=np.float64)
    for j, name in enumerate(DATA_LINES):
        g.lines[name].adopt(arr[:, j].copy())
    n = len(rows)
    for _, kernel, outs in g.nodes:
        for buf in outs:
            buf.forward(size=n)
        kernel.py_once(0, n)
    return g.values()


def run_ring(specs, rows):
    """Next mode with every line a ring buffer; collects ``[0]`` per bar."""
    g = Graph(specs, qbuffer=True)
    got = {(spec[0], name): [] for spec, _, _ in g.nodes for name in spec[4]}
    for row in rows:
        g.step(row)
        for spec, _, outs in g.nodes:
            for name, buf in zip(spec[4], outs):
                got[(spec[0], name)].append(buf[0])
    return {k: np.array(v) for k, v in got.items()}


def run_replayed(specs, rows, seed=5):
    """Next mode where each bar is first computed with provisional values,
    then updated in place and computed again (as replay does)."""
    rng = random.Random(seed)
    g = Graph(specs)
    for row in rows:
        rough = tuple(round(v + rng.uniform(-1.0, 1.0), 2) for v in row)
        g.step(rough)
        for _ in range(rng.randint(1, 2)):
            for name, value in zip(DATA_LINES, row):
                g.lines[name][0] = value
            for _, kernel, _ in g.nodes:
                kernel.py_next()
    return g.values()


def run_once_then_next(specs, rows, split):
    """Once mode for the first ``split`` bars, then next mode."""
    g = Graph(specs)
    for row in rows[:split]:
        for name, value in zip(DATA_LINES, row):
            g.lines[name].forward(value)
    for _, kernel, outs in g.nodes:
        for buf in outs:
            buf.forward(size=split)
        kernel.py_once(0, split)
    for row in rows[split:]:
        g.step(row)
    return g.values()


def _compare(spec, name, got, want):
    """Assert ``got`` equals upstream's ``want`` (NaN == NaN)."""
    want = np.array(want, dtype=np.float64)
    assert got.shape == want.shape, (spec[0], name, got.shape, want.shape)
    nan_got, nan_want = np.isnan(got), np.isnan(want)
    bad = np.flatnonzero(nan_got != nan_want)
    if bad.size:
        i = bad[0]
        raise AssertionError("%s.%s: NaN mismatch at bar %d: ours %r, upstream %r"
                             % (spec[0], name, i + 1, got[i], want[i]))
    tol = INEXACT.get(spec[2])
    g, w = got[~nan_got], want[~nan_want]
    if tol is None:
        bad = np.flatnonzero(g != w)
    else:
        bad = np.flatnonzero(np.abs(g - w) > tol * np.maximum(np.abs(w), 1e-300))
    if bad.size:
        idx = np.flatnonzero(~nan_got)[bad[0]]
        raise AssertionError("%s.%s (%s): %d values differ, first at bar %d: ours %r, "
                             "upstream %r" % (spec[0], name, spec[2], bad.size, idx + 1,
                                              got[idx], want[idx]))


def _check_all(series, got, oracle):
    specs = SERIES[series]
    up = oracle[series]
    for spec in specs:
        for name in spec[4]:
            _compare(spec, name, got[(spec[0], name)], up[spec[0]]["lines"][name]["values"])


# --------------------------------------------------------------------------
# tests against upstream
# --------------------------------------------------------------------------
@pytest.mark.parametrize("series", sorted(SERIES))
def test_next_mode_matches_upstream(series, oracle):
    _check_all(series, run_next(SERIES[series], make_series(series)), oracle)


@pytest.mark.parametrize("series", sorted(SERIES))
def test_once_mode_matches_upstream(series, oracle):
    _check_all(series, run_once(SERIES[series], make_series(series)), oracle)


@pytest.mark.parametrize("series", sorted(SERIES))
def test_next_and_once_are_identical(series):
    rows = make_series(series)
    a = run_next(SERIES[series], rows)
    b = run_once(SERIES[series], rows)
    for key in a:
        assert np.array_equal(a[key], b[key], equal_nan=True), key


@pytest.mark.parametrize("series", sorted(SERIES))
def test_ring_buffer_lines_give_same_values(series, oracle):
    _check_all(series, run_ring(SERIES[series], make_series(series)), oracle)


@pytest.mark.parametrize("series", sorted(SERIES))
def test_recomputing_a_replayed_bar_gives_same_values(series, oracle):
    _check_all(series, run_replayed(SERIES[series], make_series(series)), oracle)


@pytest.mark.parametrize("split", [1, 17, 150])
def test_once_then_next_continues_seamlessly(split, oracle):
    rows = make_series("walk")
    _check_all("walk", run_once_then_next(SERIES["walk"], rows, split), oracle)


@pytest.mark.parametrize("series", sorted(SERIES))
def test_minperiods_match_upstream(series, oracle):
    up = oracle[series]
    g = Graph(SERIES[series])
    for spec, kernel, _ in g.nodes:
        ulines = up[spec[0]]["lines"]
        for name, mp in zip(spec[4], kernel.minperiods):
            assert mp == ulines[name]["minperiod"], (spec[0], name)
        if set(spec[4]) == set(ulines):
            assert kernel.minperiod == up[spec[0]]["minperiod"], spec[0]


def test_once_partial_range_matches_full_range():
    rows = make_series("walk")
    full = run_once(SERIES["walk"], rows)
    g = Graph(SERIES["walk"])
    arr = np.array(rows, dtype=np.float64)
    for j, name in enumerate(DATA_LINES):
        g.lines[name].adopt(arr[:, j].copy())
    n = len(rows)
    for _, kernel, outs in g.nodes:
        for buf in outs:
            buf.forward(size=n)
        kernel.py_once(0, 100)
        kernel.py_once(100, 260)
        kernel.py_once(260, n)
    for key, arr2 in g.values().items():
        assert np.array_equal(arr2, full[key], equal_nan=True), key


def test_test_data_covers_the_edge_cases():
    """The walk has exactly equal averages and crossings through equality;
    flatstart has a zero first difference, zero ranges and no down moves."""
    walk = run_next(SERIES["walk"], make_series("walk"))
    s3, s8 = walk[("sma3", "sma")], walk[("sma8", "sma")]
    eq = np.flatnonzero(s3 == s8)
    assert eq.size >= 10
    x = walk[("xss", "crossover")]
    nzd = walk[("nzdss", "nzd")]
    # a crossing right after a stretch of equal averages
    after_eq = [i for i in eq + 1 if i < len(x) and x[i] != 0.0]
    assert after_eq
    assert (x == 1.0).any() and (x == -1.0).any()
    assert np.isfinite(nzd[eq]).all() and (nzd[eq] != 0.0).all()
    flat = run_next(SERIES["flatstart"], make_series("flatstart"))
    nz = flat[("nzdss", "nzd")]
    first = np.flatnonzero(~np.isnan(nz))[0]
    assert nz[first] == 0.0
    assert (flat[("rsis", "rsi")] == 50.0).any() and (flat[("rsis", "rsi")] == 100.0).any()
    assert (flat[("rsis2", "rsi")] == 40.0).any() and (flat[("rsis2", "rsi")] == 90.0).any()
    assert (flat[("stks", "percK")] == 50.0).any()


# --------------------------------------------------------------------------
# behaviour without upstream
# --------------------------------------------------------------------------
def _run_single(make, columns):
    ins = [LineBuffer() for _ in columns]
    out = LineBuffer()
    k = make(*ins, out)
    for i in range(len(columns[0])):
        for buf, col in zip(ins, columns):
            buf.forward(col[i])
        out.forward()
        k.py_next()
    return k, out.array.copy()


def test_exact_window_sum_equals_fsum_with_cancellation():
    rng = random.Random(11)
    xs = []
    for i in range(3000):
        r = rng.random()
        if r < 0.2:
            xs.append(rng.choice([1e16, -1e16, 1e300, -1e300, 3.0e-300]))
        elif r < 0.4:
            xs.append(math.ldexp(rng.random(), rng.randint(-80, 80)))
        else:
            xs.append(rng.gauss(0.0, 1.0) * 10 ** rng.randint(-5, 12))
    for period in (1, 2, 7, 50):
        _, got = _run_single(lambda s, o: K.SumNKernel(s, o, period), [xs])
        want = [math.fsum(xs[i - period + 1:i + 1]) for i in range(period - 1, len(xs))]
        assert list(got[period - 1:]) == want, period


def test_nan_and_infinities_follow_fsum_and_builtin_max():
    nan, inf = float("nan"), float("inf")
    xs = [1.0, 2.0, nan, 4.0, 3.0, 5.0, inf, 1.0, 2.0, 3.0, -inf, 7.0, 2.0, 1.0, 0.0,
          -0.0, 0.0, nan, 9.0, 8.0, 7.0, 6.0, 5.0]
    P = 3
    windows = [xs[i - P + 1:i + 1] for i in range(P - 1, len(xs))]
    _, s = _run_single(lambda a, o: K.SumNKernel(a, o, P), [xs])
    for w, v in zip(windows, s[P - 1:]):
        try:
            ref = math.fsum(w)
        except ValueError:          # -inf + inf: upstream raises, we give NaN
            ref = nan
        assert (math.isnan(ref) and math.isnan(v)) or ref == v, (w, v)
    for cls, fn in ((K.HighestKernel, max), (K.LowestKernel, min)):
        _, m = _run_single(lambda a, o: cls(a, o, P), [xs])
        for w, v in zip(windows, m[P - 1:]):
            ref = fn(w)
            assert (math.isnan(ref) and math.isnan(v)) or (
                ref == v and math.copysign(1, ref) == math.copysign(1, v)), (w, v)


def test_stddev_uses_python_pow_rounding():
    """x ** 2 and ** 0.5 go through the C library pow like Python's float pow
    (which rounds differently from x * x and sqrt in some cases)."""
    rng = random.Random(2)
    xs = [rng.uniform(-2e4, 2e4) for _ in range(400)]
    _, got = _run_single(lambda a, o: K.StdDevKernel(a, o, 1), [xs])
    want = [abs(math.fsum([x ** 2]) / 1 - (math.fsum([x]) / 1) ** 2) ** 0.5 for x in xs]
    assert list(got) == want
    _, got = _run_single(lambda a, o: K.StdDevKernel(a, o, 4, safepow=False), [xs])
    _, ref = _run_single(lambda a, o: K.StdDevKernel(a, o, 4), [xs])
    for g, r, i in zip(got[3:], ref[3:], range(3, len(xs))):
        w = xs[i - 3:i + 1]
        diff = math.fsum(v ** 2 for v in w) / 4 - (math.fsum(w) / 4) ** 2
        assert (diff >= 0 and g == r) or (diff < 0 and math.isnan(g))


def test_input_minperiod_is_respected_and_can_be_overridden():
    xs = [float(i) for i in range(1, 21)]
    src = LineBuffer()
    src._minperiod = 4
    out = LineBuffer()
    k = K.SMAKernel(src, out, 3)
    assert k.minperiod == 6 and k.minperiods == (6,)
    for i, x in enumerate(xs):
        # values before the input's minperiod are garbage: never read
        src.forward(x if i >= 3 else 1e9)
        out.forward()
        k.py_next()
    got = out.array
    assert np.isnan(got[:5]).all()
    assert list(got[5:]) == [math.fsum(xs[i - 2:i + 1]) / 3 for i in range(5, 20)]
    k2 = K.CrossOverKernel(LineBuffer(), LineBuffer(), LineBuffer(), inminperiods=(3, 7))
    assert k2.minperiod == 8
    k3 = K.MACDKernel(LineBuffer(), LineBuffer(), LineBuffer(), LineBuffer(),
                      inminperiods=(2,))
    assert k3.minperiods == (27, 35, 35) and k3.minperiod == 35
    k4 = K.StdDevKernel(LineBuffer(), LineBuffer(), 5, mean=LineBuffer(),
                        inminperiods=(1, 9))
    assert k4.minperiod == 9


def test_reset_restarts_from_bar_one():
    xs = [float(v) for v in (3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5)]
    src, out = LineBuffer(), LineBuffer()
    k = K.EMAKernel(src, out, 3)
    first = None
    for _ in range(2):
        src.reset()
        out.reset()
        for x in xs:
            src.forward(x)
            out.forward()
            k.py_next()
        if first is None:
            first = out.array.copy()
    assert np.array_equal(first, out.array, equal_nan=True)


KERNELS_WITH_PERIOD = [
    ("SMAKernel", 1, 1, {}),
    ("EMAKernel", 1, 1, {}),
    ("SMMAKernel", 1, 1, {}),
    ("ExpSmoothingKernel", 1, 1, {}),
    ("WMAKernel", 1, 1, {}),
    ("SumNKernel", 1, 1, {}),
    ("HighestKernel", 1, 1, {}),
    ("LowestKernel", 1, 1, {}),
    ("StdDevKernel", 1, 1, {}),
    ("UpDayKernel", 1, 1, {}),
    ("DownDayKernel", 1, 1, {}),
    ("RSIKernel", 1, 1, {}),
    ("ATRKernel", 3, 1, {}),
    ("StochKKernel", 3, 1, {}),
]


@pytest.mark.parametrize("kname,nin,nout,extra", KERNELS_WITH_PERIOD,
                         ids=[k[0] for k in KERNELS_WITH_PERIOD])
@pytest.mark.parametrize("bad", [0, -3])
def test_period_below_one_raises(kname, nin, nout, extra, bad):
    bufs = [LineBuffer() for _ in range(nin + nout)]
    with pytest.raises(ValueError) as err:
        getattr(K, kname)(*bufs, period=bad, **extra)
    assert kname in str(err.value) and "'period'" in str(err.value)


@pytest.mark.parametrize("param", ["period_me1", "period_me2", "period_signal"])
def test_macd_periods_below_one_raise(param):
    bufs = [LineBuffer() for _ in range(4)]
    with pytest.raises(ValueError, match="MACDKernel.*'%s'" % param):
        K.MACDKernel(*bufs, **{param: 0})


def test_other_bad_arguments_raise_clear_errors():
    a, b = LineBuffer(), LineBuffer()
    with pytest.raises(ValueError, match="RSIKernel.*'lookback'"):
        K.RSIKernel(a, b, lookback=0)
    with pytest.raises(ValueError, match="RSIKernel.*'movav'"):
        K.RSIKernel(a, b, movav="hull")
    with pytest.raises(TypeError, match="SMAKernel.*'period'"):
        K.SMAKernel(a, b, 2.5)
    with pytest.raises(TypeError, match="SMAKernel.*'src'.*LineBuffer"):
        K.SMAKernel([1.0, 2.0], b, 2)
    with pytest.raises(ValueError, match="SMAKernel.*inminperiods"):
        K.SMAKernel(a, b, 2, inminperiods=(1, 2))
    with pytest.raises(ValueError, match="SMAKernel.*once"):
        K.SMAKernel(a, b, 2).py_once(0, 5)
    with pytest.raises(TypeError):
        K.Kernel()
