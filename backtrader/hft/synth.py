"""Synthetic market-by-order (L3) event records, for samples, benchmarks and tests.

:func:`generate_l3` keeps a FIFO book of individual orders (tick 0.01, lot 0.001) and writes what
happens to it: orders are added near the touch (now and then inside the spread), cancelled,
resized in place (a grown order goes to the back of its queue), and taken by market orders. A take
prints a TRADE, then at the same exchange time a FILL of the front order of the best level and a
CANCEL of that order (filled whole) or a MODIFY to what is left of it: the convention of
Databento's feeds, which ``bt.hft.L3EventData(fills='keep')`` and hftbacktest follow. The book
never crosses. The output is deterministic for a seed and readable by ``bt.hft.L3EventData``
once saved with ``numpy.savez(path, data=records)``; :func:`l3_file` keeps such a file on disk.
"""
import os

import numpy as np

from backtrader.hft.events import (ADD_ORDER_EVENT, BUY_EVENT, CANCEL_ORDER_EVENT, EXCH_EVENT,
                                   FILL_EVENT, LOCAL_EVENT, MODIFY_ORDER_EVENT, SELL_EVENT,
                                   TRADE_EVENT, event_dtype)

__all__ = ['TICK', 'LOT', 'l3_records', 'generate_l3', 'l3_file']

TICK, LOT = 0.01, 0.001
_BOTH = EXCH_EVENT | LOCAL_EVENT


def l3_records(rows):
    """Event records from ``(kind, side, exch_ts, local_ts, tick, lots, order_id)`` rows (side +1
    buy / bid, -1 sell / ask, 0 none; prices in ticks of :data:`TICK`, sizes in lots of
    :data:`LOT`; every record is flagged as seen by the exchange and the local side)."""
    out = np.zeros(len(rows), event_dtype)
    for i, (kind, side, ets, lts, tick, lots, oid) in enumerate(rows):
        flag = BUY_EVENT if side > 0 else (SELL_EVENT if side < 0 else 0)
        out[i] = (kind | _BOTH | flag, ets, lts, round(tick * TICK, 9), round(lots * LOT, 9),
                  oid, 0, 0.0)
    return out


def generate_l3(n, seed=7, start_tick=10_000, levels=8):
    """About ``n`` L3 event records (at least ``n``; a take writes three at once), as an
    ``event_dtype`` array: ``levels`` price levels of three orders each on both sides around
    ``start_tick``, then random adds, cancels, resizes and takes."""
    if n < 1:
        raise ValueError('generate_l3: n must be a positive number of records, not %r' % (n,))
    rng = np.random.default_rng(seed)
    book = {1: {}, -1: {}}          # side -> tick -> order ids, front of the queue first
    size = {}                       # order id -> (side, tick, lots)
    rows = []
    t = 1_700_000_000_000_000_000
    last_local = 0
    next_id = [1]

    def stamp():
        nonlocal last_local
        local = max(last_local, t + 200_000 + int(rng.exponential(100_000)))
        last_local = local
        return t, local

    def add(side, tick, lots, ts):
        oid = next_id[0]
        next_id[0] += 1
        book[side].setdefault(tick, []).append(oid)
        size[oid] = (side, tick, lots)
        rows.append((ADD_ORDER_EVENT, side, ts[0], ts[1], tick, lots, oid))

    def remove(oid):
        side, tick, _ = size.pop(oid)
        book[side][tick].remove(oid)
        if not book[side][tick]:
            del book[side][tick]

    ts = stamp()
    for k in range(levels):
        for _ in range(3):
            add(1, start_tick - 1 - k, int(rng.integers(1, 60)), ts)
            add(-1, start_tick + 1 + k, int(rng.integers(1, 60)), ts)
    while len(rows) < n:
        t += 1 + int(rng.exponential(1_000_000))
        ts = stamp()
        bid, ask = max(book[1]), min(book[-1])
        r = rng.random()
        thin = [s for s in (1, -1) if len(book[s]) < 4]
        if thin or r < 0.42:
            side = thin[0] if thin else (1 if rng.random() < 0.5 else -1)
            if ask - bid > 1 and rng.random() < 0.25:
                tick = int(rng.integers(bid + 1, ask))          # inside the spread
            else:
                depth = int(rng.geometric(0.35)) - 1
                tick = bid - depth if side > 0 else ask + depth
            add(side, tick, int(rng.integers(1, 60)), ts)
        elif r < 0.70:
            oid = list(size)[int(rng.integers(len(size)))]
            remove(oid)
            rows.append((CANCEL_ORDER_EVENT, 0, ts[0], ts[1], 0, 0, oid))
        elif r < 0.80:
            oid = list(size)[int(rng.integers(len(size)))]
            side, tick, lots = size[oid]
            new = int(rng.integers(1, lots)) if lots > 1 and rng.random() < 0.7 \
                else lots + int(rng.integers(1, 20))
            if new > lots:          # grown: to the back of the queue
                book[side][tick].remove(oid)
                book[side][tick].append(oid)
            size[oid] = (side, tick, new)
            rows.append((MODIFY_ORDER_EVENT, side, ts[0], ts[1], tick, new, oid))
        else:
            aggressor = 1 if rng.random() < 0.5 else -1     # a buy takes the asks
            side = -aggressor
            tick = min(book[-1]) if side < 0 else max(book[1])
            oid = book[side][tick][0]
            lots = size[oid][2]
            qty = lots if rng.random() < 0.6 else int(rng.integers(1, lots + 1))
            rows.append((TRADE_EVENT, aggressor, ts[0], ts[1], tick, qty, 0))
            rows.append((FILL_EVENT, side, ts[0], ts[1], tick, qty, oid))
            if qty == lots:
                remove(oid)
                rows.append((CANCEL_ORDER_EVENT, side, ts[0], ts[1], 0, 0, oid))
            else:
                size[oid] = (side, tick, lots - qty)
                rows.append((MODIFY_ORDER_EVENT, side, ts[0], ts[1], tick, lots - qty, oid))
    return l3_records(rows)


def l3_file(n, seed=7, directory=None):
    """Path of the ``.npz`` file of ``generate_l3(n, seed)``, written the first time into
    ``directory`` (default ``$BT_HFT_DATA`` or ``~/.cache/bt-hft-data``) and reused after."""
    directory = directory or os.environ.get('BT_HFT_DATA',
                                            os.path.expanduser('~/.cache/bt-hft-data'))
    path = os.path.join(directory, 'l3_%d_seed%d.npz' % (n, seed))
    if not os.path.exists(path):
        os.makedirs(directory, exist_ok=True)
        tmp = '%s.%d.tmp.npz' % (path[:-4], os.getpid())
        np.savez(tmp, data=generate_l3(n, seed=seed))
        os.replace(tmp, path)
    return path
