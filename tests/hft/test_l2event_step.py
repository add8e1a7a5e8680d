"""The streaming L2EventData is moved by its compiled step (``_cy/feedstep.pyx``): the clock calls
it in C, any other caller through ``data.next()``; both give the steps of a plain dict-book replay
(tests/hft/l2_reference.py), also across the ring compactions of ``exactbars`` lines.
``data.book`` is read-only."""
import pytest

import backtrader as bt
from backtrader._cy.feedstep import FeedStep
from backtrader.hft.feeds.l2event import L2EventData

from .l2_reference import LOT, TICK, close, generate, replay


@pytest.fixture(scope='module')
def events():
    return generate(2000, seed=11)


def test_python_next_steps_like_the_reference(events):
    ref = replay(events, step='timestamp')
    feed = L2EventData(dataname=events, tick_size=TICK, lot_size=LOT, step='timestamp')
    feed._start()
    assert isinstance(feed.next.__self__, FeedStep)
    got = []
    while True:
        r = feed.next(ticks=False)
        if not r:
            break
        assert r is True
        got.append((feed.datetime.ns(0), feed.bid[0], feed.ask[0], feed.mid[0],
                    feed.book.imbalance(10)))
    assert feed.next() is False          # stays at the end
    assert len(got) == len(ref) and len(feed) == len(ref)
    for (ts, bid, ask, mid, imb), exp in zip(got, ref):
        assert ts == exp['ts']
        assert close(bid, exp['bid']) and close(ask, exp['ask']) and close(mid, exp['mid'])
        assert close(imb, exp['imb'])


class Last3(bt.Strategy):
    """Reads two steps back on ``bid``, which an SMA(3) makes a ring of 3 with exactbars."""

    def __init__(self):
        self.rows = []
        self.ma = bt.indicators.SMA(self.data.bid, period=3)

    def next(self):
        d = self.data
        self.rows.append((d.datetime.ns(0), d.bid[0], d.bid[-2], d.spread[0], self.ma[0],
                          d.book.best_ask))


@pytest.mark.parametrize('exactbars', [1, 0])
def test_clock_step_matches_reference_with_lookback(events, exactbars):
    ref = replay(events, step='timestamp')
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(L2EventData(dataname=events, tick_size=TICK, lot_size=LOT))
    cerebro.addstrategy(Last3)
    rows = cerebro.run(preload=False, runonce=False, exactbars=exactbars)[0].rows
    assert len(rows) == len(ref) - 2
    for k, (ts, bid, bid2, spr, ma, bask) in enumerate(rows):
        i = k + 2
        assert ts == ref[i]['ts']
        assert close(bid, ref[i]['bid']) and close(bid2, ref[i - 2]['bid'])
        assert close(spr, ref[i]['spread'])
        assert close(ma, sum(ref[j]['bid'] for j in (i - 2, i - 1, i)) / 3.0)
        assert close(bask, ref[i]['ask'])


def test_book_is_read_only(events):
    feed = L2EventData(dataname=events, tick_size=TICK, lot_size=LOT)
    with pytest.raises(AttributeError, match="has not started"):
        feed.book
    feed._start()
    book = feed.book
    with pytest.raises(AttributeError, match='L2EventData.book is read-only'):
        feed.book = None
    with pytest.raises(AttributeError, match='read-only'):
        del feed.book
    assert feed.book is book


def test_feedstep_base_has_no_step():
    with pytest.raises(NotImplementedError, match='FeedStep does not implement step'):
        FeedStep().next()
