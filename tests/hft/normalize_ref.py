"""Plain-Python helpers of the normaliser tests: write a recording, replay event records.

The replay is a reference book on two dicts, written from hftbacktest's documented record layout
(kind in the low byte, BUY = 1 << 29 bid side, SELL = 1 << 28 ask side), independent of the code
under test.
"""
import json

DEPTH, TRADE, CLEAR, SNAPSHOT, BBO = 1, 2, 3, 4, 5
BUY, SELL = 1 << 29, 1 << 28
EXCH, LOCAL = 1 << 31, 1 << 30


def write_recording(path, rows):
    """Write ``(receive ns, message)`` rows; a str message is written verbatim."""
    with open(path, 'w') as f:
        for ts, msg in rows:
            text = msg if isinstance(msg, str) else json.dumps(msg, separators=(',', ':'))
            f.write('%d %s\n' % (ts, text))
    return str(path)


def replay(events, ptick, qlot):
    """Apply depth-kind records in order; returns ``{'bids': {tick: lots}, 'asks': {...}}``."""
    bids, asks = {}, {}
    for rec, t, q in zip(events, ptick, qlot):
        ev = int(rec['ev'])
        kind = ev & 0xFF
        t, q = int(t), int(q)
        if kind == CLEAR:
            if ev & BUY:
                bids.clear()
            elif ev & SELL:
                asks.clear()
            else:
                bids.clear()
                asks.clear()
            continue
        if kind not in (DEPTH, SNAPSHOT, BBO):
            continue
        book = bids if ev & BUY else asks
        if kind == BBO:               # the new best level: better ones are gone
            better = [k for k in book if (k > t if book is bids else k < t)]
            for k in better:
                del book[k]
        if q == 0:
            book.pop(t, None)
        else:
            book[t] = q
    return {'bids': bids, 'asks': asks}


def records(events, kind):
    """The records of one kind, as (ev flags, exch_ts, local_ts, px, qty) tuples."""
    return [(int(r['ev']), int(r['exch_ts']), int(r['local_ts']), float(r['px']), float(r['qty']))
            for r in events if int(r['ev']) & 0xFF == kind]
