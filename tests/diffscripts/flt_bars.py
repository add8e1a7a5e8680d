"""Filter scenarios: the bars a strategy sees through each of ``bt.filters``.

``--case NAME`` picks a scenario of ``CASES``: a generated CSV source (daily
bars with gaps, or minute bars of three sessions with pre/post-market bars and
gaps) with filters attached the ways upstream allows (``data.addfilter``,
``addfilter_simple``, the ``filters`` param, a filtering feed), plain or
replayed. At each ``next`` the strategy records, for every data, its length,
stamp and OHLCV, an SMA(3) over it, its own length, and it trades on data0.
Runs unchanged on upstream backtrader and on ours; the result is JSON.
"""
import argparse
import datetime as dt
import json
import os
import random
import shutil
import tempfile

import backtrader as bt

TF = bt.TimeFrame
SESSION = dict(sessionstart=dt.time(9, 30), sessionend=dt.time(11, 0))


def _stamps(kind, rng):
    out = []
    if kind == 'daily':
        day = dt.datetime(2021, 1, 4)
        while len(out) < 160:
            if day.weekday() < 5 and rng.random() > 0.08:
                out.append(day)
            day += dt.timedelta(days=1)
    else:   # minutes, 09:20 to 11:10 on three days, gaps inside
        for d in (dt.date(2021, 3, 2), dt.date(2021, 3, 3), dt.date(2021, 3, 5)):
            t = dt.datetime.combine(d, dt.time(9, 20))
            while t <= dt.datetime.combine(d, dt.time(11, 10)):
                if rng.random() > 0.2:
                    out.append(t)
                t += dt.timedelta(minutes=1)
    return out


def write_source(kind, path):
    rng = random.Random('flt-' + kind)
    stamps = _stamps(kind, rng)
    fmt = '%Y-%m-%d' if kind == 'daily' else '%Y-%m-%d %H:%M:%S'
    price = 50.0
    with open(path, 'w') as fh:
        fh.write('datetime,open,high,low,close,volume,openinterest\n')
        for stamp in stamps:
            o = round(price + rng.uniform(-0.4, 0.4), 2)
            c = round(o + rng.uniform(-1.5, 1.5), 2)
            h = round(max(o, c) + rng.uniform(0, 0.6), 2)
            lo = round(min(o, c) - rng.uniform(0, 0.6), 2)
            fh.write('%s,%.2f,%.2f,%.2f,%.2f,%d,%d\n'
                     % (stamp.strftime(fmt), o, h, lo, c, rng.randint(1, 999), rng.randint(0, 9)))
            price = c
    return fmt


class OddVolume(object):
    """A user filter with arguments: drops bars whose volume is a multiple of ``k``."""

    def __init__(self, data, k=3):
        self.k = k

    def __call__(self, data):
        if int(data.volume[0]) % self.k == 0:
            data.backwards()
            return True
        return False


def odd_volume(data, k):
    """The same as a plain callable given to ``addfilter`` with an argument."""
    if int(data.volume[0]) % k == 0:
        data.backwards()
        return True
    return False


class Doubler(object):
    """A user filter that stacks a copy of every third bar and has a ``last``."""

    def __init__(self, data):
        self.n = 0

    def __call__(self, data):
        self.n += 1
        if self.n % 3 == 0:
            data._save2stack(erase=True)
            bar = [line[0] for line in data.itersize()]
            data._add2stack(bar)
            data._add2stack([x for x in data._barstack[0]])
            return True
        return False

    def last(self, data):
        return False


F = bt.filters
# name: (source, feed kwargs, [(how, what, args, kwargs)]); how: 'addfilter',
# 'simple', 'param' (the feed's filters param), 'feed' (a filtering feed),
# 'replay' (cerebro.replaydata with kwargs), 'add2' (the source added as well)
CASES = {
    'session_filter': ('minutes', SESSION, [('addfilter', F.SessionFilter, (), {})]),
    'session_filter_simple': ('minutes', SESSION, [('simple', F.SessionFilterSimple, (), {})]),
    'session_filler': ('minutes', SESSION, [('addfilter', F.SessionFilter, (), {}),
                                            ('addfilter', F.SessionFiller, (), {})]),
    'session_filler_first': ('minutes', SESSION, [
        ('addfilter', F.SessionFilter, (), {}),
        ('addfilter', F.SessionFiller, (), dict(skip_first_fill=False, fill_price=49.5,
                                                 fill_vol=0.0))]),
    'session_filler_raw': ('minutes', SESSION, [('addfilter', F.SessionFiller, (), {})]),
    'calendar_close': ('daily', {}, [('addfilter', F.CalendarDays, (), dict(fill_price=0))]),
    'calendar_mid': ('daily', {}, [('addfilter', F.CalendarDays, (), dict(fill_price=-1,
                                                                          fill_vol=1.0))]),
    'calendar_fixed': ('daily', {}, [('addfilter', F.CalendarDays, (), dict(fill_price=40.0))]),
    'heikinashi': ('daily', {}, [('addfilter', F.HeikinAshi, (), {})]),
    'heikinashi_param': ('daily', dict(filters=[F.HeikinAshi]), []),
    'renko': ('daily', {}, [('addfilter', F.Renko, (), dict(size=1.0))]),
    'renko_hilo': ('daily', {}, [('addfilter', F.Renko, (), dict(size=1.5, hilo=True))]),
    'renko_auto': ('daily', {}, [('addfilter', F.Renko, (), dict(autosize=30.0, align=0.5))]),
    'renko_dynamic': ('daily', {}, [('addfilter', F.Renko, (), dict(autosize=40.0,
                                                                    dynamic=True))]),
    'bar_replayer_open': ('daily', {}, [('addfilter', F.BarReplayer_Open, (), {})]),
    'day_steps': ('daily', {}, [('addfilter', F.DayStepsFilter, (), {})]),
    'day_splitter': ('daily', {}, [('addfilter', F.DaySplitter_Close, (), {}),
                                   ('replay', None, (), dict(timeframe=TF.Days))]),
    'day_splitter_vol': ('daily', {}, [('addfilter', F.DaySplitter_Close, (),
                                        dict(closevol=0.25)),
                                       ('replay', None, (), dict(timeframe=TF.Days))]),
    'data_filter': ('daily', {}, [('feed', F.DataFilter, (),
                                   dict(funcfilter=lambda d: d.close[0] > d.open[0]))]),
    # the same bars through upstream's own machinery: the oracle for DataFilter
    'data_filter_ref': ('daily', {}, [('simple', lambda d: not d.close[0] > d.open[0], (), {})]),
    'user_class_args': ('daily', {}, [('addfilter', OddVolume, (), dict(k=4))]),
    'user_callable_args': ('daily', {}, [('addfilter', odd_volume, (5,), {})]),
    'user_stacker': ('daily', {}, [('addfilter', Doubler, (), {})]),
    'filter_then_heikin': ('minutes', SESSION, [('simple', F.SessionFilterSimple, (), {}),
                                                ('addfilter', F.HeikinAshi, (), {})]),
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
                        _num(d.open[0]), _num(d.high[0]), _num(d.low[0]), _num(d.close[0]),
                        _num(d.volume[0]), _num(d.openinterest[0]), _num(sma[0])])
        self.rows.append(row)
        if len(self.rows) % 7 == 0:
            self.buy(size=1) if not self.position else self.close()


def build(case, path, fmt, cerebro):
    source, feedkw, ops = CASES[case]
    tf = TF.Days if source == 'daily' else TF.Minutes
    data = bt.feeds.GenericCSVData(dataname=path, dtformat=fmt, timeframe=tf, datetime=0,
                                   open=1, high=2, low=3, close=4, volume=5,
                                   openinterest=6, **feedkw)
    added = False
    for how, what, args, kwargs in ops:
        if how == 'addfilter':
            data.addfilter(what, *args, **kwargs)
        elif how == 'simple':
            data.addfilter_simple(what, *args, **kwargs)
        elif how == 'feed':
            data = what(dataname=data, **kwargs)
        elif how == 'replay':
            cerebro.replaydata(data, **kwargs)
            added = True
    if not added:
        cerebro.adddata(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--case', required=True)
    ap.add_argument('--runonce', type=int, default=1)
    ap.add_argument('--preload', type=int, default=1)
    ap.add_argument('--exactbars', type=int, default=0)
    ap.add_argument('--out', required=True)
    opts = ap.parse_args()
    source = CASES[opts.case][0]
    tmp = tempfile.mkdtemp(prefix='flt-bars-')
    try:
        path = os.path.join(tmp, source + '.csv')
        fmt = write_source(source, path)
        cerebro = bt.Cerebro(stdstats=False, runonce=bool(opts.runonce),
                             preload=bool(opts.preload), exactbars=opts.exactbars)
        build(opts.case, path, fmt, cerebro)
        cerebro.addstrategy(Recorder)
        strat = cerebro.run()[0]
        result = {'meta': {'bt_file': bt.__file__}, 'bars': strat.rows,
                  'orders': strat.orders, 'value': cerebro.broker.getvalue()}
    finally:
        shutil.rmtree(tmp, True)
    with open(opts.out, 'w') as fh:
        json.dump(result, fh)


if __name__ == '__main__':
    main()
