"""Resampling and replay scenarios: the bars a strategy sees, bar by bar.

``--case NAME`` picks a scenario of ``CASES``: a generated CSV source (daily,
minute, second or tick bars) added to Cerebro once or several times, plain,
resampled or replayed with the given params. At each ``next`` the strategy
records, for every data, its length, stamp and OHLCV, an SMA(3) over it, its
own length, and it trades on data0 (orders recorded as they are notified).
Runs unchanged on upstream backtrader and on ours; the result is JSON.
"""
import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile

import backtrader as bt

TF = bt.TimeFrame


def _walk(rng, n):
    price = 100.0
    rows = []
    for _ in range(n):
        o = round(price + rng.uniform(-0.3, 0.3), 2)
        c = round(o + rng.uniform(-1, 1), 2)
        h = round(max(o, c) + rng.uniform(0, 0.5), 2)
        lo = round(min(o, c) - rng.uniform(0, 0.5), 2)
        rows.append((o, h, lo, c, rng.randint(1, 500)))
        price = c
    return rows


def _stamps(kind, rng):
    """The stamps of a source: business days, minutes of 3 sessions with gaps,
    seconds of 40 minutes with gaps, or ticks with microsecond offsets (some
    repeated)."""
    out = []
    if kind == 'daily':
        day = dt.datetime(2019, 12, 23)
        while len(out) < 420:
            if day.weekday() < 5 and rng.random() > 0.03:
                out.append(day)
            day += dt.timedelta(days=1)
    elif kind in ('minutes', 'minutes_dup'):
        for d in (dt.date(2020, 3, 5), dt.date(2020, 3, 6), dt.date(2020, 3, 9)):
            t = dt.datetime.combine(d, dt.time(9, 30))
            end = dt.datetime.combine(d, dt.time(11, 0))
            while t <= end:
                if rng.random() > 0.15:
                    out.append(t)
                    if kind == 'minutes_dup' and t.minute % 5 == 0 and rng.random() > 0.5:
                        out.append(t)       # a repeated stamp on a block edge
                t += dt.timedelta(minutes=1)
    elif kind == 'seconds':
        t = dt.datetime(2020, 3, 5, 9, 58, 0)
        while t < dt.datetime(2020, 3, 5, 10, 38):
            if rng.random() > 0.2:
                out.append(t)
            t += dt.timedelta(seconds=1)
    elif kind == 'ticks':
        t = dt.datetime(2020, 3, 5, 10, 0, 0, 250)
        for _ in range(1500):
            out.append(t)
            if rng.random() > 0.1:
                t += dt.timedelta(microseconds=rng.randint(1, 900000))
    return out


def write_source(kind, path):
    rng = random.Random(kind)
    stamps = _stamps(kind, rng)
    fmt = {'daily': '%Y-%m-%d', 'ticks': '%Y-%m-%d %H:%M:%S.%f'}.get(kind, '%Y-%m-%d %H:%M:%S')
    with open(path, 'w') as fh:
        fh.write('datetime,open,high,low,close,volume,openinterest\n')
        for stamp, (o, h, lo, c, v) in zip(stamps, _walk(rng, len(stamps))):
            fh.write('%s,%.2f,%.2f,%.2f,%.2f,%d,0\n' % (stamp.strftime(fmt), o, h, lo, c, v))
    return fmt


SOURCE_TF = {'daily': (TF.Days, 1), 'minutes': (TF.Minutes, 1), 'minutes_dup': (TF.Minutes, 1),
             'seconds': (TF.Seconds, 1), 'ticks': (TF.Ticks, 1)}

M, D = TF.Minutes, TF.Days
# name: (source, [(how, params)]); how is 'add', 'resample' or 'replay'
CASES = {
    'days_weeks': ('daily', [('resample', dict(timeframe=TF.Weeks))]),
    'days_months': ('daily', [('resample', dict(timeframe=TF.Months))]),
    'days_years': ('daily', [('resample', dict(timeframe=TF.Years))]),
    'days_weeks2': ('daily', [('resample', dict(timeframe=TF.Weeks, compression=2))]),
    'days_days3': ('daily', [('resample', dict(timeframe=D, compression=3))]),
    'days_mixed': ('daily', [('add', {}), ('resample', dict(timeframe=TF.Weeks)),
                             ('resample', dict(timeframe=TF.Months))]),
    'min_5min': ('minutes', [('resample', dict(timeframe=M, compression=5))]),
    'min_days': ('minutes', [('resample', dict(timeframe=D))]),
    'min_mixed': ('minutes', [('add', {}), ('resample', dict(timeframe=M, compression=15)),
                              ('resample', dict(timeframe=D))]),
    'min_15_nobar2edge': ('minutes', [('add', {}), ('resample', dict(
        timeframe=M, compression=15, bar2edge=False))]),
    'min_15_noadj': ('minutes', [('add', {}), ('resample', dict(
        timeframe=M, compression=15, adjbartime=False))]),
    'min_15_leftedge': ('minutes', [('add', {}), ('resample', dict(
        timeframe=M, compression=15, rightedge=False))]),
    # mixed with the source, upstream fails here (min() of no stamps in its loop)
    'min_15_boundoff': ('minutes', [('resample', dict(timeframe=M, compression=15,
                                                      boundoff=5))]),
    'min_5_late': ('minutes_dup', [('resample', dict(timeframe=M, compression=5))]),
    'min_5_notlate': ('minutes_dup', [('resample', dict(timeframe=M, compression=5,
                                                        takelate=False))]),
    'sec_min': ('seconds', [('resample', dict(timeframe=M))]),
    'sec_5min_mixed': ('seconds', [('add', {}), ('resample', dict(timeframe=M, compression=5))]),
    'ticks_sec': ('ticks', [('resample', dict(timeframe=TF.Seconds))]),
    'ticks_5sec': ('ticks', [('resample', dict(timeframe=TF.Seconds, compression=5))]),
    'ticks_min': ('ticks', [('resample', dict(timeframe=M))]),
    'ticks_sec_noadj': ('ticks', [('resample', dict(timeframe=TF.Seconds, adjbartime=False))]),
    'replay_days_weeks': ('daily', [('replay', dict(timeframe=TF.Weeks))]),
    'replay_min_15': ('minutes', [('replay', dict(timeframe=M, compression=15))]),
    'replay_min_days': ('minutes', [('replay', dict(timeframe=D))]),
    'replay_min_15_adj': ('minutes', [('replay', dict(timeframe=M, compression=15,
                                                      adjbartime=True))]),
    'replay_mixed': ('minutes', [('add', {}), ('replay', dict(timeframe=M, compression=30))]),
}


def _num(x):
    return None if x != x else x


class Recorder(bt.Strategy):
    def __init__(self):
        self.smas = [bt.indicators.SMA(d.close, period=3) for d in self.datas]
        self.rows, self.orders = [], []

    def notify_order(self, order):
        self.orders.append([len(self), order.getstatusname(), order.size,
                            _num(order.executed.price), _num(order.executed.size)])

    def next(self):
        row = [len(self)]
        for d, sma in zip(self.datas, self.smas):
            row.append([len(d), repr(d.datetime[0]), d.datetime.datetime(0).isoformat(),
                        d.open[0], d.high[0], d.low[0], d.close[0], d.volume[0],
                        _num(sma[0])])
        self.rows.append(row)
        d0 = self.datas[-1]
        if len(self.rows) % 7 == 0:
            self.buy(data=d0, size=1) if not self.position else self.close(data=d0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--case', required=True)
    ap.add_argument('--runonce', type=int, default=1)
    ap.add_argument('--preload', type=int, default=1)
    ap.add_argument('--exactbars', type=int, default=0)
    ap.add_argument('--out', required=True)
    opts = ap.parse_args()
    source, ops = CASES[opts.case]
    tmp = tempfile.mkdtemp(prefix='rs-bars-')
    try:
        path = os.path.join(tmp, source + '.csv')
        fmt = write_source(source, path)
        tf, comp = SOURCE_TF[source]
        data = bt.feeds.GenericCSVData(dataname=path, dtformat=fmt, timeframe=tf,
                                       compression=comp, datetime=0, open=1, high=2,
                                       low=3, close=4, volume=5, openinterest=6)
        cerebro = bt.Cerebro(stdstats=False, runonce=bool(opts.runonce),
                             preload=bool(opts.preload), exactbars=opts.exactbars)
        for how, kwargs in ops:
            if how == 'add':
                cerebro.adddata(data)
            elif how == 'resample':
                cerebro.resampledata(data, **kwargs)
            else:
                cerebro.replaydata(data, **kwargs)
        cerebro.addstrategy(Recorder)
        strat = cerebro.run()[0]
        result = {'meta': {'bt_file': bt.__file__}, 'bars': strat.rows,
                  'orders': strat.orders, 'value': cerebro.broker.getvalue(),
                  'datas': [[d._timeframe, d._compression] for d in cerebro.datas]}
    finally:
        shutil.rmtree(tmp, True)
    with open(opts.out, 'w') as fh:
        json.dump(result, fh)


if __name__ == '__main__':
    main()
