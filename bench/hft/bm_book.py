#!/usr/bin/env python
"""Benchmark (a): order-book apply only, ours beside hftbacktest 2.4.4, on the same event file.

* ours: ``OrderBook.apply_events`` over the whole record array (``gen_l2.py``'s 5M-event file:
  depth updates are applied, trades skipped), in a subprocess that loads the file, builds the
  book, times the loop and prints the final best bid / ask;
* hftbacktest: ``../shared/hft/bench_hftbacktest.py goto_end`` (its Rust core runs through every
  event, no Python per step) with its hash-map market depth, and ``elapse`` (a numba loop waking
  every 100 ms of data; the Rust core applies every event in between) with its ROI-vector market
  depth, whose backtest has no ``goto_end``.

The engines take turns (ours, hftbacktest hash map, hftbacktest ROI vector, ours, ...) and the
best of ``--repeat`` turns is kept for each figure: the loop alone (events/s, and for ours depth
updates/s) and the whole process (wall time from spawn to exit, peak RSS from ``os.wait4``).
Ratios are hftbacktest / ours (above 1: ours is faster or smaller). Usage::

    python bench/hft/bm_book.py [--events 5000000] [--repeat 5] [--data FILE]
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
SHARED = os.path.abspath(os.path.join(ROOT, '..', 'shared', 'hft'))
if not os.path.isdir(SHARED):
    SHARED = '/work/shared/hft'
DATA_DIR = os.path.expanduser(os.environ.get('BT_HFT_DATA', '~/.cache/bt-hft-data'))


def worker(path):
    """Run in the child: time our compiled apply loop over the file."""
    t0 = time.perf_counter()
    import numpy as np
    from backtrader.hft.book import OrderBook
    t_import = time.perf_counter() - t0
    t = time.perf_counter()
    data = np.load(path)['data']
    t_load = time.perf_counter() - t
    book = OrderBook(0.01, 0.001)
    t = time.perf_counter()
    applied = book.apply_events(data)
    t_loop = time.perf_counter() - t
    print(json.dumps({'events': len(data), 'updates': applied, 't_import': round(t_import, 3),
                      't_load': round(t_load, 3), 't_loop': round(t_loop, 4),
                      'best_bid': book.best_bid, 'best_ask': book.best_ask}))


def data_file(n):
    name = 'l2_%s.npz' % ({1_000_000: '1m', 5_000_000: '5m'}.get(n, n))
    path = os.path.join(DATA_DIR, name)
    if not os.path.exists(path):
        os.makedirs(DATA_DIR, exist_ok=True)
        tmp = os.path.join(DATA_DIR, 'tmp%d-%s' % (os.getpid(), name))
        subprocess.run([sys.executable, os.path.join(SHARED, 'gen_l2.py'), str(n), tmp],
                       check=True, stdout=subprocess.DEVNULL)
        os.replace(tmp, path)
    return path


def run(cmd, env):
    """Run a child; returns (its JSON line, wall seconds, peak RSS in MB)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        raise SystemExit('%s failed:\n%s' % (' '.join(cmd), err.decode()[-3000:]))
    line = [x for x in out.decode().splitlines() if x.startswith('{')][-1]
    return json.loads(line), wall, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--events', type=int, default=5_000_000)
    ap.add_argument('--data')
    ap.add_argument('--repeat', type=int, default=5)
    ap.add_argument('--worker')
    a = ap.parse_args()
    if a.worker:
        return worker(a.worker)

    sys.path.insert(0, os.path.join(ROOT, 'tests'))
    import upstream
    data = a.data or data_file(a.events)
    warm = data_file(10_000)
    ours_env = upstream.engine_env('ours')
    hbt_env = upstream.engine_env('hftbacktest')
    engines = {
        'ours': (upstream.python_cmd(os.path.abspath(__file__), ['--worker', data]), ours_env),
        'hftbacktest hashmap': (upstream.python_cmd(
            os.path.join(SHARED, 'bench_hftbacktest.py'),
            ['goto_end', data, '--depth', 'hashmap', '--warm', warm]), hbt_env),
        # the ROI-vector backtest has no _goto_end: its njit loop wakes every 100 ms of data
        'hftbacktest roivec (elapse)': (upstream.python_cmd(
            os.path.join(SHARED, 'bench_hftbacktest.py'),
            ['elapse', data, '--depth', 'roivec', '--warm', warm]), hbt_env),
    }
    best = {}
    for turn in range(a.repeat):
        for name, (cmd, env) in engines.items():
            res, wall, mb = run(cmd, env)
            b = best.setdefault(name, {'loop': 1e9, 'wall': 1e9, 'mb': 0.0, 'res': res})
            b['loop'] = min(b['loop'], res['t_loop'])
            b['wall'] = min(b['wall'], wall)
            b['mb'] = max(b['mb'], mb)
            print('turn %d %-28s loop %.3f s  load %.2f s  whole %.2f s  %.0f MB' % (
                turn + 1, name, res['t_loop'], res['t_load'], wall, mb), file=sys.stderr)

    ours = best['ours']
    n = ours['res']['events']
    print('\nbook apply only, %s events (%s depth updates), best of %d turns\n'
          % (format(n, ','), format(ours['res']['updates'], ','), a.repeat))
    print('| engine | loop s | M events/s | M updates/s | whole s | peak MB | loop vs ours | '
          'whole vs ours |')
    print('|---|---|---|---|---|---|---|---|')
    for name, b in best.items():
        upd = ours['res']['updates'] / b['loop'] / 1e6
        print('| %s | %.3f | %.1f | %.1f | %.2f | %.0f | %.2fx | %.2fx |' % (
            name, b['loop'], n / b['loop'] / 1e6, upd, b['wall'], b['mb'],
            b['loop'] / ours['loop'], b['wall'] / ours['wall']))
    print('\nour final best bid / ask: %r / %r'
          % (ours['res']['best_bid'], ours['res']['best_ask']))


if __name__ == '__main__':
    main()
