"""Record hftbacktest 2.4.4's market depth after every depth event of an event file.

    depth_trace.py IN.npz [--depth hashmap|roivec] [--tick T] [--lot L]
        --arrays TRACE.npz --out RESULT.json

(run by the oracle harness ``tests/upstream.py`` with ``arrays=True``, which gives the last two).

Trades are left out and every remaining event gets its own timestamp (1 us apart, in file order),
so that ``wait_next_feed`` wakes once per event; one harmless deletion far below the book is
appended because the backtest does not wake after its last event. After each event the script
writes the best bid / ask tick and lots, and a 64-bit digest of the top 10 levels of each side:
``sum(v[i] * C[i]) mod 2**64`` over ``v = [bid tick 0, bid lots 0, ask tick 0, ask lots 0,
bid tick 1, ...]`` (0 for a missing level), ``C[i] = (0x9E3779B97F4A7C15 * (i + 1) mod 2**64) | 1``.
Levels are found by scanning ticks outwards from the best (up to 5000 ticks), as a numba user of
hftbacktest does.
"""
import argparse
import json

import numpy as np
from numba import njit

from hftbacktest import (BacktestAsset, HashMapMarketDepthBacktest,
                         ROIVectorMarketDepthBacktest)

NLEV = 10
SCAN = 5000
INT64_MAX = 9223372036854775807
MASK64 = (1 << 64) - 1
COEF = np.array([((0x9E3779B97F4A7C15 * (i + 1)) & MASK64) | 1 for i in range(4 * NLEV)],
                dtype=np.uint64)


@njit
def _top(depth, coef, row):
    """Digest of the top NLEV levels of both sides (see the module docstring)."""
    lot = depth.lot_size
    h = np.uint64(0)
    bb = depth.best_bid_tick
    if bb > -INT64_MAX:
        k = 0
        t = bb
        while k < NLEV and t > bb - SCAN:
            q = depth.bid_qty_at_tick(t)
            if q > 0.0:
                h += np.uint64(t) * coef[4 * k] + np.uint64(round(q / lot)) * coef[4 * k + 1]
                k += 1
            t -= 1
    ba = depth.best_ask_tick
    if ba < INT64_MAX:
        k = 0
        t = ba
        while k < NLEV and t < ba + SCAN:
            q = depth.ask_qty_at_tick(t)
            if q > 0.0:
                h += np.uint64(t) * coef[4 * k + 2] + np.uint64(round(q / lot)) * coef[4 * k + 3]
                k += 1
            t += 1
    return h


@njit
def _run(hbt, coef, bid, ask, bidq, askq, dig):
    n = 0
    while True:
        r = hbt.wait_next_feed(False, 1_000_000_000_000)
        if r == 1:
            break
        d = hbt.depth(0)
        lot = d.lot_size
        bid[n] = d.best_bid_tick
        ask[n] = d.best_ask_tick
        # (qty_at_tick of the best: ROIVectorMarketDepth's best_bid_qty / best_ask_qty return
        # other figures in 2.4.4's Python binding)
        bb = d.best_bid_tick
        ba = d.best_ask_tick
        bidq[n] = round(d.bid_qty_at_tick(bb) / lot) if bb > -INT64_MAX else 0
        askq[n] = round(d.ask_qty_at_tick(ba) / lot) if ba < INT64_MAX else 0
        dig[n] = _top(d, coef, n)
        n += 1
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('src')
    ap.add_argument('--depth', default='hashmap', choices=('hashmap', 'roivec'))
    ap.add_argument('--tick', type=float, default=0.01)
    ap.add_argument('--lot', type=float, default=0.001)
    ap.add_argument('--arrays', required=True)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()

    data = np.load(a.src)['data']
    data = data[(data['ev'] & 0xFF) != 2]
    n = len(data)
    ev = np.zeros(n + 1, data.dtype)
    ev[:n] = data
    ev[n] = ev[n - 1]
    lowest = data['px'][data['px'] > 0].min()
    ev[n]['px'] = round(lowest / a.tick - 1000) * a.tick
    ev[n]['qty'] = 0.0
    ev[n]['ev'] = (1 | (1 << 31) | (1 << 30) | (1 << 29))
    base = int(data['exch_ts'][0])
    ev['exch_ts'] = base + np.arange(n + 1, dtype=np.int64) * 1000
    ev['local_ts'] = ev['exch_ts'] + 500

    asset = (BacktestAsset().data(ev).linear_asset(1.0).tick_size(a.tick).lot_size(a.lot)
             .constant_order_latency(0, 0).risk_adverse_queue_model()
             .no_partial_fill_exchange().trading_value_fee_model(0.0, 0.0))
    if a.depth == 'roivec':
        hi = data['px'].max()
        asset = asset.roi_lb(max(lowest - 2000 * a.tick, 0.0)).roi_ub(hi + 2000 * a.tick)
        hbt = ROIVectorMarketDepthBacktest([asset])
    else:
        hbt = HashMapMarketDepthBacktest([asset])
    cols = [np.zeros(n + 2, 'i8') for _ in range(4)] + [np.zeros(n + 2, 'u8')]
    got = _run(hbt, COEF, *cols)
    hbt.close()
    got = min(got, n)
    np.savez(a.arrays, bid=cols[0][:got], ask=cols[1][:got], bidq=cols[2][:got],
             askq=cols[3][:got], digest=cols[4][:got])
    with open(a.out, 'w') as fh:
        json.dump({'events': n, 'callbacks': int(got), 'depth': a.depth}, fh)


if __name__ == '__main__':
    main()
