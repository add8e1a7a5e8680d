"""OrderBook: queries, policies, bad input, pickling and the event loop, on hand-derived figures."""
import copy
import math
import pickle

import numpy as np
import pytest

from backtrader.hft.book import ASK, BID, NO_ASK_TICK, NO_BID_TICK, OrderBook
from backtrader.hft.events import (BUY_EVENT, DEPTH_BBO_EVENT, DEPTH_CLEAR_EVENT, DEPTH_EVENT,
                                   DEPTH_SNAPSHOT_EVENT, EXCH_EVENT, LOCAL_EVENT, SELL_EVENT,
                                   TRADE_EVENT, event_dtype)

from .refbook import RefBook

FLAGS = EXCH_EVENT | LOCAL_EVENT


def small_book(**kw):
    """bids 100.00 x 1.5, 99.99 x 2.0, 99.97 x 0.5 / asks 100.02 x 1.0, 100.03 x 3.0."""
    b = OrderBook(0.01, 0.001, **kw)
    for side, px, qty in (('bid', 100.00, 1.5), ('bid', 99.99, 2.0), ('bid', 99.97, 0.5),
                          ('ask', 100.02, 1.0), ('ask', 100.03, 3.0)):
        b.update(side, px, qty)
    return b


def events(rows):
    """rows of (kind, side flag, px, qty) -> an event record array."""
    ev = np.zeros(len(rows), event_dtype)
    for i, (kind, side, px, qty) in enumerate(rows):
        ev[i]['ev'] = kind | FLAGS | side
        ev[i]['px'] = px
        ev[i]['qty'] = qty
        ev[i]['exch_ts'] = 1000 + i
        ev[i]['local_ts'] = 2000 + i
    return ev


def test_top_of_book_and_depth_queries():
    b = small_book()
    assert (b.best_bid_tick, b.best_ask_tick) == (10000, 10002)
    assert (b.best_bid_qlot, b.best_ask_qlot) == (1500, 1000)
    assert b.best_bid == pytest.approx(100.00) and b.best_ask == pytest.approx(100.02)
    assert b.best_bid_qty == pytest.approx(1.5) and b.best_ask_qty == pytest.approx(1.0)
    assert b.mid == pytest.approx(100.01) and b.spread == pytest.approx(0.02)
    px, qty = b.levels('bid', 10)
    np.testing.assert_allclose(px, [100.00, 99.99, 99.97])
    np.testing.assert_allclose(qty, [1.5, 2.0, 0.5])
    ticks, lots = b.levels(BID, 2, ticks=True)
    assert ticks.tolist() == [10000, 9999] and lots.tolist() == [1500, 2000]
    assert b.levels('ask', 0)[0].size == 0
    assert b.cum_qty('bid', 2) == pytest.approx(3.5)
    assert b.cum_qty('sell', 5) == pytest.approx(4.0)
    # (1.5 - 1.0) / 2.5 at the top, (4.0 - 4.0) / 8.0 over five levels
    assert b.imbalance(1) == pytest.approx(0.2)
    assert b.imbalance(5) == pytest.approx(0.0)
    # buying 2.0 takes 1.0 at 100.02 and 1.0 at 100.03
    assert b.vwap_to_fill('buy', 2.0) == pytest.approx(100.025)
    # selling 3.5 takes 1.5 at 100.00 and 2.0 at 99.99
    assert b.vwap_to_fill('sell', 3.5) == pytest.approx((1.5 * 100.00 + 2.0 * 99.99) / 3.5)
    assert math.isnan(b.vwap_to_fill('buy', 4.001))
    assert b.qty_at('bid', 99.99) == pytest.approx(2.0)
    assert b.qty_at('ask', 99.99) == 0.0
    assert b.qlot_at('ask', 10003) == 3000
    assert b.depth('bid') == 3 and b.depth('ask') == 2
    assert not b.is_crossed and not b.is_locked


def test_empty_book_uses_the_sentinels():
    b = OrderBook(0.5, 1.0)
    assert b.best_bid_tick == NO_BID_TICK == -2 ** 63
    assert b.best_ask_tick == NO_ASK_TICK == 2 ** 63 - 1
    for value in (b.best_bid, b.best_ask, b.mid, b.spread, b.imbalance(10),
                  b.vwap_to_fill('buy', 1.0)):
        assert math.isnan(value)
    assert b.best_bid_qty == 0.0 and b.best_ask_qty == 0.0
    assert b.levels('bid', 5)[0].size == 0
    b.update('ask', 10.5, 2)
    assert b.imbalance(3) == -1.0
    assert math.isnan(b.mid)


def test_deleting_the_best_level_moves_to_the_next_one():
    b = small_book()
    b.update('bid', 100.00, 0)
    assert b.best_bid_tick == 9999 and b.best_bid_qlot == 2000
    b.update('bid', 99.99, 0)
    assert b.best_bid_tick == 9997
    b.update('bid', 99.50, 0)               # not a level: nothing happens
    b.update('bid', 99.97, 0)
    assert b.best_bid_tick == NO_BID_TICK and b.depth('bid') == 0
    b.update('ask', 100.03, 7.0)            # resize behind the best
    assert b.best_ask_qlot == 1000 and b.qty_at('ask', 100.03) == pytest.approx(7.0)
    b.update('ask', 100.02, 0.25)           # resize at the best
    assert b.best_ask_qty == pytest.approx(0.25)


@pytest.mark.parametrize('call, words', [
    (lambda b: b.update('bid', float('nan'), 1.0), ['price', 'nan']),
    (lambda b: b.update('bid', 100.0, -1.0), ['qty', '-1.0']),
    (lambda b: b.update('bid', 100.005, 1.0), ['price', '100.005', 'tick']),
    (lambda b: b.update('ask', 100.0, 0.0005), ['qty', '0.0005', 'lot']),
    (lambda b: b.update('middle', 100.0, 1.0), ['side', 'middle']),
    (lambda b: b.update_ticks(2, 100, 1), ['side', '2']),
    (lambda b: b.update_ticks('bid', 100, -3), ['negative']),
    (lambda b: b.update_ticks('bid', 2 ** 62, 1), ['tick', str(2 ** 62)]),
    (lambda b: b.qty_at('bid', float('inf')), ['price', 'inf']),
    (lambda b: b.clear('bid', up_to=1.001), ['up_to', '1.001']),
    (lambda b: b.vwap_to_fill('buy', 0.0), ['qty', 'positive']),
    (lambda b: b.levels('bid', -1), ['n', '-1']),
    (lambda b: b.snapshot([[100.0, 1.0], [99.995, 1.0]], []), ['bids[1]', '99.995']),
    (lambda b: b.snapshot([], [[100.0, float('nan')]]), ['asks[0]', 'qty', 'nan']),
    (lambda b: b.snapshot([[100.0, 1.0], [100.0, 2.0]], []), ['bids', 'twice']),
    (lambda b: b.snapshot([1.0, 2.0, 3.0], []), ['bids', 'rows']),
])
def test_bad_input_names_the_field_and_value(call, words):
    b = small_book()
    before = b.to_dict()
    with pytest.raises(ValueError) as info:
        call(b)
    for word in words:
        assert word in str(info.value)
    assert b.to_dict() == before


@pytest.mark.parametrize('kw, words', [
    (dict(tick_size=0.0), ['tick_size']), (dict(tick_size=float('nan')), ['tick_size']),
    (dict(tick_size=0.01, lot_size=-1.0), ['lot_size']),
    (dict(tick_size=0.01, crossed='ignore'), ['crossed', 'ignore']),
])
def test_bad_construction(kw, words):
    with pytest.raises(ValueError) as info:
        OrderBook(**kw)
    for word in words:
        assert word in str(info.value)


def test_fix_hides_crossed_levels_as_hftbacktest_does():
    # The figures are hftbacktest 2.4.4's (HashMapMarketDepth), run on the same sequence.
    b = OrderBook(0.01, 0.001, crossed='fix')
    for t in (100, 99, 98):
        b.update_ticks('bid', t, 1)
    for t in (101, 102, 103):
        b.update_ticks('ask', t, 1)
    b.update_ticks('ask', 99, 2)             # crosses the bids at 100 and 99
    assert (b.best_bid_tick, b.best_ask_tick, b.best_ask_qlot) == (98, 99, 2)
    assert b.counters() == {'crossed': 1, 'hidden': 2, 'rejected': 0}
    assert b.qlot_at('bid', 100) == 0 and b.levels('bid', 5, ticks=True)[0].tolist() == [98]
    assert not b.is_crossed and not b.is_locked
    b.update_ticks('ask', 99, 0)
    assert b.best_ask_tick == 101
    b.update_ticks('bid', 100, 5)            # the hidden bid at 99 shows again behind it
    assert b.levels('bid', 5, ticks=True)[0].tolist() == [100, 99, 98]
    b.update_ticks('bid', 100, 0)
    assert (b.best_bid_tick, b.best_bid_qlot) == (99, 1)
    b.update_ticks('bid', 99, 0)
    b.update_ticks('bid', 98, 0)
    assert b.best_bid_tick == NO_BID_TICK
    b.update_ticks('bid', 99, 7)
    b.update_ticks('bid', 99, 0)
    # the next-best search stops at the lowest bid set since the side was empty
    assert b.best_bid_tick == NO_BID_TICK and b.best_ask_tick == 101


def test_fix_on_a_locking_update():
    b = small_book()
    b.update('bid', 100.02, 0.1)             # locks: the ask at 100.02 is hidden
    assert (b.best_bid_tick, b.best_ask_tick) == (10002, 10003)
    assert b.counters() == {'crossed': 1, 'hidden': 1, 'rejected': 0}


def test_flag_keeps_the_crossed_book_and_counts():
    b = small_book(crossed='flag')
    b.update('ask', 100.00, 0.2)
    assert b.is_locked and not b.is_crossed
    b.update('ask', 99.98, 0.3)
    assert b.is_crossed and b.spread == pytest.approx(-0.02)
    assert b.levels('ask', 3, ticks=True)[0].tolist() == [9998, 10000, 10002]
    assert b.counters() == {'crossed': 2, 'hidden': 0, 'rejected': 0}
    b.update('ask', 99.98, 0)
    b.update('ask', 100.00, 0)
    assert not b.is_crossed and not b.is_locked


def test_raise_refuses_and_leaves_the_book_unchanged():
    b = small_book(crossed='raise')
    before = b.to_dict()
    msg = r'bid price 100\.03 crosses or locks the best ask 100\.02'
    with pytest.raises(ValueError, match=msg):
        b.update('bid', 100.03, 1.0)
    with pytest.raises(ValueError, match='ask price'):
        b.update('ask', 100.00, 1.0)
    after = b.to_dict()
    assert after.pop('counters') == {'crossed': 2, 'hidden': 0, 'rejected': 2}
    before.pop('counters')
    assert after == before
    b.update('bid', 100.01, 1.0)             # inside the spread: fine
    assert b.best_bid_tick == 10001
    with pytest.raises(ValueError, match='snapshot'):
        b.snapshot([[100.0, 1.0]], [[100.0, 1.0]])


def test_clear():
    b = small_book()
    b.clear('bid', up_to=100.00)             # the best moves to the very next level
    assert b.best_bid_tick == 9999           # (hftbacktest 2.4.4 skips it and shows 99.97)
    b = small_book()
    b.clear('bid', up_to=99.99)
    assert b.levels('bid', 5, ticks=True)[0].tolist() == [9997]
    b.clear('ask', up_to=100.02)
    assert b.best_ask_tick == 10003
    b.clear(None, up_to=100.05)              # bids >= 100.05 (none), asks <= 100.05 (all)
    assert b.best_bid_tick == 9997 and b.best_ask_tick == NO_ASK_TICK
    b.clear('bid')
    assert b.depth('bid') == 0
    b = small_book()
    b.clear()
    assert b.to_dict()['bids'] == [] and b.to_dict()['asks'] == []


def test_snapshot_replaces_the_book():
    b = small_book()
    b.snapshot([[99.0, 1.0], [98.5, 0.0], [98.0, 2.0]], np.array([[101.0, 3.0]]))
    d = b.to_dict()
    assert d['bids'] == [(99.0, 1.0), (98.0, 2.0)]
    assert d['asks'] == [(101.0, 3.0)]
    b.snapshot([], [])
    assert b.depth('bid') == 0 and b.depth('ask') == 0


def test_pickle_and_copy_keep_hidden_levels_and_counters():
    b = OrderBook(0.01, 0.001)
    for t in (100, 99, 98):
        b.update_ticks('bid', t, 1)
    b.update_ticks('ask', 101, 1)
    b.update_ticks('ask', 99, 2)             # hides 100 and 99
    far = 10 ** 9
    b.update_ticks('bid', -far, 4)           # a level far outside the window
    clones = [pickle.loads(pickle.dumps(b)), copy.copy(b), copy.deepcopy(b), b.copy()]
    for c in clones:
        assert c.counters() == b.counters() and c.crossed == b.crossed
        assert c.levels('bid', 10, ticks=True)[0].tolist() == [98, -far]
    for book in [b] + clones:
        book.update_ticks('ask', 99, 0)
        book.update_ticks('bid', 100, 5)
    for c in clones:
        assert c.to_dict() == b.to_dict()
        assert c.levels('bid', 10, ticks=True)[0].tolist() == [100, 99, 98, -far]
    clones[0].update_ticks('bid', 100, 0)
    assert b.best_bid_tick == 100 and clones[0].best_bid_tick == 99


def test_far_levels_and_a_long_walk_match_the_reference():
    """Levels spread over 10**9 ticks (overflow array, window growth) and a price that walks
    400,000 ticks (window re-centring), checked against the plain-Python reference."""
    rng = np.random.default_rng(7)
    b, ref = OrderBook(1.0, 1.0), RefBook()
    for i in range(3000):                    # > 1024 levels outside the window: it doubles
        t = int(rng.integers(-10 ** 9, 10 ** 9))
        b.update_ticks(BID if t < 0 else ASK, t, i + 1)
        ref.update(BID if t < 0 else ASK, t, i + 1)
    mid = 0
    for step in range(4000):
        mid += int(rng.integers(-40, 160))
        for s in (BID, ASK):
            t = mid - s * int(rng.integers(1, 30))
            q = int(rng.integers(0, 4))
            b.update_ticks(s, t, q)
            ref.update(s, t, q)
        if step % 97 == 0:
            for s in (BID, ASK):
                assert b.levels(s, 40, ticks=True)[0].tolist() == [t for t, _ in ref.levels(s, 40)]
                assert b.levels(s, 40, ticks=True)[1].tolist() == [q for _, q in ref.levels(s, 40)]
    for s in (BID, ASK):
        rows = ref.levels(s, 10 ** 6)
        ticks, lots = b.levels(s, 10 ** 6, ticks=True)
        assert list(zip(ticks.tolist(), lots.tolist())) == rows
        assert b.depth(s) == len(rows)
    assert b.counters() == {'crossed': ref.n_crossed, 'hidden': ref.n_hidden, 'rejected': 0}


def test_apply_events_runs_depth_kinds_and_skips_trades_and_bbo():
    b = OrderBook(0.01, 0.001)
    ev = events([(DEPTH_EVENT, BUY_EVENT, 100.00, 1.0), (DEPTH_EVENT, SELL_EVENT, 100.02, 2.0),
                 (TRADE_EVENT, BUY_EVENT, 100.02, 0.5),
                 (DEPTH_SNAPSHOT_EVENT, BUY_EVENT, 99.99, 3.0),
                 (DEPTH_EVENT, SELL_EVENT, 100.02, 1.5), (DEPTH_CLEAR_EVENT, BUY_EVENT, 100.0, 0),
                 (DEPTH_EVENT, SELL_EVENT, 100.05, 1.0)])
    assert b.apply_events(ev, 0, 5) == 4
    assert b.to_dict()['bids'] == [(100.0, 1.0), (99.99, 3.0)]
    assert b.best_ask_qty == pytest.approx(1.5)
    assert b.apply_events(ev, 5) == 2
    bbo = events([(DEPTH_BBO_EVENT, BUY_EVENT, 100.01, 1.0)])
    assert b.apply_events(bbo) == 0 and b.best_bid_tick == 9999
    assert b.to_dict()['bids'] == [(99.99, 3.0)]
    assert b.levels('ask', 5)[0].tolist() == pytest.approx([100.02, 100.05])
    ev2 = events([(DEPTH_CLEAR_EVENT, 0, float('nan'), 0)])
    assert b.apply_events(ev2) == 1 and b.depth('bid') == 0 and b.depth('ask') == 0


@pytest.mark.parametrize('row, words', [
    ((DEPTH_EVENT, 0, 100.0, 1.0), ['record 2', 'BUY_EVENT']),
    ((DEPTH_EVENT, BUY_EVENT, 100.004, 1.0), ['record 2', 'px', '100.004']),
    ((DEPTH_EVENT, SELL_EVENT, 100.0, -2.0), ['record 2', 'qty', '-2.0']),
    ((DEPTH_EVENT, SELL_EVENT, float('nan'), 1.0), ['record 2', 'px', 'nan']),
    ((12, SELL_EVENT, 100.0, 1.0), ['record 2', 'kind 12']),
    ((DEPTH_CLEAR_EVENT, BUY_EVENT, 1.0001, 0.0), ['record 2', 'px', '1.0001']),
])
def test_apply_events_bad_records(row, words):
    ev = events([(DEPTH_EVENT, BUY_EVENT, 100.0, 1.0), (DEPTH_EVENT, SELL_EVENT, 100.1, 1.0), row])
    with pytest.raises(ValueError) as info:
        OrderBook(0.01, 0.001).apply_events(ev)
    for word in words:
        assert word in str(info.value)
    with pytest.raises(ValueError) as info:
        OrderBook(0.01, 0.001).apply_events(ev, 1)   # the index stays the array's
    assert 'record 2' in str(info.value)


def test_apply_events_wants_event_records():
    b = OrderBook(0.01, 0.001)
    with pytest.raises(TypeError):
        b.apply_events(np.zeros(4))
    with pytest.raises(ValueError, match='contiguous'):
        b.apply_events(np.zeros(8, event_dtype)[::2])
    with pytest.raises(ValueError, match='range'):
        b.apply_events(np.zeros(8, event_dtype), 5, 3)


def test_public_names():
    import backtrader as bt
    assert bt.hft.OrderBook is OrderBook
    assert (BID, ASK) == (1, -1)
