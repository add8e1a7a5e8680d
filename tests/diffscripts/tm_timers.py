"""Timers and trading calendars: when ``notify_timer`` is called, what the
strategy sees then, and the bars a calendar cuts.

``--case NAME`` picks a scenario of ``CASES``: a generated CSV source
(5-minute bars of business days with a missing day, or daily bars with gaps)
with data params, optional resampling, an optional trading calendar, and
timers added by Cerebro or by the strategy with each param switched. Every
timer call is recorded (owner, timer id, ``when``, the strategy's length,
the stamp of each data, the extra args); every ``next`` records the stamp
and close of each data; cheat timers buy in ``notify_timer`` with
``cheat_on_open`` so their fills show the interplay. Runs unchanged on
upstream backtrader and on ours; the result is JSON.
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
T = dt.time
TD = dt.timedelta


class _Est(dt.tzinfo):
    """UTC-5 all year, with the ``localize`` of pytz zones (pytz is not needed)."""

    def utcoffset(self, moment):
        return TD(hours=-5)

    def dst(self, moment):
        return TD(0)

    def tzname(self, moment):
        return 'EST'

    def localize(self, moment):
        return moment.replace(tzinfo=self)


EST = _Est()
HOLIDAYS = [dt.date(2020, 3, 17), dt.date(2020, 4, 10), dt.date(2020, 5, 25),
            dt.date(2020, 7, 3), dt.date(2020, 12, 25)]


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
    """5-minute bars 09:30-16:00 of business days (one holiday missing, one
    early close at 13:00), or daily bars of business days minus holidays and
    a few random gaps."""
    out = []
    if kind == 'intraday':
        day = dt.date(2020, 3, 9)
        while day < dt.date(2020, 4, 9):
            if day.weekday() < 5 and day not in HOLIDAYS:
                t = dt.datetime.combine(day, T(9, 35))
                end = dt.datetime.combine(day, T(13, 0) if day == dt.date(2020, 3, 26)
                                          else T(16, 0))
                while t <= end:
                    if rng.random() > 0.1:
                        out.append(t)
                    t += TD(minutes=5)
            day += TD(days=1)
    else:
        day = dt.datetime(2019, 12, 23)
        while day < dt.datetime(2021, 1, 20):
            if day.weekday() < 5 and day.date() not in HOLIDAYS and rng.random() > 0.08:
                out.append(day)
            day += TD(days=1)
    return out


def write_source(kind, path):
    rng = random.Random(kind)
    stamps = _stamps(kind, rng)
    fmt = '%Y-%m-%d' if kind == 'daily' else '%Y-%m-%d %H:%M:%S'
    with open(path, 'w') as fh:
        fh.write('datetime,open,high,low,close,volume,openinterest\n')
        for stamp, (o, h, lo, c, v) in zip(stamps, _walk(rng, len(stamps))):
            fh.write('%s,%.2f,%.2f,%.2f,%.2f,%d,0\n' % (stamp.strftime(fmt), o, h, lo, c, v))
    return fmt


def _even_day(day):
    return day.day % 2 == 0


SESS = dict(sessionstart=T(9, 30), sessionend=T(16, 0))
CAL = dict(holidays=HOLIDAYS, earlydays=[(dt.date(2020, 3, 26), T(9, 30), T(13, 0))],
           open=T(9, 30), close=T(16, 0))

# name: (source, data params, {'resample': ..., 'calendar': ..., 'cheat_on_open': ...},
#        [(owner, timer params, extra args)])
CASES = {
    'time': ('intraday', {}, {}, [
        ('cerebro', dict(when=T(10, 2), strats=True), ()),
        ('strat', dict(when=T(15, 30)), ())]),
    'offset': ('intraday', {}, {}, [
        ('strat', dict(when=T(10, 0), offset=TD(minutes=33)), ()),
        ('strat', dict(when=T(12, 0), offset=TD(minutes=-7)), ())]),
    'session_start': ('intraday', SESS, {}, [
        ('strat', dict(when=bt.timer.SESSION_START), ()),
        ('strat', dict(when=bt.timer.SESSION_START, offset=TD(minutes=15)), ())]),
    'session_end': ('intraday', SESS, {}, [
        ('strat', dict(when=bt.timer.SESSION_END), ()),
        ('strat', dict(when=bt.timer.SESSION_END, offset=TD(minutes=-30)), ())]),
    'repeat': ('intraday', SESS, {}, [
        ('strat', dict(when=T(10, 0), repeat=TD(minutes=45)), ()),
        ('strat', dict(when=bt.timer.SESSION_START, repeat=TD(hours=2)), ())]),
    'weekdays': ('daily', {}, {}, [
        ('strat', dict(when=T(9, 0), weekdays=[1, 3, 5]), ()),
        ('strat', dict(when=T(9, 0), weekdays=[2, 4], weekcarry=True), ())]),
    'monthdays': ('daily', {}, {}, [
        ('strat', dict(when=T(9, 0), monthdays=[1, 15, 31]), ()),
        ('strat', dict(when=T(9, 0), monthdays=[3, 10, 20], monthcarry=False), ())]),
    'month_week': ('daily', {}, {}, [
        ('strat', dict(when=T(9, 0), monthdays=[5, 20], weekdays=[1, 2, 3],
                       weekcarry=True), ())]),
    'allow': ('daily', {}, {}, [
        ('strat', dict(when=T(9, 0), allow=_even_day), ()),
        ('cerebro', dict(when=T(9, 0), allow=_even_day, weekdays=[5], weekcarry=True,
                         strats=True), ())]),
    'tzdata': ('intraday', dict(tz=EST), {}, [
        ('strat', dict(when=T(11, 0), tzdata='data0'), ()),
        ('strat', dict(when=T(11, 0), tzdata=EST), ()),
        ('strat', dict(when=T(11, 0)), ()),
        ('strat', dict(when=bt.timer.SESSION_END, offset=TD(minutes=-60)), ())]),
    'cheat': ('daily', {}, {'cheat_on_open': True}, [
        ('strat', dict(when=T(0, 0), cheat=True, weekdays=[1]), ()),
        ('strat', dict(when=T(0, 0), weekdays=[4]), ())]),
    'args': ('intraday', {}, {}, [
        ('strat', dict(when=T(12, 0)), ('a', 2)),
        ('cerebro', dict(when=T(13, 0), strats=True, x=1, y='b'), ())]),
    'calendar_eos': ('intraday', SESS, {'calendar': CAL}, [
        ('strat', dict(when=bt.timer.SESSION_END, offset=TD(minutes=-15)), ()),
        ('strat', dict(when=T(10, 0), repeat=TD(hours=1)), ())]),
    'calendar_days': ('intraday', SESS, {'calendar': CAL,
                                         'resample': dict(timeframe=TF.Days)}, []),
    'calendar_weeks': ('daily', {}, {'calendar': dict(holidays=HOLIDAYS),
                                     'resample': dict(timeframe=TF.Weeks)}, []),
    'calendar_months': ('daily', {}, {'calendar': dict(holidays=HOLIDAYS),
                                      'resample': dict(timeframe=TF.Months)}, []),
    'calendar_years': ('daily', {}, {'calendar': dict(holidays=HOLIDAYS),
                                     'resample': dict(timeframe=TF.Years)}, []),
    'calendar_feed': ('daily', {'calendar': 'feed'}, {'resample': dict(timeframe=TF.Weeks)},
                      []),
}


def _num(x):
    return None if x != x else x


def _record(calls, owner, strat, timer, when, args, kwargs):
    calls.append([owner, timer.p.tid, when.isoformat(), len(strat) if strat is not None else None,
                  [d.datetime.datetime(0).isoformat() if len(d) else None
                   for d in strat.datas] if strat is not None else None,
                  list(args), sorted(kwargs.items())])


class RecCerebro(bt.Cerebro):
    def notify_timer(self, timer, when, *args, **kwargs):
        strat = self.runningstrats[0] if getattr(self, 'runningstrats', None) else None
        _record(self.calls, 'cerebro', strat, timer, when, args, kwargs)


class Recorder(bt.Strategy):
    params = (('timers', ()),)

    def __init__(self):
        self.rows, self.orders = [], []
        for kwargs, extra in self.p.timers:
            kwargs = dict(kwargs)
            if kwargs.get('tzdata') == 'data0':
                kwargs['tzdata'] = self.data0
            kwargs.update(('k%d' % i, a) for i, a in enumerate(extra))
            self.add_timer(**kwargs)

    def notify_timer(self, timer, when, *args, **kwargs):
        _record(self.cerebro.calls, 'strat', self, timer, when, args, kwargs)
        if timer.p.cheat:
            self.buy(size=1)
        elif self.position and not kwargs:
            self.close()

    def notify_order(self, order):
        self.orders.append([len(self), order.getstatusname(), order.size,
                            _num(order.executed.price), _num(order.executed.size)])

    def next(self):
        self.rows.append([len(self)] + [[len(d), d.datetime.datetime(0).isoformat(),
                                          d.close[0]] for d in self.datas])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--case', required=True)
    ap.add_argument('--runonce', type=int, default=1)
    ap.add_argument('--preload', type=int, default=1)
    ap.add_argument('--exactbars', type=int, default=0)
    ap.add_argument('--out', required=True)
    opts = ap.parse_args()
    source, dkwargs, setup, timers = CASES[opts.case]
    tmp = tempfile.mkdtemp(prefix='tm-timers-')
    try:
        path = os.path.join(tmp, source + '.csv')
        fmt = write_source(source, path)
        tf, comp = (TF.Days, 1) if source == 'daily' else (TF.Minutes, 5)
        dkwargs = dict(dkwargs)
        if dkwargs.get('calendar') == 'feed':
            dkwargs['calendar'] = bt.TradingCalendar(holidays=HOLIDAYS)
        data = bt.feeds.GenericCSVData(dataname=path, dtformat=fmt, timeframe=tf,
                                       compression=comp, datetime=0, open=1, high=2,
                                       low=3, close=4, volume=5, openinterest=6, **dkwargs)
        cerebro = RecCerebro(stdstats=False, runonce=bool(opts.runonce),
                             preload=bool(opts.preload), exactbars=opts.exactbars,
                             cheat_on_open=setup.get('cheat_on_open', False))
        cerebro.calls = []
        if 'calendar' in setup:
            cerebro.addcalendar(bt.TradingCalendar(**setup['calendar']))
        if 'resample' in setup:
            cerebro.resampledata(data, **setup['resample'])
        else:
            cerebro.adddata(data)
        strat_timers = []
        for owner, kwargs, args in timers:
            if owner == 'strat':        # extra args go as keywords k0, k1, ...
                strat_timers.append((kwargs, args))
            else:                       # upstream's add_timer takes no *args either
                cerebro.add_timer(**kwargs)
        cerebro.addstrategy(Recorder, timers=tuple(strat_timers))
        strat = cerebro.run()[0]
        result = {'meta': {'bt_file': bt.__file__}, 'calls': cerebro.calls,
                  'bars': strat.rows, 'orders': strat.orders,
                  'value': cerebro.broker.getvalue()}
    finally:
        shutil.rmtree(tmp, True)
    with open(opts.out, 'w') as fh:
        json.dump(result, fh)


if __name__ == '__main__':
    main()
