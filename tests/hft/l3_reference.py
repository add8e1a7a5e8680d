"""Market-by-order (L3) test material: the record builder and the deterministic generator of
:mod:`backtrader.hft.synth` under their short names, and a plain replay of L3 records with dicts
and lists (the oracle of the compiled L3 feed and exchange).
"""
from backtrader.hft.events import (ADD_ORDER_EVENT, BUY_EVENT, CANCEL_ORDER_EVENT, FILL_EVENT,
                                   MODIFY_ORDER_EVENT, SELL_EVENT)
from backtrader.hft.synth import LOT, TICK
from backtrader.hft.synth import generate_l3 as generate
from backtrader.hft.synth import l3_records as records

__all__ = ['LOT', 'TICK', 'generate', 'records', 'replay']


def replay(data, reduce=False):
    """Plain replay of L3 records (all of them, in order): per record the best bid and ask
    ticks (None when empty) and their sizes in lots, as a list of tuples, and the final levels
    ``{side: {tick: lots}}``."""
    orders = {}
    out = []
    for r in data:
        kind = int(r['ev']) & 0xFF
        side = 1 if int(r['ev']) & BUY_EVENT else (-1 if int(r['ev']) & SELL_EVENT else 0)
        oid = int(r['order_id'])
        tick, lots = int(round(r['px'] / TICK)), int(round(r['qty'] / LOT))
        if kind == ADD_ORDER_EVENT:
            assert oid not in orders
            orders[oid] = [side, tick, lots]
        elif kind == CANCEL_ORDER_EVENT:
            del orders[oid]
        elif kind == MODIFY_ORDER_EVENT:
            orders[oid][1:] = [tick, lots]
        elif kind == FILL_EVENT and reduce:
            orders[oid][2] -= lots
            if not orders[oid][2]:
                del orders[oid]
        elif kind == 3:
            for k in [k for k, o in orders.items() if side in (0, o[0])]:
                del orders[k]
        levels = {1: {}, -1: {}}
        for s, tk, lt in orders.values():
            levels[s][tk] = levels[s].get(tk, 0) + lt
        bid = max(levels[1]) if levels[1] else None
        ask = min(levels[-1]) if levels[-1] else None
        out.append((bid, ask, levels[1].get(bid, 0), levels[-1].get(ask, 0)))
    return out, levels
