"""Regenerate ``samples/data/daily-ohlcv.csv``: ten years of synthetic daily bars.

A geometric random walk with a fixed seed (so the file is reproducible), written
in backtrader's generic CSV layout: Date,Open,High,Low,Close,Volume,OpenInterest.
"""
import datetime
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'data', 'daily-ohlcv.csv')


def make(path=OUT, start=datetime.date(2010, 1, 4), years=10, seed=20101):
    rng = np.random.default_rng(seed)
    days = []
    day = start
    while day < start.replace(year=start.year + years):
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    n = len(days)
    rets = rng.normal(0.0003, 0.012, n)
    close = 100.0 * np.exp(np.cumsum(rets))
    opens = np.empty(n)
    opens[0] = 100.0
    opens[1:] = close[:-1] * np.exp(rng.normal(0.0, 0.004, n - 1))
    wick = np.abs(rng.normal(0.0, 0.006, (2, n)))
    high = np.maximum(opens, close) * (1.0 + wick[0])
    low = np.minimum(opens, close) * (1.0 - wick[1])
    volume = rng.integers(100000, 2000000, n)
    with open(path, 'w') as fh:
        fh.write('Date,Open,High,Low,Close,Volume,OpenInterest\n')
        for i in range(n):
            fh.write('%s,%.2f,%.2f,%.2f,%.2f,%d,0\n' % (
                days[i].isoformat(), opens[i], high[i], low[i], close[i], volume[i]))
    return path


if __name__ == '__main__':
    print('wrote', make())
