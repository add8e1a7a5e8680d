"""Scenario for tests/test_broker_idle.py: long stretches of bars on which the broker has nothing
to do (no order, no open position), with cash, fund and commission changes made during them.

Writes ``{"bars": [[len, cash, value, value_mkt, fundvalue, fundshares], ...], "meta": {}}`` to
the file after ``--out``. ``--runonce 0|1``, ``--preload 0|1``, ``--exactbars N`` set the run
mode; ``--ownnext 1`` uses a broker subclass that overrides ``next`` (it then calls the base
class's ``next`` every bar, whatever is pending).
"""
import argparse
import json
import math
import os
import tempfile

import backtrader as bt


def write_csv(path, n=160):
    d0 = 737000  # a proleptic ordinal: 2018-11-12
    import datetime as dt
    with open(path, 'w') as fh:
        fh.write('Date,Open,High,Low,Close,Volume,OpenInterest\n')
        for i in range(n):
            day = dt.date.fromordinal(d0 + i)
            c = 100.0 + 10.0 * math.sin(i / 7.0) + 0.25 * i
            o = c - 0.5 * math.cos(i / 3.0)
            fh.write('%s,%.4f,%.4f,%.4f,%.4f,%d,0\n'
                     % (day.isoformat(), o, max(o, c) + 1.0, min(o, c) - 1.0, c, 1000 + i))


class OwnNext(bt.brokers.BackBroker):
    def next(self):
        super(OwnNext, self).next()


class Schedule(bt.Strategy):
    def __init__(self):
        self.rows = []

    def next(self):
        b = self.broker
        k = len(self)
        self.rows.append([k, b.get_cash(), b.get_value(), b.get_value(mkt=True),
                          b.get_fundvalue(), b.get_fundshares()])
        if k == 10:
            self.buy(size=10)
        elif k == 25:
            self.close()
        elif k == 30:
            b.add_cash(500.0)
        elif k == 40:
            self.sell(size=5)
        elif k == 55:
            self.close()
        elif k == 60:
            b.set_cash(b.get_cash() + 123.5)
        elif k == 70:
            b.setcommission(commission=0.001, leverage=2.0, interest=0.03)
        elif k == 80:
            self.buy(size=3)
        elif k == 90:
            self.close()
        elif k == 100:
            b.add_cash(-200)
        elif k == 120:
            b.setcommission(commission=0.0, mult=2.0, margin=50.0)
        elif k == 125:
            self.sell(size=2)
        elif k == 135:
            self.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--runonce', type=int, default=1)
    ap.add_argument('--preload', type=int, default=1)
    ap.add_argument('--exactbars', type=int, default=0)
    ap.add_argument('--ownnext', type=int, default=0)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix='btidle-')
    path = os.path.join(tmp, 'bars.csv')
    write_csv(path)
    cerebro = bt.Cerebro()
    if a.ownnext:
        cerebro.broker = OwnNext()
    cerebro.broker.set_cash(10000)
    cerebro.broker.set_fundmode(True)
    cerebro.broker.setcommission(commission=0.0, interest=0.05)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=path))
    cerebro.addstrategy(Schedule)
    strat = cerebro.run(runonce=bool(a.runonce), preload=bool(a.preload),
                        exactbars=a.exactbars)[0]
    with open(a.out, 'w') as fh:
        json.dump({'bars': strat.rows, 'meta': {}}, fh)
    os.remove(path)
    os.rmdir(tmp)


if __name__ == '__main__':
    main()
