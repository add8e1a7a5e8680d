"""Plain-Python oracle for L2EventData: a dict order book replayed record by record, the steps
grouped as the feed documents, and a small generator of valid (never crossed) event files."""
import math

import numpy as np

from backtrader.hft.events import (BUY_EVENT, DEPTH_BBO_EVENT, DEPTH_CLEAR_EVENT, DEPTH_EVENT,
                                   DEPTH_SNAPSHOT_EVENT, EXCH_EVENT, LOCAL_EVENT, SELL_EVENT,
                                   TRADE_EVENT, event_dtype)

TICK, LOT = 0.01, 0.001


class DictBook:
    """Levels as {tick: lots} per side."""

    def __init__(self):
        self.bids, self.asks = {}, {}

    def set(self, side, t, q):
        levels = self.bids if side > 0 else self.asks
        if q:
            levels[t] = q
        else:
            levels.pop(t, None)

    def clear(self, side, t):
        if side > 0:
            self.bids = {k: v for k, v in self.bids.items() if k < t}
        else:
            self.asks = {k: v for k, v in self.asks.items() if k > t}

    def top(self, side, n):
        levels = self.bids if side > 0 else self.asks
        keys = sorted(levels, reverse=side > 0)[:n]
        return [(k, levels[k]) for k in keys]

    def imbalance(self, n):
        b = sum(q for _, q in self.top(1, n))
        a = sum(q for _, q in self.top(-1, n))
        return (b - a) / (b + a) if b + a else float('nan')


def replay(data, step='timestamp', local=True, interval=0, bbo=False):
    """Every step as a dict: ts, bid, ask, bidsize, asksize, mid, spread, price, size, side,
    volume, imb (top-10) and the top-5 levels of each side in ticks/lots."""
    flag = LOCAL_EVENT if local else EXCH_EVENT
    tsf = 'local_ts' if local else 'exch_ts'
    book = DictBook()
    last = [float('nan'), float('nan'), 0.0]
    out = []
    recs = [r for r in data if (int(r['ev']) & 0xFF) in (1, 2, 3, 4, 5)
            and int(r['ev']) & flag and (bbo or (int(r['ev']) & 0xFF) != DEPTH_BBO_EVENT)]

    def apply(r):
        ev = int(r['ev'])
        kind = ev & 0xFF
        side = 1 if ev & BUY_EVENT else (-1 if ev & SELL_EVENT else 0)
        t = int(round(float(r['px']) / TICK))
        if kind == TRADE_EVENT:
            last[0], last[1], last[2] = float(r['px']), float(r['qty']), float(side)
            return float(r['qty'])
        if kind == DEPTH_CLEAR_EVENT:
            if side == 0:
                book.bids, book.asks = {}, {}
            else:
                book.clear(side, t)
            return 0.0
        if kind == DEPTH_BBO_EVENT:
            book.clear(side, t + side)
        book.set(side, t, int(round(float(r['qty']) / LOT)))
        return 0.0

    def snap(ts, vol):
        bb, ba = book.top(1, 1), book.top(-1, 1)
        bid = bb[0][0] / 100 if bb else float('nan')
        ask = ba[0][0] / 100 if ba else float('nan')
        both = bool(bb and ba)
        out.append(dict(
            ts=ts, bid=bid, ask=ask, bidsize=bb[0][1] * LOT if bb else 0.0,
            asksize=ba[0][1] * LOT if ba else 0.0,
            mid=(bb[0][0] + ba[0][0]) / 2 / 100 if both else float('nan'),
            spread=(ba[0][0] - bb[0][0]) / 100 if both else float('nan'),
            price=last[0], size=last[1], side=last[2], volume=vol,
            imb=book.imbalance(10), bids=book.top(1, 5), asks=book.top(-1, 5)))

    if step == 'interval':
        if not len(data):
            return out
        b = int(data[0]['exch_ts']) + interval
        i = 0
        while i < len(recs):
            vol = 0.0
            while i < len(recs) and int(recs[i][tsf]) <= b:
                vol += apply(recs[i])
                i += 1
            snap(b, vol)
            b += interval
        return out
    i = 0
    while i < len(recs):
        t0 = int(recs[i][tsf])
        vol = apply(recs[i])
        i += 1
        if step == 'timestamp':
            while i < len(recs) and int(recs[i][tsf]) == t0:
                vol += apply(recs[i])
                i += 1
        snap(t0, vol)
    return out


def generate(n, seed=1, extras=True):
    """``n`` valid records around 100.00: depth updates that never cross, trades at the touch,
    batches sharing a timestamp, and (``extras``) snapshots, one-side clears, a full clear
    followed by a rebuild, and exchange-only records that a local replay skips."""
    rng = np.random.default_rng(seed)
    L = LOCAL_EVENT | EXCH_EVENT
    bids = {10000 - k: int(rng.integers(1, 50)) for k in range(8)}
    asks = {10002 + k: int(rng.integers(1, 50)) for k in range(8)}
    rows = []
    t = 1_700_000_000_000_000_000

    def rec(kind, side, px, qty, ts, flags=L):
        sflag = BUY_EVENT if side > 0 else (SELL_EVENT if side < 0 else 0)
        rows.append((kind | flags | sflag, ts, ts + 150_000, px, qty, 0, 0, 0.0))

    for k, q in bids.items():
        rec(DEPTH_EVENT, 1, k * TICK, q * LOT, t)
    for k, q in asks.items():
        rec(DEPTH_EVENT, -1, k * TICK, q * LOT, t)
    while len(rows) < n:
        t += int(rng.exponential(1_000_000)) + 1
        u = rng.random()
        bb, ba = max(bids), min(asks)
        if u < 0.1:
            side = 1 if rng.random() < 0.5 else -1
            rec(TRADE_EVENT, side, (ba if side > 0 else bb) * TICK, float(rng.integers(1, 5)) * LOT, t)
            if rng.random() < 0.7:      # the depth change at the same time
                lv = asks if side > 0 else bids
                key = ba if side > 0 else bb
                lv[key] = max(0, lv[key] - 1)
                rec(DEPTH_EVENT, -side, key * TICK, lv[key] * LOT, t)
                if not lv[key] and len(lv) > 1:
                    del lv[key]
                elif not lv[key]:
                    lv[key] = 1
                    rec(DEPTH_EVENT, -side, key * TICK, LOT, t)
        elif u < 0.2 and ba - bb > 1:
            side = 1 if rng.random() < 0.5 else -1
            key = bb + 1 if side > 0 else ba - 1
            q = int(rng.integers(1, 30))
            (bids if side > 0 else asks)[key] = q
            rec(DEPTH_EVENT, side, key * TICK, q * LOT, t)
        elif extras and u < 0.22:
            side = 1 if rng.random() < 0.5 else -1
            lv = bids if side > 0 else asks
            key = (bb - int(rng.integers(0, 4))) if side > 0 else (ba + int(rng.integers(0, 4)))
            q = int(rng.integers(1, 30))
            lv[key] = q
            rec(DEPTH_SNAPSHOT_EVENT, side, key * TICK, q * LOT, t)
        elif extras and u < 0.225:
            # clear the far part of one side (beyond the 3rd level)
            side = 1 if rng.random() < 0.5 else -1
            lv = bids if side > 0 else asks
            keys = sorted(lv, reverse=side > 0)
            if len(keys) > 4:
                # clearing "up to" a price removes from the best down to it: emulate by
                # deleting the far levels one by one instead, then a clear of an empty range
                for key in keys[4:]:
                    del lv[key]
                    rec(DEPTH_EVENT, side, key * TICK, 0.0, t)
        elif extras and u < 0.227:
            # a one-side clear from the best, then the side rebuilt at the same time
            side = 1 if rng.random() < 0.5 else -1
            lv = bids if side > 0 else asks
            keys = sorted(lv, reverse=side > 0)
            rec(DEPTH_CLEAR_EVENT, side, keys[min(2, len(keys) - 1)] * TICK, 0.0, t)
            for key in keys[:3]:
                del lv[key]
            for key in keys[:3]:
                lv[key] = int(rng.integers(1, 20))
                rec(DEPTH_EVENT, side, key * TICK, lv[key] * LOT, t)
        elif extras and u < 0.228:
            rec(DEPTH_CLEAR_EVENT, 0, 0.0, 0.0, t)
            for lv, side in ((bids, 1), (asks, -1)):
                for key, q in lv.items():
                    rec(DEPTH_EVENT, side, key * TICK, q * LOT, t)
        elif extras and u < 0.24:
            # seen by the exchange side only
            rec(DEPTH_EVENT, 1, (bb - 20) * TICK, LOT, t, flags=EXCH_EVENT)
        else:
            side = 1 if rng.random() < 0.5 else -1
            lv = bids if side > 0 else asks
            keys = sorted(lv, reverse=side > 0)
            key = keys[int(rng.integers(0, len(keys)))]
            q = int(rng.integers(0, 40)) if len(lv) > 2 else int(rng.integers(1, 40))
            if q:
                lv[key] = q
            else:
                del lv[key]
            rec(DEPTH_EVENT, side, key * TICK, q * LOT, t)
    arr = np.array(rows[:n], dtype=event_dtype)
    return arr


def close(a, b):
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return abs(a - b) <= 1e-9 * max(1.0, abs(a))
