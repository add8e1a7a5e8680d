"""PushFeed: events from a producer thread or a generator, in arrival order, with end of stream."""
import math
import threading
import time

import pytest

import backtrader as bt
from backtrader.hft.feeds.push import PushFeed

NAN = float('nan')


class Seen(bt.Strategy):
    def __init__(self):
        self.seen = []

    def next(self):
        d = self.data
        self.seen.append((d.datetime.ns(0), int(d.kind[0]), d.close[0], d.price[0], d.qty[0],
                          d.side[0], d.bid[0], d.ask[0], d.bidsize[0], d.asksize[0],
                          d.spread[0], len(self)))


def run(data, strat=Seen):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(data)
    cerebro.addstrategy(strat)
    return cerebro.run()[0]


def same(rows, expected):
    """Row equality with NaN == NaN and float rounding of the book's tick prices."""
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            if isinstance(w, float) and math.isnan(w):
                assert math.isnan(g), (got, want)
            else:   # the book's prices are ticks * tick_size (100.07000000000001)
                assert g == pytest.approx(w, rel=1e-14), (got, want)


EVENTS = [('trade', 100, 10.0, 1.0, 'buy'),
          ('trade', 100, 10.5, 2.0, -1),
          ('quote', 150, 9.5, 10.5, 3.0, 4.0),
          ('trade', 151, 10.5, 0.5, 0),
          ('quote', 160, 9.75, 10.25)]
# kind 2 trade, 5 quote; close = last trade price until a quote, then the mid
EXPECTED = [
    (100, 2, 10.0, 10.0, 1.0, 1.0, NAN, NAN, NAN, NAN, NAN, 1),
    (100, 2, 10.5, 10.5, 2.0, -1.0, NAN, NAN, NAN, NAN, NAN, 2),
    (150, 5, 10.0, 10.5, 2.0, -1.0, 9.5, 10.5, 3.0, 4.0, 1.0, 3),
    (151, 2, 10.0, 10.5, 0.5, 0.0, 9.5, 10.5, 3.0, 4.0, 1.0, 4),
    (160, 5, 10.0, 10.5, 0.5, 0.0, 9.75, 10.25, NAN, NAN, 0.5, 5),
]


def test_generator_source_in_order_and_ends_with_it():
    def gen():
        yield from EVENTS
    data = PushFeed(source=gen())
    assert data.islive()
    same(run(data).seen, EXPECTED)


def test_producer_thread_pushes_while_cerebro_waits():
    data = PushFeed(wait=0.02)

    def produce():
        for ev in EVENTS:
            time.sleep(0.03)            # slower than `wait`: cerebro has to wait for events
            if ev[0] == 'trade':
                data.push_trade(*ev[1:])
            else:
                data.push_quote(*ev[1:])
        data.end_stream()

    thread = threading.Thread(target=produce)
    thread.start()
    try:
        strat = run(data)
    finally:
        thread.join()
    same(strat.seen, EXPECTED)
    with pytest.raises(RuntimeError, match='closed'):
        data.push_trade(200, 1.0, 1.0)


def test_many_events_from_a_thread_keep_arrival_order():
    data = PushFeed(maxsize=64)
    n = 5000

    def produce():
        for i in range(n):
            data.push_trade(1000 + i // 3, 100.0 + i, 1.0, 1 if i % 2 else -1)
        data.end_stream()

    thread = threading.Thread(target=produce)
    thread.start()
    strat = run(data)
    thread.join()
    assert [s[3] for s in strat.seen] == [100.0 + i for i in range(n)]
    assert [s[0] for s in strat.seen] == [1000 + i // 3 for i in range(n)]


def test_indicators_update_on_pushed_ticks():
    class S(bt.Strategy):
        def __init__(self):
            self.sma = bt.ind.SMA(self.data.price, period=3)
            self.vals = []

        def next(self):
            self.vals.append(self.sma[0])

    prices = [1.0, 2.0, 4.0, 8.0, 16.0]
    strat = run(PushFeed(source=[('trade', i, p, 1.0) for i, p in enumerate(prices)]), S)
    assert strat.vals == pytest.approx([7 / 3, 14 / 3, 28 / 3])


@pytest.mark.parametrize('events,match', [
    ([('trade', 5, 1.0, 1.0), ('trade', 4, 1.0, 1.0)],
     r"event 2 \(trade\), field 'timestamp': timestamp 4 goes back"),
    ([('trade', 5, 1.0, -1.0)], r"event 1 \(trade\), field 'size': invalid value"),
    ([('trade', 5, NAN, 1.0)], r"event 1 \(trade\), field 'price': value is NaN"),
    ([('trade', 5, 1.0, 1.0, 'up')], r"event 1 \(trade\), field 'side': unknown side 'up'"),
    ([('quote', 5, 10.0, 9.0)], r"event 1 \(quote\), field 'ask': crossed"),
    ([('trade', 5.5, 1.0, 1.0)], r"field 'timestamp': expected integer nanoseconds"),
    ([('tick', 5, 1.0)], r"event 1: expected a tuple starting with 'trade'"),
])
def test_bad_events_stop_the_run_naming_event_and_field(events, match):
    data = PushFeed(source=events, name='feedA')
    with pytest.raises(ValueError, match=match) as err:
        run(data)
    assert "PushFeed 'feedA'" in str(err.value)


def test_timestamp_going_back_from_a_thread_stops_the_producer_too():
    data = PushFeed(wait=0.02)
    data.push_trade(10, 1.0, 1.0)
    data.push_trade(9, 1.0, 1.0)
    with pytest.raises(ValueError, match='goes back'):
        run(data)
    with pytest.raises(RuntimeError, match='closed'):
        data.push_trade(11, 1.0, 1.0)


def test_depth_needs_a_book():
    with pytest.raises(ValueError, match='tick_size and lot_size'):
        PushFeed().push_depth(1, 'bid', 10.0, 1.0)


def test_depth_updates_move_the_book_and_the_top_of_book_lines():
    pytest.importorskip('backtrader.hft._cy.book')
    events = [('depth', 1, 'bid', 100.00, 2.0),
              ('depth', 2, 'ask', 100.05, 1.5),
              ('depth', 3, 'bid', 100.01, 0.5),      # a better bid
              ('trade', 4, 100.05, 0.5, 'buy'),
              ('depth', 4, 'ask', 100.05, 0.0),      # the ask level is gone
              ('depth', 5, 'ask', 100.07, 3.0)]

    class Top(bt.Strategy):
        def __init__(self):
            self.seen = []

        def next(self):
            d = self.data
            self.seen.append((int(d.kind[0]), d.bid[0], d.ask[0], d.bidsize[0], d.asksize[0],
                              d.mid[0], d.price[0]))

    data = PushFeed(source=events, tick_size=0.01, lot_size=0.001)
    seen = run(data, Top).seen
    same(seen, [
        (1, 100.00, NAN, 2.0, 0.0, NAN, NAN),         # an empty side has size 0 (the book's)
        (1, 100.00, 100.05, 2.0, 1.5, 100.025, NAN),
        (1, 100.01, 100.05, 0.5, 1.5, 100.03, NAN),
        (2, 100.01, 100.05, 0.5, 1.5, 100.03, 100.05),
        (1, 100.01, NAN, 0.5, 0.0, 100.05, 100.05),   # no ask: close falls back to the trade
        (1, 100.01, 100.07, 0.5, 3.0, 100.04, 100.05),
    ])
    assert data.book.best_bid_tick == 10001 and data.book.best_ask_tick == 10007


def test_depth_off_the_tick_grid_names_the_event():
    pytest.importorskip('backtrader.hft._cy.book')
    data = PushFeed(source=[('depth', 1, 'bid', 100.005, 1.0)], tick_size=0.01, lot_size=0.001)
    with pytest.raises(ValueError, match=r"event 1 \(depth\), field 'price': .*tick grid"):
        run(data)
