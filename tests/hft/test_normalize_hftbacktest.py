"""Differential test of the Binance normaliser against hftbacktest 2.4.4's own Binance futures
converter (``hftbacktest.data.utils.binancefutures.convert``, run in hftbacktest's install by
``hftscripts/binance_convert.py``).

The recording is ``gen_l2.py``'s 10,000-event file written as Binance USD-M futures combined
streams: a REST snapshot of the first 20 + 20 levels, then one ``depthUpdate`` per exchange
timestamp (``U``/``u``/``pu`` chained from the snapshot, so nothing is stale or missing) and one
``trade`` (``X`` = ``MARKET``) per trade.  On such a clean recording the two must give the same
records, field for field, apart from how the snapshot clears the book (hftbacktest: one clear per
side up to the snapshot's last level; ours: one whole-book clear), which are left out.
"""
import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from backtrader.hft.normalize import normalize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import upstream  # noqa: E402

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / 'hftscripts' / 'binance_convert.py'
GEN_L2 = HERE.parents[2] / 'shared' / 'hft' / 'gen_l2.py'     # ../shared beside the checkout
if not GEN_L2.exists():
    GEN_L2 = Path('/work/shared/hft/gen_l2.py')
BUY, SELL, LOCAL = 1 << 29, 1 << 28, 1 << 30
CLEAR = 3


def _px(t):
    return '%.2f' % (t * 0.01)


def _qty(q):
    return '%.3f' % (q * 0.001)


def write_recording(npz, path):
    """gen_l2's events as a gzipped Binance futures recording (see the module docstring)."""
    z = np.load(npz)
    data, ptick, qlot = z['data'], z['ptick'], z['qlot']
    kind = data['ev'] & 0xFF
    bid = (data['ev'] & BUY) != 0
    exch, local = data['exch_ts'], data['local_ts']
    n0 = 40                                          # the initial 20 + 20 levels
    ms = int(exch[n0 - 1]) // 10**6
    rows = [(int(local[n0 - 1]), {
        'lastUpdateId': 1000, 'E': ms, 'T': ms,
        'bids': [[_px(t), _qty(q)] for t, q, b in zip(ptick[:n0], qlot[:n0], bid[:n0]) if b][::-1],
        'asks': [[_px(t), _qty(q)] for t, q, b in zip(ptick[:n0], qlot[:n0], bid[:n0]) if not b]})]
    last_u, trade_id, i, n = 1000, 7000, n0, len(data)
    while i < n:
        j = i
        while j < n and exch[j] == exch[i]:
            j += 1
        ms = int(exch[i]) // 10**6
        b, a, rcv = [], [], 0
        for k in range(i, j):
            if kind[k] == 2:
                trade_id += 1
                rows.append((int(local[k]), {'stream': 'btcusdt@trade', 'data': {
                    'e': 'trade', 'E': ms + 1, 'T': ms, 's': 'BTCUSDT', 't': trade_id,
                    'p': _px(ptick[k]), 'q': _qty(qlot[k]), 'X': 'MARKET', 'm': not bid[k]}}))
            else:
                (b if bid[k] else a).append([_px(ptick[k]), _qty(qlot[k])])
                rcv = max(rcv, int(local[k]))
        if b or a:
            U, u = last_u + 1, last_u + len(b) + len(a)
            rows.append((rcv, {'stream': 'btcusdt@depth@0ms', 'data': {
                'e': 'depthUpdate', 'E': ms + 1, 'T': ms, 's': 'BTCUSDT', 'U': U, 'u': u,
                'pu': last_u, 'b': b, 'a': a}}))
            last_u = u
        i = j
    rows.sort(key=lambda r: r[0])
    with gzip.open(path, 'wt') as f:
        for ts, msg in rows:
            f.write('%d %s\n' % (ts, json.dumps(msg, separators=(',', ':'))))
    return len(rows)


def _fields(ev, exch, local, px, qty):
    return {'ev': ev & np.uint64(0xFF | BUY | SELL), 'exch_ts': exch, 'local_ts': local,
            'px': px, 'qty': qty}


def test_records_match_hftbacktests_converter(tmp_path):
    npz = tmp_path / 'l2.npz'
    subprocess.run([sys.executable, str(GEN_L2), '10000', str(npz)], check=True,
                   capture_output=True)
    rec = tmp_path / 'binance.jsonl.gz'
    n_lines = write_recording(npz, rec)
    ours = normalize('binance', str(rec), 0.01, 0.001)
    assert ours.report.applied == n_lines and ours.report.n_gaps == 0
    key = hashlib.sha256(rec.read_bytes()).hexdigest()
    res = upstream.run_cached(SCRIPT, 'hftbacktest', args=[str(rec)], key_data=key,
                              timeout=900, arrays=True)
    theirs = res['arrays']['data']
    # their records as the local side sees them (the order our records are in), clears left out
    theirs = theirs[((theirs['ev'] & np.uint64(LOCAL)) != 0)
                    & ((theirs['ev'] & np.uint64(0xFF)) != CLEAR)]
    mine = ours.events[(ours.events['ev'] & np.uint64(0xFF)) != CLEAR]
    assert len(mine) == len(theirs) == len(ours.events) - 1
    a = _fields(mine['ev'], mine['exch_ts'], mine['local_ts'], mine['px'], mine['qty'])
    b = _fields(theirs['ev'], theirs['exch_ts'], theirs['local_ts'], theirs['px'],
                theirs['qty'])
    for name in a:
        bad = np.flatnonzero(a[name] != b[name])
        assert bad.size == 0, '%s differs at record %d: ours %r, hftbacktest %r' % (
            name, bad[0], a[name][bad[0]], b[name][bad[0]])
