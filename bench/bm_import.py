"""Start-up benchmark: the time ``import backtrader`` takes, ours and upstream's.

Each measurement is a fresh interpreter (``python -s -P -c ...``) that times
the import itself (interpreter start-up excluded): wall time
(``time.perf_counter``) and the CPU time of the process
(``time.process_time``, which other processes on a busy machine do not
inflate). The best of ``--repeat`` runs is kept, the engines taking turns.

Usage: python bench/bm_import.py [--repeat N] [--engine ours|upstream|both]
Prints a small table and a one-line JSON summary.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests'))

PROBE = ('import time; t, c = time.perf_counter(), time.process_time(); '
         'import backtrader; '
         'print(time.perf_counter() - t, time.process_time() - c)')


def import_seconds(engine_dir, module_probe=PROBE):
    """``(wall, cpu)`` seconds one fresh interpreter takes to ``import
    backtrader`` from ``engine_dir`` (nothing else on its path but the
    standard library and site-packages)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('PYTHON')}
    env.update(PYTHONPATH=engine_dir, PYTHONNOUSERSITE='1', PYTHONDONTWRITEBYTECODE='1')
    out = subprocess.run([sys.executable, '-s', '-P', '-c', module_probe], env=env,
                         cwd=HERE, capture_output=True, text=True, check=True, timeout=120)
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeat', type=int, default=9)
    ap.add_argument('--engine', default='both', choices=['ours', 'upstream', 'both'])
    opts = ap.parse_args()
    dirs = {}
    if opts.engine in ('ours', 'both'):
        dirs['ours'] = ROOT
    if opts.engine in ('upstream', 'both'):
        import upstream
        dirs['upstream'] = upstream.upstream_dir()
    best = {name: [float('inf'), float('inf')] for name in dirs}
    for _ in range(opts.repeat):
        for name, path in dirs.items():
            for i, sec in enumerate(import_seconds(path)):
                best[name][i] = min(best[name][i], sec)
    ms = {name: [round(sec * 1000.0, 1) for sec in pair] for name, pair in best.items()}
    print('%-10s %10s %10s' % ('engine', 'wall ms', 'cpu ms'))
    for name, (wall, cpu) in ms.items():
        print('%-10s %10.1f %10.1f' % (name, wall, cpu))
    if len(ms) == 2:
        print('upstream / ours: %.1fx wall, %.1fx cpu'
              % (ms['upstream'][0] / ms['ours'][0], ms['upstream'][1] / ms['ours'][1]))
    print(json.dumps({'import_ms': {n: {'wall': w, 'cpu': c} for n, (w, c) in ms.items()},
                      'repeat': opts.repeat}))


if __name__ == '__main__':
    main()
