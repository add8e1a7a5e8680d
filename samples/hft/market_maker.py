"""The Avellaneda-Stoikov market maker on an L2 event file, filled by bt.hft.BidAskBroker.

    python samples/hft/market_maker.py [FILE.npz] [--events 1000000] [--queue prob|riskaverse]
                                       [--gamma 0.01] [--kappa 0.5] [--max-inventory 0.2]

Without a file, ``gen_l2.py`` of the shared HFT material (``../shared/hft`` beside the checkout,
or ``$BT_HFT_SHARED``) generates one of ``--events`` records into ``~/.cache/bt-hft-data``.
The settings are those of the reference workload: quotes of 0.01 requoted every 100 ms, 1 ms
order entry and response latency, the power-3 probability queue model, no partial fills,
maker rebate 0.5 bp and taker fee 7 bp on traded value. The queue model decides how many quotes
fill, and with it the sign of the result: try ``--queue riskaverse``.
"""
import argparse

import backtrader as bt

from research_util import l2_file


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('file', nargs='?')
    ap.add_argument('--events', type=int, default=1_000_000)
    ap.add_argument('--queue', default='prob', choices=['prob', 'riskaverse'])
    ap.add_argument('--gamma', type=float, default=0.01)
    ap.add_argument('--kappa', type=float, default=0.5)
    ap.add_argument('--max-inventory', type=float, default=0.2)
    a = ap.parse_args()
    path = a.file or l2_file(a.events)

    m = bt.hft.models
    queue = m.ProbQueue(m.PowerProb(3)) if a.queue == 'prob' else m.RiskAverseQueue()
    cerebro = bt.Cerebro(stdstats=False)
    data = bt.hft.L2EventData(dataname=path, tick_size=0.01, lot_size=0.001, step='100ms')
    cerebro.adddata(data)
    cerebro.broker = bt.hft.BidAskBroker(
        queue_model=queue, latency=m.ConstantLatency(1_000_000, 1_000_000),
        fees=m.MakerTakerFee(-0.00005, 0.0007), exchange='no_partial', cash=0.0)
    cerebro.addstrategy(bt.hft.AvellanedaStoikov, gamma=a.gamma, kappa=a.kappa,
                        order_size=0.01, max_inventory=a.max_inventory)
    strat = cerebro.run()[0]

    broker = cerebro.broker
    print('broker:')
    for key, value in broker.describe().items():
        print('  %-12s %s' % (key, value))
    st = broker.state()
    fills = broker.fill_log()
    book = data.book
    mid = 0.5 * (book.best_bid + book.best_ask)
    print('wake-ups %d, quotes sent %d, cancels sent %d' % (strat.steps, strat.submitted,
                                                            strat.cancelled))
    maker = fills['maker']
    print('fills %d: maker %d (%.3f traded), taker %d (%.3f traded)' % (
        len(fills), maker.sum(), fills['qty'][maker].sum(), (~maker).sum(),
        fills['qty'][~maker].sum()))
    if len(fills):
        inventory = (fills['side'] * fills['qty']).cumsum()
        print('inventory after each fill: min %+.3f, max %+.3f, mean |q| %.4f, final %+.3f'
              % (inventory.min(), inventory.max(), abs(inventory).mean(), st['position']))
    print('fees %+.4f (negative: rebates earned), traded value %.2f'
          % (st['fee'], st['trading_value']))
    print('PnL (balance + position * mid - fees) %+.4f at mid %.3f'
          % (st['balance'] + st['position'] * mid - st['fee'], mid))


if __name__ == '__main__':
    main()
