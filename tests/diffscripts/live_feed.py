"""Live-style feeds: what a strategy and Cerebro see from datas that arrive while the run goes.

``--case NAME`` picks a scenario of ``CASES``. Every data is a :class:`QueueLive`, written here
as a user would write a live feed: it reads a prepared list of items, one per ``_load`` call: a
bar, ``None`` ("nothing yet": ``_load`` returns None), a status to notify (``LIVE``,
``DELAYED``, ``DISCONNECTED``, ... with optional arguments) or the end of the list (``_load``
returns False). ``islive()`` is true unless the case says otherwise and ``haslivedata()`` says
whether a bar is next in the list. The items come from a seeded generator, so the scenario is
deterministic; bars are stamped in 2020, long before the wall clock the resampler's check reads.

One event log records, in order: every ``_load`` call (the data, its length, the ``qcheck``
wait Cerebro set, whether it had live data), every ``notify_data`` (strategy, Cerebro subclass
and a callback added with ``adddatacb``), every ``next`` / ``prenext`` (lengths, stamps, OHLCV,
status and an SMA(3) of each data) and every order notification; then the final value and the
run mode Cerebro chose (live datas switch ``runonce`` and ``preload`` off). Runs unchanged on
upstream backtrader and on ours; the result is JSON.
"""
import argparse
import collections
import datetime as dt
import json
import random

import backtrader as bt

TF = bt.TimeFrame
EVENTS = []
STATUS = ('CONNECTED', 'DISCONNECTED', 'CONNBROKEN', 'DELAYED', 'LIVE', 'NOTSUBSCRIBED')


def _num(x):
    return None if x != x else x


class QueueLive(bt.feed.DataBase):
    """A live feed over a list of items: ('bar', stamp, o, h, l, c, v), None (nothing yet),
    ('status', NAME, args...) or ('stop',) (the feed ends there)."""
    params = (('items', ()), ('live', True))

    def islive(self):
        return self.p.live

    def haslivedata(self):
        return bool(self._items) and self._items[0] is not None \
            and self._items[0][0] == 'bar'

    def start(self):
        super(QueueLive, self).start()
        self._items = collections.deque(self.p.items)

    def _wait(self):
        """The wait Cerebro set for this load: 'none', or 'qcheck' (the param less the few
        milliseconds the datas before this one took), or 'short' (more was taken off)."""
        if not self._qcheck:
            return 'none'
        return 'qcheck' if self.p.qcheck - self._qcheck < 0.05 else 'short'

    def _load(self):
        EVENTS.append(['load', self._name, len(self), self._wait(), self.haslivedata()])
        while self._items:
            item = self._items.popleft()
            if item is None:
                return None
            if item[0] == 'status':
                self.put_notification(getattr(self, item[1]), *item[2:], tag=item[1].lower())
                continue
            if item[0] == 'stop':
                return False
            _, stamp, o, h, lo, c, v = item
            self.lines.datetime[0] = bt.date2num(stamp)
            self.lines.open[0], self.lines.high[0] = o, h
            self.lines.low[0], self.lines.close[0] = lo, c
            self.lines.volume[0], self.lines.openinterest[0] = v, 0.0
            return True
        return False


def _items(name, start, step, n, gaps=0.0, statuses=None, head=(), tail=(), seed=''):
    """The items of one data: ``n`` bars from ``start`` every ``step`` with a random walk,
    runs of None with probability ``gaps`` before a bar, ``statuses`` {bar index: [item]}.
    The gaps have their own random stream: the same ``seed`` gives the same bars with or
    without them."""
    rng = random.Random('%s-%s' % (seed, name))
    gaprng = random.Random('gaps-%s-%s' % (seed, name))
    out = list(head)
    price = 100.0
    stamp = start
    statuses = statuses or {}
    for i in range(n):
        while gaprng.random() < gaps:
            out.append(None)
        out.extend(statuses.get(i, ()))
        o = round(price + rng.uniform(-0.3, 0.3), 2)
        c = round(o + rng.uniform(-1, 1), 2)
        h = round(max(o, c) + rng.uniform(0, 0.5), 2)
        lo = round(min(o, c) - rng.uniform(0, 0.5), 2)
        out.append(('bar', stamp, o, h, lo, c, float(rng.randint(1, 500))))
        price = c
        stamp += step
    out.extend(tail)
    return out


MIN = dt.timedelta(minutes=1)
SEC = dt.timedelta(seconds=1)
DAY = dt.timedelta(days=1)
T0 = dt.datetime(2020, 3, 5, 9, 30)
D0 = dt.datetime(2020, 3, 2)
DELAYED_THEN_LIVE = dict(head=[('status', 'DELAYED')], statuses={12: [('status', 'LIVE')]})

# name: (cerebro kwargs, [data spec], strategy places orders)
# data spec: dict(name, tf, comp, how ('add'/'resample'/'replay'), rs (its kwargs), live,
#                 qcheck, items kwargs of _items)
CASES = {
    # one live minute data: backfill as DELAYED, then LIVE, gaps of "nothing yet"
    'gaps': ({}, [dict(name='m1', tf=TF.Minutes, items=dict(
        start=T0, step=MIN, n=40, gaps=0.3, **DELAYED_THEN_LIVE))], True),
    # every status, with arguments, repeated statuses (notified once), then the end
    'statuses': ({}, [dict(name='m1', tf=TF.Minutes, items=dict(
        start=T0, step=MIN, n=30, gaps=0.1,
        head=[('status', 'CONNECTED'), ('status', 'NOTSUBSCRIBED', 'why', 3),
              ('status', 'CONNECTED')],
        statuses={3: [('status', 'DELAYED')], 5: [('status', 'DELAYED')],
                  8: [('status', 'LIVE')], 14: [('status', 'CONNBROKEN', 'lost')],
                  15: [None, None, ('status', 'CONNECTED')], 16: [('status', 'LIVE')],
                  25: [('status', 'DISCONNECTED')]}))], True),
    # nothing at all for a while before the first bar
    'late_start': ({}, [dict(name='m1', tf=TF.Minutes, items=dict(
        start=T0, step=MIN, n=20, gaps=0.2,
        head=[None] * 5 + [('status', 'DELAYED'), None, ('status', 'LIVE')]))], True),
    # two live datas of the same time frame, each with its own gaps and statuses; qcheck set
    'two_live': ({}, [
        dict(name='a', tf=TF.Minutes, qcheck=0.5, items=dict(
            start=T0, step=MIN, n=30, gaps=0.3, **DELAYED_THEN_LIVE)),
        dict(name='b', tf=TF.Minutes, qcheck=0.25, items=dict(
            start=T0 + 2 * MIN, step=MIN, n=30, gaps=0.2,
            head=[('status', 'DELAYED')], statuses={20: [('status', 'LIVE')]}))], True),
    # a live minute data beside a non-live daily one: runonce and preload off for both
    'live_and_static': ({}, [
        dict(name='m1', tf=TF.Minutes, qcheck=0.1, items=dict(
            start=T0, step=MIN * 97, n=40, gaps=0.25, **DELAYED_THEN_LIVE)),
        dict(name='d1', tf=TF.Days, live=False, items=dict(
            start=D0 + dt.timedelta(hours=23, minutes=59, seconds=59), step=DAY, n=5))], True),
    # no data is live, Cerebro(live=True) forces the live loop
    'cerebro_live': ({'live': True}, [dict(name='m1', tf=TF.Minutes, live=False, items=dict(
        start=T0, step=MIN, n=25, gaps=0.2))], True),
    # a live minute data resampled to 5 minutes: the forming bar is delivered by the
    # resampler's check when the data has nothing
    'resample_5min': ({}, [dict(name='m1', tf=TF.Minutes, how='resample',
                                rs=dict(timeframe=TF.Minutes, compression=5), items=dict(
                                    start=T0, step=MIN, n=60, gaps=0.15,
                                    **DELAYED_THEN_LIVE))], True),
    # the same beside the source (without gaps: upstream fails on the first gap, see below)
    'resample_mixed': ({}, [
        dict(name='m1', tf=TF.Minutes, items=dict(start=T0, step=MIN, n=45, seed='mixed')),
        dict(name='m1', tf=TF.Minutes, how='resample', clone=True,
             rs=dict(timeframe=TF.Minutes, compression=5))], True),
    # with gaps in the source: when only the resampled data has a bar, upstream's loop looks
    # for the earliest stamp among the other datas and finds none (ValueError from min())
    'resample_mixed_gaps': ({}, [
        dict(name='m1', tf=TF.Minutes, items=dict(start=T0, step=MIN, n=45, gaps=0.1,
                                                  seed='mixed')),
        dict(name='m1', tf=TF.Minutes, how='resample', clone=True,
             rs=dict(timeframe=TF.Minutes, compression=5))], True),
    # live seconds to minutes, no gaps (the check has nothing to deliver)
    'resample_sec_nogaps': ({}, [dict(name='s1', tf=TF.Seconds, how='resample',
                                      rs=dict(timeframe=TF.Minutes), items=dict(
                                          start=T0, step=SEC * 7, n=60))], True),
    # a live minute data replayed as 5-minute bars
    'replay_5min': ({}, [dict(name='m1', tf=TF.Minutes, how='replay',
                              rs=dict(timeframe=TF.Minutes, compression=5), items=dict(
                                  start=T0, step=MIN, n=40, gaps=0.15,
                                  **DELAYED_THEN_LIVE))], True),
    # the strategy stops the run when the data says it is disconnected
    'stop_on_disconnect': ({}, [dict(name='m1', tf=TF.Minutes, stop_on='DISCONNECTED',
                                     items=dict(start=T0, step=MIN, n=30, gaps=0.2,
                                                statuses={18: [('status', 'DISCONNECTED')]}))],
                           True),
}


def _datarow(d, sma):
    return [d._name, len(d), d.datetime.datetime(0).isoformat() if len(d) else None,
            _num(d.open[0]) if len(d) else None, _num(d.close[0]) if len(d) else None,
            _num(d.volume[0]) if len(d) else None, d._laststatus,
            _num(sma[0]) if len(sma) else None]


class Recorder(bt.Strategy):
    params = (('trade', True), ('stop_on', None))

    def __init__(self):
        self.smas = [bt.indicators.SMA(d.close, period=3) for d in self.datas]
        self.count = 0

    def notify_data(self, data, status, *args, **kwargs):
        name = data._getstatusname(status)
        EVENTS.append(['strat.notify_data', data._name, name, len(self), list(args),
                       sorted(kwargs.items())])
        if name == self.p.stop_on:
            self.env.runstop()

    def notify_order(self, order):
        EVENTS.append(['order', len(self), order.getstatusname(), order.size,
                       _num(order.executed.price), _num(order.executed.size)])

    def _record(self, hook):
        EVENTS.append([hook, len(self)] + [_datarow(d, s) for d, s in zip(self.datas, self.smas)])

    def prenext(self):
        self._record('prenext')

    def next(self):
        self._record('next')
        self.count += 1
        if self.p.trade and self.count % 4 == 0:
            self.buy(size=1) if not self.position else self.close()


class RecordingCerebro(bt.Cerebro):
    def notify_data(self, data, status, *args, **kwargs):
        EVENTS.append(['cerebro.notify_data', data._name, data._getstatusname(status),
                       list(args), sorted(kwargs.items())])


def _callback(data, status, *args, **kwargs):
    EVENTS.append(['datacb', data._name, data._getstatusname(status)])


def build(case, runonce, preload, exactbars):
    ckw, specs, trade = CASES[case]
    ckw = dict(ckw)
    ckw.setdefault('exactbars', exactbars)
    cerebro = RecordingCerebro(stdstats=False, runonce=runonce, preload=preload, **ckw)
    cerebro.adddatacb(_callback)
    made = {}
    stop_on = None
    for spec in specs:
        if spec.get('clone'):
            data = made[spec['name']]
        else:
            data = QueueLive(name=spec['name'], timeframe=spec['tf'],
                             compression=spec.get('comp', 1), live=spec.get('live', True),
                             qcheck=spec.get('qcheck', 0.0),
                             items=_items(spec['name'], **dict(dict(seed=case),
                                                               **spec['items'])))
            made[spec['name']] = data
        how = spec.get('how', 'add')
        if how == 'add':
            cerebro.adddata(data)
        elif how == 'resample':
            cerebro.resampledata(data, **spec['rs'])
        else:
            cerebro.replaydata(data, **spec['rs'])
        stop_on = spec.get('stop_on', stop_on)
    cerebro.addstrategy(Recorder, trade=trade, stop_on=stop_on)
    return cerebro


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--case', required=True, choices=sorted(CASES))
    for mode, default in (('runonce', 1), ('preload', 1), ('exactbars', 0)):
        ap.add_argument('--' + mode, type=int, default=default)
    ap.add_argument('--out', required=True)
    opts = ap.parse_args()
    cerebro = build(opts.case, bool(opts.runonce), bool(opts.preload), opts.exactbars)
    cerebro.run()
    result = {'meta': {'bt_file': bt.__file__}, 'events': EVENTS,
              'value': cerebro.broker.getvalue(), 'cash': cerebro.broker.getcash(),
              'mode': [bool(cerebro._dorunonce), bool(cerebro._dopreload)]}
    with open(opts.out, 'w') as fh:
        json.dump(result, fh)


if __name__ == '__main__':
    main()
