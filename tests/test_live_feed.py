"""Live-style feeds in Cerebro's live loop: the run mode, the qcheck waits, status
notifications taken while a feed's thread adds more, the master time of a step, and the
HFT PushFeed resampled while its producer thread keeps Cerebro waiting.

Differential tests against upstream are in ``test_live_differential.py``.
"""
import collections
import datetime
import threading
import time

import pytest

import backtrader as bt
from backtrader.hft.feeds.push import PushFeed


class ListLive(bt.feed.DataBase):
    """A live feed written as a user would: bars from a list, None means nothing yet.
    ``pause`` seconds are slept in every load; the qcheck wait of each load is kept."""
    params = (('items', ()), ('pause', 0.0))

    def islive(self):
        return True

    def haslivedata(self):
        return bool(self._items) and self._items[0] is not None

    def start(self):
        super(ListLive, self).start()
        self._items = collections.deque(self.p.items)
        self.waits = []

    def _load(self):
        self.waits.append(self._qcheck)
        if self.p.pause:
            time.sleep(self.p.pause)
        if not self._items:
            return False
        item = self._items.popleft()
        if item is None:
            return None
        stamp, close = item
        self.lines.datetime[0] = bt.date2num(stamp)
        for name in ('open', 'high', 'low', 'close'):
            getattr(self.lines, name)[0] = close
        return True


T0 = datetime.datetime(2020, 3, 5, 10, 0)


def _bars(n, gaps=()):
    out = []
    for i in range(n):
        if i in gaps:
            out.append(None)
        out.append((T0 + datetime.timedelta(minutes=i), 100.0 + i))
    return out


class Closes(bt.Strategy):
    def __init__(self):
        self.rows = []

    def next(self):
        self.rows.append((len(self), self.data.close[0], self.env._dtmaster))


def test_a_live_data_switches_runonce_and_preload_off():
    cerebro = bt.Cerebro(stdstats=False)        # runonce and preload on by default
    cerebro.adddata(ListLive(items=_bars(4, gaps=(1, 2))))
    cerebro.addstrategy(Closes)
    strat = cerebro.run()[0]
    assert (cerebro._dorunonce, cerebro._dopreload) == (False, False)
    # the gaps give no step to the strategy; the master time is the bar's
    assert strat.rows == [(i + 1, 100.0 + i, T0 + datetime.timedelta(minutes=i))
                          for i in range(4)]


class _Fake(object):
    LIVE = bt.feed.DataBase.LIVE

    def __init__(self, has, status, clone=False):
        self._has, self._laststatus, self._clone = has, status, clone

    def haslivedata(self):
        return self._has


C, L = bt.feed.DataBase.CONNECTED, bt.feed.DataBase.LIVE


@pytest.mark.parametrize('datas,waits', [
    ([(False, L), (False, C)], True),       # nobody has data at hand: all may wait
    ([(True, C), (False, C)], True),        # data at hand, nobody LIVE yet (backfilling)
    ([(True, L), (False, C)], False),       # data at hand and only some LIVE: no waiting
    ([(True, L), (False, L)], True),        # all LIVE
    ([(True, L), (False, C, True)], True),  # the clone is not counted
])
def test_when_the_datas_may_wait_their_qcheck(datas, waits):
    assert bt.Cerebro()._waits_qcheck([_Fake(*d) for d in datas]) is waits


def test_qcheck_is_shortened_by_the_time_the_datas_before_took():
    slow = ListLive(name='slow', items=_bars(3), pause=0.05, qcheck=0.2)
    fast = ListLive(name='fast', items=_bars(3), qcheck=0.2)
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(slow)
    cerebro.adddata(fast)
    cerebro.run()
    assert slow.waits and all(0.19 < w <= 0.2 for w in slow.waits)
    assert fast.waits and all(0.0 <= w <= 0.15 for w in fast.waits)


def test_qcheck_stays_zero_in_a_run_that_is_not_live():
    class Static(ListLive):
        def islive(self):
            return False
    data = Static(items=_bars(3))
    cerebro = bt.Cerebro(stdstats=False, runonce=False, preload=False)
    cerebro.adddata(data)
    cerebro.run()
    assert data.waits == [0.0] * 4


def test_notifications_added_by_a_thread_are_all_delivered_in_order():
    data = ListLive()
    data.start()
    n = 20000

    def produce():
        for i in range(n):
            data.put_notification(data.LIVE if i % 2 else data.DELAYED, i)

    thread = threading.Thread(target=produce)
    thread.start()
    got = []
    while thread.is_alive():
        got.extend(data.get_notifications())
    thread.join()
    got.extend(data.get_notifications())
    assert [args[0] for _, args, _ in got] == list(range(n))


def test_pushfeed_waits_its_wait_or_nothing_as_cerebro_says():
    feed = PushFeed(wait=0.1)
    feed.do_qcheck(True, 0.03)
    assert feed._qcheck == pytest.approx(0.07)
    feed.do_qcheck(False, 0.0)
    assert feed._qcheck == 0.0
    feed.do_qcheck(True, 0.5)
    assert feed._qcheck == 0.0


# 2100-01-01 00:00:00 UTC: the resampler's wall-clock check never finds these bars over, so
# how long the producer keeps Cerebro waiting does not change the bars
BASE = 4102444800 * 10 ** 9
MS = 10 ** 6
TRADES = [(100, 10.0, 1.0), (500, 12.0, 2.0), (900, 9.0, 3.0),
          (1200, 11.0, 1.0), (1700, 13.0, 1.0), (2300, 10.0, 5.0)]
# right-edge stamped 1-second bars: open, high, low, close, volume
EXPECTED = [(datetime.datetime(2100, 1, 1, 0, 0, 1), 10.0, 12.0, 9.0, 9.0, 6.0),
            (datetime.datetime(2100, 1, 1, 0, 0, 2), 11.0, 13.0, 11.0, 13.0, 2.0),
            (datetime.datetime(2100, 1, 1, 0, 0, 3), 10.0, 10.0, 10.0, 10.0, 5.0)]


class CountingPush(PushFeed):
    def start(self):
        super(CountingPush, self).start()
        self.nothing = 0

    def _load(self):
        got = super(CountingPush, self)._load()
        self.nothing += got is None
        return got


class Bars(bt.Strategy):
    def __init__(self):
        self.rows, self.notes = [], []

    def notify_data(self, data, status, *args, **kwargs):
        self.notes.append(data._getstatusname(status))

    def next(self):
        d = self.data
        self.rows.append((d.datetime.datetime(0), d.open[0], d.high[0], d.low[0], d.close[0],
                          d.volume[0]))


def _resampled(feed):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.resampledata(feed, timeframe=bt.TimeFrame.Seconds)
    cerebro.addstrategy(Bars)
    return cerebro.run()[0]


def test_pushfeed_resampled_from_a_generator():
    strat = _resampled(PushFeed(source=[('trade', BASE + ms * MS, p, q)
                                        for ms, p, q in TRADES]))
    assert strat.rows == EXPECTED
    assert strat.notes == ['LIVE', 'DISCONNECTED']


def test_pushfeed_resampled_while_the_producer_keeps_cerebro_waiting():
    feed = CountingPush(wait=0.01)

    def produce():
        for ms, price, size in TRADES:
            time.sleep(0.04)
            feed.push_trade(BASE + ms * MS, price, size)
        feed.end_stream()

    thread = threading.Thread(target=produce)
    thread.start()
    try:
        strat = _resampled(feed)
    finally:
        thread.join()
    assert strat.rows == EXPECTED
    assert feed.nothing >= len(TRADES)      # the loop went round without events
    assert strat.notes == ['LIVE', 'DISCONNECTED']
