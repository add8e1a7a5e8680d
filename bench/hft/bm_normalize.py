#!/usr/bin/env python
"""Benchmark (c): the Binance normaliser, messages per second from a JSON-lines recording.

The recording is made here from ``../shared/hft/gen_l2.py``'s synthetic L2 feed, turned into what
Binance's USD-M futures streams send: a REST snapshot of the first 20+20 levels, one
``depthUpdate`` per ``--window-ms`` of exchange time (the ``@depth@100ms`` stream: every level
changed in the window, at its last size; ``U``/``u``/``pu`` chained, one update id per change)
and one ``aggTrade`` per trade, each line stamped with the generator's receive time.

For every decoder installed (the standard library's ``json``, ``orjson``, ``msgspec``) it runs
``--repeat`` rounds of three timed parts, back to back:

* read: read the lines and split off the receive time;
* read and decode: the same, decoding each message too;
* normalise: the whole ``normalize('binance', ...)`` call, records and report included;

and prints the best whole call (messages per second), the decoding (read and decode minus read)
and the normalising (the whole call minus read and decode: the synchronisation rules, the exact
tick/lot conversion, the records and the report), both medians over the rounds.  The normalising
must cost less than the decoding.

(Feeding the normaliser messages decoded beforehand would measure it on a cold cache: every
string it reads would be a cache miss, which the real pipeline, decoding one line and then using
it, does not pay.)

Usage::

    python bench/hft/bm_normalize.py [--events 1000000] [--window-ms 100] [--repeat 5]
"""
import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GEN_L2 = os.path.join(HERE, '..', '..', '..', 'shared', 'hft', 'gen_l2.py')
if not os.path.exists(GEN_L2):
    GEN_L2 = '/work/shared/hft/gen_l2.py'
sys.path.insert(0, os.path.join(HERE, '..', '..'))

from backtrader.hft.normalize import normalize                     # noqa: E402
from backtrader.hft.normalize.reader import get_decoder, open_recording   # noqa: E402

TICK, LOT = 0.01, 0.001
BUY = 1 << 29


def _px(t):
    return '%.2f' % (t * TICK)


def _qty(q):
    return '%.3f' % (q * LOT)


def make_recording(npz, out, window_ms):
    """Write the generated feed as a Binance futures recording; returns the message count."""
    z = np.load(npz)
    ev, exch, local = z['data']['ev'], z['data']['exch_ts'], z['data']['local_ts']
    ptick, qlot = z['ptick'], z['qlot']
    kind = ev & 0xFF
    bid = (ev & BUY) != 0
    dumps = json.dumps
    try:
        import orjson
        dumps = lambda o: orjson.dumps(o).decode()   # noqa: E731  (only speeds up the writing)
    except ImportError:
        pass
    n_init = 40             # gen_l2's first records: the initial 20 + 20 levels
    init = list(zip(ptick[:n_init], qlot[:n_init], bid[:n_init]))
    snap_ms = int(exch[n_init - 1]) // 1_000_000
    lines = [(int(local[n_init - 1]) + 50_000_000, dumps({
        'lastUpdateId': 1000, 'E': snap_ms, 'T': snap_ms,
        'bids': [[_px(t), _qty(q)] for t, q, b in init if b][::-1],
        'asks': [[_px(t), _qty(q)] for t, q, b in init if not b]}))]
    window = window_ms * 1_000_000
    last_u = 1000
    trade_id = 1
    pend_b, pend_a, n_changes = {}, {}, 0
    win_end = (int(exch[n_init]) // window + 1) * window
    win_local = 0

    def flush():
        nonlocal last_u, pend_b, pend_a, n_changes
        if not n_changes:
            return
        U, u = last_u + 1, last_u + n_changes
        e_ms = (win_end - 1) // 1_000_000
        lines.append((win_local, dumps({
            'e': 'depthUpdate', 'E': e_ms, 'T': e_ms, 's': 'BTCUSDT', 'U': U, 'u': u,
            'pu': last_u, 'b': [[_px(t), _qty(q)] for t, q in pend_b.items()],
            'a': [[_px(t), _qty(q)] for t, q in pend_a.items()]})))
        last_u = u
        pend_b, pend_a, n_changes = {}, {}, 0

    for i in range(n_init, len(ev)):
        x = int(exch[i])
        if x >= win_end:
            flush()
            win_end = (x // window + 1) * window
        if kind[i] == 2:
            ms = x // 1_000_000
            lines.append((int(local[i]), dumps({
                'e': 'aggTrade', 'E': ms, 'a': trade_id, 's': 'BTCUSDT', 'p': _px(ptick[i]),
                'q': _qty(qlot[i]), 'f': trade_id, 'l': trade_id, 'T': ms, 'm': not bid[i]})))
            trade_id += 1
        else:
            (pend_b if bid[i] else pend_a)[int(ptick[i])] = int(qlot[i])
            n_changes += 1
            # the window's message leaves the exchange at its end, plus the feed latency
            win_local = max(win_local, win_end + int(local[i]) - x)
    flush()
    lines.sort(key=lambda r: r[0])
    with open(out, 'w') as f:
        for ts, text in lines:
            f.write('%d %s\n' % (ts, text))
    return len(lines)


def _best(times, key, t):
    if key not in times or t < times[key]:
        times[key] = t


def time_lines(path, loads=None):
    """Read and split every line, and decode it when ``loads`` is given (the cyclic collector
    paused, as ``normalize`` does); returns (seconds, lines)."""
    gc.disable()
    try:
        t0 = time.perf_counter()
        n = 0
        with open_recording(path) as f:
            if loads is None:
                for line in f:
                    int(line[:line.find(b' ')])
                    n += 1
            else:
                for line in f:
                    sp = line.find(b' ')
                    int(line[:sp])
                    loads(line[sp + 1:])
                    n += 1
        return time.perf_counter() - t0, n
    finally:
        gc.enable()


def measure(rec, name, loads, repeat):
    """Times of the parts (see the module docstring) for one decoder: the whole call is the best
    of the runs; decode and normalising are medians of the per-round differences (the parts of
    one round run back to back, so a drift of the machine's speed cancels out)."""
    whole, decode, normalising = [], [], []
    for _ in range(repeat):
        t_read, n_msgs = time_lines(rec)
        t_dec = time_lines(rec, loads)[0]
        t0 = time.perf_counter()
        res = normalize('binance', rec, TICK, LOT, decoder=name)
        t_all = time.perf_counter() - t0
        whole.append(t_all)
        decode.append(t_dec - t_read)
        normalising.append(t_all - t_dec)
    rep = res.report
    assert rep.check() and rep.applied == n_msgs and rep.n_gaps == 0
    return {'messages': n_msgs, 'records': len(res.events), 'normalise': min(whole),
            'decode': statistics.median(decode),
            'normalising': statistics.median(normalising)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--events', type=int, default=1_000_000, help='gen_l2.py events')
    ap.add_argument('--window-ms', type=int, default=100)
    ap.add_argument('--repeat', type=int, default=5)
    ap.add_argument('--keep', default=None, help='folder to keep the generated files in')
    args = ap.parse_args()
    tmp = args.keep or tempfile.mkdtemp(prefix='bm_normalize_')
    npz = os.path.join(tmp, 'l2_%d.npz' % args.events)
    rec = os.path.join(tmp, 'binance_%d_%dms.jsonl' % (args.events, args.window_ms))
    if not os.path.exists(npz):
        subprocess.run([sys.executable, GEN_L2, str(args.events), npz], check=True,
                       stdout=subprocess.DEVNULL)
    if not os.path.exists(rec):
        make_recording(npz, rec, args.window_ms)
    size_mb = os.path.getsize(rec) / 1e6

    rows = []
    for name in ('json', 'orjson', 'msgspec'):
        try:
            _, loads = get_decoder(name)
        except ImportError:
            continue
        rows.append((name, measure(rec, name, loads, args.repeat)))

    print('recording: %s (%.1f MB, %d gen_l2 events, %d ms depth windows)'
          % (rec, size_mb, args.events, args.window_ms))
    print('| decoder | messages | records | normalise s (whole) | messages/s (whole) |'
          ' decode s | normalising s | normalising / decode |')
    print('|---|---|---|---|---|---|---|---|')
    for name, m in rows:
        print('| %s | %d | %d | %.3f | %.0f | %.3f | %.3f | %.2f |'
              % (name, m['messages'], m['records'], m['normalise'],
                 m['messages'] / m['normalise'], m['decode'], m['normalising'],
                 m['normalising'] / m['decode']))
    print(json.dumps({name: {'messages_per_s': round(m['messages'] / m['normalise']),
                             'normalising_over_decode': round(m['normalising'] / m['decode'], 3)}
                      for name, m in rows}))
    if not args.keep:
        for p in (npz, rec):
            os.remove(p)
        os.rmdir(tmp)


if __name__ == '__main__':
    main()
