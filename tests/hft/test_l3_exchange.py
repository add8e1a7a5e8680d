"""The L3 matching engine (backtrader/hft/_cy/l3exchange.pyx) on hand-built market-by-order
sequences: our order behind and ahead of the feed's orders, feed fills, cancels and resizes
ahead of us, the best price crossing our order, clears, taking orders; and the broker's checks
of the data / queue model pairing. Every expected value is worked out in the comments."""
import numpy as np
import pytest

import backtrader as bt
from backtrader.hft import models as M
from backtrader.hft._cy import exchange as X
from backtrader.hft._cy.l3exchange import L3Exchange
from backtrader.hft.events import (ADD_ORDER_EVENT as ADD, CANCEL_ORDER_EVENT as CANCEL,
                                   DEPTH_CLEAR_EVENT as CLEAR, FILL_EVENT as FILL,
                                   MODIFY_ORDER_EVENT as MODIFY)

from .l3_reference import LOT, TICK, records

MS = 1_000_000
BUY, SELL = 1, -1
K_ACK, K_FILL, K_CANCELED, K_EXPIRED, K_REJECTED = range(5)


def book(t=0):
    """Feed orders at ``t``: bids 10000 x 5 (id 1), 10000 x 3 (id 2), 9999 x 4 (id 3);
    asks 10002 x 2 (id 4), 10003 x 6 (id 5). Best 100.00 / 100.02."""
    return [(ADD, BUY, t, t, 10000, 5, 1), (ADD, BUY, t, t, 10000, 3, 2),
            (ADD, BUY, t, t, 9999, 4, 3), (ADD, SELL, t, t, 10002, 2, 4),
            (ADD, SELL, t, t, 10003, 6, 5)]


def engine(rows, reduce=False, latency=(0, 0), fees=(0.0, 0.0)):
    arr = records(rows)
    return L3Exchange(arr.view('u1'), None, None, TICK, LOT, M.ConstantLatency(*latency),
                      M.MakerTakerFee(*fees), False, 'fix', False, reduce)


def send(ex, oid, side, tick, lots, t, tif='GTC'):
    slot = ex.send(oid, side, 2, round(tick * TICK, 9), lots * LOT, tif, t)
    assert not isinstance(slot, str), slot
    return slot


def fills(resps):
    """(order, exchange time, price in ticks, lots, maker) of the fill responses."""
    return [(r[1], r[8], round(r[2] / TICK), r[3], bool(r[5])) for r in resps if r[0] == K_FILL]


def test_our_order_behind_feed_orders_fills_when_an_order_behind_it_fills():
    # queue at 100.00: [1 (5), 2 (3), ours (2 lots, sent at t=1), 6 (4, added at t=2)]
    rows = book() + [(ADD, BUY, 2, 2, 10000, 4, 6),
                     (FILL, BUY, 3, 3, 0, 5, 1),        # the front order trades: not us yet
                     (CANCEL, BUY, 3, 3, 0, 0, 1),
                     (FILL, BUY, 4, 4, 0, 3, 2),
                     (CANCEL, BUY, 4, 4, 0, 0, 2),
                     (FILL, BUY, 5, 5, 0, 1, 6)]         # behind us: the market went through us
    ex = engine(rows)
    send(ex, 7, BUY, 10000, 2, t=1)
    assert [r[0] for r in ex.poll(1)] == [K_ACK]
    assert ex.ahead(7) == 8                              # lots of orders 1 and 2
    assert fills(ex.poll(4)) == []
    assert ex.ahead(7) == 0
    assert fills(ex.poll(5)) == [(7, 5, 10000, 2, True)]
    assert ex.resting() == (0, 0)


def test_our_order_ahead_of_later_feed_orders():
    # ours opens the level 99.98 (t=1); feed order 6 joins behind it (t=2); 6's fill fills us
    rows = book() + [(ADD, BUY, 2, 2, 9998, 7, 6), (FILL, BUY, 3, 3, 0, 7, 6),
                     (CANCEL, BUY, 3, 3, 0, 0, 6)]
    ex = engine(rows)
    send(ex, 7, BUY, 9998, 3, t=1)
    ex.poll(2)
    assert ex.ahead(7) == 0
    assert fills(ex.poll(3)) == [(7, 3, 9998, 3, True)]


def test_feed_fill_of_an_order_ahead_does_not_fill_us():
    rows = book() + [(FILL, BUY, 2, 2, 0, 2, 1), (MODIFY, BUY, 2, 2, 10000, 3, 1)]
    ex = engine(rows)
    send(ex, 7, BUY, 10000, 1, t=1)
    assert fills(ex.poll(2)) == []
    # order 1 shrank to 3 lots and kept its place; 2 is still ahead too: 3 + 3
    assert ex.ahead(7) == 6
    assert ex.book.qlot_at(BUY, 10000) == 6          # feed orders only


def test_cancels_and_resizes_ahead_of_us():
    # ahead of ours at 100.00: 1 (5), 2 (3). 1 cancelled -> 3 ahead; 2 grows -> to the back,
    # behind us -> 0 ahead; then a fill of 2 (now behind us) fills us
    rows = book() + [(CANCEL, BUY, 2, 2, 0, 0, 1), (MODIFY, BUY, 3, 3, 10000, 9, 2),
                     (FILL, BUY, 4, 4, 0, 9, 2)]
    ex = engine(rows)
    send(ex, 7, BUY, 10000, 2, t=1)
    ex.poll(2)
    assert ex.ahead(7) == 3
    ex.poll(3)
    assert ex.ahead(7) == 0
    assert fills(ex.poll(4)) == [(7, 4, 10000, 2, True)]


def test_best_bid_crossing_our_ask_fills_it_at_its_price():
    # our ask 100.01 rests inside the spread (best 100.00 / 100.02); a feed bid at 100.01 raises
    # the best bid to our price: we fill as makers at 100.01
    rows = book() + [(ADD, BUY, 2, 2, 10001, 1, 6)]
    ex = engine(rows, fees=(-0.0001, 0.0005))
    send(ex, 7, SELL, 10001, 4, t=1)
    out = ex.poll(2)
    assert fills(out) == [(7, 2, 10001, 4, True)]
    fee = [r[6] for r in out if r[0] == K_FILL][0]
    assert fee == pytest.approx(-0.0001 * 100.01 * 0.004)


def test_best_ask_modified_down_crosses_our_bid():
    # our bid 100.01; feed ask 4 is modified from 100.02 to 100.01: the best ask reaches our bid
    rows = book() + [(MODIFY, SELL, 2, 2, 10001, 2, 4)]
    ex = engine(rows)
    send(ex, 7, BUY, 10001, 1, t=1)
    assert fills(ex.poll(2)) == [(7, 2, 10001, 1, True)]


def test_crossing_order_takes_the_best_ask():
    ex = engine(book())
    send(ex, 7, BUY, 10002, 2, t=1)
    assert fills(ex.poll(1)) == [(7, 1, 10002, 2, False)]


def test_gtx_that_would_take_is_rejected():
    ex = engine(book())
    send(ex, 7, BUY, 10002, 1, t=1, tif='GTX')
    out = ex.poll(1)
    assert [r[0] for r in out] == [K_REJECTED]
    assert X.REASONS[out[0][7]] == 'post-only (GTX) order would take liquidity'


def test_clear_expires_our_orders_of_that_side():
    rows = book() + [(CLEAR, BUY, 2, 2, 0, 0, 0)]
    ex = engine(rows)
    send(ex, 7, BUY, 9999, 1, t=1)
    send(ex, 8, SELL, 10004, 1, t=1)
    out = ex.poll(2)
    assert [(r[0], r[1]) for r in out] == [(K_ACK, 7), (K_ACK, 8), (K_EXPIRED, 7)]
    assert X.REASONS[out[2][7]] == 'the exchange cleared the side of the book the order rested on'
    assert ex.book.best_bid_tick == np.iinfo(np.int64).min and ex.book.best_ask_tick == 10002
    assert ex.resting() == (0, 1)


def test_cancel_of_our_order_leaves_the_queue():
    rows = book() + [(ADD, BUY, 3, 3, 10000, 1, 6), (FILL, BUY, 4, 4, 0, 1, 6)]
    ex = engine(rows)
    send(ex, 7, BUY, 10000, 1, t=1)
    ex.cancel(0, 7, 2)
    out = ex.poll(4)
    assert [r[0] for r in out] == [K_ACK, K_CANCELED]
    assert 7 not in ex.fifo


def test_fill_reduce_mode_keeps_the_order_in_place():
    # fills='reduce': a fill of 2 of order 1's 5 lots leaves it with 3, still ahead of us
    rows = book() + [(FILL, BUY, 2, 2, 0, 2, 1)]
    ex = engine(rows, reduce=True)
    send(ex, 7, BUY, 10000, 1, t=1)
    ex.poll(2)
    assert ex.book.qlot_at(BUY, 10000) == 6
    assert ex.ahead(7) == 6


def test_record_that_does_not_fit_raises():
    ex = engine(book() + [(CANCEL, BUY, 1, 1, 0, 0, 99)])
    with pytest.raises(ValueError, match=r'record 5: no resting order has this id '
                                         r'\(order_id 99'):
        ex.poll(1)


def test_partial_exchange_is_refused():
    arr = records(book())
    with pytest.raises(ValueError, match='no_partial'):
        L3Exchange(arr.view('u1'), None, None, TICK, LOT, M.ConstantLatency(0, 0),
                   M.MakerTakerFee(0, 0), True)
    with pytest.raises(ValueError, match="exchange='no_partial'"):
        bt.hft.BidAskBroker(queue_model=M.L3FIFOQueue(), exchange='partial')


class _BuyOnce(bt.Strategy):
    def next(self):
        if len(self) == 1:
            self.buy(size=0.001, price=100.0, exectype=bt.Order.Limit)


@pytest.mark.parametrize('feed,queue,message', [
    ('L3EventData', M.RiskAverseQueue, 'market-by-order'),
    ('L2EventData', M.L3FIFOQueue, 'needs market-by-order data'),
])
def test_broker_refuses_a_queue_model_that_does_not_fit_the_data(feed, queue, message):
    rows = book()
    if feed == 'L2EventData':
        from backtrader.hft.events import DEPTH_EVENT
        rows = [(DEPTH_EVENT, BUY, 0, 0, 10000, 5, 0), (DEPTH_EVENT, SELL, 0, 0, 10002, 2, 0)]
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(getattr(bt.hft, feed)(dataname=records(rows), tick_size=TICK,
                                           lot_size=LOT))
    cerebro.broker = bt.hft.BidAskBroker(queue_model=queue())
    cerebro.addstrategy(_BuyOnce)
    with pytest.raises(ValueError, match=message):
        cerebro.run()


def test_broker_fills_through_the_l3_queue():
    # Cerebro, L3EventData, L3FIFOQueue, 1 ms latencies: the buy at 100.00 is sent at the first
    # step (1 ms: the first interval boundary), reaches the exchange at 2 ms behind orders 1 and
    # 2; order 6 joins behind it at 3 ms and fills at 5 ms: we fill at 5 ms, seen at 6 ms
    rows = book() + [(ADD, BUY, 3 * MS, 3 * MS, 10000, 4, 6), (FILL, BUY, 5 * MS, 5 * MS, 0, 4, 6),
                     (CANCEL, BUY, 5 * MS, 5 * MS, 0, 0, 6),
                     (CANCEL, BUY, 9 * MS, 9 * MS, 0, 0, 3)]
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.hft.L3EventData(dataname=records(rows), tick_size=TICK, lot_size=LOT,
                                       step='1ms'))
    cerebro.broker = bt.hft.BidAskBroker(queue_model=M.L3FIFOQueue(),
                                         latency=M.ConstantLatency(MS, MS))
    cerebro.addstrategy(_BuyOnce)
    cerebro.run()
    log = cerebro.broker.fill_log()
    assert [(int(r['exch_ts']), int(r['local_ts']), round(r['px'], 2), round(r['qty'], 3),
             bool(r['maker'])) for r in log] == [(5 * MS, 6 * MS, 100.0, 0.001, True)]
    assert cerebro.broker.getposition(cerebro.datas[0]).size == pytest.approx(0.001)
    assert cerebro.broker.describe()['queue_model'] == 'L3FIFOQueue()'
