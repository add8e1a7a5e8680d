"""Online estimators of the market makers (``bt.hft.estimators``).

- MidVolatility: a hand-computed window with grid sampling and a gap; a simulated Gaussian random
  walk whose known sigma it recovers within 2%; the error for a window shorter than its interval.
- ArrivalIntensity: the counts beyond each depth and the weighted log-linear fit against numpy's
  own weighted polyfit; a simulated Poisson order-arrival process (exponential depths) whose known
  A and k it recovers within 5%, counting every trade and one arrival per step.
- TradeCursor: trades of an event array handed over up to a time, on the local side only.
"""
import math

import numpy as np
import pytest

from backtrader.hft.estimators import ArrivalIntensity, MidVolatility, TradeCursor
from backtrader.hft.events import (BUY_EVENT, DEPTH_EVENT, EXCH_EVENT, LOCAL_EVENT, SELL_EVENT,
                                   TRADE_EVENT, event_dtype)

S = 10 ** 9
MS = 10 ** 6
T0 = 1_700_000_000 * S


# -- volatility -----------------------------------------------------------------------------
def test_volatility_window_by_hand():
    v = MidVolatility(S, 3 * S)
    v.update(T0, 100.0)                 # first mid: the base sample
    v.update(T0 + S, 101.0)             # change +1
    v.update(T0 + 2 * S, 103.0)         # +2
    assert not v.ready and v.variance() == pytest.approx(0.25)      # changes 1, 2
    v.update(T0 + 3 * S + S // 2, 102.0)   # the sample at 3 s holds 103: change 0
    v.update(T0 + 4 * S, 106.0)         # the sample at 4 s: 106 - 103 = +3 (102 was never sampled)
    # window of 3: changes 2, 0, 3: mean 5/3, variance 13/3 - 25/9 = 14/9 per second
    assert v.ready and v.nsamples == 4
    assert v.variance() == pytest.approx(14.0 / 9.0)
    assert v.sigma == pytest.approx(math.sqrt(14.0 / 9.0))


def test_volatility_gap_counts_unchanged_samples():
    v = MidVolatility(100 * MS, 400 * MS)
    v.update(T0, 50.0)
    v.update(T0 + 100 * MS, 51.0)       # +1
    v.update(T0 + 1000 * MS, 51.0)      # samples 200..900 ms unchanged: the window is all 0
    assert v.ready and v.variance() == 0.0
    v.update(T0 + 1100 * MS, 53.0)      # +2 with three zeros: var (4/4 - 0.25) * 10 per second
    assert v.variance() == pytest.approx((1.0 - 0.25) * 10.0)


def test_volatility_recovers_a_known_sigma():
    rng = np.random.default_rng(20240601)
    sigma, dt = 2.5, 0.1                # ticks per sqrt(second), 100 ms grid
    n = 20_000
    mids = 10_000.0 + np.concatenate([[0.0], np.cumsum(rng.normal(0.0, sigma * math.sqrt(dt), n))])
    v = MidVolatility(100 * MS, n * 100 * MS)
    for i, m in enumerate(mids):
        v.update(T0 + i * 100 * MS, float(m))
    assert v.ready
    assert v.sigma == pytest.approx(sigma, rel=0.02)


@pytest.mark.parametrize('args,match', [
    ((100 * MS, 50 * MS), 'shorter than the sampling interval'),
    ((0, S), 'interval'), ((100 * MS, -1), 'window'), ((1.5, S), 'interval')])
def test_volatility_bad_windows(args, match):
    with pytest.raises(ValueError, match=match):
        MidVolatility(*args)


# -- order-arrival intensity ------------------------------------------------------------------
def test_intensity_counts_and_weighted_fit():
    est = ArrivalIntensity(S, 10 * S, 10 * S, 1.0, 5, False)
    est.step(T0, 100.0)                 # the prior mid
    # depths beyond the mid 100: buys 102.5 (2.5), 101 (1: on the grid, reaches no level
    # strictly inside... 1.0 is not < 1.0), sells 96 (4), 98.5 (1.5), 97 (3), buy 104.5 (4.5)
    for side, px in ((1, 102.5), (1, 101.0), (-1, 96.0), (-1, 98.5), (-1, 97.0), (1, 104.5)):
        est.trade(T0 + S // 2, side, px)
    est.step(T0 + S, 100.0)
    assert est.arrivals == 5 and not est.ready
    for i in range(2, 11):
        est.step(T0 + i * S, 100.0)
    # at 10 s the window (0, 10 s] holds the five; beyond 1: 5, 2: 4, 3: 2, 4: 1 (per 10 s)
    depths, rates = est.rates()
    assert depths == [1.0, 2.0, 3.0, 4.0] and rates == pytest.approx([0.5, 0.4, 0.2, 0.1])
    assert est.ready and est.fits == 1
    x = np.array(depths)
    counts = np.array([5.0, 4.0, 2.0, 1.0])
    # log-rate variance ~ 1 / count: numpy weights multiply the residuals, so sqrt(count)
    slope, intercept = np.polyfit(x, np.log(counts / 10.0), 1, w=np.sqrt(counts))
    assert est.k == pytest.approx(-slope, rel=1e-12)
    assert est.A == pytest.approx(math.exp(intercept), rel=1e-12)
    # one step later the arrivals made at 1 s leave the window (0 < t <= 11 s - 10 s)
    est.step(T0 + 11 * S, 100.0)
    assert est.arrivals == 0


def _simulate(est, A, k, steps, dt_ns, rng):
    est.step(T0, 0.0)
    n = rng.poisson(A * dt_ns / S, steps)
    for i in range(steps):
        t = T0 + (i + 1) * dt_ns
        for _ in range(n[i]):
            side = 1 if rng.random() < 0.5 else -1
            est.trade(t - 1, side, side * rng.exponential(1.0 / k))
        est.step(t, 0.0)


def test_intensity_recovers_a_known_poisson_process_per_trade():
    rng = np.random.default_rng(7)
    A, k = 3.0, 0.6                     # arrivals per second beyond depth 0, decay per tick
    window = 3600 * S
    est = ArrivalIntensity(100 * MS, window, 60 * S, 0.5, 12, False)
    _simulate(est, A, k, 36_000, 100 * MS, rng)
    assert est.ready
    assert est.A == pytest.approx(A, rel=0.05)
    assert est.k == pytest.approx(k, rel=0.05)


def test_intensity_recovers_a_known_poisson_process_per_step():
    # one arrival per step at its deepest trade: P(beyond x) = 1 - exp(-A e^{-kx} dt), which is
    # A e^{-kx} dt within a few percent while A dt is small (0.02 here)
    rng = np.random.default_rng(11)
    A, k = 0.2, 0.8
    est = ArrivalIntensity(100 * MS, 20_000 * S, 600 * S, 0.5, 8, True)
    _simulate(est, A, k, 200_000, 100 * MS, rng)
    assert est.ready
    assert est.A == pytest.approx(A, rel=0.05)
    assert est.k == pytest.approx(k, rel=0.05)


def test_intensity_needs_three_depths_and_a_decay():
    est = ArrivalIntensity(S, 2 * S, S, 1.0, 5, False)
    est.step(T0, 100.0)
    est.trade(T0 + 1, 1, 102.5)         # reaches depths 1 and 2 only
    for i in range(1, 4):
        est.step(T0 + i * S, 100.0)
    assert not est.ready and est.rejected >= 1 and math.isnan(est.A) and math.isnan(est.k)


@pytest.mark.parametrize('kwargs,match', [
    (dict(interval=S, window=S // 2, refit=S), 'shorter than the sampling interval'),
    (dict(interval=S, window=2 * S, refit=0), 'refit'),
    (dict(interval=S, window=2 * S, refit=S, bin=0.0), 'bin'),
    (dict(interval=S, window=2 * S, refit=S, nbins=2), 'nbins')])
def test_intensity_bad_params(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ArrivalIntensity(**kwargs)


# -- the record cursor ------------------------------------------------------------------------
def test_trade_cursor_hands_over_trades_up_to_a_time():
    ev = np.zeros(5, dtype=event_dtype)
    both = EXCH_EVENT | LOCAL_EVENT
    rows = [(DEPTH_EVENT | both | BUY_EVENT, 10, 100.00),
            (TRADE_EVENT | both | BUY_EVENT, 20, 100.03),
            (TRADE_EVENT | EXCH_EVENT | SELL_EVENT, 25, 99.00),        # exchange side only
            (TRADE_EVENT | both | SELL_EVENT, 30, 99.98),
            (TRADE_EVENT | both | BUY_EVENT, 50, 100.05)]
    for i, (kind, t, px) in enumerate(rows):
        ev[i]['ev'], ev[i]['exch_ts'], ev[i]['local_ts'], ev[i]['px'] = kind, t - 5, t, px
    est = ArrivalIntensity(10, 100, 100, 1.0, 5, False)
    est.step(0, 10000.0)                # prior mid 100.00 in ticks of 0.01
    cur = TradeCursor(ev, 0.01)
    assert cur.feed(est, 30) == 2       # the trades at 20 (buy, 3 ticks) and 30 (sell, 2)
    # depth 3 reaches levels 1 and 2; depth 2 reaches level 1
    assert est.arrivals == 2
    assert cur.feed(est, 40) == 0 and cur.feed(est, 50) == 1
