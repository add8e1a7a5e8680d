"""A market maker on one instrument hedged with another by ``bt.hft.Hedger``.

    python samples/hft/mm_hedged.py [--events 200000] [--mode taker|passive] [--beta 1.0|rolling]
                                    [--threshold 0.05]

Two generated L2 files (``gen_l2.py`` with two seeds) stand for a perpetual (quoted by the AS++
model) and its spot (the hedge). The Hedger sells spot when the perpetual position grows long and
buys it back when it turns short, once the unhedged exposure is beyond ``--threshold``; it prints
the hedge cost (slippage against the spot mid and fees) apart from the market maker's own split.
With ``--beta rolling`` the hedge ratio is the rolling beta of the two mids' returns, and the
exposure is matched by value.
"""
import argparse

import backtrader as bt

from mm_models import report
from research_util import l2_file


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--events', type=int, default=200_000)
    ap.add_argument('--mode', default='taker', choices=['taker', 'passive'])
    ap.add_argument('--beta', default='1.0')
    ap.add_argument('--threshold', type=float, default=0.05)
    a = ap.parse_args()
    beta = a.beta if a.beta == 'rolling' else float(a.beta)
    m = bt.hft.models
    cerebro = bt.Cerebro(stdstats=False)
    for name, path in (('perp', l2_file(a.events)), ('spot', l2_file(a.events, seed=7))):
        cerebro.adddata(bt.hft.L2EventData(dataname=path, tick_size=0.01, lot_size=0.001,
                                           step='100ms'), name=name)
    cerebro.broker = bt.hft.BidAskBroker(
        queue_model=m.ProbQueue(m.PowerProb(3)), latency=m.ConstantLatency(1_000_000, 1_000_000),
        fees=m.MakerTakerFee(-0.00005, 0.0007))
    cerebro.addstrategy(bt.hft.ASInventoryPenalty, order_size=0.01, max_inventory=0.2)
    cerebro.addanalyzer(bt.hft.analyzers.MarketMaking, _name='mm')
    cerebro.addstrategy(bt.hft.Hedger, quoted='perp', hedge='spot', beta=beta,
                        notional='value' if beta == 'rolling' else 'units',
                        threshold=a.threshold, ratio=1.0, mode=a.mode)
    mm, hedger = cerebro.run()
    report('AS++ on perp', 'ASInventoryPenalty', mm.analyzers.mm.get_analysis())
    h = hedger.report()
    print('hedge on spot (%s, beta %s, threshold %g):' % (a.mode, a.beta, a.threshold))
    print('  orders %d, fills %d, volume %.3f, position %+.3f'
          % (h['orders'], h['fills'], h['volume'], h['position']))
    print('  cost %+.4f = slippage %+.4f + fees %+.4f; hedge leg PnL %+.4f'
          % (h['cost'], h['slippage'], h['fees'], h['pnl']))


if __name__ == '__main__':
    main()
