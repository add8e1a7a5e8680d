"""The Avellaneda-Stoikov family (``bt.hft.strategies.as_family``): AS++ (inventory penalty), ASAS
(adverse selection), AS+++ (QVI and hedge zone) and ASMP (microprice).

Each model's hooks are checked on a given state (mid, inventory, sigma2, k, A, time left) against
the formulas worked out by hand in the comments, and its orders on hand-built books (the clamps to
the tick grid and the book included). Prices in ticks of 0.01 unless written as prices.
"""
import math
from types import SimpleNamespace

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.events import DEPTH_EVENT, TRADE_EVENT
from backtrader.hft.strategies.as_family import (ASAdverseSelection, ASInventoryPenalty,
                                                 ASMicroprice, ASQVI, fill_probability)

from .mm_helpers import MS, T0, _events, recording, run as run_mm
from .test_book_hftbacktest import l2_file

DELTA = 0.1 + math.log(1.2) / 0.1          # gamma 0.1, k 0.5, sigma2 4, tau 0.5: 1.9232155679


def state(**kw):
    """A wake-up's state: mid 10000.5 between 10000 / 10001, q 2 orders (0.02), sigma2 4,
    tau 0.5, gamma 0.1, k 0.5, A 2."""
    base = dict(time=T0, mid=10000.5, fair=10000.5, best_bid=10000, best_ask=10001, q=2.0,
                position=0.02, q_max=20.0, sigma2=4.0, tau=0.5, gamma=0.1, k=0.5, A=2.0,
                order_size=0.01, tick=0.01, ready=True)
    base.update(kw)
    return SimpleNamespace(**base)


def run(cls, events, **params):
    """``cls`` recording its orders (``sent``: wake, side, price, size), run on ``events``."""
    return run_mm(recording(cls), events, **params)


QUIET = _events([(DEPTH_EVENT, 1, T0, 100.00, 1.0), (DEPTH_EVENT, -1, T0, 100.01, 1.0),
                 (DEPTH_EVENT, 1, T0 + 300 * MS, 100.00, 2.0)])
# book 100.00 / 100.02 (mid 10001); a seller takes 0.05 at 99.90 at 150 ms, through our first bid
HIT = _events([(DEPTH_EVENT, 1, T0, 100.00, 1.0), (DEPTH_EVENT, -1, T0, 100.02, 1.0),
               (TRADE_EVENT, -1, T0 + 150 * MS, 99.90, 0.05),
               (DEPTH_EVENT, 1, T0 + 260 * MS, 100.00, 1.5)])
# sigma 10, rolling horizon 1 s (tau 1), gamma 0.1, kappa 1: risk 10, delta 5 + ln(1.1) / 0.1
HIT_PARAMS = dict(gamma=0.1, kappa=1.0, sigma=10.0, horizon=10 ** 9, order_size=0.01,
                  max_inventory=0.01)


def started(cls, **params):
    return run(cls, QUIET, **params)


# -- AS++ ---------------------------------------------------------------------------------------
def test_inventory_penalty_formula():
    s = started(ASInventoryPenalty, penalty=0.5, skew=0.25, max_long=0.025)
    st = state()
    # r = 10000.5 - 2 * 0.1 * 4 * 0.5 - 0.5 * 2 = 9999.1
    assert s.reservation_price(st) == pytest.approx(9999.1)
    assert s.half_spread(st) == pytest.approx(DELTA)
    # q > 0: the bid moves 0.25 * 2 further away, the ask keeps r + delta
    bid, ask = s.quotes(st)
    assert bid == pytest.approx(9999.1 - DELTA - 0.5)
    assert ask == pytest.approx(9999.1 + DELTA)
    # short 3 orders: r = 10000.5 + 3 * 0.2 + 0.5 * 3 = 10002.6, the ask moves 0.75 away
    st = state(q=-3.0, position=-0.03)
    assert s.quotes(st) == pytest.approx((10002.6 - DELTA, 10002.6 + DELTA + 0.75))


def test_inventory_penalty_hard_limits():
    s = started(ASInventoryPenalty, max_long=0.025, max_short=0.03)
    # long 0.02 of 0.025: the bid may add 0.005 only; the ask its full size
    assert s.quote_sizes(state()) == pytest.approx((0.005, 0.01))
    assert s.should_quote(1, state()) and s.should_quote(-1, state())
    assert not s.should_quote(1, state(position=0.025))
    assert s.should_quote(-1, state(position=-0.029))
    assert not s.should_quote(-1, state(position=-0.03))
    assert s.quote_sizes(state(position=-0.025)) == pytest.approx((0.01, 0.005))


def test_inventory_penalty_orders_on_a_book():
    # penalty 2, skew 3, max_long 0.02 (max_short stays max_inventory 0.01):
    #   wake 1 (q 0): r 10001 -> bid floor(9995.05) = 9995, ask ceil(10006.95) = 10007
    #   the 150 ms seller fills our bid: wake 2 (q 1): r = 10001 - 10 - 2 = 9989,
    #   bid = 9989 - 5.9531 - 3 = 9980.05 -> 9980; ask ceil(9994.95) = 9995 -> raised to the best
    #   ask 10002 (the base model would stop bidding at max_inventory 0.01)
    s = run(ASInventoryPenalty, HIT, penalty=2.0, skew=3.0, max_long=0.02, **HIT_PARAMS)
    sent = [x[:4] for x in s.sent]
    assert sent == [(1, 1, 99.95, 0.01), (1, -1, 100.07, 0.01), (2, 1, 99.80, 0.01),
                    (2, -1, 100.02, 0.01)]
    assert s.broker.state()['position'] == pytest.approx(0.01)


def test_inventory_penalty_cuts_the_size_to_the_hard_limit():
    s = run(ASInventoryPenalty, HIT, penalty=2.0, skew=3.0, max_long=0.015, **HIT_PARAMS)
    assert [x[:4] for x in s.sent if x[0] == 2 and x[1] == 1] == [(2, 1, 99.80, 0.005)]


# -- ASAS ---------------------------------------------------------------------------------------
def test_adverse_selection_formula():
    s = started(ASAdverseSelection, penalty=0.5, skew=0.0, flow_skew=2.0, flow_widen=1.5,
                drift_weight=0.5)
    s.flow_signal = lambda st: 0.6
    s._drift = 0.8
    st = state()
    # r = 9999.1 (AS++ above) + 2 * 0.6; delta = 1.9232 + 1.5 * |0.6| + 0.5 * 0.8
    assert s.reservation_price(st) == pytest.approx(9999.1 + 1.2)
    assert s.half_spread(st) == pytest.approx(DELTA + 0.9 + 0.4)
    s._drift = -0.3            # a favourable drift does not narrow the quotes
    assert s.half_spread(st) == pytest.approx(DELTA + 0.9)


def test_post_fill_drift_is_an_ewma_over_fills():
    s = started(ASAdverseSelection, drift_horizon='1s', drift_alpha=0.1)
    S = 10 ** 9
    s._pending.clear()
    s._drift = 0.0
    s._last_pos = 0.0
    # a buy seen at 0.1 s at mid 100; 1.2 s: mid 98 (fell 2 after our buy): D = 0.1 * 2 = 0.2
    s.on_wake(state(time=0, position=0.0, mid=100.0))
    s.on_wake(state(time=S // 10, position=0.01, mid=100.0))
    s.on_wake(state(time=S, position=0.01, mid=99.0))              # not due yet
    assert s.drift == 0.0
    s.on_wake(state(time=12 * S // 10, position=0.01, mid=98.0))
    assert s.drift == pytest.approx(0.2)
    # a sell at 1.3 s at mid 99; 2.3 s: mid 101 (rose 2 after our sell): D = 0.9 * 0.2 + 0.1 * 2
    s.on_wake(state(time=13 * S // 10, position=0.0, mid=99.0))
    s.on_wake(state(time=23 * S // 10, position=0.0, mid=101.0))
    assert s.drift == pytest.approx(0.38)


def test_adverse_selection_orders_lean_with_the_trade_flow():
    # HIT with a buyer's trade of 0.01 at 10 ms (before any quote): the 100 ms time window of the
    # trade imbalance is warm from wake 2 (100 ms after the first trade's step) and holds only
    # the 150 ms seller's trade: a = -1. No AS++ terms; flow_skew 2, flow_widen 1:
    # r = 10001 - 10 - 2 = 9989, delta = 5.9531 + 1 = 6.9531: bid floor(9982.05) = 9982 (quoted:
    # max_long 0.02), ask ceil(9995.95) -> the best ask 10002
    events = _events([(DEPTH_EVENT, 1, T0, 100.00, 1.0), (DEPTH_EVENT, -1, T0, 100.02, 1.0),
                      (TRADE_EVENT, 1, T0 + 10 * MS, 100.02, 0.01),
                      (TRADE_EVENT, -1, T0 + 150 * MS, 99.90, 0.05),
                      (DEPTH_EVENT, 1, T0 + 260 * MS, 100.00, 1.5)])
    s = run(ASAdverseSelection, events, penalty=0.0, skew=0.0, max_long=0.02, flow_skew=2.0,
               flow_widen=1.0, flow_window='100ms', **HIT_PARAMS)
    sent = [x[:3] for x in s.sent]
    assert sent[:2] == [(1, 1, 99.95), (1, -1, 100.07)]     # wake 1: no flow seen yet
    assert sent[2:4] == [(2, 1, 99.82), (2, -1, 100.02)]


def test_ofi_signal_is_scaled_by_the_touch_and_clipped():
    s = started(ASAdverseSelection, flow='ofi')
    s._flow = [3.0]
    # the QUIET book's last touch: 100.00 x 2.0 / 100.01 x 1.0 -> 3.0 / 3.0
    assert s.flow_signal(None) == pytest.approx(1.0)
    s._flow = [-1.5]
    assert s.flow_signal(None) == pytest.approx(-0.5)
    s._flow = [-30.0]
    assert s.flow_signal(None) == -1.0
    s._flow = [float('nan')]
    assert s.flow_signal(None) == 0.0


# -- AS+++ --------------------------------------------------------------------------------------
def test_fill_probability_by_hand():
    # depth 1.5, 0.2 ahead + 0.01 ours, trades of 0.05: n = floor(4.2) + 1 = 5 trades needed;
    # mu = 2 * exp(-0.5 * 1.5) * 1 s = 0.9447331...; P(N >= 5) = 1 - e^-mu sum_{j<5} mu^j / j!
    mu = 2 * math.exp(-0.75)
    p = 1 - math.exp(-mu) * (1 + mu + mu ** 2 / 2 + mu ** 3 / 6 + mu ** 4 / 24)
    assert fill_probability(1.5, 0.2, 0.01, 2.0, 0.5, 1.0, 0.05) == pytest.approx(p, rel=1e-12)
    # nothing ahead: one trade fills: 1 - e^-mu
    assert fill_probability(1.5, 0.0, 0.01, 2.0, 0.5, 1.0, 0.05) == pytest.approx(
        1 - math.exp(-mu))
    assert fill_probability(1.5, 50.0, 0.01, 2.0, 0.5, 1.0, 0.05) < 1e-30


class _Ahead:
    def __init__(self, qty):
        self.qty = qty

    def ahead(self, px):
        return self.qty


def test_queue_value_and_the_qvi_gate():
    s = started(ASQVI, qvi_min=0.0, qvi_horizon='1s', trade_size=0.05, maker_fee=-0.00005,
                drift_weight=0.0)
    s._watch = {1: _Ahead(0.2), -1: _Ahead(0.0)}
    s._drift = 0.3
    st = state(mid=10001.5, best_bid=10001, best_ask=10002)
    # bid at 10000 (1.5 from the mid), 0.2 ahead: P as above; edge 1.5 - D 0.3 + rebate
    # 0.00005 * 10001.5 = 0.500075
    mu = 2 * math.exp(-0.75)
    p = 1 - math.exp(-mu) * (1 + mu + mu ** 2 / 2 + mu ** 3 / 6 + mu ** 4 / 24)
    assert s.queue_value(1, 10000, 0.01, st) == pytest.approx(p * (1.5 - 0.3 + 0.500075))
    # the ask at the touch 10002 (0.5 from the mid, nothing ahead): 1 - exp(-2 e^-0.25)
    pa = 1 - math.exp(-2 * math.exp(-0.25))
    assert s.queue_value(-1, 10002, 0.01, st) == pytest.approx(pa * (0.5 - 0.3 + 0.500075))
    # the gate: qvi_min between the two values leaves the bid out
    qb = s.queue_value(1, 10000, 0.01, st)
    qa = s.queue_value(-1, 10002, 0.01, st)
    s._qvi_min = 0.5 * (qb + qa)
    assert qb < s._qvi_min < qa
    assert s.round_quotes(10000.4, 10001.6, st) == (None, 10002)
    # the bid is clamped to the touch before it is valued: 10001.6 -> floor 10001 (0 ahead)
    s._watch[1] = _Ahead(0.0)
    s._qvi_min = 0.0
    assert s.round_quotes(10001.6, 10001.6, st) == (10001, 10002)


def test_qvi_min_zero_keeps_quotes_worth_a_fill():
    s = started(ASQVI, qvi_min=0.0, maker_fee=0.0, drift_weight=0.0)
    s._drift = 0.6
    st = state(mid=10001.5, best_bid=10001, best_ask=10002)
    # fill values: bid at the touch 10001: 0.5 - 0.6 < 0 -> left out; ask at 10003: 1.5 - 0.6
    assert s.fill_value(1, 10001, st) == pytest.approx(-0.1)
    assert s.fill_value(-1, 10003, st) == pytest.approx(0.9)
    assert s.round_quotes(10001.2, 10002.2, st) == (None, 10003)
    assert s.gated == 1


def test_the_sign_rule_stands_in_until_the_intensity_is_fitted():
    s = started(ASQVI, qvi_min=1e9, maker_fee=0.0, drift_weight=0.0)
    s._drift = 0.0
    st = state(mid=10001.5, best_bid=10001, best_ask=10002, ready=False)
    # before the fit: both touch quotes are worth a fill (0.5 ticks each), so both go on
    assert s.round_quotes(10001.2, 10001.8, st) == (10001, 10002)
    # once fitted no quote reaches a queue value of 1e9
    st.ready = True
    assert s.round_quotes(10001.2, 10001.8, st) == (None, None) and s.gated == 2


def test_queue_watch_follows_our_quote_with_the_queue_model():
    from backtrader.hft.models import RiskAverseQueue
    from backtrader.hft._cy.queuevalue import QueueWatch
    order = SimpleNamespace(status=bt.Order.Accepted)
    slot = SimpleNamespace(order=order, px=10000)
    level = {}
    book = SimpleNamespace(qty_at=lambda side, price: level[round(price / 0.01)])
    w = QueueWatch(RiskAverseQueue(), 0.001, (bt.Order.Submitted, bt.Order.Accepted))
    # joins the bid 100.00 showing 0.3: 0.3 ahead
    level[10000] = 0.3
    w.update(slot, 1, book, 0.01, 0.0, 0.0)
    assert w.ahead(10000) == pytest.approx(0.3) and w.ahead(9999) is None
    # a trade of 0.1 at our price, the level shows 0.2: the risk-averse queue moves us up 0.1
    level[10000] = 0.2
    w.update(slot, 1, book, 0.01, 10000, 0.1)
    assert w.ahead(10000) == pytest.approx(0.2)
    # the level grows behind us: nothing changes ahead
    level[10000] = 0.5
    w.update(slot, 1, book, 0.01, 0.0, 0.0)
    assert w.ahead(10000) == pytest.approx(0.2)
    # a new order (a requote) joins the back again; a dead one is no longer watched
    slot.order = SimpleNamespace(status=bt.Order.Submitted)
    w.update(slot, 1, book, 0.01, 0.0, 0.0)
    assert w.ahead(10000) == pytest.approx(0.5)
    slot.order.status = bt.Order.Completed
    w.update(slot, 1, book, 0.01, 0.0, 0.0)
    assert w.ahead(10000) is None


def test_hedge_zone_quotes_only_the_reducing_side():
    s = started(ASQVI, hedge_zone=(0.015, 0.03), qvi_min=1e9)
    st = state(position=0.02)
    # beyond lo: long -> only the ask, QVI or not; short -> only the bid
    assert s.round_quotes(9999.7, 10002.3, st) == (None, 10003)
    assert s.round_quotes(9999.7, 10002.3, state(position=-0.02)) == (9999, None)
    # within lo the QVI gate (here impossible) applies to both sides
    assert s.round_quotes(9999.7, 10002.3, state(position=0.01)) == (None, None)


def test_qvi_with_hedge_zone_on_a_generated_file():
    s = run_mm(ASQVI, str(l2_file(100_000)), fees=bt.hft.models.MakerTakerFee(-0.00005, 0.0007),
               qvi_min=0.0, hedge_zone=(0.01, 0.015), max_inventory=0.2, hedge_ratio=0.5)
    fills = s.broker.fill_log()
    held = (fills['side'] * fills['qty']).cumsum()
    # beyond 0.01 only the reducing side quotes, so a quote fill takes |position| to 0.02 at most
    # (0.03 when the old quote of the other side fills before its cancel lands); beyond 0.015
    # a market order sheds half of it (0.01 of 0.02)
    assert abs(held).max() <= 0.03 + 1e-9
    taker = ~fills['maker']
    assert s.hedges > 0 and taker.sum() in (s.hedges, s.hedges - 1)
    assert np.all(abs(held[taker]) <= abs(held[taker] - fills['side'][taker] * fills['qty'][taker]))
    assert s.submitted > 0


def test_positive_qvi_min_follows_the_queues_on_a_generated_file():
    # A 100 per s, k 0.5 per tick, fills within the 100 ms wake: a quote at the touch (0.5 from
    # the mid, 7.8 arrivals expected) behind a level of 0.2 (trades of ~0.05: 5 needed) has
    # P_fill ~ 0.9, one 3 ticks further out ~ 0.03: a floor of 0.01 ticks per unit on
    # P_fill * value leaves many quotes out, and some go on
    s = run_mm(ASQVI, str(l2_file(100_000)), qvi_min=0.01, A=100.0)
    assert s.gated > s.steps // 2 and s.submitted > 0
    assert s._ntrades > 0 and 0.01 < s.mean_trade(s.state) < 0.2


# -- ASMP ---------------------------------------------------------------------------------------
def test_microprice_centre_on_a_book():
    # bids 100.00 x 9, asks 100.04 x 1: microprice (100.00 * 1 + 100.04 * 9) / 10 = 100.036
    # (10003.6 ticks; the mid is 10002). sigma 0, gamma 0.1, k 0.5: delta = ln(1.2) / 0.1 =
    # 1.8232: bid floor(10001.78) = 10001 -> clamped to the best bid 10000; ask ceil(10005.42)
    # = 10006 (centred on the mid: ceil(10003.82) = 10004)
    events = _events([(DEPTH_EVENT, 1, T0, 100.00, 9.0), (DEPTH_EVENT, -1, T0, 100.04, 1.0),
                      (DEPTH_EVENT, 1, T0 + 150 * MS, 99.90, 1.0)])
    params = dict(gamma=0.1, kappa=0.5, sigma=0.0, horizon=10 ** 9)
    s = run(ASMicroprice, events, **params)
    assert [x[1:3] for x in s.sent if x[0] == 1] == [(1, 100.00), (-1, 100.06)]
    s.fair_price(state())       # a hook like the others
    base = run(bt.hft.AvellanedaStoikov, events, **params)
    assert [x[1:3] for x in base.sent if x[0] == 1] == [(1, 100.00), (-1, 100.04)]


def test_microprice_fair_price_hook():
    s = started(ASMicroprice)
    s._micro = [100.036]
    assert s.fair_price(state()) == pytest.approx(10003.6)
    s._micro = [float('nan')]
    assert s.fair_price(state()) == 10000.5


# -- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize('cls, bad, match', [
    (ASInventoryPenalty, dict(penalty=-1), "ASInventoryPenalty: param 'penalty' must be a number"),
    (ASInventoryPenalty, dict(skew='x'), "ASInventoryPenalty: param 'skew'"),
    (ASInventoryPenalty, dict(max_long=0), "ASInventoryPenalty: param 'max_long' must be a "
                                           "number > 0 or None"),
    (ASAdverseSelection, dict(flow='vwap'), "ASAdverseSelection: param flow must be 'trade'"),
    (ASAdverseSelection, dict(drift_alpha=2), 'ASAdverseSelection: param drift_alpha'),
    (ASAdverseSelection, dict(drift_horizon=-5), 'ASAdverseSelection: param drift_horizon'),
    (ASQVI, dict(hedge_zone=(0.2, 0.1)), 'ASQVI: param hedge_zone must be None or'),
    (ASQVI, dict(hedge_ratio=0), "ASQVI: param 'hedge_ratio'"),
    (ASQVI, dict(trade_size=-1.0), "ASQVI: param 'trade_size'"),
    (ASQVI, dict(qvi_min='high'), "ASQVI: param 'qvi_min' must be a number >= 0"),
    (ASQVI, dict(qvi_min=-0.1), "ASQVI: param 'qvi_min' must be a number >= 0"),
    (ASQVI, dict(gamma=0), 'ASQVI.*gamma'),
])
def test_bad_params_are_refused_naming_strategy_and_param(cls, bad, match):
    with pytest.raises(ValueError, match=match):
        run(cls, QUIET, **bad)


def test_qvi_needs_a_bid_ask_broker():
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.hft.L2EventData(dataname=QUIET, tick_size=0.01, lot_size=0.001,
                                       step='100ms'))
    cerebro.addstrategy(ASQVI)
    with pytest.raises(ValueError, match='ASQVI needs a bt.hft.BidAskBroker'):
        cerebro.run()
