"""Test oracle of bt.hft.factors: the documented evaluation rules of a factor graph written out
in plain Python, node by node, over a dict order book (tests/hft/l2_reference.py).

The nodes' streaming cores are built fresh from the same configuration and fed one record at a
time with ``core.update``; what this checks is the graph around them: which node is fed when,
with which values, and what is published."""
import math

import numpy as np

from backtrader.hft.events import BUY_EVENT, SELL_EVENT, TRADE_EVENT
from backtrader.hft.factors import FactorGraph
from tests.hft import l2_reference as ref

NAN = float('nan')


def _same(a, b):
    return (a == b) or (a != a and b != b)


def evaluate(config, events, local=True):
    """``{output name: array}`` and the ready column, one row per applied record."""
    g = FactorGraph.from_dict(config)       # only for its checked structure and fresh cores
    order = g.nodes
    nodes = {nd['name']: nd for nd in config['nodes']}
    cores = {n: g._cores[n] for n in order}
    for c in cores.values():
        if c is not None:
            c.reset()
    outs = {n: g._outputs_of(g._nodes[n]) for n in order}
    vals = {n: [NAN] * len(outs[n]) for n in order}
    updates = dict.fromkeys(order, 0)
    inputs = {n: g._resolve(g._nodes[n]) for n in order}
    book = ref.DictBook()
    flag = ref.LOCAL_EVENT if local else ref.EXCH_EVENT
    tsf = 'local_ts' if local else 'exch_ts'
    published, readies, stamps = [], [], []
    pending = False
    for r in events:
        ev = int(r['ev'])
        kind = ev & 0xFF
        if kind not in (1, 2, 3, 4) or not ev & flag:
            continue
        side = 1 if ev & BUY_EVENT else (-1 if ev & SELL_EVENT else 0)
        ts = int(r[tsf])
        changed = set()
        for n in order:
            if nodes[n]['type'] == 'Trades' and pending:
                vals[n][1] = 0.0
        pending = False
        if kind == TRADE_EVENT:
            for n in order:
                if nodes[n]['type'] == 'Trades':
                    vals[n] = [float(r['px']), float(r['qty']), float(side)]
                    updates[n] += 1
                    changed |= {(n, k) for k in range(3)}
                    pending = True
        else:
            t = int(round(float(r['px']) / ref.TICK))
            if kind == 3:
                if side == 0:
                    book.bids, book.asks = {}, {}
                else:
                    book.clear(side, t)
            else:
                book.set(side, t, int(round(float(r['qty']) / ref.LOT)))
            for n in order:
                if nodes[n]['type'] not in ('Book', 'Quotes'):
                    continue
                lv = nodes[n].get('levels', 1)
                new = []
                for l in range(lv):
                    for s in (1, -1):
                        top = book.top(s, lv)
                        # the book shows ticks / 100 and lots / 1000 (exact decimal grids)
                        new += ([top[l][0] / 100, top[l][1] / 1000] if l < len(top)
                                else [NAN, 0.0])
                moved = [k for k in range(len(new)) if not _same(new[k], vals[n][k])]
                if moved:
                    updates[n] += 1
                    changed |= {(n, k) for k in moved}
                    vals[n] = new
        for n in order:
            core = cores[n]
            if core is None or not any(p in changed for p in inputs[n]):
                continue
            x = [vals[p][k] for p, k in inputs[n]]
            before = core.count
            res = core.update(*x, ts=ts)
            res = list(res) if isinstance(res, tuple) else [res]
            took = core.count > before
            moved = any(not _same(a, b) for a, b in zip(res, vals[n]))
            vals[n] = res
            if took:
                updates[n] += 1
            if took or moved:
                changed |= {(n, k) for k in range(len(res))}
        row, every = [], True
        for n in g._outnames:
            warm = nodes[n].get('warmup', 0)
            ok = updates[n] >= max(warm, 1) and not any(math.isnan(v) for v in vals[n])
            every = every and ok
            row += vals[n] if ok else [NAN] * len(vals[n])
        published.append(row)
        readies.append(every)
        stamps.append(ts)
    cols = {'ts': np.array(stamps, dtype=np.int64)}
    arr = np.array(published, dtype=float).reshape(len(published), -1)
    for k, name in enumerate(g.outputs):
        cols[name] = arr[:, k]
    cols['ready'] = np.array(readies, dtype=bool)
    return cols


def random_config(rng):
    """A random graph config over a book, trades and a mix of transforms and combiners."""
    lv = int(rng.integers(1, 4))
    nodes = [{'name': 'book', 'type': 'Book', 'levels': lv},
             {'name': 'trades', 'type': 'Trades'}]
    top = ['book.bid', 'book.bidsize', 'book.ask', 'book.asksize']
    scalars = []

    def add(node):
        node['name'] = 'n%d' % len(nodes)
        if rng.random() < 0.2:
            node['warmup'] = int(rng.integers(1, 30))
        nodes.append(node)
        scalars.append(node['name'])

    add({'type': 'BookImbalance', 'inputs': ['book']})
    add({'type': 'Mid', 'inputs': top})
    add({'type': rng.choice(['Microprice', 'Spread', 'WeightedMid']), 'inputs': top})
    add({'type': 'OFI', 'inputs': ['book'], 'period': int(rng.integers(1, 20))})
    add({'type': rng.choice(['TradeImbalance', 'VWAP']), 'inputs': ['trades'],
         'window': int(rng.integers(1, 50)) * 1_000_000})
    add({'type': 'CVD', 'inputs': ['trades', scalars[1]]})
    for _ in range(int(rng.integers(3, 7))):
        kind = rng.choice(['ZScore', 'Mean', 'Std', 'EMA', 'Rank', 'Clip', 'Lag', 'Diff',
                           'RealizedVol', 'Linear', 'Product', 'Ratio'])
        src = str(rng.choice(scalars))
        if kind in ('Linear', 'Product', 'Ratio'):
            k = 2 if kind == 'Ratio' else int(rng.integers(2, 4))
            ins = [str(s) for s in rng.choice(scalars, size=k, replace=False)]
            node = {'type': kind, 'inputs': ins}
            if kind == 'Linear':
                node['weights'] = {s: float(rng.normal()) for s in ins}
        elif kind == 'Clip':
            node = {'type': kind, 'inputs': [src], 'lo': -0.5, 'hi': 0.5}
        elif kind == 'RealizedVol':
            node = {'type': kind, 'inputs': [scalars[1]], 'period': int(rng.integers(2, 30))}
        elif rng.random() < 0.5:
            node = {'type': kind, 'inputs': [src], 'period': int(rng.integers(2, 30))}
        else:
            node = {'type': kind, 'inputs': [src], 'window': int(rng.integers(1, 40)) * 1_000_000}
        if rng.random() < 0.3:
            node['nan_policy'] = str(rng.choice(['skip', 'propagate']))
        add(node)
    return {'graph': {'tick_size': ref.TICK, 'lot_size': ref.LOT}, 'nodes': nodes}
