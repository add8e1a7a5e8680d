"""Timers on hand-derived schedules, their argument passing, the cheat
timer's place before the broker, and the errors on contradictory params."""
import datetime as dt

import pytest

import backtrader as bt

T, TD = dt.time, dt.timedelta


def _feed(tmp_path, stamps):
    path = tmp_path / 'bars.csv'
    with open(path, 'w') as fh:
        fh.write('datetime,open,high,low,close,volume,openinterest\n')
        for i, stamp in enumerate(stamps):
            fh.write('%s,%d,%d,%d,%d,1,0\n' % (stamp.strftime('%Y-%m-%d %H:%M:%S'),
                                                100 + i, 101 + i, 99 + i, 100 + i))
    return bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d %H:%M:%S',
                                   timeframe=bt.TimeFrame.Minutes, compression=10,
                                   datetime=0, open=1, high=2, low=3, close=4, volume=5,
                                   openinterest=6)


def _ten_minute_days(days, start=T(9, 40), end=T(12, 0)):
    out = []
    for day in days:
        t = dt.datetime.combine(day, start)
        while t.time() <= end:
            out.append(t)
            t += TD(minutes=10)
    return out


class Calls(bt.Strategy):
    params = (('timers', ()),)

    def __init__(self):
        self.calls = []
        for kwargs in self.p.timers:
            self.add_timer(**kwargs)

    def notify_timer(self, timer, when, *args, **kwargs):
        self.calls.append((timer.p.tid, when, self.data.datetime.datetime(0), args, kwargs))


DAYS = [dt.date(2021, 6, 1), dt.date(2021, 6, 2)]


@pytest.mark.parametrize('runonce', [True, False])
def test_time_and_repeat_fire_on_the_first_bar_at_or_after_the_target(tmp_path, runonce):
    cerebro = bt.Cerebro(stdstats=False, runonce=runonce, preload=runonce)
    cerebro.adddata(_feed(tmp_path, _ten_minute_days(DAYS)))
    cerebro.addstrategy(Calls, timers=(dict(when=T(10, 5)),
                                       dict(when=T(11, 0), repeat=TD(minutes=25))))
    calls = cerebro.run()[0].calls
    once = [(when, seen) for tid, when, seen, _, _ in calls if tid == 0]
    # 10:05 is reached by the 10:10 bar, once a day
    assert once == [(dt.datetime(2021, 6, d, 10, 5), dt.datetime(2021, 6, d, 10, 10))
                    for d in (1, 2)]
    rep = [(when.time(), seen.time()) for tid, when, seen, _, _ in calls if tid == 1]
    # 11:00, then 11:25 (11:30 bar), 11:50 (11:50 bar), 12:15 is after the last bar
    expected = [(T(11, 0), T(11, 0)), (T(11, 25), T(11, 30)), (T(11, 50), T(11, 50))]
    assert rep == expected * 2


def test_weekdays_monthdays_and_allow_pick_the_days(tmp_path):
    days = [dt.date(2021, 5, 27) + TD(days=i) for i in range(10)]    # Thu .. Sat
    days = [d for d in days if d.isoweekday() < 6]   # 27 28 | 31 1 2 3 4
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(_feed(tmp_path, _ten_minute_days(days, end=T(10, 0))))
    cerebro.addstrategy(Calls, timers=(
        dict(when=T(9, 0), weekdays=[3]),                        # Wednesdays
        dict(when=T(9, 0), monthdays=[29]),                      # carried to Mon 31
        dict(when=T(9, 0), monthdays=[29], monthcarry=False),
        dict(when=T(9, 0), allow=lambda d: d.day % 2 == 0)))
    got = {}
    for tid, when, _, _, _ in cerebro.run()[0].calls:
        got.setdefault(tid, []).append(when.date())
    assert got[0] == [dt.date(2021, 6, 2)]
    assert got[1] == [dt.date(2021, 5, 31)]
    assert 2 not in got             # without carry the missed 29th is not made up
    assert got[3] == [dt.date(2021, 5, 28), dt.date(2021, 6, 2), dt.date(2021, 6, 4)]


def test_cerebro_timer_passes_extra_args_and_reaches_strategies(tmp_path):
    seen = []

    class Brain(bt.Cerebro):
        def notify_timer(self, timer, when, *args, **kwargs):
            seen.append(('cerebro', when, args, kwargs))

    cerebro = Brain(stdstats=False)
    cerebro.adddata(_feed(tmp_path, _ten_minute_days(DAYS[:1])))
    cerebro.addstrategy(Calls)
    timer = cerebro.add_timer(T(10, 0), TD(), TD(), [], False, [], True, None, None,
                              True, False, 'a', 7, tag='x')
    calls = cerebro.run()[0].calls
    assert isinstance(timer, bt.Timer) and timer.p.tid == 0
    assert seen == [('cerebro', dt.datetime(2021, 6, 1, 10, 0), ('a', 7), {'tag': 'x'})]
    assert calls == [(0, dt.datetime(2021, 6, 1, 10, 0), dt.datetime(2021, 6, 1, 10, 0),
                      ('a', 7), {'tag': 'x'})]


def test_cheat_timer_runs_before_the_broker_and_fills_at_that_open(tmp_path):
    class CheatBuy(bt.Strategy):
        def __init__(self):
            self.add_timer(when=T(10, 0), cheat=True)
            self.fills = []

        def notify_timer(self, timer, when, *args, **kwargs):
            self.buy(size=1)

        def notify_order(self, order):
            if order.status == order.Completed:
                self.fills.append((bt.num2date(order.executed.dt), order.executed.price))

    stamps = _ten_minute_days(DAYS[:1])
    cerebro = bt.Cerebro(stdstats=False, cheat_on_open=True)
    cerebro.adddata(_feed(tmp_path, stamps))
    cerebro.addstrategy(CheatBuy)
    fills = cerebro.run()[0].fills
    k = stamps.index(dt.datetime(2021, 6, 1, 10, 0))
    assert fills == [(stamps[k], 100.0 + k)]     # the open of the 10:00 bar itself


def test_a_run_without_timers_never_checks_them(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError('timers checked')
    monkeypatch.setattr(bt.Cerebro, '_check_timers', boom)
    for runonce in (True, False):
        cerebro = bt.Cerebro(stdstats=False, runonce=runonce)
        cerebro.adddata(_feed(tmp_path, _ten_minute_days(DAYS)))
        cerebro.addstrategy(bt.Strategy)
        cerebro.run()


@pytest.mark.parametrize('kwargs,param', [
    (dict(when=dt.datetime(2021, 1, 1, 10)), 'when'),
    (dict(when=bt.SESSION_TIME), 'when'),
    (dict(when='10:00'), 'when'),
    (dict(when=T(10), offset=5), 'offset'),
    (dict(when=T(10), repeat=TD(minutes=-1)), 'repeat'),
    (dict(when=T(10), weekdays=[0, 1]), 'weekdays'),
    (dict(when=T(10), weekdays=3), 'weekdays'),
    (dict(when=T(10), monthdays=[32]), 'monthdays'),
    (dict(when=T(10), allow=True), 'allow'),
    (dict(when=bt.SESSION_END, tzdata=dt.timezone.utc), 'tzdata'),
])
def test_contradictory_params_name_the_timer_and_the_param(kwargs, param):
    with pytest.raises(ValueError, match=r'Timer: param .*%s' % param):
        bt.Cerebro().add_timer(**kwargs)


def test_upstream_names():
    assert (bt.SESSION_TIME, bt.SESSION_START, bt.SESSION_END) == (0, 1, 2)
    assert bt.timer.Timer is bt.Timer and bt.Timer.SESSION_END == 2
    assert [p for p in bt.Timer.params._getkeys()] == [
        'tid', 'owner', 'strats', 'when', 'offset', 'repeat', 'weekdays', 'weekcarry',
        'monthdays', 'monthcarry', 'allow', 'tzdata', 'cheat']
