"""numpy is a lazy dependency: importing backtrader and backtesting CSV data
with the standard indicators, analyzers and observers never imports it (in
every mode: runonce / next, preload on / off, exactbars 0 / 1 / -1).

Each script runs in a fresh interpreter and reports ``'numpy' in sys.modules``.
"""
import os
import subprocess
import sys
import textwrap

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

WRITE_FILES = textwrap.dedent('''
    import datetime, math, os, sys
    folder = sys.argv[1]
    N = 160
    days, day = [], datetime.date(2019, 1, 2)
    while len(days) < N:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    rows = []
    for i, d in enumerate(days):
        c = 100 + 10 * math.sin(i / 7.0) + i * 0.05
        rows.append((d, c - 0.5, c + 1.0, c - 1.0, c, 1000 + i))
    with open(os.path.join(folder, 'generic.csv'), 'w') as fh:
        fh.write('Date,Open,High,Low,Close,Volume,OpenInterest\\n')
        for d, o, h, l, c, v in rows:
            fh.write('%s,%.2f,%.2f,%.2f,%.2f,%d,0\\n' % (d.isoformat(), o, h, l, c, v))
    with open(os.path.join(folder, 'btcsv.csv'), 'w') as fh:
        fh.write('Date,Open,High,Low,Close,Volume,OpenInterest\\n')
        for d, o, h, l, c, v in rows:
            fh.write('%s,%.2f,%.2f,%.2f,%.2f,%d,0\\n' % (d.isoformat(), o, h, l, c, v))
    with open(os.path.join(folder, 'yahoo.csv'), 'w') as fh:
        fh.write('Date,Open,High,Low,Close,Adj Close,Volume\\n')
        for d, o, h, l, c, v in rows:
            fh.write('%s,%.2f,%.2f,%.2f,%.2f,%.2f,%d\\n' % (d.isoformat(), o, h, l, c,
                                                          c * 0.98, v))
    with open(os.path.join(folder, 'yahoo_reversed.csv'), 'w') as fh:
        fh.write('Date,Open,High,Low,Close,Adj Close,Volume\\n')
        for d, o, h, l, c, v in reversed(rows):
            fh.write('%s,%.2f,%.2f,%.2f,%.2f,%.2f,%d\\n' % (d.isoformat(), o, h, l, c,
                                                          c * 0.98, v))
    with open(os.path.join(folder, 'ticks.csv'), 'w') as fh:
        fh.write('timestamp,price,size\\n')
        t0 = 1577934245 * 10**9
        for i, (_, _, _, _, c, v) in enumerate(rows):
            fh.write('%d,%.2f,%d\\n' % (t0 + i * 1500000001, c, v % 7 + 1))
''')

BACKTEST = textwrap.dedent('''
    import datetime, os, sys
    import backtrader as bt

    folder = sys.argv[1]
    imported = {'after import': 'numpy' in sys.modules}

    def feeds():
        f = lambda name: os.path.join(folder, name)
        return {
            'generic': lambda: bt.feeds.GenericCSVData(dataname=f('generic.csv'),
                                                       dtformat='%Y-%m-%d'),
            'generic_window': lambda: bt.feeds.GenericCSVData(
                dataname=f('generic.csv'), dtformat='%Y-%m-%d',
                fromdate=datetime.datetime(2019, 2, 1), todate=datetime.datetime(2019, 6, 28)),
            'btcsv': lambda: bt.feeds.BacktraderCSVData(dataname=f('btcsv.csv')),
            'yahoo': lambda: bt.feeds.YahooFinanceCSVData(dataname=f('yahoo.csv')),
            'yahoo_reversed': lambda: bt.feeds.YahooFinanceCSVData(
                dataname=f('yahoo_reversed.csv'), reverse=True),
            'ticks': lambda: bt.feeds.TickCSVData(dataname=f('ticks.csv')),
        }

    class Everything(bt.Strategy):
        def __init__(self):
            fast, slow = bt.ind.SMA(period=5), bt.ind.EMA(period=12)
            self.cross = bt.ind.CrossOver(fast, slow)
            bt.ind.WMA(period=6)
            bt.ind.SMMA(period=6)
            bt.ind.StdDev(period=10)
            bt.ind.RSI(period=9)
            bt.ind.MACD()
            bt.ind.BollingerBands(period=10)
            bt.ind.ATR(period=7)
            bt.ind.TrueHigh()
            bt.ind.TrueLow()
            bt.ind.Stochastic(period=8)
            bt.ind.Highest(self.data.high, period=5)
            bt.ind.Lowest(self.data.low, period=5)
            self.spread = self.data.close - fast
            self.up = self.data.close > self.data.close(-1)

        def next(self):
            if self.cross[0] > 0:
                self.buy(size=1)
            elif self.cross[0] < 0:
                self.close()

    lengths = {}
    for name, make in feeds().items():
        for runonce in (True, False):
            for preload in (True, False):
                for exactbars in (0, 1, -1):
                    cerebro = bt.Cerebro(runonce=runonce, preload=preload,
                                         exactbars=exactbars)
                    cerebro.adddata(make())
                    cerebro.addstrategy(Everything)
                    cerebro.addobserver(bt.observers.DrawDown)
                    analyzers = [bt.analyzers.DrawDown, bt.analyzers.TimeReturn,
                                 bt.analyzers.SharpeRatio, bt.analyzers.TradeAnalyzer,
                                 bt.analyzers.Returns]
                    if not exactbars:      # it reads the whole datetime history
                        analyzers.append(bt.analyzers.AnnualReturn)
                    for an in analyzers:
                        cerebro.addanalyzer(an)
                    strat = cerebro.run()[0]
                    for an in strat.analyzers:
                        an.get_analysis()
                    lengths.setdefault(name, set()).add(
                        (len(strat), round(cerebro.broker.getvalue(), 6)))
    imported['after the backtests'] = 'numpy' in sys.modules
    print(imported)
    print({name: sorted(v) for name, v in lengths.items()})
''')


def run(script, *args):
    env = dict(os.environ, PYTHONPATH=REPO)
    proc = subprocess.run([sys.executable, '-c', script] + list(args), env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout.splitlines()


def test_import_and_csv_backtests_in_every_mode_do_not_import_numpy(tmp_path):
    run(WRITE_FILES, str(tmp_path))
    flags, lengths = run(BACKTEST, str(tmp_path))
    assert flags == str({'after import': False, 'after the backtests': False})
    # every mode gave the same bars and final value, per feed
    per_feed = eval(lengths)
    assert set(per_feed) == {'generic', 'generic_window', 'btcsv', 'yahoo',
                             'yahoo_reversed', 'ticks'}
    assert all(len(v) == 1 for v in per_feed.values()), per_feed
    assert per_feed['generic'][0][0] == 160
    assert per_feed['generic_window'][0][0] < 160
