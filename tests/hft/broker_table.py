"""The scripted order table that the broker differential tests play on both engines.

One row per action, sorted by the wake-up (``step``) at which the strategy performs it; step 0 is
the first wake-up, one interval after the start of the data. Kinds:

- ``LIMIT``: a limit order of ``lots`` lots with time in force ``tif``; its price in ticks is the
  touch of its own side as the strategy sees it at that wake-up moved ``offset`` ticks towards the
  other side (buy: best bid + offset, sell: best ask - offset), so an offset at or beyond the
  spread crosses the book;
- ``MARKET``: a market order of ``lots`` lots;
- ``CANCEL``: a cancel of the order of row ``target``, performed only if that order is still
  working as the strategy sees it (accepted, not filled in full, no cancel pending); a target is
  always a GTC or GTX limit submitted at least ``MIN_AGE`` steps earlier, so its acknowledgement
  has arrived whatever the latency.

A step holds at most one order submission (so that every fill batch of hftbacktest's partial-fill
exchange holds at most one taker order) and at most one cancel. The order of row ``i`` has the id
``i + 1`` on hftbacktest's side.
"""
import numpy as np

LIMIT, MARKET, CANCEL = 0, 1, 2
# time in force codes, as hftbacktest numbers them
GTC, GTX, FOK, IOC = 0, 1, 2, 3
TIF_NAMES = {GTC: 'GTC', GTX: 'GTX', FOK: 'FOK', IOC: 'IOC'}
MIN_AGE = 1           # steps between an order and its cancel, at least
MAX_AGE = 20

table_dtype = np.dtype([('step', 'i8'), ('kind', 'i1'), ('side', 'i1'), ('offset', 'i8'),
                        ('lots', 'i8'), ('tif', 'u1'), ('target', 'i8')])


def build_table(n_steps, seed=20240909, p_order=0.45, p_market=0.12, p_cancel=0.6):
    """The table for a run of ``n_steps`` wake-ups (deterministic for a seed).

    Each step submits an order with probability ``p_order`` (a market order with probability
    ``p_market`` of those, else a limit: 40% GTC, 30% GTX, 15% IOC, 15% FOK, offsets -3..+3,
    sizes 1..50 lots) and cancels, with probability ``p_cancel``, one earlier resting order.
    Cancels mostly aim at orders placed at the touch or one tick behind it, which rest in the
    book and are the likeliest to be filled while the cancel travels, so that some cancels race
    fills.
    """
    if n_steps < 1:
        raise ValueError('n_steps must be at least 1, not %r' % (n_steps,))
    rng = np.random.default_rng(seed)
    rows = []
    resting = []      # (row, step, offset) of GTC/GTX limits not yet aimed at by a cancel
    for step in range(n_steps):
        if resting and rng.random() < p_cancel:
            ok = [j for j, (_, s, _) in enumerate(resting) if MIN_AGE <= step - s <= MAX_AGE]
            if ok:
                near = [j for j in ok if -1 <= resting[j][2] <= 0]
                pool = near if near and rng.random() < 0.8 else ok
                j = pool[int(rng.integers(len(pool)))]
                rows.append((step, CANCEL, 0, 0, 0, 0, resting.pop(j)[0]))
            resting = [r for r in resting if step - r[1] <= MAX_AGE]
        if rng.random() < p_order:
            side = 1 if rng.random() < 0.5 else -1
            lots = int(rng.integers(1, 51))
            if rng.random() < p_market:
                rows.append((step, MARKET, side, 0, lots, IOC, -1))
            else:
                tif = int(rng.choice([GTC, GTX, IOC, FOK], p=[0.4, 0.3, 0.15, 0.15]))
                offset = int(rng.integers(-3, 4))
                if tif in (GTC, GTX):
                    resting.append((len(rows), step, offset))
                rows.append((step, LIMIT, side, offset, lots, tif, -1))
    return np.array(rows, dtype=table_dtype)       # in step order as built
