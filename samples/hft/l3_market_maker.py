"""The Avellaneda-Stoikov market maker on a market-by-order (L3) event file, its quotes queued
behind the individual orders of the book by bt.hft.BidAskBroker's L3 FIFO queue model.

    python samples/hft/l3_market_maker.py [FILE.npz] [--events 200000] [--seed 7]
                                          [--taker best|walk] [--gamma 0.01] [--kappa 2]

Without a file, ``backtrader.hft.synth.l3_file`` generates one of ``--events`` records into
``~/.cache/bt-hft-data`` (or ``$BT_HFT_DATA``) the first time. The broker is the reference
workload's (1 ms order entry and response latency, maker rebate 0.5 bp, taker fee 7 bp, no partial
fills) with ``L3FIFOQueue``: a quote joins the back of its price level and fills only once every
order ahead of it has been filled or cancelled, as the FILL records of the file say. ``--taker``
picks how a crossing order fills: at the best price for its whole size ('best', hftbacktest's L3
exchange) or down the levels of the book ('walk').

The quoting params are the reference workload's but for ``kappa``: 2 rather than 0.5, a half
spread near one tick. In the generated book the orders pile up away from the touch, so quotes two
ticks out (kappa 0.5) sit behind queues that never clear and do not fill at all; quotes at the
touch do.
"""
import argparse

import backtrader as bt
from backtrader.hft.strategies import REFERENCE_QUOTING, reference_broker
from backtrader.hft.synth import LOT, TICK, l3_file

KAPPA = 2.0       # see the docstring


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('file', nargs='?')
    ap.add_argument('--events', type=int, default=200_000)
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--taker', default='best', choices=['best', 'walk'])
    ap.add_argument('--gamma', type=float, default=REFERENCE_QUOTING['gamma'])
    ap.add_argument('--kappa', type=float, default=KAPPA)
    a = ap.parse_args()
    if a.file:
        path = a.file
    else:
        print('L3 file of %d records, seed %d (generated once) ...' % (a.events, a.seed),
              flush=True)
        path = l3_file(a.events, a.seed)

    cerebro = bt.Cerebro(stdstats=False)
    data = bt.hft.L3EventData(dataname=path, tick_size=TICK, lot_size=LOT, step='100ms')
    cerebro.adddata(data)
    cerebro.broker = reference_broker(queue_model=bt.hft.models.L3FIFOQueue(), taker=a.taker)
    cerebro.addstrategy(bt.hft.AvellanedaStoikov,
                        **dict(REFERENCE_QUOTING, gamma=a.gamma, kappa=a.kappa))
    strat = cerebro.run()[0]

    broker = cerebro.broker
    print('broker:')
    for key, value in broker.describe().items():
        print('  %-12s %s' % (key, value))
    print('feed: %s' % data.report())
    st = broker.state()
    fills = broker.fill_log()
    maker = fills['maker']
    print('wake-ups %d, quotes sent %d, cancels sent %d'
          % (strat.steps, strat.submitted, strat.cancelled))
    print('fills %d: maker %d (%.3f traded), taker %d (%.3f traded), maker share %.4f' % (
        len(fills), maker.sum(), fills['qty'][maker].sum(), (~maker).sum(),
        fills['qty'][~maker].sum(), maker.mean() if len(fills) else float('nan')))
    book = data.book
    mid = 0.5 * (book.best_bid + book.best_ask)
    print('position %+.3f, fees %+.4f (negative: rebates earned), traded value %.2f'
          % (st['position'], st['fee'], st['trading_value']))
    print('PnL (balance + position * mid - fees) %+.4f at mid %.3f'
          % (st['balance'] + st['position'] * mid - st['fee'], mid))


if __name__ == '__main__':
    main()
