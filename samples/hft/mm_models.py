"""The Avellaneda-Stoikov family on generated L2 data, with the MarketMaking analyzer.

    python samples/hft/mm_models.py [--model AS|AS++|ASAS|AS+++|ASMP|all] [--events 200000]
                                    [--plot mm.png] [FILE.npz]

Each model runs with the reference workload's broker (``bt.hft.strategies.reference_broker()``:
``PowerProb(3)`` queue, 1 ms latencies, no partial fills, maker -0.5 bp, taker 7 bp) and quoting
params (``REFERENCE_QUOTING``: quotes of 0.01 up to 0.2, gamma 0.01, kappa 0.5) requoted every
100 ms, and prints
its PnL split (spread capture, inventory PnL, fees), fills, maker share, adverse selection and
inventory statistics. ``--plot`` draws the mid, quotes, fills and inventory of the last model run.
Without a file, ``gen_l2.py`` of the shared HFT material makes one (see ``market_maker.py``).
"""
import argparse

import backtrader as bt

from research_util import l2_file

# name -> (strategy class name, params besides the shared ones)
MODELS = {
    'AS': ('AvellanedaStoikov', {}),
    # a stronger pull back to flat than the base model's, and never beyond 0.1 long or short
    'AS++': ('ASInventoryPenalty', dict(penalty=1.0, skew=1.0, max_long=0.1, max_short=0.1)),
    # lean with the last second's trade imbalance; widen with it and with post-fill drift
    'ASAS': ('ASAdverseSelection', dict(flow='trade', flow_window='1s', flow_skew=1.0,
                                        flow_widen=1.0, drift_horizon='1s', drift_weight=1.0)),
    # quote only when a quote's queue value is at least 0.3 ticks per unit (its defaults: A and k
    # fitted from every trade of the last minute), the maker rebate counted in it; shed inventory
    # by quoting beyond 0.02, at market (half of it) beyond 0.025
    'AS+++': ('ASQVI', dict(qvi_min=0.3, maker_fee=-0.00005, hedge_zone=(0.02, 0.025),
                            hedge_ratio=0.5)),
    # centre on the imbalance-weighted microprice of the best level
    'ASMP': ('ASMicroprice', dict(levels=1)),
}


def run(name, data, plot=None):
    """Run model ``name`` on ``data`` (an order-book feed); print its analysis (and plot it)."""
    cls_name, params = MODELS[name]
    strategies = bt.hft.strategies
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(data)
    cerebro.broker = strategies.reference_broker()
    cerebro.addstrategy(getattr(strategies, cls_name),
                        **dict(strategies.REFERENCE_QUOTING, **params))
    cerebro.addanalyzer(bt.hft.analyzers.MarketMaking, _name='mm', markout='1s')
    strat = cerebro.run()[0]
    report(name, cls_name, strat.analyzers.mm.get_analysis())
    if plot:
        strat.analyzers.mm.plot(plot)
        print('plot written to', plot)


def report(name, cls_name, r):
    """Print one MarketMaking analysis."""
    inv = r['inventory']
    print('%s (%s)' % (name, cls_name))
    print('  PnL %+.4f = spread capture %+.4f + inventory %+.4f - fees %+.4f'
          % (r['pnl'], r['spread'], r['inventory_pnl'], r['fees']))
    print('  quotes %d, fills %d (fill ratio %.3f), maker share %.3f, volume %.2f'
          % (r['quotes'], r['fills'], r['fill_ratio'], r['maker_share'], r['volume']))
    print('  adverse selection (1 s markout) %+.4f, mean markout %+.3f ticks'
          % (r['adverse_selection'], r['markout_ticks']))
    print('  inventory mean %+.4f, mean |q| %.4f, min %+.3f, max %+.3f, time at max %.1f%%'
          % (inv['mean'], inv['mean_abs'], inv['min'], inv['max'], 100 * r['time_at_max']))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('file', nargs='?')
    ap.add_argument('--model', default='all', choices=list(MODELS) + ['all'])
    ap.add_argument('--events', type=int, default=200_000)
    ap.add_argument('--plot', metavar='PNG')
    a = ap.parse_args()
    path = a.file or l2_file(a.events)
    names = list(MODELS) if a.model == 'all' else [a.model]
    for name in names:
        data = bt.hft.L2EventData(dataname=path, tick_size=0.01, lot_size=0.001, step='100ms')
        run(name, data, a.plot if name == names[-1] else None)


if __name__ == '__main__':
    main()
