"""The Avellaneda-Stoikov market maker (``bt.hft.AvellanedaStoikov``).

- The quote formula and the strategy's orders on hand-built books, against values computed by hand.
- The reference workload of the shared HFT material (``bench_hftbacktest.py mm``: 100 ms requotes,
  1 ms entry and response latency, ``PowerProb(3)`` queue, no partial fills, maker -0.5 bp, taker
  7 bp) against hftbacktest 2.4.4's own run of it, through the oracle harness: fill count, final
  position and PnL (balance + position * mid - fee) within 1%. The 1M-event file of ``gen_l2.py``
  runs here; the 5M file is ``slow``. The README's figures for those files are the cross-check of
  the oracle run.
"""
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.events import (BUY_EVENT, DEPTH_EVENT, EXCH_EVENT, LOCAL_EVENT, SELL_EVENT,
                                   TRADE_EVENT, event_dtype)
from backtrader.hft.feeds.l2event import load_events
from backtrader.hft.strategies.avellaneda import as_quotes

from .test_book_hftbacktest import GEN_L2, l2_file

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import upstream  # noqa: E402

BENCH = GEN_L2.with_name('bench_hftbacktest.py')
T0 = 1_700_000_000_000_000_000
MS = 1_000_000


# -- the formula ------------------------------------------------------------------------------
def test_quotes_inside_the_book():
    # mid 10000.5, q = 2, sigma2 = 4, tau = 0.5, gamma 0.1, kappa 0.5:
    # risk 0.2, r = 10000.1, delta = 0.1 + ln(1.2) / 0.1 = 1.9232155679...
    assert as_quotes(10000.5, 10000, 10001, 2.0, 4.0, 0.5, 0.1, 0.5) == (9998, 10003)


def test_quotes_are_clamped_to_the_touch():
    # q = -50 lifts r to 10010.5: the bid floor(10008.58) = 10008 would cross, it is the best bid
    assert as_quotes(10000.5, 10000, 10001, -50.0, 4.0, 0.5, 0.1, 0.5) == (10000, 10013)
    # q = +50 drops r to 9990.5: the ask ceil(9992.42) = 9993 is raised to the best ask
    assert as_quotes(10000.5, 10000, 10001, 50.0, 4.0, 0.5, 0.1, 0.5) == (9988, 10001)


def test_quotes_without_risk_are_the_symmetric_spread():
    # tau 0 (end of the session): delta = ln(1 + 0.01 / 0.5) / 0.01 = 1.98026..., r = mid
    assert as_quotes(10001.0, 10000, 10002, 7.0, 50.0, 0.0, 0.01, 0.5) == (9999, 10003)


# -- the strategy on a hand-built book ---------------------------------------------------------
def _events(rows):
    ev = np.zeros(len(rows), dtype=event_dtype)
    for i, (kind, side, t, px, qty) in enumerate(rows):
        flag = BUY_EVENT if side > 0 else SELL_EVENT
        ev[i] = (kind | EXCH_EVENT | LOCAL_EVENT | flag, t, t + 100_000, px, qty, 0, 0, 0.0)
    return ev


class Quotes(bt.hft.AvellanedaStoikov):
    """Records every order it sends, (wake, side, price, ref), and the refs of the cancelled."""

    def start(self):
        super().start()
        self.sent = []
        self.gone = []

    def notify_order(self, order):
        if order.status == order.Submitted:
            self.sent.append((self.steps, 1 if order.isbuy() else -1,
                              round(order.created.price, 2), order.ref))
        elif order.status == order.Canceled:
            self.gone.append(order.ref)


def _run(events, **params):
    cerebro = bt.Cerebro(stdstats=False)
    data = bt.hft.L2EventData(dataname=events, tick_size=0.01, lot_size=0.001, step='100ms')
    cerebro.adddata(data)
    cerebro.broker = bt.hft.BidAskBroker(
        queue_model=bt.hft.models.ProbQueue(bt.hft.models.PowerProb(3)),
        latency=bt.hft.models.ConstantLatency(MS, MS), exchange='no_partial', cash=0.0)
    cerebro.addstrategy(Quotes, **params)
    return cerebro.run()[0], cerebro.broker


def test_orders_follow_inventory_and_stop_at_the_limit():
    # book 100.00 / 100.02 throughout (mid 10001 ticks); a sell trade at 99.90 at 150 ms goes
    # through the bid of the first wake. sigma 10 ticks/sqrt(s), rolling horizon 1 s (tau 1),
    # gamma 0.1, kappa 1: risk = 10, delta = 5 + ln(1.1) / 0.1 = 5.9531.
    #   wake 1 (q 0): r 10001 -> bid floor(9995.05) = 9995, ask ceil(10006.95) = 10007
    #   wake 2 (q 1): r 9991 -> bid 9985 (not sent: |position| reached max_inventory),
    #                 ask ceil(9996.95) = 9997 -> raised to the best ask 10002: replaced
    events = _events([(DEPTH_EVENT, 1, T0, 100.00, 1.0), (DEPTH_EVENT, -1, T0, 100.02, 1.0),
                      (TRADE_EVENT, -1, T0 + 150 * MS, 99.90, 0.05),
                      (DEPTH_EVENT, 1, T0 + 260 * MS, 100.00, 1.5)])
    strat, broker = _run(events, gamma=0.1, kappa=1.0, sigma=10.0, horizon=10 ** 9,
                         order_size=0.01, max_inventory=0.01)
    sent = [(w, s, p) for w, s, p, _ in strat.sent]
    assert sent[:3] == [(1, 1, 99.95), (1, -1, 100.07), (2, -1, 100.02)]
    assert len(sent) == 3
    assert strat.cancelled == 1 and strat.gone == [strat.sent[1][3]]
    assert broker.state()['position'] == pytest.approx(0.01)
    fills = broker.fill_log()
    assert len(fills) == 1 and fills['px'][0] == pytest.approx(99.95) and fills['side'][0] == 1


def test_online_variance_and_session_horizon():
    # the ask moves from 100.02 to 100.10 at 150 ms: the mid goes 10001 -> 10005 ticks, and at
    # wake 2 sigma2 = 0.02 * 4^2 / 0.1 s = 3.2 ticks^2/s. The session runs from the first to the
    # last local_ts (T0 + 0.1 ms to T0 + 400.1 ms); wake 2 is at T0 + 200 ms: tau = 200.1 / 400.
    # gamma 10, kappa 0.1: risk = 10 * 3.2 * 0.50025 = 16.008, delta = 8.004 + ln(101) / 10
    # = 8.46552 -> bid floor(9996.53) = 9996, ask ceil(10013.47) = 10014 (inside the book).
    events = _events([(DEPTH_EVENT, 1, T0, 100.00, 1.0), (DEPTH_EVENT, -1, T0, 100.02, 1.0),
                      (DEPTH_EVENT, -1, T0 + 150 * MS, 100.02, 0.0),
                      (DEPTH_EVENT, -1, T0 + 150 * MS, 100.10, 1.0),
                      (DEPTH_EVENT, 1, T0 + 400 * MS, 100.00, 2.0)])
    strat, _ = _run(events, gamma=10.0, kappa=0.1, requote='always')
    # wake 1: no change seen yet, no variance: delta = ln(101) / 10 = 0.46 ticks each side
    assert [(s, p) for w, s, p, _ in strat.sent if w == 1] == [(1, 100.00), (-1, 100.02)]
    assert [(s, p) for w, s, p, _ in strat.sent if w == 2] == [(1, 99.96), (-1, 100.14)]
    # 'always': every wake after the first cancels both quotes of the one before
    assert strat.steps == 5 and strat.cancelled == 8
    assert {r for _, _, _, r in strat.sent[:2]} <= set(strat.gone)


@pytest.mark.parametrize('bad,match', [
    (dict(gamma=0), 'gamma'), (dict(kappa=-1), 'kappa'), (dict(alpha=1.5), 'alpha'),
    (dict(horizon='day'), 'horizon'), (dict(requote='sometimes'), 'requote'),
    (dict(tif='DAY'), 'tif'), (dict(sigma='high'), 'sigma'), (dict(max_inventory=0), 'max_inv')])
def test_bad_params_are_refused(bad, match):
    events = _events([(DEPTH_EVENT, 1, T0, 100.00, 1.0), (DEPTH_EVENT, -1, T0, 100.02, 1.0),
                      (DEPTH_EVENT, 1, T0 + 300 * MS, 100.00, 2.0)])
    with pytest.raises(ValueError, match=match):
        _run(events, **bad)


def test_a_data_without_an_interval_step_is_refused():
    events = _events([(DEPTH_EVENT, 1, T0, 100.00, 1.0), (DEPTH_EVENT, -1, T0, 100.02, 1.0)])
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.hft.L2EventData(dataname=events, tick_size=0.01, lot_size=0.001))
    cerebro.addstrategy(bt.hft.AvellanedaStoikov)
    with pytest.raises(ValueError, match='fixed interval'):
        cerebro.run()


# -- the reference workload against hftbacktest ------------------------------------------------
def _digest(path):
    records = load_events(str(path))[0]
    h = hashlib.sha256()
    step = 1 << 16
    for i in range(0, len(records), step):
        h.update(np.ascontiguousarray(records[i:i + step]).view(np.uint8))
    return h.hexdigest()


def hbt_mm(path):
    """hftbacktest's run of the reference workload on ``path`` (cached by the harness)."""
    warm = l2_file(10000)
    res = upstream.run_cached(BENCH, 'hftbacktest', args=['mm', str(path), '--warm', str(warm)],
                              key_data=_digest(path), timeout=1800, capture_stdout=True)
    return json.loads(res['stdout'].strip().splitlines()[-1])


def ours_mm(path):
    cerebro = bt.Cerebro(stdstats=False)
    data = bt.hft.L2EventData(dataname=str(path), tick_size=0.01, lot_size=0.001, step='100ms')
    cerebro.adddata(data)
    cerebro.broker = bt.hft.BidAskBroker(
        queue_model=bt.hft.models.ProbQueue(bt.hft.models.PowerProb(3)),
        latency=bt.hft.models.ConstantLatency(MS, MS),
        fees=bt.hft.models.MakerTakerFee(-0.00005, 0.0007), exchange='no_partial', cash=0.0)
    cerebro.addstrategy(bt.hft.AvellanedaStoikov, gamma=0.01, kappa=0.5, order_size=0.01,
                        max_inventory=0.2)
    strat = cerebro.run()[0]
    st = cerebro.broker.state()
    book = data.book
    mid = 0.5 * (book.best_bid + book.best_ask)
    return dict(steps=strat.steps, submitted=strat.submitted, cancelled=strat.cancelled,
                fills=st['num_trades'], position=st['position'], fee=st['fee'],
                pnl=st['balance'] + st['position'] * mid - st['fee'])


def _compare(n, readme):
    path = l2_file(n)
    ref = hbt_mm(path)
    # the oracle's run is the README's (deterministic data and engine)
    for key, value in readme.items():
        assert ref[key] == pytest.approx(value, abs=1e-4), key
    got = ours_mm(path)
    # hftbacktest never delivers the batch holding the last record: ours wakes once more
    assert got['steps'] == ref['steps'] + 1
    assert got['fills'] == pytest.approx(ref['fills'], rel=0.01)
    assert got['pnl'] == pytest.approx(ref['pnl'], rel=0.01)
    assert got['position'] == pytest.approx(ref['position'], rel=0.01, abs=1e-9)
    assert got['submitted'] == pytest.approx(ref['submitted'], rel=0.01)
    assert got['cancelled'] == pytest.approx(ref['cancelled'], rel=0.01)


def test_reference_workload_matches_hftbacktest_1m():
    _compare(1_000_000, dict(steps=7355, submitted=13389, cancelled=6425, fills=7035,
                             position=0.09, pnl=1.0804))


@pytest.mark.slow
def test_reference_workload_matches_hftbacktest_5m():
    _compare(5_000_000, dict(steps=36768, submitted=67116, cancelled=32108, fills=35306,
                             position=0.04, pnl=5.3724, fee=-1.7432))
