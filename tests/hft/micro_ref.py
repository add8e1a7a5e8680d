"""Plain numpy references and a runner for the tests of bt.hft.indicators.

The references are written from the indicators' documented formulas, one loop or one numpy
expression each, with exact sums (math.fsum) over explicit windows: no code of the package."""
import math

import numpy as np

import backtrader as bt

NAN = float('nan')
T0 = 1_700_000_000_000_000_000       # ns, the start of the generated streams


def stamps(rng, n, gap, start=T0):
    """``n`` increasing int64 ns stamps after ``start``, each gap drawn from 1 .. gap - 1 ns."""
    return start + np.cumsum(rng.integers(1, gap, n)).astype(np.int64)


def cent_walk(rng, n, step):
    """``n`` prices walking from 100 in whole cents, each move drawn from -step .. step cents."""
    return np.round(100 + 0.01 * rng.integers(-step, step + 1, n).cumsum(), 2)


def price_stream(seed, n, gap, step):
    """A generated stream: its random generator (for more columns), ``stamps`` and
    ``cent_walk`` prices."""
    rng = np.random.default_rng(seed)
    return rng, stamps(rng, n, gap), cent_walk(rng, n, step)


def run_lines(datas, build, runonce, **cerebro_kw):
    """Run a strategy whose ``__init__`` calls ``build(strategy) -> {name: line}``; the arrays."""
    class S(bt.Strategy):
        def __init__(self):
            self.made = build(self)

    c = bt.Cerebro(stdstats=False, **cerebro_kw)
    for d in datas:
        c.adddata(d)
    c.addstrategy(S)
    s = c.run(runonce=runonce)[0]
    return {k: np.array(v.array, dtype=float) for k, v in s.made.items()}


def windows(ts, period=None, span=None):
    """Per position i the slice start of its window: the last ``period`` items, or those with
    ts > ts[i] - span; and whether it is warmed up (count full / a whole span since ts[0])."""
    n = len(ts)
    out = []
    for i in range(n):
        if span is None:
            lo = i - period + 1
            out.append((max(lo, 0), lo >= 0))
        else:
            lo = int(np.searchsorted(ts, ts[i] - span, side='right'))
            out.append((lo, ts[i] - ts[0] >= span))
    return out


def asof(t_clock, t_other, x_other):
    """Value of the other series at or before each clock time (NaN before its first)."""
    at = np.searchsorted(t_other, t_clock, side='right') - 1
    return np.where(at >= 0, np.asarray(x_other)[np.maximum(at, 0)], NAN)


def assert_close(got, want, rtol=1e-9, atol=1e-12, what=''):
    got = np.asarray(got, dtype=float)
    want = np.asarray(want, dtype=float)
    assert got.shape == want.shape, (what, got.shape, want.shape)
    nan_g, nan_w = np.isnan(got), np.isnan(want)
    bad = np.flatnonzero(nan_g != nan_w)
    assert not len(bad), '%s: NaN mismatch at %s (got %r, want %r)' % (
        what, bad[:5], got[bad[:5]], want[bad[:5]])
    ok = ~nan_w
    np.testing.assert_allclose(got[ok], want[ok], rtol=rtol, atol=atol, err_msg=what)


def fsum_window(values, ts, period=None, span=None):
    """Exact window sums of ``values`` (stamped ``ts``), NaN until warmed up."""
    out = []
    for i, (lo, ready) in enumerate(windows(ts, period, span)):
        out.append(math.fsum(values[lo:i + 1]) if ready else NAN)
    return np.array(out)
