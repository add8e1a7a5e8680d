"""Generate the deterministic benchmark data into ``bench/data/``.

Files (sizes adjustable for quick trials):

- ``bars_200k.csv``: 200,000 one-minute OHLCV bars, generic CSV layout
  ``Date,Open,High,Low,Close,Volume,OpenInterest`` with
  ``Date`` = ``YYYY-MM-DD HH:MM:SS`` (UTC, 24/7 minutes from 2020-01-01).
- ``bars_2m.csv``: 2,000,000 bars in the same layout (exactbars memory test).
- ``ticks_1m.csv``: 1,000,000 trade ticks ``timestamp_ns,price,size``:
  int64 nanoseconds since the epoch (UTC, non-decreasing, about 5% of the
  ticks share the stamp of the previous one), price on a 0.01 grid, integer
  size.

Usage: ``python bench/gen_data.py [--bars N] [--big-bars N] [--ticks N]
[--out DIR] [--force]``.  Existing files of the right size are kept.
"""
import argparse
import datetime as dt
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240101
BAR_START = np.datetime64("2020-01-01T00:00:00", "s")
TICK_START_NS = int(dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc).timestamp()) * 10**9


def make_bars(n, seed=SEED, start=100.0):
    """Return (stamps as strings, open, high, low, close, volume) arrays."""
    rng = np.random.default_rng(seed)
    ret = rng.normal(0.0, 0.0008, n)
    close = np.round(start * np.exp(np.cumsum(ret)), 2)
    prev = np.concatenate(([start], close[:-1]))
    opn = np.round(prev * np.exp(rng.normal(0.0, 0.0002, n)), 2)
    top, bot = np.maximum(opn, close), np.minimum(opn, close)
    high = np.maximum(np.round(top * (1 + np.abs(rng.normal(0, 0.0004, n))), 2), top)
    low = np.minimum(np.round(bot * (1 - np.abs(rng.normal(0, 0.0004, n))), 2), bot)
    low = np.maximum(low, 0.01)
    vol = rng.integers(1, 1000, n)
    stamps = (BAR_START + np.arange(n) * np.timedelta64(60, "s")).astype(str)
    return stamps, opn, high, low, close, vol


def write_bars(path, n):
    stamps, o, h, lo, c, v = make_bars(n)
    with open(path, "w") as fh:
        fh.write("Date,Open,High,Low,Close,Volume,OpenInterest\n")
        for i in range(0, n, 100_000):
            j = min(i + 100_000, n)
            rows = zip(np.char.replace(stamps[i:j], "T", " ").tolist(), o[i:j].tolist(),
                       h[i:j].tolist(), lo[i:j].tolist(), c[i:j].tolist(), v[i:j].tolist())
            fh.write("".join("%s,%.2f,%.2f,%.2f,%.2f,%d,0\n" % r for r in rows))


def write_ticks(path, n, seed=SEED + 1):
    rng = np.random.default_rng(seed)
    gaps = rng.exponential(20e6, n).astype(np.int64) + 1
    gaps[rng.random(n) < 0.05] = 0           # same-stamp ticks
    gaps[0] = 0
    stamps = TICK_START_NS + np.cumsum(gaps)
    cents = 10_000 + np.cumsum(rng.choice([-1, 0, 0, 1], n))
    cents = np.maximum(cents, 1)
    size = rng.integers(1, 100, n)
    with open(path, "w") as fh:
        fh.write("timestamp_ns,price,size\n")
        for i in range(0, n, 100_000):
            j = min(i + 100_000, n)
            rows = zip(stamps[i:j].tolist(), cents[i:j].tolist(), size[i:j].tolist())
            fh.write("".join("%d,%d.%02d,%d\n" % (s, p // 100, p % 100, q) for s, p, q in rows))


def _rows(path):
    with open(path, "rb") as fh:
        return sum(1 for _ in fh) - 1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bars", type=int, default=200_000)
    ap.add_argument("--big-bars", type=int, default=2_000_000)
    ap.add_argument("--ticks", type=int, default=1_000_000)
    ap.add_argument("--out", default=os.path.join(HERE, "data"))
    ap.add_argument("--force", action="store_true", help="rewrite existing files")
    opts = ap.parse_args(argv)
    os.makedirs(opts.out, exist_ok=True)
    jobs = [("bars_200k.csv", opts.bars, write_bars),
            ("bars_2m.csv", opts.big_bars, write_bars),
            ("ticks_1m.csv", opts.ticks, write_ticks)]
    for name, n, writer in jobs:
        path = os.path.join(opts.out, name)
        if not opts.force and os.path.exists(path) and _rows(path) == n:
            print("kept  %s (%d rows)" % (path, n))
            continue
        writer(path, n)
        print("wrote %s (%d rows)" % (path, n))


if __name__ == "__main__":
    main()
