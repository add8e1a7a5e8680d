"""Random update / clear / snapshot sequences, crossed ones included, replayed on the compiled
OrderBook and on the plain-Python reference book (``refbook.py``); every query is compared after
every step, under each crossed-update policy. Random hftbacktest event records (every kind) go
through ``apply_events`` and are compared with the reference the same way."""
import math
import pickle

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtrader.hft.book import ASK, BID, NO_ASK_TICK, NO_BID_TICK, OrderBook
from backtrader.hft.events import (BUY_EVENT, DEPTH_BBO_EVENT, DEPTH_CLEAR_EVENT, DEPTH_EVENT,
                                   DEPTH_SNAPSHOT_EVENT, EXCH_EVENT, LOCAL_EVENT, SELL_EVENT,
                                   TRADE_EVENT, event_dtype)

from .refbook import RefBook

TICK, LOT = 0.01, 0.001

# prices near a touch around tick 1000 (so that updates cross often), plus far ones that land
# outside the dense window (4096 ticks) and force re-centring
near = st.integers(990, 1010)
far = st.sampled_from([-3_000_000, -4097, -2049, 0, 2047, 4100, 6150, 9_000_000])
ticks = st.one_of(near, near, near, far)
lots = st.one_of(st.just(0), st.integers(1, 5), st.integers(1, 5))
sides = st.sampled_from([BID, ASK])

update = st.tuples(st.just('update'), sides, ticks, lots)
clear = st.tuples(st.just('clear'), st.sampled_from([BID, ASK, None]),
                  st.one_of(st.none(), ticks))
rows = st.lists(st.tuples(near, st.integers(0, 4)), max_size=6, unique_by=lambda r: r[0])
snapshot = st.tuples(st.just('snapshot'), rows, rows)
ops = st.lists(st.one_of(update, update, update, update, update, clear, snapshot),
               min_size=1, max_size=60)


def check_same(book, ref, policy):
    for s in (BID, ASK):
        tick = ref.best_tick(s)
        exp_tick = tick if tick is not None else (NO_BID_TICK if s == BID else NO_ASK_TICK)
        got_tick = book.best_bid_tick if s == BID else book.best_ask_tick
        assert got_tick == exp_tick
        assert (book.best_bid_qlot if s == BID else book.best_ask_qlot) == ref.best_lots(s)
        rows = ref.levels(s, 10 ** 9)
        pt, ql = book.levels(s, 10 ** 9, ticks=True)
        assert list(zip(pt.tolist(), ql.tolist())) == rows
        assert book.depth(s) == len(rows)
        for n in (1, 2, 3, 7):
            pt, ql = book.levels(s, n, ticks=True)
            assert list(zip(pt.tolist(), ql.tolist())) == rows[:n]
            assert book.cum_qty(s, n) == pytest.approx(ref.cum_lots(s, n) * LOT, abs=1e-12)
        for t in list(range(988, 1013)) + [-3_000_000, 0, 4100, 9_000_000]:
            assert book.qlot_at(s, t) == ref.lots_at(s, t)
        for want in (1, 3, 8):
            exp = ref.vwap_ticks(s, want)
            got = book.vwap_to_fill(s, want * LOT)
            if math.isnan(exp):
                assert math.isnan(got)
            else:
                assert got == pytest.approx(exp * TICK, rel=1e-12)
    for n in (1, 3, 10):
        exp = ref.imbalance(n)
        got = book.imbalance(n)
        assert (math.isnan(got) and math.isnan(exp)) or got == pytest.approx(exp, abs=1e-12)
    assert book.is_crossed == ref.is_crossed()
    assert book.is_locked == ref.is_locked()
    if policy == 'raise':
        assert not ref.is_crossed() and not ref.is_locked()
    assert book.counters() == {'crossed': ref.n_crossed, 'hidden': ref.n_hidden,
                               'rejected': ref.n_rejected}


@pytest.mark.parametrize('policy', ['fix', 'flag', 'raise'])
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seq=ops)
def test_random_sequences_match_the_reference(policy, seq):
    book, ref = OrderBook(TICK, LOT, crossed=policy), RefBook(policy)
    for op in seq:
        if op[0] == 'update':
            _, s, t, q = op
            accepted = ref.update(s, t, q)
            if accepted:
                book.update_ticks(s, t, q)
            else:
                with pytest.raises(ValueError, match='crosses'):
                    book.update_ticks(s, t, q)
        elif op[0] == 'clear':
            _, s, t = op
            ref.clear(s, t)
            book.clear(s, None if t is None else t * TICK)
        else:
            _, bids, asks = op
            accepted = ref.snapshot(bids, asks)
            args = ([(t * TICK, q * LOT) for t, q in bids], [(t * TICK, q * LOT) for t, q in asks])
            if accepted:
                book.snapshot(*args)
            else:
                with pytest.raises(ValueError, match='crosses'):
                    book.snapshot(*args)
        check_same(book, ref, policy)
    # a pickled copy continues exactly like the original
    clone = pickle.loads(pickle.dumps(book))
    check_same(clone, ref, policy)


# -- the event loop: hftbacktest records, every kind -----------------------------------------

flag_of = {BID: BUY_EVENT, ASK: SELL_EVENT, None: 0}
record = st.one_of(
    st.tuples(st.sampled_from([DEPTH_EVENT, DEPTH_EVENT, DEPTH_SNAPSHOT_EVENT]), sides, ticks,
              lots),
    st.tuples(st.sampled_from([TRADE_EVENT, DEPTH_BBO_EVENT]), sides, near, st.integers(1, 5)),
    st.tuples(st.just(DEPTH_CLEAR_EVENT), st.sampled_from([BID, ASK, None]), ticks, st.just(0)),
)


@pytest.mark.parametrize('policy', ['fix', 'flag'])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recs=st.lists(record, min_size=1, max_size=80), cut=st.integers(0, 80))
def test_event_records_match_the_reference(policy, recs, cut):
    ev = np.zeros(len(recs), event_dtype)
    ref = RefBook(policy)
    applied = 0
    for i, (kind, s, t, q) in enumerate(recs):
        ev[i]['ev'] = kind | EXCH_EVENT | LOCAL_EVENT | flag_of[s]
        ev[i]['px'] = t * TICK
        ev[i]['qty'] = q * LOT
        if kind in (DEPTH_EVENT, DEPTH_SNAPSHOT_EVENT):
            ref.update(s, t, q)
        elif kind == DEPTH_CLEAR_EVENT:
            ref.clear(s, None if s is None else t)
        else:
            continue                    # trades and BBO records leave the book alone
        applied += 1
    book = OrderBook(TICK, LOT, crossed=policy)
    cut = min(cut, len(recs))
    assert book.apply_events(ev, 0, cut) + book.apply_events(ev, cut) == applied
    check_same(book, ref, policy)
