#!/usr/bin/env python
"""Normalise a recorded Binance USD-M futures stream and replay it in Cerebro.

The recording ``samples/data/binance-btcusdt.jsonl`` (made by ``make_binance_recording.py``) holds
diffs received before the REST snapshot, a lost diff (a sequence gap), a duplicated message and a
second snapshot that re-syncs the book.  The script prints the normaliser's report (every message
applied or dropped with a reason), then replays the book: spread and top-5 imbalance statistics,
trades, and the steps where the book was invalid (empty) between the gap and the re-sync.

The same conversion from the command line, to an event ``.npz`` any L2 feed reads::

    python -m backtrader.hft.convert binance samples/data/binance-btcusdt.jsonl out.npz \\
        --tick-size 0.1 --lot-size 0.001

Usage: python samples/hft/binance_recording.py [RECORDING]
"""
import math
import os
import sys

import backtrader as bt

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.normpath(os.path.join(HERE, '..', 'data', 'binance-btcusdt.jsonl'))


class BookStats(bt.Strategy):
    """Per step: spread in ticks, imbalance of the top 5 levels, whether the book is empty."""

    def __init__(self):
        self.steps = self.empty = self.trades = 0
        self.spreads = []
        self.imbalances = []
        self.last_size = None

    def next(self):
        d = self.data
        self.steps += 1
        if math.isnan(d.bid[0]) or math.isnan(d.ask[0]):
            self.empty += 1
            return
        self.spreads.append(round(d.spread[0] / d.p.tick_size))
        self.imbalances.append(d.book.imbalance(5))

    def stop(self):
        n = len(self.spreads)
        print('steps %d, with a two-sided book %d, empty or one-sided %d'
              % (self.steps, n, self.empty))
        if n:
            print('spread (ticks): mean %.2f, min %d, max %d'
                  % (sum(self.spreads) / n, min(self.spreads), max(self.spreads)))
            print('top-5 imbalance: mean %+.3f, min %+.3f, max %+.3f'
                  % (sum(self.imbalances) / n, min(self.imbalances), max(self.imbalances)))
        book = self.data.book
        print('final book: bid %.1f x %.3f | ask %.1f x %.3f'
              % (book.best_bid, book.best_bid_qty, book.best_ask, book.best_ask_qty))


def main(path):
    cerebro = bt.Cerebro()
    data = bt.hft.BinanceRecordingData(dataname=path, tick_size=0.1, lot_size=0.001)
    cerebro.adddata(data)
    cerebro.addstrategy(BookStats)
    cerebro.run()
    rep = data.report()
    print()
    print(data.normalized().report)
    print('feed: %d records, applied %s, skipped %s'
          % (rep['records'], rep['applied'], rep['skipped']))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
