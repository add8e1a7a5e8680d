"""Factor research on an L2 event file: the factor graph of ``factors.toml`` computed over the
file, judged by bt.hft.research (IC, ICIR, IC decay, quantile returns, turnover), two
walk-forward searches (a factor param, the combination weights) and a one-page HTML report.

    python samples/hft/factor_research.py [FILE.npz] [--events 1000000] [--step 10ms]
                                          [--workers 2] [--out factor_report.html]

Without a file, ``gen_l2.py`` generates one of ``--events`` records (see ``research_util.py``). The
graph samples its outputs every ``--step`` (``event``, ``timestamp`` or a duration); the prices
are the graph's ``mid``. The walk-forward searches run on ``--workers`` local processes: any
``concurrent.futures`` executor or a Dask client fits in their ``executor`` argument.
"""
import argparse
import os
import time
import tomllib

import backtrader as bt
from research_util import l2_file, print_folds

HERE = os.path.dirname(os.path.abspath(__file__))
FACTORS = ['obi', 'obi_z', 'ofi', 'ti', 'alpha']


class GraphColumn:
    """One output column of the factors.toml graph run over a file with some params changed
    (``{'node__param': value}``); it pickles, so it runs on worker processes."""

    def __init__(self, path, config, output, step):
        self.path, self.config, self.output, self.step = path, config, output, step

    def __call__(self, **params):
        nodes = []
        for spec in self.config['nodes']:
            spec = dict(spec)
            for key, value in params.items():
                node, _, param = key.partition('__')
                if node == spec['name']:
                    spec[param] = value
            nodes.append(spec)
        g = bt.hft.FactorGraph.from_dict(dict(self.config, nodes=nodes))
        g.set_outputs([self.output])
        return g.run(self.path, step=self.step)[self.output]


def show(rows, keys):
    print(''.join('%13s' % k[:12] for k in keys))
    for r in rows:
        print(''.join('%13.4g' % r[k] if isinstance(r[k], float) else '%13s' % r[k]
                      for k in keys))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('file', nargs='?')
    ap.add_argument('--events', type=int, default=1_000_000)
    ap.add_argument('--step', default='10ms')
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--out', default='factor_report.html')
    a = ap.parse_args()
    path = a.file or l2_file(a.events)
    R = bt.hft.research
    t0 = time.time()

    with open(os.path.join(HERE, 'factors.toml'), 'rb') as f:
        config = tomllib.load(f)
    graph = bt.hft.FactorGraph.from_dict(config)
    graph.set_outputs(FACTORS + ['mid'])
    cols = graph.run(path, step=a.step)
    ts, mid = cols['ts'], cols['mid']
    print('%s: %d rows every %s, %d ready (%.1f s)'
          % (os.path.basename(path), len(ts), a.step, cols['ready'].sum(), time.time() - t0))

    # every factor against the mid's log returns 100 ms, 1 s and 5 s ahead, per minute
    report = R.FactorReport({k: cols[k] for k in FACTORS}, mid, ts, horizons=['100ms', '1s', '5s'],
                            period='60s', kind='log', title='factors.toml on %s'
                            % os.path.basename(path))
    print('\nIC (rank) by horizon, ICIR per minute, top-bottom quintile spread (bp), turnover:')
    rows = [dict(r, spread_bp=r['spread'] * 1e4) for r in report.summary()]
    show(rows, ['factor', 'ic_100ms', 'ic_1s', 'ic_5s', 'icir', 'spread_bp', 'turnover_top',
                'autocorr'])

    # walk-forward: the z-score window of the book imbalance, 3 folds, purged for the horizon
    evaluate = GraphColumn(path, config, 'obi_z', a.step)
    res = R.grid_search(evaluate, {'obi_z__period': [200, 1000, 5000]}, mid, '1s', ts=ts,
                        folds=3, kind='log', workers=a.workers)
    print_folds('walk-forward, obi_z period (IC against the 1 s return):', res)

    # walk-forward: the weights of a linear combination, each factor scaled on training rows
    parts = {k: cols[k] for k in ('obi_z', 'ofi', 'ti')}
    wres = R.weight_search(parts, {'obi_z': [0.0, 0.5, 1.0], 'ofi': [-0.5, 0.0, 0.5],
                                   'ti': [-0.5, 0.0, 0.5]},
                           mid, '1s', ts=ts, folds=3, kind='log', workers=a.workers)
    print_folds('walk-forward, combination weights (IC against the 1 s return):', wres)

    print('\nreport: %s (%.1f s in all)' % (report.to_html(a.out), time.time() - t0))


if __name__ == '__main__':
    main()
