"""Replay an event file with hftbacktest 2.4.4 and record the top of its book at every wake-up.

Run by the oracle harness (``tests/upstream.py``, engine ``hftbacktest``, ``arrays=True``), which
gives the last two options:

    hbt_oracle.py IN.npz feed|elapse:NS [--tick T] [--lot L] --arrays OUT.npz --out RESULT.json

Writes to OUT.npz ``ts`` (the backtest's current time), ``bid``/``ask`` (best ticks),
``bidq``/``askq`` (their sizes) and ``imb`` (top-10 imbalance over non-empty levels, NaN unless
both sides show a level), and to RESULT.json the number of steps.
"""
import argparse
import json

import numpy as np
from numba import njit

from hftbacktest import BacktestAsset, HashMapMarketDepthBacktest

INT64_MAX = 9223372036854775807


@njit
def _imbalance(depth, nlev):
    bb = depth.best_bid_tick
    ba = depth.best_ask_tick
    bq = 0.0
    k = 0
    t = bb
    while k < nlev and t > bb - 5000:
        q = depth.bid_qty_at_tick(t)
        if q > 0.0:
            bq += q
            k += 1
        t -= 1
    aq = 0.0
    k = 0
    t = ba
    while k < nlev and t < ba + 5000:
        q = depth.ask_qty_at_tick(t)
        if q > 0.0:
            aq += q
            k += 1
        t += 1
    s = bq + aq
    return (bq - aq) / s if s > 0.0 else np.nan


@njit
def _run(hbt, interval, out_ts, out_bid, out_ask, out_bq, out_aq, out_imb):
    n = 0
    while True:
        if interval > 0:
            r = hbt.elapse(interval)
        else:
            r = hbt.wait_next_feed(False, 1_000_000_000_000_000)
        if r == 1:
            break
        d = hbt.depth(0)
        out_ts[n] = hbt.current_timestamp
        out_bid[n] = d.best_bid_tick
        out_ask[n] = d.best_ask_tick
        out_bq[n] = d.best_bid_qty
        out_aq[n] = d.best_ask_qty
        if d.best_bid_tick > -INT64_MAX and d.best_ask_tick < INT64_MAX:
            out_imb[n] = _imbalance(d, 10)
        else:
            out_imb[n] = np.nan
        n += 1
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('src')
    ap.add_argument('how')
    ap.add_argument('--tick', type=float, default=0.01)
    ap.add_argument('--lot', type=float, default=0.001)
    ap.add_argument('--arrays', required=True)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    data = np.load(a.src)['data']
    interval = int(a.how.split(':')[1]) if a.how.startswith('elapse') else 0
    asset = (BacktestAsset().data(data).linear_asset(1.0).tick_size(a.tick).lot_size(a.lot)
             .constant_order_latency(0, 0).risk_adverse_queue_model()
             .no_partial_fill_exchange().trading_value_fee_model(0.0, 0.0))
    hbt = HashMapMarketDepthBacktest([asset])
    cap = len(data) + 2 if interval == 0 else int(
        (data['local_ts'].max() - data['local_ts'].min()) // interval + 3)
    cols = [np.zeros(cap, 'i8'), np.zeros(cap, 'i8'), np.zeros(cap, 'i8'),
            np.zeros(cap, 'f8'), np.zeros(cap, 'f8'), np.zeros(cap, 'f8')]
    n = _run(hbt, interval, *cols)
    hbt.close()
    np.savez(a.arrays, ts=cols[0][:n], bid=cols[1][:n], ask=cols[2][:n], bidq=cols[3][:n],
             askq=cols[4][:n], imb=cols[5][:n])
    with open(a.out, 'w') as fh:
        json.dump({'steps': int(n)}, fh)


if __name__ == '__main__':
    main()
