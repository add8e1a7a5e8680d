#!/usr/bin/env python
"""Write the small Binance USD-M futures recording shipped as
``samples/data/binance-btcusdt.jsonl``.

A plain-dict book random-walks; every step becomes a ``depthUpdate`` (``U``/``u``/``pu`` chained),
trades at the touch become ``aggTrade`` messages and the top of book a ``bookTicker`` now and then.
The file shows what a real capture holds (one ``<receive time ns> <json>`` per line):

* a subscription reply, then diffs buffered before the REST snapshot (the first ones stale, one
  straddling its ``lastUpdateId``);
* a lost diff (a gap: the next ``pu`` does not match), diffs received while the book is invalid,
  one of them delivered twice, and a second REST snapshot that re-syncs the book.

``make(path)`` returns the true book at the end (``{'bids': {tick: lots}, 'asks': {...}}``), so a
test can check a replay of the normalised file against it.
Usage: python make_binance_recording.py [OUT]
"""
import json
import os
import random
import sys

TICK = 0.1
LOT = 0.001
T0_NS = 1_717_200_000_000_000_000       # 2024-06-01 00:00 UTC
SYMBOL = 'BTCUSDT'


def _px(t):
    return '%.1f' % (t * TICK)


def _qty(q):
    return '%.3f' % (q * LOT)


def make(path, seed=7, steps=220, snap_at=6, gap_at=120, resync_after=12):
    """Write the recording to ``path``; returns the true book after the last step."""
    rnd = random.Random(seed)
    bids = {674000 - i: rnd.randint(1, 900) for i in range(12)}
    asks = {674001 + i: rnd.randint(1, 900) for i in range(12)}
    lines = []
    ms = T0_NS // 1_000_000
    last_u = 5_000_000
    trade_id = 880_000

    def emit(exch_ms, msg, latency_us=None):
        lat = latency_us if latency_us is not None else rnd.randint(150, 900)
        lines.append('%d %s' % (exch_ms * 1_000_000 + lat * 1000,
                                json.dumps(msg, separators=(',', ':'))))

    def snapshot(exch_ms, L):
        emit(exch_ms, {'lastUpdateId': L, 'E': exch_ms, 'T': exch_ms - 1,
                       'bids': [[_px(t), _qty(q)] for t, q in sorted(bids.items(), reverse=True)],
                       'asks': [[_px(t), _qty(q)] for t, q in sorted(asks.items())]},
             latency_us=40_000)

    emit(ms, {'result': None, 'id': 1})
    snap_steps = (snap_at, gap_at + resync_after)
    for step in range(steps):
        ms += rnd.randint(20, 120)
        b, a = {}, {}
        best_b, best_a = max(bids), min(asks)
        r = rnd.random()
        if r < 0.25:                              # a trade at the touch
            buy = rnd.random() < 0.5
            side, best = (asks, best_a) if buy else (bids, best_b)
            q = rnd.randint(1, side[best])
            trade_id += 1
            emit(ms, {'e': 'aggTrade', 'E': ms, 'a': trade_id, 's': SYMBOL, 'p': _px(best),
                      'q': _qty(q), 'f': trade_id * 3, 'l': trade_id * 3 + 1, 'T': ms,
                      'm': not buy})
            side[best] -= q
            (a if buy else b)[best] = side[best]
            if side[best] == 0:
                del side[best]
                far = (max(asks) + 1) if buy else (min(bids) - 1)
                side[far] = rnd.randint(1, 900)
                (a if buy else b)[far] = side[far]
        elif r < 0.45:                            # improve a side inside the spread, or thin out
            if best_a - best_b > 1:
                t = best_b + 1 if rnd.random() < 0.5 else best_a - 1
                book, upd = (bids, b) if t == best_b + 1 else (asks, a)
                book[t] = upd[t] = rnd.randint(1, 400)
            elif len(bids) > 8:
                t = min(bids)
                del bids[t]
                b[t] = 0
            else:
                t = min(bids) - 1
                bids[t] = b[t] = rnd.randint(1, 900)
        else:                                     # change sizes deeper in the book
            for _ in range(rnd.randint(1, 3)):
                book, upd = (bids, b) if rnd.random() < 0.5 else (asks, a)
                t = rnd.choice(sorted(book))
                book[t] = upd[t] = rnd.randint(1, 900)
        U = last_u + 1
        u = U + rnd.randint(0, 6)
        msg = {'e': 'depthUpdate', 'E': ms, 'T': ms - 1, 's': SYMBOL, 'U': U, 'u': u,
               'pu': last_u, 'b': [[_px(t), _qty(q)] for t, q in sorted(b.items())],
               'a': [[_px(t), _qty(q)] for t, q in sorted(a.items())]}
        last_u = u
        if step != gap_at:                        # the diff lost in transit
            emit(ms, msg)
        if step == gap_at + 4:
            emit(ms, msg, latency_us=1_200)       # delivered twice
        if step in snap_steps:                    # REST snapshot of the book at id u, slow reply
            snapshot(ms, u)
        if step % 15 == 7:
            top_b, top_a = max(bids), min(asks)
            emit(ms, {'e': 'bookTicker', 'u': last_u, 's': SYMBOL, 'b': _px(top_b),
                      'B': _qty(bids[top_b]), 'a': _px(top_a), 'A': _qty(asks[top_a]),
                      'T': ms, 'E': ms})
    lines.sort(key=lambda s: int(s.split(' ', 1)[0]))     # the order of arrival
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return {'bids': dict(bids), 'asks': dict(asks)}


if __name__ == '__main__':
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', 'data',
                                                             'binance-btcusdt.jsonl')
    make(out)
    print('wrote', out)
