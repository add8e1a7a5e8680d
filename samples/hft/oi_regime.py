"""Open-interest regimes on an L2 event file: recorded-style OI snapshots (one a second) merged
by time into a factor graph, the market regime from the signs of the price and OI changes
(long build-up, short build-up, long unwinding, short covering, neutral), what each regime
says about the next returns, and a walk-forward choice of the regime window.

    python samples/hft/oi_regime.py [FILE.npz] [--events 1000000] [--step 100ms] [--workers 2]

Without a file, ``gen_l2.py`` generates one (see ``research_util.py``). L2 files hold no open
interest, so the sample makes a deterministic series for the file: each second the OI moves by
noise plus a part that follows the mid's move over that second (new positions opened on up
moves, closed on down moves), as a stand-in for an exchange's OI polls. With a recorded series,
pass its ``(stamps, values)`` as ``oi`` to ``FactorGraph.run`` the same way.
"""
import argparse
import time

import numpy as np

import backtrader as bt
from research_util import l2_file, print_folds

NAMES = ('neutral', 'long build-up', 'short build-up', 'long unwinding', 'short covering')
# the price direction each regime stands for: build-up and covering up, the others down
DIRECTION = np.array([0.0, 1.0, -1.0, -1.0, 1.0])


def make_oi(path, seed=7):
    """``(stamps, values)``: one OI snapshot a second over the file (see the module docstring)."""
    g = bt.hft.FactorGraph(tick_size=0.01, lot_size=0.001)
    g.add('book', 'Book').add('mid', 'Mid', inputs=['book'])
    cols = g.run(path, step='1s')
    ret = np.nan_to_num(np.diff(np.log(cols['mid']), prepend=np.nan))
    rng = np.random.default_rng(seed)
    step = 0.6 * ret / (ret.std() or 1.0) * 1e-3 + rng.normal(scale=8e-4, size=len(ret))
    return cols['ts'], 50_000.0 * np.exp(np.cumsum(step))


def regime_graph(window, price_band, oi_band):
    g = bt.hft.FactorGraph(tick_size=0.01, lot_size=0.001)
    g.add('book', 'Book').add('oi', 'OpenInterest')
    g.add('mid', 'Mid', inputs=['book'])
    g.add('regime', 'MarketRegime', inputs=['mid', 'oi'], window=window, price_band=price_band,
          oi_band=oi_band)
    g.add('doi', 'OIDelta', inputs=['oi'], window=window)
    g.set_outputs(['mid', 'regime', 'doi'])
    return g


class RegimeDirection:
    """The regime's price direction (+1, -1, 0; NaN before the window fills) over a file, for a
    window and bands; it pickles for worker processes."""

    def __init__(self, path, oi, step):
        self.path, self.oi, self.step = path, oi, step

    def __call__(self, window, price_band=0.0002, oi_band=0.0005):
        cols = regime_graph(window, price_band, oi_band).run(self.path, step=self.step,
                                                             oi=self.oi)
        reg = cols['regime_regime']
        out = np.full(len(reg), np.nan)
        ok = np.isfinite(reg)
        out[ok] = DIRECTION[reg[ok].astype(int)]
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('file', nargs='?')
    ap.add_argument('--events', type=int, default=1_000_000)
    ap.add_argument('--step', default='100ms')
    ap.add_argument('--workers', type=int, default=2)
    a = ap.parse_args()
    path = a.file or l2_file(a.events)
    R = bt.hft.research
    t0 = time.time()

    oi = make_oi(path)
    cols = regime_graph('5s', 0.0002, 0.0005).run(path, step=a.step, oi=oi)
    ts, mid, reg = cols['ts'], cols['mid'], cols['regime_regime']
    print('%d rows every %s, %d OI snapshots (%.1f s)' % (len(ts), a.step, len(oi[0]),
                                                          time.time() - t0))
    labels = np.where(np.isfinite(reg), np.nan_to_num(reg), -1).astype(np.int64)

    print('\nregime (5 s window)   share   stays  mean fwd 1s (bp)  5s (bp)  5s demeaned/min')
    fwd1 = R.forward_returns(mid, '1s', ts, 'log')
    fwd5 = R.forward_returns(mid, '5s', ts, 'log')
    g1 = R.label_returns(labels, fwd1)
    g5 = R.label_returns(labels, fwd5)
    gd = R.label_returns(labels, fwd5, ts=ts, period='60s', demeaned=True)
    total = (labels >= 0).sum()
    for k, lab in enumerate(g5.label):
        stays = 1.0 - R.quantile_turnover(labels + 1, lab + 1)
        print('  %-18s %6.1f%%  %6.3f  %15.3f  %8.3f  %14.3f'
              % (NAMES[lab], 100.0 * g5.count[k] / total, stays, g1.mean[k] * 1e4,
                 g5.mean[k] * 1e4, gd.mean[k] * 1e4))
    direction = RegimeDirection(path, oi, a.step)
    print('IC of the regime direction against the 5 s return: %+.4f'
          % R.ic(direction('5s'), fwd5))

    res = R.grid_search(direction, {'window': ['2s', '5s', '20s'],
                                    'oi_band': [0.0002, 0.001]},
                        mid, '5s', ts=ts, folds=3, kind='log', workers=a.workers)
    print_folds('walk-forward choice of the window and OI band (IC against the 5 s return):',
                res)
    print('(%.1f s in all)' % (time.time() - t0))


if __name__ == '__main__':
    main()
