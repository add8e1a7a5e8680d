"""Queue-position models of bt.hft.models: the probability forms, RiskAverseQueue and ProbQueue on
hand-built trade/depth sequences, and L3FIFOQueue on a scripted market-by-order sequence.

Expected values are worked out by hand (or with the model's formula written out in the test)."""
import math
import pickle

import pytest

import backtrader as bt

M = bt.hft.models


def tracker(model, lot=1.0):
    return M.QueueTracker(model, lot)


# -- probability functions ------------------------------------------------------------------

PROB_CASES = [
    # (function, front, back, expected written from the documented formula)
    (M.PowerProb(3), 2.0, 6.0, 6.0 ** 3 / (6.0 ** 3 + 2.0 ** 3)),          # 216 / 224
    (M.PowerProb(3), 5.0, 1.0, 1.0 / (1.0 + 125.0)),
    (M.PowerProb(0.5), 4.0, 9.0, 3.0 / (3.0 + 2.0)),
    (M.PowerProb2(2), 1.0, 3.0, 9.0 / 16.0),
    (M.PowerProb2(2), 3.0, 1.0, 1.0 / 16.0),
    (M.PowerProb3(2), 1.0, 3.0, 1.0 - (1.0 / 4.0) ** 2),                   # 15/16
    (M.PowerProb3(2), 3.0, 1.0, 1.0 - (3.0 / 4.0) ** 2),                   # 7/16
    (M.LogProb(), 1.0, 3.0, math.log(4.0) / (math.log(4.0) + math.log(2.0))),   # 2/3
    (M.LogProb(), 7.0, 1.0, math.log(2.0) / (math.log(2.0) + math.log(8.0))),   # 1/4
    (M.LogProb2(), 1.0, 3.0, math.log(4.0) / math.log(5.0)),
    (M.LogProb2(), 7.0, 1.0, math.log(2.0) / math.log(9.0)),
]


@pytest.mark.parametrize('func,front,back,expected', PROB_CASES,
                         ids=[f'{c[0]!r}-{c[1]}-{c[2]}' for c in PROB_CASES])
def test_probability_forms(func, front, back, expected):
    assert func(front, back) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize('cls', [M.PowerProb, M.PowerProb2, M.PowerProb3])
@pytest.mark.parametrize('bad', [0, -1.0, float('nan'), float('inf')])
def test_power_exponent_must_be_positive(cls, bad):
    with pytest.raises(ValueError, match=r'%s: n must be a finite number > 0' % cls.__name__):
        cls(bad)


def test_power_exponent_type():
    with pytest.raises(TypeError, match='PowerProb: n must be a number'):
        M.PowerProb('3')


def test_abstract_bases_refuse():
    with pytest.raises(TypeError, match='abstract'):
        M.QueueModel()
    with pytest.raises(TypeError, match='abstract'):
        M.Probability()
    with pytest.raises(TypeError, match='ProbQueue: func must be a probability function'):
        M.ProbQueue(3)
    with pytest.raises(TypeError):
        M.ProbQueue()


@pytest.mark.parametrize('lot', [0.0, -1.0, float('nan')])
def test_bind_lot_size(lot):
    with pytest.raises(ValueError, match='RiskAverseQueue.bind: lot_size must be a finite'):
        M.RiskAverseQueue().bind(lot)


# -- RiskAverseQueue ------------------------------------------------------------------------

def test_risk_averse_sequence():
    q = tracker(M.RiskAverseQueue())
    steps = [
        # (action, args, expected front, expected fill)
        ('new_order', (10.0,), 10.0, 0.0),     # behind the whole level
        ('trade', (3.0,), 7.0, 0.0),           # trades at our price move us up
        ('depth', (10.0, 7.0), 7.0, 0.0),      # the fall is the trade: 7 is already <= 7
        ('depth', (7.0, 12.0), 7.0, 0.0),      # orders join behind us: nothing changes
        ('depth', (12.0, 9.0), 7.0, 0.0),      # cancellations assumed behind us
        ('depth', (9.0, 5.0), 5.0, 0.0),       # the level shrinks below our front: capped
        ('trade', (5.0,), 0.0, 0.0),           # at the head, nothing executed yet
        ('trade', (2.4,), -2.4, 2.0),          # 2.4 traded past us: 2 whole lots
        ('trade', (0.7,), -3.1, 3.0),
    ]
    for action, args, front, fill in steps:
        getattr(q, action)(*args)
        assert q.front == pytest.approx(front), action
        assert q.filled() == pytest.approx(fill), action


def test_fill_rounding_to_lots():
    # filled when round(front/lot) < 0: round(-front/lot) whole lots (as hftbacktest 2.4.4)
    q = tracker(M.RiskAverseQueue(), lot=0.5)
    q.new_order(1.0)
    q.trade(1.2)                       # front -0.2: round(-0.4) = 0 -> nothing
    assert q.filled() == 0.0
    q.trade(0.1)                       # front -0.3: round(0.6) = 1 lot of 0.5
    assert q.filled() == pytest.approx(0.5)
    q.trade(0.5)                       # front -0.8: round(1.6) = 2 lots
    assert q.filled() == pytest.approx(1.0)
    q.trade(0.3)                       # front -1.1: round(2.2) = 2 lots
    assert q.filled() == pytest.approx(1.0)


# -- ProbQueue ------------------------------------------------------------------------------

def prob_step(front, cum, prev, new, p):
    """The documented depth rule, written out: expected front after a size change."""
    chg = prev - new - cum
    if chg < 0:
        return min(front, new)
    back = prev - front
    est = front - (1 - p) * chg + min(back - p * chg, 0.0)
    return min(est, new)


def test_prob_queue_sequence_power2():
    q = tracker(M.ProbQueue(M.PowerProb(2)))
    q.new_order(10.0)
    assert (q.front, q.cum_trade) == (10.0, 0.0)

    q.depth(10.0, 14.0)                # 4 join behind us: front unchanged (capped only)
    assert q.front == 10.0

    # 3 cancelled, no trade: front 10, back 4 -> p = 16/116 of the fall is behind us
    p = 16.0 / (16.0 + 100.0)
    expected = 10.0 - (1 - p) * 3.0    # = 7.41379...
    assert expected == pytest.approx(prob_step(10.0, 0.0, 14.0, 11.0, p))
    q.depth(14.0, 11.0)
    assert q.front == pytest.approx(expected)
    assert q.filled() == 0.0

    q.trade(4.0)                       # front 3.41379, 4 traded since the last size change
    assert q.front == pytest.approx(expected - 4.0)
    assert q.cum_trade == 4.0

    q.depth(11.0, 7.0)                 # the fall of 4 is the trade: front stays, cum resets
    assert q.front == pytest.approx(expected - 4.0)
    assert q.cum_trade == 0.0

    q.trade(5.0)                       # front -1.586: round(1.586) = 2 whole lots executable
    assert q.front == pytest.approx(expected - 9.0)
    assert q.filled() == 2.0


def test_prob_queue_partly_explained_fall():
    # front 6 of a level of 10 (back 4); 2 trade, then the level falls to 5: 3 unexplained
    q = tracker(M.ProbQueue(M.PowerProb(3)))
    q.new_order(10.0)
    q.depth(10.0, 10.0)
    q.trade(4.0)                       # front 6, cum 4
    q.depth(10.0, 8.0)                 # 2 < cum 4: chg = -2 -> only capped (6 <= 8)
    assert q.front == 6.0
    q.trade(1.0)                       # front 5, cum 1
    q.depth(8.0, 4.0)                  # chg = 8 - 4 - 1 = 3 ; back = 8 - 5 = 3
    p = 27.0 / (27.0 + 125.0)
    expected = 5.0 - (1 - p) * 3.0     # 5 - 125/152*3 = 2.5329
    assert q.front == pytest.approx(expected)
    assert q.front == pytest.approx(prob_step(5.0, 1.0, 8.0, 4.0, p))


def test_prob_queue_fall_behind_exhausted_caps_at_new_size():
    # front 4, back 1, the level falls by 4 with PowerProb(0.5): p = 1/3, p*chg > back
    q = tracker(M.ProbQueue(M.PowerProb(0.5)))
    q.new_order(4.0)
    q.depth(4.0, 5.0)                  # one joins behind
    q.depth(5.0, 1.0)
    # est = 4 - (2/3)*4 + (1 - 4/3) = 1 = new size
    assert q.front == pytest.approx(1.0)


def test_prob_queue_infinite_probability_counts_as_one():
    # LogProb2 with front + back = 0 divides by log(1) = 0 -> +inf, used as 1
    q = tracker(M.ProbQueue(M.LogProb2()))
    q.new_order(0.0)
    q.trade(1.0)                       # front -1, cum 1
    q.depth(0.0, 0.0)                  # chg = -1: capped (min(-1, 0)), cum reset
    assert (q.front, q.cum_trade) == (-1.0, 0.0)
    q.depth(0.0, 0.0)                  # chg 0, back 1, p = inf -> 1: est = -1 + min(1, 0)
    assert q.front == -1.0             # not NaN
    assert q.filled() == 1.0


def test_prob_queue_negative_infinity_too():
    # PowerProb3: 1 - (front / (front + back))**n with front + back = 0 -> -inf, used as 1
    q = tracker(M.ProbQueue(M.PowerProb3(2)))
    q.new_order(0.0)
    q.trade(2.0)
    q.depth(0.0, 0.0)
    q.depth(0.0, 0.0)
    assert q.front == -2.0


def test_risk_averse_and_prob_differ_on_cancels():
    ra, pq = tracker(M.RiskAverseQueue()), tracker(M.ProbQueue(M.PowerProb(1)))
    for q in (ra, pq):
        q.new_order(6.0)
        q.depth(6.0, 10.0)
        q.depth(10.0, 8.0)
    assert ra.front == 6.0
    # front 6, back 4: p = 4/10, so 60% of the 2 cancelled were ahead of us
    assert pq.front == pytest.approx(6.0 - 0.6 * 2.0)


# -- describe, repr, pickling ---------------------------------------------------------------

DESCRIBED = [
    (M.RiskAverseQueue(), 'RiskAverseQueue()'),
    (M.ProbQueue(M.PowerProb(3)), 'ProbQueue(PowerProb(n=3.0))'),
    (M.ProbQueue(M.PowerProb2(2.5)), 'ProbQueue(PowerProb2(n=2.5))'),
    (M.ProbQueue(M.PowerProb3(1)), 'ProbQueue(PowerProb3(n=1.0))'),
    (M.ProbQueue(M.LogProb()), 'ProbQueue(LogProb())'),
    (M.ProbQueue(M.LogProb2()), 'ProbQueue(LogProb2())'),
    (M.L3FIFOQueue(), 'L3FIFOQueue()'),
]


@pytest.mark.parametrize('model,text', DESCRIBED, ids=[t for _, t in DESCRIBED])
def test_describe_repr_pickle(model, text):
    assert model.describe() == text
    assert repr(model) == text
    clone = pickle.loads(pickle.dumps(model))
    assert type(clone) is type(model)
    assert clone.describe() == text


def test_pickled_prob_queue_behaves_the_same():
    clone = pickle.loads(pickle.dumps(M.ProbQueue(M.PowerProb(2))))
    q = tracker(clone)
    q.new_order(10.0)
    q.depth(10.0, 14.0)
    q.depth(14.0, 11.0)
    assert q.front == pytest.approx(10.0 - (1 - 16.0 / 116.0) * 3.0)


# -- L3FIFOQueue ----------------------------------------------------------------------------

def test_l3_scripted_sequence():
    q = M.L3FIFOQueue()
    # bid level 100: feed 1 (5), ours 10 (1), feed 2 (3), ours 11 (2), feed 3 (4)
    q.add_feed_order('bid', 1, 100, 5.0)
    q.add_order('buy', 10, 100, 1.0)
    q.add_feed_order(1, 2, 100, 3.0)
    q.add_order(1, 11, 100, 2.0)
    q.add_feed_order(1, 3, 100, 4.0)
    q.add_feed_order('ask', 7, 103, 2.0)
    assert q.queue('bid', 100) == [(1, False, 5.0), (10, True, 1.0), (2, False, 3.0),
                                   (11, True, 2.0), (3, False, 4.0)]
    assert q.ahead(10) == 5.0 and q.ahead(11) == 8.0
    assert (q.n_orders, q.n_feed_orders) == (2, 4)

    # feed 1 (at the head) fills: nothing of ours was ahead of it
    assert q.fill_feed_order(1) == []
    assert q.ahead(10) == 0.0
    # feed 2 shrinks: keeps its place; then grows: goes to the back
    q.modify_feed_order(2, 100, 2.0)
    assert [e[0] for e in q.queue('bid', 100)] == [10, 2, 11, 3]
    q.modify_feed_order(2, 100, 6.0)
    assert [e[0] for e in q.queue('bid', 100)] == [10, 11, 3, 2]
    assert q.ahead(11) == 0.0
    # feed 3 fills: both our orders were ahead of it and fill whole
    assert sorted(q.fill_feed_order(3)) == [10, 11]
    assert 10 not in q and 11 not in q
    assert q.queue('bid', 100) == [(2, False, 6.0)]


def test_l3_fill_without_delete_keeps_the_feed_order():
    q = M.L3FIFOQueue()
    q.add_order('ask', 20, 105, 1.0)
    q.add_feed_order('ask', 5, 105, 2.0)
    assert q.fill_feed_order(5, delete=False) == [20]
    assert q.queue('ask', 105) == [(5, False, 2.0)]
    q.cancel_feed_order(5)
    assert q.queue('ask', 105) == []
    assert q.n_feed_orders == 0


def test_l3_our_modify_and_cancel():
    q = M.L3FIFOQueue()
    q.add_feed_order('bid', 1, 99, 1.0)
    q.add_order('bid', 30, 99, 2.0)
    q.add_feed_order('bid', 2, 99, 1.0)
    q.modify_order(30, 99, 1.0)                     # smaller: keeps its place
    assert [e[0] for e in q.queue('bid', 99)] == [1, 30, 2]
    q.modify_order(30, 99, 3.0)                     # larger: back of the queue
    assert [e[0] for e in q.queue('bid', 99)] == [1, 2, 30]
    q.modify_order(30, 98, 3.0)                     # new price: its own queue there
    assert q.queue('bid', 98) == [(30, True, 3.0)]
    assert [e[0] for e in q.queue('bid', 99)] == [1, 2]
    q.cancel_order(30)
    assert 30 not in q and q.queue('bid', 98) == []
    # a feed order moved to another price queues at the new price
    q.modify_feed_order(1, 97, 1.0)
    assert q.queue('bid', 97) == [(1, False, 1.0)]
    assert q.queue('bid', 99) == [(2, False, 1.0)]


def test_l3_best_price_crossing():
    q = M.L3FIFOQueue()
    q.add_order('ask', 1, 101, 1.0)
    q.add_order('ask', 2, 103, 1.0)
    q.add_order('bid', 3, 98, 1.0)
    q.add_order('bid', 4, 96, 1.0)
    assert q.on_best_bid(100) == []                 # below both asks
    assert q.on_best_bid(101) == [1]                # reaches the ask at 101
    assert q.on_best_ask(97) == [3]                 # falls through the bid at 98
    assert q.on_best_ask(96) == [4]
    assert q.on_best_bid(110) == [2]
    assert q.n_orders == 0


def test_l3_clear_expires_ours():
    q = M.L3FIFOQueue()
    q.add_feed_order('bid', 1, 100, 1.0)
    q.add_order('bid', 10, 100, 1.0)
    q.add_order('ask', 11, 102, 1.0)
    q.add_feed_order('ask', 2, 102, 1.0)
    assert q.clear_side('bid') == [10]
    assert q.queue('bid', 100) == [] and q.n_feed_orders == 1
    assert q.clear_side() == [11]
    assert (q.n_orders, q.n_feed_orders) == (0, 0)
    # ids are free again
    q.add_feed_order('bid', 1, 100, 1.0)
    q.add_order('bid', 10, 100, 1.0)
    assert q.ahead(10) == 1.0


def test_l3_many_orders_grow_the_tables():
    q = M.L3FIFOQueue()
    for i in range(5000):
        q.add_feed_order('bid', i, 1000 - i % 50, 1.0)
    q.add_order('bid', 1, 1000, 1.0)
    assert q.ahead(1) == 100.0                      # ticks 1000 holds ids 0, 50, ... 4950
    for i in range(0, 5000, 2):
        q.cancel_feed_order(i)
    assert q.n_feed_orders == 2500
    assert q.ahead(1) == 0.0                        # the even ids were all at tick 1000
    q.add_feed_order('bid', 99999, 1000, 1.0)
    assert q.fill_feed_order(99999) == [1]


def test_l3_bad_input():
    q = M.L3FIFOQueue()
    q.add_feed_order('bid', 1, 100, 1.0)
    q.add_order('bid', 1, 100, 1.0)                 # separate id spaces
    with pytest.raises(ValueError, match='feed order with id 1 is already resting'):
        q.add_feed_order('ask', 1, 101, 1.0)
    with pytest.raises(ValueError, match='order of ours with id 1 is already resting'):
        q.add_order('bid', 1, 100, 1.0)
    with pytest.raises(KeyError, match='cancel_feed_order: no resting feed order with id 9'):
        q.cancel_feed_order(9)
    with pytest.raises(KeyError, match='fill_feed_order: no resting feed order with id 9'):
        q.fill_feed_order(9)
    with pytest.raises(KeyError, match='modify_order: no resting order of ours with id 9'):
        q.modify_order(9, 100, 1.0)
    with pytest.raises(KeyError, match='cancel_order: no resting order of ours'):
        q.cancel_order(9)
    with pytest.raises(ValueError, match='qty must be a finite number > 0'):
        q.add_order('bid', 5, 100, 0.0)
    with pytest.raises(ValueError, match='side'):
        q.add_order('middle', 5, 100, 1.0)


def test_l3_pickle_keeps_the_queues():
    q = M.L3FIFOQueue()
    q.add_feed_order('bid', 1, 100, 5.0)
    q.add_order('bid', 10, 100, 1.0)
    q.add_feed_order('bid', 2, 100, 3.0)
    q.add_order('ask', 11, 104, 2.0)
    clone = pickle.loads(pickle.dumps(q))
    assert clone.queue('bid', 100) == q.queue('bid', 100)
    assert clone.queue('ask', 104) == [(11, True, 2.0)]
    assert clone.fill_feed_order(2) == [10]


def test_l3_random_script_matches_plain_lists():
    """A long random script against a plain reference: per-level Python lists, same rules."""
    import random
    rnd = random.Random(7)
    q = M.L3FIFOQueue()
    ref = {}                                        # (side, tick) -> [(oid, ours, qty)]
    where = {}                                      # (ours, oid) -> (side, tick)

    def ref_remove(ours, oid):
        key = where.pop((ours, oid))
        ref[key] = [e for e in ref[key] if (e[1], e[0]) != (ours, oid)]

    for step in range(4000):
        op = rnd.random()
        live = list(where)
        if op < 0.45 or not live:
            ours = rnd.random() < 0.2
            side = rnd.choice((1, -1))
            oid, tick, qty = rnd.randrange(10 ** 6), rnd.randrange(90, 110), float(rnd.randint(1, 5))
            if (ours, oid) in where:
                continue
            (q.add_order if ours else q.add_feed_order)(side, oid, tick, qty)
            ref.setdefault((side, tick), []).append((oid, ours, qty))
            where[(ours, oid)] = (side, tick)
        elif op < 0.7:
            ours, oid = rnd.choice(live)
            (q.cancel_order if ours else q.cancel_feed_order)(oid)
            ref_remove(ours, oid)
        elif op < 0.85:
            ours, oid = rnd.choice(live)
            side, tick = where[(ours, oid)]
            old = next(e for e in ref[(side, tick)] if (e[1], e[0]) == (ours, oid))
            ntick = tick if rnd.random() < 0.6 else rnd.randrange(90, 110)
            nqty = float(rnd.randint(1, 5))
            (q.modify_order if ours else q.modify_feed_order)(oid, ntick, nqty)
            if ntick == tick and nqty <= old[2]:
                ref[(side, tick)] = [(o, w, nqty) if (w, o) == (ours, oid) else (o, w, x)
                                     for o, w, x in ref[(side, tick)]]
            else:
                ref_remove(ours, oid)
                ref.setdefault((side, ntick), []).append((oid, ours, nqty))
                where[(ours, oid)] = (side, ntick)
        else:
            feed = [k for k in live if not k[0]]
            if not feed:
                continue
            _, oid = rnd.choice(feed)
            key = where[(False, oid)]
            level = ref[key]
            pos = next(i for i, e in enumerate(level) if not e[1] and e[0] == oid)
            expected = [e[0] for e in level[:pos] if e[1]]
            assert q.fill_feed_order(oid) == expected
            for o in expected:
                ref_remove(True, o)
            ref_remove(False, oid)
        if step % 50 == 0:
            for (side, tick), level in ref.items():
                assert q.queue(side, tick) == level
    assert q.n_orders + q.n_feed_orders == len(where)
