"""Replay an L2 event file (hftbacktest's record layout) through Cerebro and print spread and
order-book imbalance statistics.

    python samples/hft/book_replay.py [FILE.npz|.npy|.csv|.parquet] [--tick 0.01] [--lot 0.001]
                                      [--step timestamp|event|100ms]

Without a file, a small synthetic book (20,000 records) is generated in memory.
"""
import argparse
import math

import backtrader as bt
from backtrader.hft.feeds.l2event import L2EventData


def synthetic(n, seed=3):
    """A random book around 100.00: size changes near the touch, quotes improving into the
    spread, trades at the touch; never crossed."""
    import numpy as np
    from backtrader.hft import events as E
    rng = np.random.default_rng(seed)
    flags = E.LOCAL_EVENT | E.EXCH_EVENT
    book = {1: {10000 - k: 10 for k in range(10)}, -1: {10002 + k: 10 for k in range(10)}}
    out = np.zeros(n, dtype=E.event_dtype)
    t = 1_700_000_000_000_000_000
    for i in range(n):
        t += int(rng.exponential(1e6)) + 1
        side = 1 if rng.random() < 0.5 else -1
        lv = book[side]
        best, other = max(book[1]), min(book[-1])
        if rng.random() < 0.1:
            px = other if side > 0 else best
            kind, qty = E.TRADE_EVENT, float(rng.integers(1, 5))
        else:
            kind = E.DEPTH_EVENT
            near = best if side > 0 else other
            px = near - side * int(rng.integers(-1, 6))
            if side * (px - (other if side > 0 else best)) >= 0:
                px = near
            qty = float(rng.integers(0, 30)) if len(lv) > 3 else float(rng.integers(1, 30))
            if qty:
                lv[px] = qty
            else:
                lv.pop(px, None)
        out[i] = (kind | flags | (E.BUY_EVENT if side > 0 else E.SELL_EVENT), t, t + 200_000,
                  px / 100, qty / 1000, 0, 0, 0.0)
    return out


class BookStats(bt.Strategy):
    def __init__(self):
        self.n = 0
        self.spreads = []
        self.imb = []

    def next(self):
        book = self.data.book
        spread = self.data.spread[0]
        if not math.isnan(spread):
            self.spreads.append(spread)
            self.imb.append(book.imbalance(10))
        self.n += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('file', nargs='?')
    ap.add_argument('--tick', type=float, default=0.01)
    ap.add_argument('--lot', type=float, default=0.001)
    ap.add_argument('--step', default='timestamp')
    a = ap.parse_args()
    src = a.file if a.file else synthetic(20000)
    cerebro = bt.Cerebro(stdstats=False)
    data = L2EventData(dataname=src, tick_size=a.tick, lot_size=a.lot, step=a.step)
    cerebro.adddata(data)
    cerebro.addstrategy(BookStats)
    strat = cerebro.run(preload=False, runonce=False, exactbars=1)[0]
    import numpy as np
    sp, im = np.array(strat.spreads), np.array(strat.imb)
    print('steps: %d (%s)' % (strat.n, a.step))
    if len(sp):
        ticks = np.round(sp / a.tick).astype(int)
        print('spread: mean %.5f, median %.5f, max %.5f' % (sp.mean(), np.median(sp), sp.max()))
        vals, counts = np.unique(ticks, return_counts=True)
        print('spread in ticks: ' + ', '.join('%d: %.1f%%' % (v, 100.0 * c / len(ticks))
                                             for v, c in zip(vals, counts)))
        print('top-10 imbalance: mean %+.4f, std %.4f, share > 0: %.1f%%'
              % (im.mean(), im.std(), 100.0 * (im > 0).mean()))
    book = data.book
    print('last book: bid %.2f x %g / ask %.2f x %g' % (book.best_bid, book.best_bid_qty,
                                                      book.best_ask, book.best_ask_qty))
    rep = data.report()
    print('records: %d, applied %s, skipped %s' % (rep['records'], rep['applied'],
                                                    rep['skipped']))


if __name__ == '__main__':
    main()
