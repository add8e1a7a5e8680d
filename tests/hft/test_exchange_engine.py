"""The compiled matching engine (backtrader/hft/_cy/exchange.pyx) on hand-built event records:
time in force, taker walks, resting fills, queue positions, cancels racing fills, latency and fees.
Every expected value is worked out by hand in the comments."""
import numpy as np
import pytest

from backtrader.hft import models as M
from backtrader.hft._cy import exchange as X
from backtrader.hft.events import (BUY_EVENT, DEPTH_EVENT, EXCH_EVENT, LOCAL_EVENT, SELL_EVENT,
                                   TRADE_EVENT, event_dtype)

TICK, LOT = 0.01, 0.001
MS = 1_000_000
BUY, SELL = 1, -1
ACK, FILL, CANCELED, EXPIRED, REJECTED, CANCEL_REJECTED = range(6)


def rec(kind, side, px, qty, t, feed=0):
    flag = BUY_EVENT if side == BUY else SELL_EVENT
    return (kind | EXCH_EVENT | LOCAL_EVENT | flag, t, t + feed, px, qty, 0, 0, 0.0)


def book_records(t=0):
    """Bids 100.00 x 5, 99.99 x 3; asks 100.02 x 2, 100.03 x 4, 100.05 x 6 (all at ``t``)."""
    return [rec(DEPTH_EVENT, BUY, 100.00, 5.0, t), rec(DEPTH_EVENT, BUY, 99.99, 3.0, t),
            rec(DEPTH_EVENT, SELL, 100.02, 2.0, t), rec(DEPTH_EVENT, SELL, 100.03, 4.0, t),
            rec(DEPTH_EVENT, SELL, 100.05, 6.0, t)]


def engine(rows, partial=False, queue=None, latency=(0, 0), fees=(0.0, 0.0), best=False):
    arr = np.array(rows, dtype=event_dtype)
    return X.Exchange(arr.view('u1'), None, None, TICK, LOT, queue or M.RiskAverseQueue(),
                      M.ConstantLatency(*latency), M.MakerTakerFee(*fees), partial,
                      take_best=best)


def send(ex, oid, side, exectype, price, size, tif='GTC', t=0):
    slot = ex.send(oid, side, exectype, price, size, tif, t)
    assert not isinstance(slot, str), slot
    return slot


def kinds(resps):
    return [r[0] for r in resps]


def fills(resps):
    """(price, lots, maker) of the fill responses."""
    return [(r[2], r[3], bool(r[5])) for r in resps if r[0] == FILL]


# -- time in force and taking ------------------------------------------------------------------

def test_gtx_that_would_take_is_rejected():
    ex = engine(book_records())
    send(ex, 1, BUY, 2, 100.02, 1.0, 'GTX', t=1)      # at the best ask: would take
    out = ex.poll(1)
    assert kinds(out) == [REJECTED]
    assert X.REASONS[out[0][7]] == 'post-only (GTX) order would take liquidity'


def test_gtx_below_the_ask_rests_and_is_acked():
    ex = engine(book_records())
    slot = send(ex, 1, BUY, 2, 100.01, 1.0, 'GTX', t=1)
    assert kinds(ex.poll(1)) == [ACK]
    assert ex.resting() == (1, 0)
    assert ex.queue(slot) == (0.0, 0.0)                 # a new level: nothing ahead


def test_ioc_and_fok_that_do_not_cross():
    ex = engine(book_records())
    send(ex, 1, BUY, 2, 100.01, 1.0, 'IOC', t=1)
    send(ex, 2, BUY, 2, 100.01, 1.0, 'FOK', t=1)
    out = ex.poll(1)
    assert kinds(out) == [EXPIRED, REJECTED]
    assert ex.resting() == (0, 0)


@pytest.mark.parametrize('partial', [False, True])
def test_market_buy_walks_the_asks(partial):
    ex = engine(book_records(), partial=partial)
    send(ex, 1, BUY, 0, None, 5.0, t=1)                 # 2 @ 100.02 + 3 @ 100.03
    out = ex.poll(1)
    if partial:
        assert fills(out) == [(100.02, 2000, False), (100.03, 3000, False)]
    else:   # one fill at the average: (2 * 100.02 + 3 * 100.03) / 5 = 100.026
        (px, lots, maker), = fills(out)
        assert px == pytest.approx(100.026, abs=1e-9) and lots == 5000 and not maker
    assert kinds(out)[0] == ACK and out[-1][4] == 0       # nothing left


@pytest.mark.parametrize('partial', [False, True])
def test_market_sell_beyond_the_displayed_depth(partial):
    ex = engine(book_records(), partial=partial)
    send(ex, 1, SELL, 0, None, 10.0, t=1)               # the bids hold 8
    out = ex.poll(1)
    if partial:   # 5 @ 100.00, 3 @ 99.99, the 2 left expire
        assert fills(out) == [(100.00, 5000, False), (99.99, 3000, False)]
        assert out[-1][0] == EXPIRED and out[-1][4] == 2000
    else:         # whole fills only: refused
        assert kinds(out) == [REJECTED]


@pytest.mark.parametrize('partial', [False, True])
def test_fok_needs_the_whole_size_within_its_price(partial):
    ex = engine(book_records(), partial=partial)
    send(ex, 1, BUY, 2, 100.03, 7.0, 'FOK', t=1)        # 2 + 4 = 6 within 100.03 < 7
    send(ex, 2, BUY, 2, 100.03, 6.0, 'FOK', t=1)
    out = ex.poll(1)
    assert out[0][0] == REJECTED and out[0][1] == 1
    got = fills(out)
    if partial:
        assert got == [(100.02, 2000, False), (100.03, 4000, False)]
    else:   # (2 * 100.02 + 4 * 100.03) / 6 = 100.02666...
        assert len(got) == 1 and got[0][1] == 6000
        assert got[0][0] == pytest.approx((2 * 100.02 + 4 * 100.03) / 6, abs=1e-9)


def test_ioc_partial_takes_within_its_price_and_expires_the_rest():
    ex = engine(book_records(), partial=True)
    send(ex, 1, BUY, 2, 100.02, 5.0, 'IOC', t=1)        # only the 2 at 100.02 are in reach
    out = ex.poll(1)
    assert fills(out) == [(100.02, 2000, False)]
    assert out[-1][0] == EXPIRED and out[-1][4] == 3000


def test_crossing_gtc_limit_partial_takes_better_levels_then_fills_at_its_price():
    # hftbacktest's rule: 2 @ 100.02 (better than 100.03), the other 4 at the order's 100.03
    ex = engine(book_records(), partial=True)
    send(ex, 1, BUY, 2, 100.03, 6.0, t=1)
    assert fills(ex.poll(1)) == [(100.02, 2000, False), (100.03, 4000, False)]


def test_crossing_gtc_limit_no_partial_average_price():
    # 2 @ 100.02 + 4 @ 100.03 within the limit, the 1 beyond the depth at the limit 100.03
    ex = engine(book_records())
    send(ex, 1, BUY, 2, 100.03, 7.0, t=1)
    (px, lots, maker), = fills(ex.poll(1))
    assert lots == 7000 and not maker
    assert px == pytest.approx((2 * 100.02 + 5 * 100.03) / 7, abs=1e-9)


@pytest.mark.parametrize('order, price', [
    ((BUY, 0, None, 5.0, 'GTC'), 100.02),       # market: 5 although 100.02 shows 2
    ((SELL, 0, None, 10.0, 'GTC'), 100.00),     # beyond the whole displayed depth (8)
    ((BUY, 2, 100.03, 7.0, 'FOK'), 100.02),     # FOK larger than what its price reaches
    ((BUY, 2, 100.02, 5.0, 'IOC'), 100.02),
    ((BUY, 2, 100.05, 3.0, 'GTC'), 100.02),     # crossing limit
])
def test_take_best_fills_the_whole_size_at_the_best_price(order, price):
    # taker='best' (hftbacktest's NoPartialFillExchange): one fill of the whole size at the best
    # opposite price, whatever that level holds
    side, exectype, limit, size, tif = order
    ex = engine(book_records(), best=True)
    send(ex, 1, side, exectype, limit, size, tif, t=1)
    out = ex.poll(1)
    assert kinds(out) == [ACK, FILL]
    assert fills(out) == [(price, int(size * 1000), False)]


def test_take_best_does_not_change_partial_fills():
    ex = engine(book_records(), partial=True, best=True)
    send(ex, 1, BUY, 0, None, 5.0, t=1)
    assert fills(ex.poll(1)) == [(100.02, 2000, False), (100.03, 3000, False)]
    assert not ex.take_best


# -- resting orders ----------------------------------------------------------------------------

def test_best_ask_falling_to_a_resting_buy_fills_it_at_its_price():
    rows = book_records() + [rec(DEPTH_EVENT, SELL, 100.01, 1.0, 5 * MS)]
    ex = engine(rows, fees=(-0.0001, 0.001))
    send(ex, 1, BUY, 2, 100.01, 2.0, 'GTX', t=1)
    out = ex.poll(10 * MS)
    assert kinds(out) == [ACK, FILL]
    f = out[1]
    assert (f[2], f[3], f[5], f[8]) == (100.01, 2000, 1, 5 * MS)
    assert f[6] == pytest.approx(-0.0001 * 100.01 * 2.0)        # maker rebate on traded value


def test_trade_through_a_resting_sell_fills_it():
    rows = book_records() + [rec(TRADE_EVENT, BUY, 100.03, 0.5, 5 * MS)]
    ex = engine(rows)
    send(ex, 1, SELL, 2, 100.02, 1.0, 'GTX', t=1)       # joins 2.0 at 100.02
    out = ex.poll(10 * MS)
    assert fills(out) == [(100.02, 1000, True)]         # a buy printed above our price


@pytest.mark.parametrize('partial', [False, True])
def test_risk_averse_queue_trades_at_the_price(partial):
    # our sell of 3 joins 2.0 at 100.02; buy trades at 100.02 of 1.5 then 2.0
    rows = book_records() + [rec(TRADE_EVENT, BUY, 100.02, 1.5, 5 * MS),
                             rec(TRADE_EVENT, BUY, 100.02, 2.0, 6 * MS),
                             rec(TRADE_EVENT, BUY, 100.02, 2.0, 7 * MS)]
    ex = engine(rows, partial=partial)
    slot = send(ex, 1, SELL, 2, 100.02, 3.0, 'GTC', t=1)
    ex.poll(1)
    assert ex.queue(slot) == (2.0, 0.0)
    out = ex.poll(5 * MS)
    assert fills(out) == [] and ex.queue(slot)[0] == pytest.approx(0.5)
    out = ex.poll(6 * MS)                               # front -1.5: 1.5 of us traded
    if not partial:
        assert fills(out) == [(100.02, 3000, True)]     # whole order at once
        return
    assert fills(out) == [(100.02, 1500, True)]
    assert ex.queue(slot)[0] == 0.0                     # the queue ahead is gone
    out = ex.poll(7 * MS)                               # 2.0 more: the 1.5 left fill
    assert fills(out) == [(100.02, 1500, True)] and out[-1][4] == 0


def test_prob_queue_moves_on_unexplained_size_falls():
    # sell of 1 joins 2.0 at 100.02 (front 2, back 0); the level falls to 1.0 without a trade:
    # PowerProb(3): p = 0**3 / (0 + 2**3) = 0 -> front = 2 - 1 * 1 + min(0 - 0, 0) = 1.0
    rows = book_records() + [rec(DEPTH_EVENT, SELL, 100.02, 1.0, 5 * MS),
                             rec(TRADE_EVENT, BUY, 100.02, 1.6, 6 * MS)]
    ex = engine(rows, queue=M.ProbQueue(M.PowerProb(3)))
    slot = send(ex, 1, SELL, 2, 100.02, 1.0, 'GTX', t=1)
    ex.poll(5 * MS)
    assert ex.queue(slot)[0] == pytest.approx(1.0)
    # a trade of 1.6: front -0.6, round(0.6 / 0.001) > 0 -> filled (whole, no partial)
    assert fills(ex.poll(6 * MS)) == [(100.02, 1000, True)]


# -- cancels, latency ----------------------------------------------------------------------------

def test_cancel_of_a_resting_order():
    ex = engine(book_records(), latency=(2 * MS, 3 * MS))
    slot = send(ex, 1, BUY, 2, 100.00, 1.0, t=0)
    ex.cancel(slot, 1, 1 * MS)
    out = ex.poll(10 * MS)
    # new at 2 ms, ack received 5 ms; cancel at 3 ms, answer received 6 ms
    assert [(r[0], r[8], r[9]) for r in out] == [(ACK, 2 * MS, 5 * MS),
                                                  (CANCELED, 3 * MS, 6 * MS)]
    assert ex.resting() == (0, 0)


def test_cancel_racing_a_fill_gets_the_fill():
    rows = book_records() + [rec(TRADE_EVENT, SELL, 99.99, 1.0, 4 * MS)]
    ex = engine(rows, latency=(1 * MS, 1 * MS))
    slot = send(ex, 1, BUY, 2, 100.00, 1.0, t=0)        # at the exchange at 1 ms
    ex.cancel(slot, 1, 4 * MS)                          # sent at 4 ms, arrives at 5 ms
    out = ex.poll(10 * MS)
    # the sell trade below our bid at 4 ms fills us before the cancel arrives
    assert [(r[0], r[8], r[9]) for r in out] == [(ACK, 1 * MS, 2 * MS), (FILL, 4 * MS, 5 * MS),
                                                  (CANCEL_REJECTED, 5 * MS, 6 * MS)]


def test_an_order_is_not_at_the_exchange_before_its_entry_latency():
    # sell trades below our bid at 3 ms (before arrival at 5 ms) and at 7 ms
    rows = book_records() + [rec(TRADE_EVENT, SELL, 99.99, 1.0, 3 * MS),
                             rec(TRADE_EVENT, SELL, 99.99, 1.0, 7 * MS)]
    ex = engine(rows, latency=(5 * MS, 2 * MS))
    send(ex, 1, BUY, 2, 100.00, 1.0, t=0)
    assert ex.poll(6 * MS) == []                        # ack leaves at 5 ms, arrives at 7 ms
    out = ex.poll(9 * MS)
    assert [(r[0], r[8], r[9]) for r in out] == [(ACK, 5 * MS, 7 * MS), (FILL, 7 * MS, 9 * MS)]


def test_records_come_before_requests_at_the_same_time():
    # the ask falls to 100.01 at 5 ms, exactly when our GTX buy at 100.01 arrives: it would take
    rows = book_records() + [rec(DEPTH_EVENT, SELL, 100.01, 1.0, 5 * MS)]
    ex = engine(rows, latency=(5 * MS, 0))
    send(ex, 1, BUY, 2, 100.01, 1.0, 'GTX', t=0)
    assert kinds(ex.poll(5 * MS)) == [REJECTED]


def test_negative_entry_latency_rejects():
    # recorded: a request at 0 rejected (answer at 4 ms), one at 100 ms reaching the exchange at
    # 101 ms; at 10 ms the segment holds a rejection: -(4 + (2 - 4) * 10 / 100) ms = -3.8 ms
    arr = np.array(book_records(), dtype=event_dtype)
    rows = np.array([[0, -1, 4 * MS], [100 * MS, 101 * MS, 102 * MS]], dtype=np.int64)
    ex = X.Exchange(arr.view('u1'), None, None, TICK, LOT, M.RiskAverseQueue(),
                    M.IntpOrderLatency(rows), M.MakerTakerFee(0, 0), False)
    assert ex.send(1, BUY, 2, 100.00, 1.0, 'GTC', 10 * MS) == -1
    assert ex.poll(13 * MS) == []
    out = ex.poll(14 * MS)
    assert out[0][0] == REJECTED and out[0][9] == 13_800_000
    assert X.REASONS[out[0][7]].startswith('rejected by the order latency model')


@pytest.mark.parametrize('args, msg', [
    ((2, 100.005, 1.0, 'GTC'), 'price 100.005 is not on the tick grid'),
    ((2, 100.00, 0.0015, 'GTC'), 'size 0.0015 is not a positive whole number of lots'),
    ((2, 100.00, 0.0, 'GTC'), 'size 0.0 is not a positive whole number'),
    ((2, None, 1.0, 'GTC'), 'a Limit order needs a finite price'),
    ((2, 100.00, 1.0, 'DAY'), "unknown time in force 'DAY'"),
    ((3, 100.00, 1.0, 'GTC'), 'execution type 3 is not supported'),
])
def test_bad_requests_are_refused_with_a_reason(args, msg):
    ex = engine(book_records())
    got = ex.send(1, BUY, args[0], args[1], args[2], args[3], 0)
    assert isinstance(got, str) and got.startswith(msg)
