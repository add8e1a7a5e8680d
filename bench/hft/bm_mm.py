"""Benchmark of issue 9: the Avellaneda-Stoikov market maker against hftbacktest 2.4.4's run of it.

Workload, both engines, whole process, on the 5M-event file of ``gen_l2.py``: the reference A-S
strategy of ``bench_hftbacktest.py mm`` (requote every 100 ms, 1 ms entry and response latency,
``PowerProb(3)`` queue, no partial fills, maker -0.5 bp, taker 7 bp, quotes of 0.01 up to an
inventory of 0.2). Ours: ``bt.hft.AvellanedaStoikov`` on ``L2EventData(step='100ms')`` with
``bt.hft.strategies.reference_broker()`` in Cerebro (``mm_workload.py``). hftbacktest:
``bench_hftbacktest.py mm`` (numba loop, its compilation on a 10k file included, as a user pays
it).

The engines take turns (``--repeat`` rounds); the best wall and CPU times and the largest peak RSS
of each are kept, with the fills, final position and PnL (balance + position * mid - fee) of both
and their ratios.

    python bench/hft/bm_mm.py [--events 5000000] [--repeat 3] [--engine both|ours|hftbacktest]
    python bench/hft/bm_mm.py --run-ours DATA.npz     # one run of ours, prints JSON
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bm_l2feed import arguments, commands, take_turns  # noqa: E402
from mm_workload import figures, run_model  # noqa: E402


def run_ours(path):
    """The measured workload (in this process)."""
    import json
    t0 = time.perf_counter()
    import backtrader  # noqa: F401  (the import is part of what is timed)
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    res = figures(*run_model(path))
    t_run = time.perf_counter() - t1
    print(json.dumps(dict(engine='ours', **res, t_import=round(t_import, 3),
                          t_run=round(t_run, 3), t_inproc=round(time.perf_counter() - t0, 3))))


def main():
    a = arguments(__doc__).parse_args()
    if a.run_ours:
        run_ours(a.run_ours)
        return
    engines, cmds = commands(__file__, a.engine, a.events, 'mm')
    best = take_turns(cmds, a.repeat, ('fills', 'position', 'pnl'))
    print()
    print('| engine | best wall s | best CPU s | peak RSS MB | fills | position | PnL |')
    print('|---|---|---|---|---|---|---|')
    for eng in engines:
        b = best[eng]
        r = b['res']
        print('| %s | %.2f | %.2f | %.0f | %d | %g | %.4f |' % (
            eng, b['wall'], b['cpu'], b['rss'], r['fills'], r['position'], r['pnl']))
    if len(engines) == 2:
        h, o = best['hftbacktest'], best['ours']
        print('\ntime hftbacktest/ours: %.2fx (CPU %.2fx)   memory hftbacktest/ours: %.2fx'
              % (h['wall'] / o['wall'], h['cpu'] / o['cpu'], h['rss'] / o['rss']))
        print('ours/hftbacktest: fills %.4f, PnL %.4f, position %g vs %g' % (
            o['res']['fills'] / h['res']['fills'], o['res']['pnl'] / h['res']['pnl'],
            o['res']['position'], h['res']['position']))


if __name__ == '__main__':
    main()
