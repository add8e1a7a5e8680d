"""The main job: an ordinary backtrader strategy on the bundled sample data.

Run ``python samples/quickstart.py`` (after ``pip install -e .``). It is plain
upstream-style backtrader code: an SMA crossover with a percentage commission,
the default observers and the four usual analyzers, and prints the results.
Pass ``--runonce 0`` to run in next mode, ``--plot`` to plot (needs matplotlib).
"""
import argparse
import datetime
import os
import time

import backtrader as bt

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'daily-ohlcv.csv')


class SmaCross(bt.Strategy):
    """Go long when the fast SMA crosses above the slow one, exit on the cross down."""
    params = (('fast', 10), ('slow', 30), ('stake', 50))

    def __init__(self):
        fast = bt.ind.SMA(period=self.p.fast)
        slow = bt.ind.SMA(period=self.p.slow)
        self.crossover = bt.ind.CrossOver(fast, slow)
        self.trades = 0

    def next(self):
        if not self.position:
            if self.crossover > 0:
                self.buy(size=self.p.stake)
        elif self.crossover < 0:
            self.close()

    def notify_trade(self, trade):
        if trade.isclosed:
            self.trades += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--data', default=DATA, help='CSV file (Date,Open,High,Low,Close,Volume,OpenInterest)')
    parser.add_argument('--runonce', type=int, default=1, help='1: vectorized indicators, 0: next mode')
    parser.add_argument('--cash', type=float, default=100000.0)
    parser.add_argument('--plot', action='store_true')
    args = parser.parse_args()

    cerebro = bt.Cerebro(runonce=bool(args.runonce))
    cerebro.adddata(bt.feeds.GenericCSVData(
        dataname=args.data, dtformat='%Y-%m-%d',
        fromdate=datetime.datetime(2010, 1, 1), todate=datetime.datetime(2019, 12, 31)))
    cerebro.addstrategy(SmaCross)
    cerebro.broker.setcash(args.cash)
    cerebro.broker.setcommission(commission=0.001)
    cerebro.addanalyzer(bt.analyzers.SharpeRatio, _name='sharpe')
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name='drawdown')
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='trades')
    cerebro.addanalyzer(bt.analyzers.Returns, _name='returns')

    start = time.perf_counter()
    strat = cerebro.run()[0]
    elapsed = time.perf_counter() - start

    ta = strat.analyzers.trades.get_analysis()
    print('backtrader %s, %d bars in %.3f s' % (bt.__version__, len(strat), elapsed))
    print('Final value:    %.2f (start %.2f)' % (cerebro.broker.getvalue(), args.cash))
    print('Closed trades:  %d (won %d, lost %d)' % (
        strat.trades, ta.get('won', {}).get('total', 0), ta.get('lost', {}).get('total', 0)))
    print('Sharpe ratio:   %s' % strat.analyzers.sharpe.get_analysis()['sharperatio'])
    dd = strat.analyzers.drawdown.get_analysis()
    print('Max drawdown:   %.2f%% (%.2f)' % (dd.max.drawdown, dd.max.moneydown))
    rets = strat.analyzers.returns.get_analysis()
    print('Total return:   %.4f, annualized %.2f%%' % (rets['rtot'], rets['rnorm100']))
    if args.plot:
        cerebro.plot()


if __name__ == '__main__':
    main()
