"""A pairs study on two L2 event files aligned on nanosecond time: rolling correlation, a hedge
ratio from rolling least squares, the Engle-Granger test, the z-score of the spread as a
mean-reversion factor, and its research figures and walk-forward choice of windows.

    python samples/hft/pairs.py [A.npz B.npz] [--events 1000000] [--step 100ms] [--workers 2]
                                [--out pairs_report.html]

Without files, ``gen_l2.py`` generates two of ``--events`` records with seeds 1 and 2 (see
``research_util.py``). Generated instruments move independently, so expect the test to find no
cointegration and the factor no edge: the sample shows the workflow, the figures say whether a
real pair has one. The mids are sampled every ``--step`` on one time grid; B's value at a grid
stamp is its last one at or before it. The traded spread is ``log(A / B)`` (a dollar-neutral
position), the factor minus the z-score of the least-squares spread ``A - hedge * B``.
"""
import argparse
import os
import time

import numpy as np

import backtrader as bt
from backtrader.hft._cy.microcross import PairCore, ZScoreCore
from research_util import l2_file, print_folds


def mids(path, step):
    """``(stamps, mid)`` of an L2 file every ``step``."""
    g = bt.hft.FactorGraph(tick_size=0.01, lot_size=0.001)
    g.add('book', 'Book').add('mid', 'Mid', inputs=['book'])
    cols = g.run(path, step=step)
    return cols['ts'], cols['mid']


class SpreadZ:
    """Minus the z-score (over ``zwindow`` rows) of the spread ``a - hedge * b``, the hedge a
    rolling least-squares slope over ``hwindow`` rows; it pickles for worker processes."""

    def __init__(self, ts, a, b):
        self.ts, self.a, self.b = ts, a, b

    def __call__(self, hwindow, zwindow):
        spread, _ = PairCore('spread', period=hwindow, returns=False).run(self.ts, self.a, self.b)
        z, = ZScoreCore(period=zwindow).run(self.ts, np.asarray(spread))
        return -np.asarray(z)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('files', nargs='*')
    ap.add_argument('--events', type=int, default=1_000_000)
    ap.add_argument('--step', default='100ms')
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--out', default='pairs_report.html')
    a = ap.parse_args()
    if len(a.files) not in (0, 2):
        ap.error('give two files or none')
    pa, pb = a.files or [l2_file(a.events, seed=1), l2_file(a.events, seed=2)]
    R = bt.hft.research
    t0 = time.time()

    ts, ya = mids(pa, a.step)
    tb, yb = mids(pb, a.step)
    j = np.searchsorted(tb, ts, side='right') - 1          # B as of each of A's stamps
    keep = (j >= 0) & np.isfinite(ya)
    ts, ya, xb = ts[keep], ya[keep], yb[j[keep]]
    keep = np.isfinite(xb)
    ts, ya, xb = ts[keep], ya[keep], xb[keep]
    print('%d aligned rows every %s (%.1f s)' % (len(ts), a.step, time.time() - t0))

    corr, = PairCore('correlation', period=600).run(ts, ya, xb)
    beta, = PairCore('beta', period=600).run(ts, ya, xb)
    print('rolling 60 s correlation of the returns: mean %+.3f, beta mean %+.3f'
          % (np.nanmean(corr), np.nanmean(beta)))
    eg = bt.hft.indicators.engle_granger(np.log(ya), np.log(xb), lags=2)
    verdict = 'cointegrated at 5%' if eg.stat < eg.crit[1] else 'not cointegrated at 5%'
    print('Engle-Granger on the log mids (%s): stat %.3f, 5%% critical %.3f, hedge %.3f -> %s'
          % (eg.source, eg.stat, eg.crit[1], eg.hedge, verdict))

    ratio = ya / xb
    factor = SpreadZ(ts, ya, xb)
    report = R.FactorReport({'z(60s, 60s)': factor(600, 600), 'z(60s, 5min)': factor(600, 3000)},
                            ratio, ts, horizons=['1s', '10s', '60s'], period='60s', kind='log',
                            title='Pair %s / %s' % (os.path.basename(pa), os.path.basename(pb)))
    for r in report.summary():
        print('%-14s IC 1s %+.4f  10s %+.4f  60s %+.4f  ICIR %+.3f  autocorr %.3f'
              % (r['factor'], r['ic_1s'], r['ic_10s'], r['ic_60s'], r['icir'], r['autocorr']))

    res = R.grid_search(factor, {'hwindow': [300, 1200], 'zwindow': [300, 1200, 3000]}, ratio,
                        '10s', ts=ts, folds=3, kind='log', workers=a.workers)
    print_folds('walk-forward of the windows (IC against the 10 s spread return):', res)
    print('report: %s (%.1f s in all)' % (report.to_html(a.out), time.time() - t0))


if __name__ == '__main__':
    main()
