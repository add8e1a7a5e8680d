"""Benchmark of the streaming factor engine (issue 13): a 10-node graph over the 5M-event file.

The graph (``samples/hft/factors.toml``): sources ``book`` (5 levels) and ``trades``; book
imbalance over 5 levels, order flow imbalance (best level, 100 records), trade imbalance (1 s),
mid, microprice, realized volatility of the mid (1000 records), a z-score of the imbalance (1000
records) and a linear combination of them (``alpha``).

Parts, each in its own subprocess, the best of ``--repeat`` rounds kept; times are CPU seconds of
the process (the machine is shared: wall time drifts with the load; the Cerebro runs print the
wall time too):

- ``standalone``: the replay alone over the records; the same replay with the graph as its
  sink (every node evaluated on every record, no output rows): the graph's share is the
  difference, its speed the records over that share; the compiled loop of ``graph.run`` (replay,
  graph and one output row per record: the rows' fresh memory costs page faults, a large and
  load-dependent part on this machine); and the whole ``graph.run(file, step='event')`` call (it
  also validates the records and counts the steps);
- ``cerebro``: the whole ``cerebro.run`` of ``L2EventData(step='100ms')`` with a Python strategy
  that reads a value once per 100 ms, without the graph (``replay``: it reads the mid) and with
  it (``factors``: ``bt.hft.FactorIndicator`` on the data, it reads ``alpha``), in Cerebro's
  default mode (preload, runonce: the indicator keeps a private replay, as the feed preloads
  before the indicator exists) and streamed (``preload=False, runonce=False``: the graph listens
  to the feed's own replay). Ratios: to the Cerebro run without the graph, and to the whole
  standalone ``graph.run``.

    python bench/hft/bm_factors.py [--events 5000000] [--repeat 3]
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get('BT_HFT_SHARED', '/work/shared/hft')
DATA_DIR = os.environ.get('BT_HFT_DATA', os.path.expanduser('~/.cache/bt-hft-data'))
TOML = os.path.join(ROOT, 'samples', 'hft', 'factors.toml')


def ensure_data(events):
    """Path of the generated file of ``events`` events (generated once)."""
    path = os.path.join(DATA_DIR, 'l2_%d.npz' % events)
    if not os.path.exists(path):
        os.makedirs(DATA_DIR, exist_ok=True)
        subprocess.run([sys.executable, os.path.join(SHARED, 'gen_l2.py'), str(events), path],
                       check=True)
    return path


def part_standalone(path):
    from backtrader.hft._cy import l2replay
    from backtrader.hft.book import OrderBook
    from backtrader.hft.factors import FactorGraph
    from backtrader.hft.feeds.l2event import load_events
    records, ptick, qlot, source = load_events(path)
    raw = records.view('u1')
    l2replay.validate(raw, ptick, qlot, 0.01, 0.001, True, False, source)
    mode = l2replay.MODES['event']

    def replay():
        return l2replay.L2Replay(raw, ptick, qlot, OrderBook(0.01, 0.001), True, mode)

    clock = time.process_time       # CPU time: the machine is shared, wall time drifts
    rep = replay()
    t0 = clock()
    steps = rep.skip(1 << 62)
    t_replay = clock() - t0
    rep = replay()
    rep.sink = FactorGraph.from_toml(TOML).core
    t0 = clock()
    rep.skip(steps)
    t_graph = clock() - t0
    g = FactorGraph.from_toml(TOML)
    core = g.core
    rep = replay()
    t0 = clock()
    ts, outs, ready = core.run_replay(rep, steps)
    t_loop = clock() - t0
    checksum = float(outs[0][ready].sum())
    g2 = FactorGraph.from_toml(TOML)
    t0 = clock()
    cols = g2.run(path, step='event')
    t_run = clock() - t0
    assert len(cols['ts']) == steps
    return {'records': steps, 't_replay': t_replay, 't_graph': t_graph, 't_loop': t_loop,
            't_run': t_run,
            'alpha_checksum': round(checksum, 6), 'ready_rows': int(ready.sum())}


def part_cerebro(path, factors, preload):
    import backtrader as bt
    from backtrader.hft.factors import FactorGraph

    class Reader(bt.Strategy):
        def __init__(self):
            self.n = 0
            self.acc = 0.0
            self.f = bt.hft.FactorIndicator(FactorGraph.from_toml(TOML), self.data) \
                if factors else None

        def next(self):
            v = self.f.alpha[0] if factors else self.data.close[0]
            if v == v:
                self.acc += v
            self.n += 1

    t0, c0 = time.perf_counter(), time.process_time()
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.hft.L2EventData(dataname=path, tick_size=0.01, lot_size=0.001,
                                       step='100ms'))
    cerebro.addstrategy(Reader)
    kw = {} if preload else dict(preload=False, runonce=False)
    strat = cerebro.run(**kw)[0]
    return {'t_run': time.process_time() - c0, 't_wall': time.perf_counter() - t0,
            'wakeups': strat.n, 'sum': round(strat.acc, 6)}


def _sub(args):
    env = dict(os.environ, PYTHONPATH=ROOT)
    out = subprocess.run([sys.executable, os.path.abspath(__file__)] + args, env=env, cwd=ROOT,
                         capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--events', type=int, default=5000000)
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--part', help=argparse.SUPPRESS)
    ap.add_argument('--data', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.part:
        if a.part == 'standalone':
            res = part_standalone(a.data)
        else:
            what, mode = a.part.split(':')
            res = part_cerebro(a.data, what == 'factors', mode == 'preload')
        print(json.dumps(res))
        return
    path = ensure_data(a.events)
    best = {}
    parts = ['standalone'] + ['%s:%s' % (w, m) for m in ('preload', 'stream')
                              for w in ('replay', 'factors')]
    for _ in range(a.repeat):
        for part in parts:
            res = _sub(['--part', part, '--data', path])
            # every time the best of the rounds (they are independent measurements)
            best[part] = {k: min(v, best[part][k]) if k.startswith('t_') and part in best else v
                          for k, v in res.items()}
    s = best['standalone']
    n = s['records']
    graph = s['t_graph'] - s['t_replay']
    print('CPU seconds (process time), best of %d rounds' % a.repeat)
    print('standalone, %d records: replay alone %.3f s; replay + graph %.3f s: graph %.3f s '
          '(%.2fM records/s); with output rows %.3f s (%.2fM records/s); whole run() %.3f s; '
          'alpha checksum %s over %d ready rows'
          % (n, s['t_replay'], s['t_graph'], graph, n / graph / 1e6, s['t_loop'],
             n / s['t_loop'] / 1e6, s['t_run'], s['alpha_checksum'], s['ready_rows']))
    for mode in ('preload', 'stream'):
        r, f = best['replay:' + mode], best['factors:' + mode]
        print('cerebro %-7s: replay alone %.3f s, with the graph %.3f s (%.2fx the replay alone, '
              '%.2fx the standalone run(); wall %.3f s and %.3f s), %d wake-ups, alpha sum %s'
              % (mode, r['t_run'], f['t_run'], f['t_run'] / r['t_run'], f['t_run'] / s['t_run'],
                 r['t_wall'], f['t_wall'], f['wakeups'], f['sum']))


if __name__ == '__main__':
    main()
