"""The market-making models side by side: every model of ``bt.hft.strategies`` on the same file
with the same broker, each in its own whole process; writes the table of ``bench/hft/README.md``.

Broker and quoting (the A-S reference workload's, ``mm_workload.py``): ``PowerProb(3)`` queue,
1 ms entry and response latency, no partial fills, maker -0.5 bp, taker 7 bp; requotes every
100 ms, quotes of 0.01 up to an inventory of 0.2, gamma 0.01, kappa 0.5. Each model runs with its
own defaults otherwise (AS+++ with the hedge zone of ``MODELS``). Columns: PnL (balance +
position * mid - fees), fills, PnL per unit traded (ticks), maker share of the traded volume, the
largest absolute position, quotes sent, quotes the QVI gate left out, taker hedges, and the whole
process's wall and CPU time (the fastest of ``--repeat`` runs: import, load, run, results).

    python bench/hft/bm_models.py [--events 5000000] [--repeat 3] [--no-write] [--models A,B]
    python bench/hft/bm_models.py --run MODEL DATA.npz     # one run, prints JSON
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bm_l2feed import ROOT, _clean_env, ensure_data, timed  # noqa: E402
from mm_workload import figures, run_model  # noqa: E402

README = os.path.join(HERE, 'README.md')
BEGIN, END = '<!-- bm_models: begin -->', '<!-- bm_models: end -->'

# name -> (class name in bt.hft.strategies, extra params)
MODELS = {
    'AS': ('AvellanedaStoikov', {}),
    'GLFT': ('GLFT', {}),
    'AS++': ('ASInventoryPenalty', {}),
    'ASAS': ('ASAdverseSelection', {}),
    # the rebate in its queue value; quoting reduces the position beyond 0.02, a taker order
    # sheds half of it beyond 0.025 (see README.md)
    'AS+++': ('ASQVI', dict(hedge_zone=(0.02, 0.025), hedge_ratio=0.5, maker_fee=-0.00005)),
    'ASMP': ('ASMicroprice', {}),
}


def run_one(name, path):
    """One model's run in this process; prints its figures as JSON."""
    import numpy as np
    cls_name, extra = MODELS[name]
    strat, broker, data = run_model(path, cls_name, **extra)
    res = figures(strat, broker, data)
    fills = broker.fill_log()
    qty = fills['qty']
    held = np.cumsum(fills['side'] * qty)
    volume = float(qty.sum())
    res.update({
        'model': name, 'class': cls_name,
        'maker_share': round(float(qty[fills['maker']].sum()) / volume, 6) if volume else None,
        'max_inventory': round(float(np.abs(held).max()), 6) if len(held) else 0.0,
        'edge_ticks': round(res['pnl'] / volume / data.p.tick_size, 4) if volume else None,
        'gated': getattr(strat, 'gated', None), 'hedges': getattr(strat, 'hedges', None)})
    print(json.dumps(res))


def table(rows, events, load):
    """The markdown table of the results (``load``: the machine's load average then)."""
    out = ['Every model on the same %s-event file of `gen_l2.py`, same broker (see '
           '`bm_models.py`); wall and CPU (user + system): whole process, of the fastest run; '
           'load average %.1f when measured (wall time grows with it, CPU time hardly).'
           % (format(events, ','), load), '',
           '| model | class | PnL | fees | fills | PnL / unit, ticks | maker share | max inventory '
           '| quotes sent | gated | hedges | wall s | CPU s |',
           '|---|---|---|---|---|---|---|---|---|---|---|---|---|']

    def opt(v, fmt):
        return '-' if v is None else fmt % v
    for r in rows:
        cells = (r['model'], '`%s`' % r['class'], '%.4f' % r['pnl'], '%.4f' % r['fee'],
                 '%d' % r['fills'], opt(r['edge_ticks'], '%.3f'), opt(r['maker_share'], '%.5f'),
                 '%g' % r['max_inventory'], '%d' % r['submitted'], opt(r['gated'], '%d'),
                 opt(r['hedges'], '%d'), '%.2f' % r['wall'], '%.2f' % r['cpu'])
        out.append('| %s |' % ' | '.join(cells))
    return '\n'.join(out)


def write_readme(text):
    """Put ``text`` between the markers of ``bench/hft/README.md``."""
    with open(README) as f:
        doc = f.read()
    pat = re.compile(re.escape(BEGIN) + '.*?' + re.escape(END), re.S)
    if not pat.search(doc):
        raise SystemExit('%s has no %s ... %s markers' % (README, BEGIN, END))
    with open(README, 'w') as f:
        f.write(pat.sub(lambda _: BEGIN + '\n' + text + '\n' + END, doc))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--events', type=int, default=5_000_000)
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--models', default=','.join(MODELS))
    ap.add_argument('--no-write', action='store_true')
    ap.add_argument('--run', nargs=2, metavar=('MODEL', 'DATA'))
    a = ap.parse_args()
    if a.run:
        run_one(*a.run)
        return
    names = a.models.split(',')
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        raise SystemExit('unknown model(s) %s; known: %s' % (', '.join(unknown), ', '.join(MODELS)))
    path = ensure_data(a.events)['main']
    rows = []
    load = os.getloadavg()[0]
    for name in names:
        cmd = [sys.executable, '-s', '-P', os.path.abspath(__file__), '--run', name, path]
        best = None
        for _ in range(a.repeat):
            wall, cpu, res = timed(cmd, _clean_env(ROOT), ROOT)
            print('%-6s %6.2f s (cpu %6.2f s)  %s' % (name, wall, cpu, res), flush=True)
            if best is None or wall < best['wall']:
                best = dict(res, wall=wall, cpu=cpu)
        rows.append(best)
    text = table(rows, a.events, max(load, os.getloadavg()[0]))
    print()
    print(text)
    if not a.no_write:
        write_readme(text)


if __name__ == '__main__':
    main()
