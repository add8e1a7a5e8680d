"""Deterministic OHLCV data for the differential scenarios.

Prices follow a seeded geometric random walk with opening gaps, so that
orders priced near the close regularly gap through their limit / stop.
Files use backtrader's generic CSV layout::

    Date,Open,High,Low,Close,Volume,OpenInterest

Daily files carry a date only (``%Y-%m-%d``); minute files carry a full
timestamp (``%Y-%m-%d %H:%M:%S``) on a 09:30-16:00 weekday session.

Only the standard library is used, so the output is the same on every
machine and Python version (``random.Random`` is stable for a given seed).
"""
import datetime as _dt
import math
import os
import random

HEADER = "Date,Open,High,Low,Close,Volume,OpenInterest\n"

DAILY_FMT = "%Y-%m-%d"
MINUTE_FMT = "%Y-%m-%d %H:%M:%S"


def _weekdays(start):
    """Yield weekdays from ``start`` (a date) onwards."""
    day = start
    one = _dt.timedelta(days=1)
    while True:
        if day.weekday() < 5:
            yield day
        day += one


def daily_stamps(n, start=_dt.date(2015, 1, 2)):
    """``n`` consecutive weekday dates as strings."""
    out = []
    for day in _weekdays(start):
        if len(out) == n:
            break
        out.append(day.strftime(DAILY_FMT))
    return out


def minute_stamps(n, start=_dt.date(2020, 3, 2), first="09:31", per_day=390):
    """``n`` one-minute stamps, ``per_day`` bars per weekday from ``first``."""
    hh, mm = (int(x) for x in first.split(":"))
    out = []
    for day in _weekdays(start):
        t0 = _dt.datetime.combine(day, _dt.time(hh, mm))
        for i in range(per_day):
            if len(out) == n:
                return out
            out.append((t0 + _dt.timedelta(minutes=i)).strftime(MINUTE_FMT))
    return out


def random_walk(n, seed, start=100.0, vol=0.015, gap=0.006, decimals=2):
    """Return ``n`` rows ``(open, high, low, close, volume)``.

    Guarantees positive prices, ``high >= max(open, close)`` and
    ``low <= min(open, close)`` after rounding to ``decimals``.
    """
    rng = random.Random(seed)
    tick = 10.0 ** -decimals
    rows = []
    prev = start
    for _ in range(n):
        o = round(max(prev * math.exp(rng.gauss(0.0, gap)), tick), decimals)
        c = round(max(o * math.exp(rng.gauss(0.0, vol)), tick), decimals)
        top, bot = max(o, c), min(o, c)
        h = round(top * (1.0 + abs(rng.gauss(0.0, vol / 2))), decimals)
        lo = round(bot * (1.0 - abs(rng.gauss(0.0, vol / 2))), decimals)
        h = max(h, top)
        lo = max(min(lo, bot), tick)
        v = rng.randint(100, 10000)
        rows.append((o, h, lo, c, v))
        prev = c
    return rows


def write_csv(path, stamps, rows, decimals=2):
    """Write stamps and OHLCV rows as a generic CSV file; return ``path``."""
    fmt = "{},{:.%df},{:.%df},{:.%df},{:.%df},{},0\n" % ((decimals,) * 4)
    with open(path, "w", newline="") as fh:
        fh.write(HEADER)
        for stamp, (o, h, lo, c, v) in zip(stamps, rows):
            fh.write(fmt.format(stamp, o, h, lo, c, v))
    return path


# name -> (kind, bars, seed, first day, start price, decimals)
DATASETS = {
    "daily": ("daily", 520, 11, _dt.date(2015, 1, 2), 100.0, 2),
    # starts later and ends earlier than "daily" (scenario e)
    "daily_short": ("daily", 330, 23, _dt.date(2015, 5, 4), 50.0, 2),
    "minute": ("minute", 1600, 37, _dt.date(2020, 3, 2), 2500.0, 2),
    "minute_fine": ("minute", 900, 41, _dt.date(2020, 3, 2), 13.5, 4),
}


def write_dataset(name, folder):
    """Write dataset ``name`` into ``folder`` and return the file path."""
    kind, n, seed, first, price, decimals = DATASETS[name]
    if kind == "daily":
        stamps = daily_stamps(n, first)
    else:
        stamps = minute_stamps(n, first)
    rows = random_walk(n, seed, start=price, decimals=decimals)
    return write_csv(os.path.join(folder, name + ".csv"), stamps, rows, decimals)


def write_all(folder):
    """Write every dataset into ``folder``; return ``{name: path}``."""
    os.makedirs(folder, exist_ok=True)
    return {name: write_dataset(name, folder) for name in DATASETS}


if __name__ == "__main__":
    import sys

    for name, path in write_all(sys.argv[1] if len(sys.argv) > 1 else ".").items():
        print(name, path)
