"""The Gueant-Lehalle-Fernandez-Tapia market maker (``bt.hft.GLFT``).

- Its coefficients and quotes against hftbacktest's GLFT example ("GLFT Market Making Model and
  Grid Trading": c1, c2, half spread, skew, nearest-tick rounding, clamped to the touch), written
  out here for the same inputs (A, k, sigma, position, mid, best prices).
- With the online estimates on a generated L2 file: the volatility it quotes with equals the
  standard deviation of the sampled mid changes over the window (numpy, from the mids the
  strategy saw), and A and k are fitted.
"""

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.events import TRADE_EVENT, DEPTH_EVENT
from backtrader.hft.strategies import glft_coefficients

from .mm_helpers import MS, T0, _events, book, recording, run
from .test_book_hftbacktest import l2_file


def hbt_glft(mid, best_bid, best_ask, position, gamma, delta, A, k, volatility, adj1=1.0,
             adj2=1.0):
    """hftbacktest's GLFT example for one step (ticks): xi = gamma."""
    c1 = 1.0 / (gamma * delta) * np.log(1.0 + gamma * delta / k)
    c2 = np.sqrt(gamma / (2.0 * A * delta * k) * (1.0 + gamma * delta / k) ** (k / (gamma * delta)
                                                                                + 1.0))
    half = (c1 + delta / 2.0 * c2 * volatility) * adj1
    skew = c2 * volatility * adj2
    r = mid - skew * position
    return (int(np.minimum(np.round(r - half), best_bid)),
            int(np.maximum(np.round(r + half), best_ask)))


def test_coefficients_by_hand():
    # gamma = xi = 0.05, delta 1, A 10, k 0.5: c1 = ln(1.1) / 0.05, c2 = sqrt(0.005 * 1.1^11)
    c1, c2 = glft_coefficients(0.05, 0.05, 1.0, 10.0, 0.5)
    assert c1 == pytest.approx(1.906203596, abs=1e-9)
    assert c2 == pytest.approx(0.1194386183, abs=1e-9)


Sent = recording(bt.hft.GLFT)


def _ticks(sent, wake):
    return [(s, round(p / 0.01)) for w, s, p, _ in sent if w == wake]


@pytest.mark.parametrize('adj2', [1.0, 0.05])
def test_quotes_reproduce_hftbacktests_example(adj2):
    # book 99.99 / 100.01 (mid 10000 ticks); a sell trade at 99.90 at 150 ms fills the bid of
    # wake 1, so wake 2 quotes with a position of 1 (order_size 1: q = position, as the example)
    rows = [(DEPTH_EVENT, 1, T0, 99.99, 1.0), (DEPTH_EVENT, -1, T0, 100.01, 1.0),
            (TRADE_EVENT, -1, T0 + 150 * MS, 99.90, 2.0),
            (DEPTH_EVENT, 1, T0 + 260 * MS, 99.99, 1.5)]
    inputs = dict(gamma=0.05, delta=1.0, A=10.0, k=0.5, volatility=4.0, adj2=adj2)
    strat = run(Sent, _events(rows), gamma=0.05, kappa=0.5, A=10.0, sigma=4.0,
                order_size=1.0, max_inventory=5.0, skew_scale=adj2)
    assert strat.broker.state()['position'] == pytest.approx(1.0)
    w1 = hbt_glft(10000.0, 9999, 10001, 0.0, **inputs)
    w2 = hbt_glft(10000.0, 9999, 10001, 1.0, **inputs)
    assert w1 == (9998, 10002)
    sent = strat.sent
    assert _ticks(sent, 1) == [(1, w1[0]), (-1, w1[1])]
    # wake 2: the filled bid is replaced; the ask is replaced only if its price moved
    want = [(1, w2[0])] + ([(-1, w2[1])] if w2[1] != w1[1] else [])
    assert _ticks(sent, 2) == want


def test_quotes_clamp_to_the_touch():
    # a large volatility and position push the ask model price below the best ask
    strat = run(Sent, book(99.99, 100.01), gamma=0.05, kappa=0.5, A=10.0, sigma=40.0,
                order_size=0.01, max_inventory=1.0)
    w1 = hbt_glft(10000.0, 9999, 10001, 0.0, 0.05, 1.0, 10.0, 0.5, 40.0)
    assert _ticks(strat.sent, 1) == [(1, w1[0]), (-1, w1[1])]


class Mids(bt.hft.GLFT):
    def start(self):
        super().start()
        self.seen = []

    def on_wake(self, st):
        self.seen.append((st.mid, st.sigma2, st.ready, st.A, st.k))


def test_online_estimates_on_generated_data():
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.hft.L2EventData(dataname=str(l2_file(200_000)), tick_size=0.01,
                                       lot_size=0.001, step='100ms'))
    cerebro.broker = bt.hft.BidAskBroker(exchange='no_partial', cash=0.0)
    cerebro.addstrategy(Mids, vol_window='30s', intensity_window='30s', refit='5s',
                        order_size=0.01, max_inventory=0.2, arrivals='trades')
    strat = cerebro.run()[0]
    seen = strat.seen
    mids = np.array([m for m, _, _, _, _ in seen])
    ready = [i for i, (_, _, r, _, _) in enumerate(seen) if r]
    assert ready and len(seen) - ready[0] > 100
    n = 300                             # 30 s of 100 ms samples
    for i in (ready[0] + 50, len(seen) - 2):
        ref = np.std(np.diff(mids[i - n:i + 1])) ** 2 * 10.0
        assert seen[i][1] == pytest.approx(ref, rel=1e-9)
    A, k = seen[-1][3], seen[-1][4]
    assert A > 0 and k > 0 and strat.state.ready
    assert strat.submitted > 100


@pytest.mark.parametrize('bad,match', [
    (dict(gamma=0), 'gamma'), (dict(xi=-1.0), 'xi'), (dict(delta=0), 'delta'),
    (dict(skew_scale=-0.5), 'skew_scale'), (dict(kappa=-1), 'kappa'),
    (dict(order_size=-1), 'order_size')])
def test_bad_params(bad, match):
    with pytest.raises(ValueError, match='GLFT') as exc:
        run(Sent, book(99.99, 100.01), **bad)
    assert exc.match(match)
