"""The extended Avellaneda-Stoikov market maker: its quotes on hand-built books against the
published formulas computed here by hand.

- Hummingbot's formulas (inventory as a fraction of the total around ``inventory_target_base_pct``,
  minimum spread, ``eta`` size shaping), in price units as Hummingbot computes them; our tick
  units are the same model with gamma and kappa per tick (gamma_price = gamma / tick,
  kappa_price = kappa / tick) and sigma in ticks. Hummingbot 1.x puts the standard deviation
  where the paper has the variance; we keep the paper's variance, so the reference is given the
  variance. Its prices are then put on our grid (bid floored, ask ceiled) and clamped to the book.
- The stationary (infinite-horizon) model, the refresh tolerance, the warm-up fallbacks of the
  online estimates and the errors for bad params.
"""
import datetime
import math

import pytest

import backtrader as bt
from backtrader.hft.events import DEPTH_EVENT
from backtrader.hft.strategies import as_infinite_reservations

from .mm_helpers import MS, T0, TICK, book, recording, run

Quotes = recording(bt.hft.AvellanedaStoikov)


# -- Hummingbot's model ---------------------------------------------------------------------
def hummingbot_quotes(price, base, quote, target_pct, vol, tlf, gamma, kappa, min_spread_pct):
    """Hummingbot's avellaneda_market_making: reservation price and optimal bid / ask (price
    units), with q the base balance's distance to the target as a fraction of the inventory."""
    inventory = (base * price + quote) / price
    q_target = inventory * target_pct
    q = (base - q_target) / inventory
    reservation = price - q * gamma * vol * tlf
    spread = gamma * vol * tlf + 2.0 * math.log(1.0 + gamma / kappa) / gamma
    min_spread = price / 100.0 * min_spread_pct
    bid = min(reservation - spread / 2.0, price - min_spread / 2.0)
    ask = max(reservation + spread / 2.0, price + min_spread / 2.0)
    return bid, ask, q


def hummingbot_sizes(amount, q, eta, lot):
    """Hummingbot's eta transformation: the side against the target shrinks, amounts are
    quantized down to the lot."""
    buy = amount * math.exp(-eta * q) if q > 0 else amount
    sell = amount * math.exp(eta * q) if q < 0 else amount
    return math.floor(buy / lot + 1e-9) * lot, math.floor(sell / lot + 1e-9) * lot


def test_quotes_follow_hummingbots_formulas():
    gamma, kappa, sigma, eta, min_spread = 0.1, 1.0, 2.0, 1.0, 5.0     # per tick / ticks
    strat = run(Quotes, book(99.99, 100.01), cash=1000.0, gamma=gamma, kappa=kappa, sigma=sigma,
                horizon=10 ** 9, inventory='fraction', inventory_target_base_pct=0.5, eta=eta,
                min_spread=min_spread, order_size=0.01)
    price = 100.00
    bid, ask, q = hummingbot_quotes(price, 0.0, 1000.0, 0.5, (sigma * TICK) ** 2, 1.0,
                                    gamma / TICK, kappa / TICK, min_spread * TICK / price * 100)
    assert q == pytest.approx(-0.5)
    # 99.975 and 100.025 (the minimum spread binds on both sides) -> our grid 99.97 / 100.03
    exp_bid = min(math.floor(bid / TICK + 1e-9), 9999) * TICK
    exp_ask = max(math.ceil(ask / TICK - 1e-9), 10001) * TICK
    buy_size, sell_size = hummingbot_sizes(0.01, q, eta, 0.001)
    assert (buy_size, sell_size) == pytest.approx((0.01, 0.006))
    first = [(s, p, z) for w, s, p, z in strat.sent if w == 1]
    assert first == [(1, round(exp_bid, 2), buy_size), (-1, round(exp_ask, 2), sell_size)]
    assert first == [(1, 99.97, 0.01), (-1, 100.03, 0.006)]
    assert strat.state.q == pytest.approx(-0.5)


def test_quotes_without_min_spread_use_the_model_and_the_touch():
    # the same state without the minimum spread: Hummingbot's bid 99.990469 -> floor 99.99 (the
    # best bid), its ask 100.013531 -> ceil 100.02
    strat = run(Quotes, book(99.99, 100.01), cash=1000.0, gamma=0.1, kappa=1.0, sigma=2.0,
                horizon=10 ** 9, inventory='fraction')
    bid, ask, _ = hummingbot_quotes(100.0, 0.0, 1000.0, 0.5, (2.0 * TICK) ** 2, 1.0, 10.0, 100.0,
                                    0.0)
    assert (bid, ask) == pytest.approx((99.990469, 100.013531), abs=1e-6)
    assert [(s, p) for w, s, p, _ in strat.sent if w == 1] == [(1, 99.99), (-1, 100.02)]


def test_infinite_horizon_reservations_by_hand():
    # q = 1 of at most 2: D = 9 - 1 = 8; ask s + ln(1 - 1/8), bid s + ln(1 - 3/8) (gamma 1)
    rb, ra = as_infinite_reservations(100.0, 1.0, 2.0, 1.0)
    assert ra == pytest.approx(100.0 + math.log(0.875)) and ra == pytest.approx(99.866469, abs=1e-6)
    assert rb == pytest.approx(100.0 + math.log(0.625)) and rb == pytest.approx(99.529996, abs=1e-6)
    # at the limit the bid has no reservation price left
    assert as_infinite_reservations(100.0, 2.0, 2.0, 1.0)[0] == -math.inf


def test_infinite_horizon_quotes():
    # gamma 0.5, kappa 1, q 0 of at most 2 orders (D = 9): ask = s + ln(10/9)/0.5 + ln(1.5)/0.5
    # = 10000 + 0.210721 + 0.810930 -> 10002; bid = s + ln(8/9)/0.5 - 0.810930 = 9998.953504
    # -> 9998. The volatility does not enter.
    for sigma in (0.5, 50.0):
        strat = run(Quotes, book(99.99, 100.01), gamma=0.5, kappa=1.0, sigma=sigma,
                    horizon='infinite', order_size=0.01, max_inventory=0.02)
        assert [(s, p) for w, s, p, _ in strat.sent if w == 1] == [(1, 99.98), (-1, 100.02)]
        assert strat.state.tau is None and strat.state.q_max == pytest.approx(2.0)


def test_end_time_horizon():
    # the session from the first record (T0 + 0.1 ms) to an end time 1 s after T0: at the first
    # wake (T0 + 100 ms) tau = 899.9 / 999.9; gamma 1, kappa 1, sigma 2: half spread
    # = 2 * tau + ln 2 = 2.493148 -> bid floor(9997.506852) = 9997, ask ceil(10002.493) = 10003
    end = datetime.datetime.fromtimestamp(T0 // 10 ** 9 + 1, datetime.timezone.utc)
    strat = run(Quotes, book(99.99, 100.01), gamma=1.0, kappa=1.0, sigma=2.0, horizon=end)
    assert [(s, p) for w, s, p, _ in strat.sent if w == 1] == [(1, 99.97), (-1, 100.03)]


def test_refresh_tolerance_keeps_queue_priority():
    # the ask moves 100.01 -> 100.03 at 150 ms: the mid goes 10000 -> 10001 and both targets
    # move one tick (gamma 0.1, kappa 1, sigma 2, tau 1: half spread 1.153102):
    # wake 1 bid 9998 / ask 10002, wake 2 bid 9999 / ask 10003
    moves = [(DEPTH_EVENT, -1, T0 + 150 * MS, 100.01, 0.0),
             (DEPTH_EVENT, -1, T0 + 150 * MS, 100.03, 1.0)]
    params = dict(gamma=0.1, kappa=1.0, sigma=2.0, horizon=10 ** 9)
    strict = run(Quotes, book(99.99, 100.01, moves), **params)
    assert [(w, s, p) for w, s, p, _ in strict.sent] == [
        (1, 1, 99.98), (1, -1, 100.02), (2, 1, 99.99), (2, -1, 100.03)]
    assert strict.cancelled == 2
    # one tick is 1/9998 and 1/10002 of the prices: within 2e-4, the quotes stay
    loose = run(Quotes, book(99.99, 100.01, moves), order_refresh_tolerance=2e-4, **params)
    assert [(w, s, p) for w, s, p, _ in loose.sent] == [(1, 1, 99.98), (1, -1, 100.02)]
    assert loose.cancelled == 0
    assert (loose.quoter.bid.px, loose.quoter.ask.px) == (9998, 10002)


def test_eta_shapes_the_side_that_adds_to_inventory():
    # the shaping acts on a nonzero q: the hook is given states with one
    strat = run(Quotes, book(99.99, 100.01), gamma=0.1, kappa=1.0, sigma=2.0, horizon=10 ** 9,
                eta=0.5, order_size=0.01)
    st = strat.state
    st.q = 2.0      # long two orders: the bid shrinks to 0.01 * exp(-1) = 0.003679 -> 0.003
    assert strat.quote_sizes(st) == pytest.approx((0.003, 0.01))
    st.q = -1.0     # short one: the ask shrinks to 0.01 * exp(-0.5) = 0.006065 -> 0.006
    assert strat.quote_sizes(st) == pytest.approx((0.01, 0.006))


def test_auto_estimates_fall_back_while_warming_up():
    # a 350 ms session never fills a 10 min window: sigma='auto' quotes with the weighted mean
    # (as sigma=None does) and kappa='auto' with kappa_warmup
    moves = [(DEPTH_EVENT, -1, T0 + 150 * MS, 100.01, 0.0),
             (DEPTH_EVENT, -1, T0 + 150 * MS, 100.05, 1.0)]
    ewma = run(Quotes, book(99.99, 100.01, moves), gamma=1.0, kappa=0.3)
    auto = run(Quotes, book(99.99, 100.01, moves), gamma=1.0, sigma='auto', kappa='auto',
               kappa_warmup=0.3, A='auto')
    assert auto.sent == ewma.sent and len(auto.sent) >= 4
    assert auto.state.k == 0.3 and auto.state.A == 1.0 and not auto.state.ready


@pytest.mark.parametrize('bad,match', [
    (dict(gamma=0), 'gamma'), (dict(gamma=-1.0), 'gamma'), (dict(kappa=0), 'kappa'),
    (dict(kappa='fit'), 'kappa'), (dict(A=-2.0), 'param A'), (dict(order_size=-0.01), 'order_size'),
    (dict(max_inventory=0), 'max_inventory'), (dict(eta=-1), 'eta'),
    (dict(min_spread=-2), 'min_spread'), (dict(order_refresh_tolerance=1.5), 'tolerance'),
    (dict(inventory='lots'), 'inventory'), (dict(inventory_target_base_pct=2), 'target'),
    (dict(arrivals='all'), 'arrivals'), (dict(depth_bins=2), 'depth_bins'),
    (dict(sigma='auto', vol_window='50ms'), 'vol_window.*shorter than the wake-up interval'),
    (dict(kappa='auto', refit='10ms'), 'refit.*shorter'),
    (dict(horizon=datetime.datetime(2020, 1, 1)), 'horizon.*in the past'),
    (dict(inventory='fraction'), 'fraction.*cash')])
def test_bad_params_name_the_strategy_and_param(bad, match):
    with pytest.raises(ValueError, match='AvellanedaStoikov') as exc:
        run(bt.hft.AvellanedaStoikov, book(99.99, 100.01), **bad)
    assert exc.match(match)
