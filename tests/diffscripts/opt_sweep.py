"""Optimization scenario: an SMA-crossover sweep through ``optstrategy``.

Usage: opt_sweep.py --data CSV [--fast 5,6,...] [--slow 20,25,...]
                    [--maxcpus N] [--optreturn 0|1] --out FILE

Writes, per combination in the order ``run()`` returned them: the params,
the analyzers' figures and, with ``--optreturn 0`` (whole strategies
returned), the bar count, the last crossover value and the final broker
value; and the params in the order the ``optcallback`` saw them.
"""
import argparse
import json

import backtrader as bt


class SmaCross(bt.Strategy):
    params = (('fast', 10), ('slow', 30))

    def __init__(self):
        self.cross = bt.indicators.CrossOver(bt.indicators.SMA(period=self.p.fast),
                                             bt.indicators.SMA(period=self.p.slow))

    def next(self):
        if self.cross[0] > 0:
            self.order_target_size(target=10)
        elif self.cross[0] < 0:
            self.order_target_size(target=-10)


SEEN = []


def saw(result):
    """The optcallback: records the order in which results arrive."""
    SEEN.append([result[0].p.fast, result[0].p.slow])


def ints(text):
    return [int(x) for x in text.split(',')]


def row(strat, whole):
    """The figures of one combination's strategy (or OptReturn)."""
    ret, sharpe, dd, trades = (a.get_analysis() for a in strat.analyzers)
    out = [strat.p.fast, strat.p.slow, ret['rtot'], ret['rnorm'], sharpe['sharperatio'],
           dd['max']['drawdown'], dd['max']['len'], trades['total']['total'],
           trades.get('won', {}).get('total', 0)]
    if whole:
        out += [len(strat), strat.cross[0], strat.broker.getvalue()]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--fast', type=ints, default=list(range(5, 15)))
    ap.add_argument('--slow', type=ints, default=list(range(20, 70, 5)))
    ap.add_argument('--maxcpus', type=int, default=2)
    ap.add_argument('--optreturn', type=int, default=1)
    ap.add_argument('--out', required=True)
    opts = ap.parse_args()
    cerebro = bt.Cerebro(maxcpus=opts.maxcpus, optreturn=bool(opts.optreturn),
                         stdstats=False)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=opts.data, dtformat='%Y-%m-%d'))
    cerebro.optstrategy(SmaCross, fast=opts.fast, slow=opts.slow)
    cerebro.addanalyzer(bt.analyzers.Returns)
    cerebro.addanalyzer(bt.analyzers.SharpeRatio)
    cerebro.addanalyzer(bt.analyzers.DrawDown)
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer)
    cerebro.optcallback(saw)
    rows = [row(res[0], not opts.optreturn) for res in cerebro.run()]
    with open(opts.out, 'w') as fh:
        json.dump({'rows': rows, 'callbacks': SEEN}, fh)


if __name__ == '__main__':
    main()
