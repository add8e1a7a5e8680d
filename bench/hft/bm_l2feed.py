"""Benchmark (b) of issue 8: an L2 feed inside Cerebro against hftbacktest 2.4.4's feed loop.

Workload, both engines, whole process: replay the 5M-event file of ``gen_l2.py`` and wake a
strategy after every timestamp batch (hftbacktest: ``wait_next_feed``); at every wake-up the
strategy reads the best bid and ask and the top-10 imbalance of the book, summed when both sides
show a level. Ours: ``L2EventData(step='timestamp')`` streamed through Cerebro (``preload=False``,
``exactbars=1``: the lines keep only what the strategy needs) and a Python ``next``. hftbacktest:
``bench_hftbacktest.py feed_imb`` (numba loop, ROI-vector depth, compilation on a 10k file).

The engines take turns (``--repeat`` rounds); the best wall and CPU times and the largest peak
RSS of each are kept, and the ratios printed. The checksum (sum of the imbalances) must be 1244.122303
on the 5M file (hftbacktest prints 1244.256303: it never delivers the last batch).

    python bench/hft/bm_l2feed.py [--events 5000000] [--repeat 3] [--engine both|ours|hftbacktest]
    python bench/hft/bm_l2feed.py --run-ours DATA.npz     # one run of ours, prints JSON
    python bench/hft/bm_l2feed.py --callgrind 200000      # instruction counts of ours

``--callgrind N`` runs ours once under ``valgrind --tool=callgrind`` on an N-event file and prints
the instructions of the whole process and of Cerebro's loop (``run_next``) per callback: counts
that do not depend on how busy the machine is.
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
HBT_DIR = os.path.expanduser('~/.cache/bt-hftbacktest/2.4.4')


def run_ours(path):
    """The measured workload (in this process)."""
    import resource
    t0 = time.perf_counter()
    import backtrader as bt
    from backtrader.hft.feeds.l2event import L2EventData

    class ImbalanceReader(bt.Strategy):
        def __init__(self):
            self.n = 0
            self.acc = 0.0

        def next(self):
            book = self.data.book
            bid = book.best_bid
            ask = book.best_ask
            if bid == bid and ask == ask:
                self.acc += book.imbalance(10)
            self.n += 1

    cerebro = bt.Cerebro(stdstats=False)
    data = L2EventData(dataname=path, tick_size=0.01, lot_size=0.001, step='timestamp')
    cerebro.adddata(data)
    cerebro.addstrategy(ImbalanceReader)
    strat = cerebro.run(preload=False, runonce=False, exactbars=1)[0]
    book = data.book
    print(json.dumps({
        'engine': 'ours', 'callbacks': strat.n, 'imb_checksum': round(strat.acc, 6),
        'final_bid': book.best_bid, 'final_ask': book.best_ask,
        'records': data.report()['records'], 't_inproc': round(time.perf_counter() - t0, 3),
        'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


def callgrind(events):
    """Instruction counts of one run of ours (whole process, and ``run_next``) per callback."""
    import shutil
    import tempfile
    if shutil.which('valgrind') is None or shutil.which('callgrind_annotate') is None:
        raise SystemExit('--callgrind needs valgrind and callgrind_annotate on the PATH')
    path = ensure_data(events)['main']
    with tempfile.TemporaryDirectory(prefix='bm-l2feed-cg-') as tmp:
        prof = os.path.join(tmp, 'callgrind.out')
        cmd = ['valgrind', '--tool=callgrind', '--callgrind-out-file=' + prof, sys.executable,
               '-s', '-P', os.path.abspath(__file__), '--run-ours', path]
        proc = subprocess.run(cmd, env=_clean_env(ROOT), cwd=ROOT, capture_output=True,
                              text=True, check=True)
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        total = loop = None
        with open(prof) as f:
            for line in f:
                if line.startswith(('summary:', 'totals:')):
                    total = int(line.split()[1])
        ann = subprocess.run(['callgrind_annotate', '--inclusive=yes', prof],
                             capture_output=True, text=True, check=True).stdout
        for line in ann.splitlines():
            if 'clock.c:' in line and 'run_next' in line and '=>' not in line:
                loop = max(loop or 0, int(line.split()[0].replace(',', '')))
    n = res['callbacks']
    print(json.dumps({'events': events, 'callbacks': n, 'ir_total': total,
                      'ir_run_next': loop, 'ir_per_callback_total': round(total / n),
                      'ir_per_callback_run_next': round(loop / n) if loop else None,
                      'imb_checksum': res['imb_checksum']}))


def ensure_data(events):
    os.makedirs(DATA_DIR, exist_ok=True)
    out = {}
    for name, n in (('main', events), ('warm', 10000)):
        path = os.path.join(DATA_DIR, 'l2_%d.npz' % n)
        if not os.path.exists(path):
            subprocess.check_call([sys.executable, os.path.join(SHARED, 'gen_l2.py'), str(n),
                                   path])
        out[name] = path
    return out


def ensure_hftbacktest():
    if not os.path.isdir(os.path.join(HBT_DIR, 'hftbacktest')):
        subprocess.check_call([sys.executable, '-m', 'pip', 'install', '-q', '--target', HBT_DIR,
                               'hftbacktest==2.4.4'])


def _clean_env(extra_path=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith('PYTHON')}
    if extra_path:
        env['PYTHONPATH'] = extra_path
    return env


def timed(cmd, env, cwd):
    """Wall time, CPU time (user + system), peak RSS (MB) and the last stdout line of one whole
    process."""
    import resource
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    # the child is reaped by communicate(); its usage is in RUSAGE_CHILDREN only as a
    # maximum over all children, so each child reports its own peak in its JSON line
    if proc.returncode != 0:
        raise RuntimeError('%s failed:\n%s' % (' '.join(cmd), err.decode()[-3000:]))
    line = out.decode().strip().splitlines()[-1]
    return wall, cpu, json.loads(line)


def commands(script, engine, events, mode, peer_args=()):
    """``(engines, {engine: (cmd, env, cwd)})`` of a benchmark run with ``--engine`` ``engine``
    on the ``events``-record file (made when missing, hftbacktest installed when it runs): ours
    is ``script --run-ours DATA``, hftbacktest ``bench_hftbacktest.py mode DATA peer_args``
    with its compilation on the 10k file."""
    files = ensure_data(events)
    engines = ['hftbacktest', 'ours'] if engine == 'both' else [engine]
    if 'hftbacktest' in engines:
        ensure_hftbacktest()
    cmds = {
        'ours': ([sys.executable, '-s', '-P', os.path.abspath(script), '--run-ours',
                  files['main']], _clean_env(ROOT), ROOT),
        'hftbacktest': ([sys.executable, '-s', os.path.join(SHARED, 'bench_hftbacktest.py'),
                         mode, files['main']] + list(peer_args) + ['--warm', files['warm']],
                        _clean_env(HBT_DIR), DATA_DIR),
    }
    return engines, {eng: cmds[eng] for eng in engines}


def take_turns(cmds, repeat, keys):
    """Run the engines of ``cmds`` (``{engine: (cmd, env, cwd)}``) in turn, ``repeat`` rounds,
    printing each run's figures and its result's ``keys``; return per engine the best wall and
    CPU times, the largest peak RSS and the last result: ``{engine: {wall, cpu, rss, res}}``."""
    best = {}
    for rnd in range(repeat):
        for eng, (cmd, env, cwd) in cmds.items():
            wall, cpu, res = timed(cmd, env, cwd)
            print('round %d %-11s %6.2f s (cpu %6.2f s)  %6.1f MB  %s' % (
                rnd + 1, eng, wall, cpu, res['peak_rss_mb'],
                {k: res[k] for k in keys if k in res}), flush=True)
            b = best.setdefault(eng, {'wall': wall, 'cpu': cpu, 'rss': res['peak_rss_mb'],
                                      'res': res})
            b['wall'] = min(b['wall'], wall)
            b['cpu'] = min(b['cpu'], cpu)
            b['rss'] = max(b['rss'], res['peak_rss_mb'])
    return best


def arguments(doc):
    """The command line every HFT peer benchmark takes (its first docstring line as help)."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument('--events', type=int, default=5000000)
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--engine', default='both', choices=['both', 'ours', 'hftbacktest'])
    ap.add_argument('--run-ours', metavar='DATA')
    return ap


def main():
    ap = arguments(__doc__)
    ap.add_argument('--callgrind', type=int, metavar='EVENTS')
    a = ap.parse_args()
    if a.run_ours:
        run_ours(a.run_ours)
        return
    if a.callgrind:
        callgrind(a.callgrind)
        return
    engines, cmds = commands(__file__, a.engine, a.events, 'feed_imb', ('--depth', 'roivec'))
    best = take_turns(cmds, a.repeat, ('imb_checksum', 'callbacks', 'feeds'))
    print()
    print('| engine | best wall s | best CPU s | peak RSS MB | checksum | callbacks |')
    print('|---|---|---|---|---|---|')
    for eng in engines:
        b = best[eng]
        print('| %s | %.2f | %.2f | %.0f | %s | %s |' % (
            eng, b['wall'], b['cpu'], b['rss'], b['res'].get('imb_checksum'),
            b['res'].get('callbacks', b['res'].get('feeds'))))
    if len(engines) == 2:
        h, o = best['hftbacktest'], best['ours']
        print('\ntime hftbacktest/ours: %.2fx (CPU %.2fx)   memory hftbacktest/ours: %.2fx'
              % (h['wall'] / o['wall'], h['cpu'] / o['cpu'], h['rss'] / o['rss']))


if __name__ == '__main__':
    main()
