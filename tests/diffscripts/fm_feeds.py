"""The remaining file feeds: the bars a strategy sees from each, bar by bar.

``--case NAME`` picks a feed of ``CASES``. The script writes its input files
itself (MetaTrader 4, SierraChart, Visual Chart CSV and binary, Quandl CSV,
several CSVs chained or rolled over), runs a strategy recording at each
``next`` the length, stamp and OHLCV(+OI) of every data, an SMA(3) over it
and its orders, and writes JSON. Runs unchanged on upstream and on ours.
"""
import argparse
import datetime as dt
import json
import os
import random
import shutil
import struct
import tempfile

import backtrader as bt


def _walk(seed, n):
    rng = random.Random(seed)
    price, rows = 50.0, []
    for _ in range(n):
        o = round(price + rng.uniform(-0.3, 0.3), 2)
        c = round(o + rng.uniform(-1, 1), 2)
        h = round(max(o, c) + rng.uniform(0, 0.5), 2)
        lo = round(min(o, c) - rng.uniform(0, 0.5), 2)
        rows.append((o, h, lo, c, rng.randint(1, 900), rng.randint(0, 50)))
        price = c
    return rows


def _days(start, n):
    out, day = [], start
    while len(out) < n:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def _minutes(n):
    out, t = [], dt.datetime(2021, 6, 1, 9, 0)
    while len(out) < n:
        out.append(t)
        t += dt.timedelta(minutes=1 if t.hour < 17 else 16 * 60)
    return out


def _write(path, lines):
    with open(path, 'w') as fh:
        fh.write(''.join(l + '\n' for l in lines))
    return path


def mt4(tmp):
    stamps = _minutes(150)
    rows = ['%s,%s,%.2f,%.2f,%.2f,%.2f,%d' % (s.strftime('%Y.%m.%d'), s.strftime('%H:%M'),
                                              *r[:4], r[4]) for s, r in zip(stamps, _walk(1, 150))]
    return [bt.feeds.MT4CSVData(dataname=_write(tmp + '/mt4.csv', ['hdr'] + rows),
                                timeframe=bt.TimeFrame.Minutes)]


def sierra(tmp):
    rows = ['%s,%.2f,%.2f,%.2f,%.2f,%d,%d' % (s.strftime('%Y/%m/%d'), *r)
            for s, r in zip(_days(dt.date(2020, 1, 1), 120), _walk(2, 120))]
    return [bt.feeds.SierraChartCSVData(
        dataname=_write(tmp + '/sc.csv', ['Date,Open,High,Low,Close,Volume,OI'] + rows))]


def _vcsv(tmp, period, stamps, seed):
    rows = ['015ES,%s,%s,%s,%.2f,%.2f,%.2f,%.2f,%d,%d' % (
        period, s.strftime('%Y%m%d'), s.strftime('%H%M%S'), *r)
        for s, r in zip(stamps, _walk(seed, len(stamps)))]
    return _write(tmp + '/vc%s.csv' % period, ['hdr'] + rows)


def vchartcsv_days(tmp):
    stamps = [dt.datetime.combine(d, dt.time()) for d in _days(dt.date(2020, 2, 3), 90)]
    return [bt.feeds.VChartCSVData(dataname=_vcsv(tmp, 'D', stamps, 3))]


def vchartcsv_min(tmp):
    return [bt.feeds.VChartCSVData(dataname=_vcsv(tmp, 'I', _minutes(130), 4))]


def _vbin(path, stamps, seed, intraday):
    with open(path, 'wb') as fh:
        for s, (o, h, lo, c, v, oi) in zip(stamps, _walk(seed, len(stamps))):
            word = s.year * 500 + s.month * 32 + s.day
            head = (word, s.hour * 3600 + s.minute * 60 + s.second) if intraday else (word,)
            fmt = '<' + 'I' * len(head) + 'ffffII'
            fh.write(struct.pack(fmt, *(head + (o, h, lo, c, v, oi))))
    return path


def vchart_fd(tmp):
    stamps = [dt.datetime.combine(d, dt.time()) for d in _days(dt.date(2019, 12, 20), 100)]
    return [bt.feeds.VChartData(dataname=_vbin(tmp + '/010015ES.fd', stamps, 5, False))]


def vchart_min(tmp):
    return [bt.feeds.VChartData(dataname=_vbin(tmp + '/010015ES.min', _minutes(140), 6, True))]


def vchartfile(tmp):
    os.makedirs(tmp + '/0015')
    stamps = [dt.datetime.combine(d, dt.time()) for d in _days(dt.date(2019, 12, 20), 80)]
    _vbin(tmp + '/0015/010015ES.fd', stamps, 7, False)
    _vbin(tmp + '/0015/010015ES.min', _minutes(90), 8, True)
    store = bt.stores.VChartFile(path=tmp)
    return [store.getdata(dataname='015ES'),
            store.getdata(dataname='015ES', timeframe=bt.TimeFrame.Minutes)]


def _quandl_file(tmp, reverse):
    rows = []
    for s, r in zip(_days(dt.date(2018, 3, 1), 80), _walk(9, 80)):
        adj = [round(x * 0.987654, 4) for x in r[:4]] + [r[4] * 1.0125]
        rows.append('%s,%.2f,%.2f,%.2f,%.2f,%d,0.0,1.0,%s' % (
            s.strftime('%Y-%m-%d'), *r[:5], ','.join(repr(x) for x in adj)))
    if reverse:
        rows.reverse()
    return _write(tmp + '/q%d.csv' % reverse, ['Date,Open,High,Low,Close,Volume,Ex-Dividend,'
                                               'Split Ratio,Adj. Open,Adj. High,Adj. Low,'
                                               'Adj. Close,Adj. Volume'] + rows)


def quandl(tmp):
    return [bt.feeds.QuandlCSV(dataname=_quandl_file(tmp, False))]


def quandl_raw_round(tmp):
    return [bt.feeds.QuandlCSV(dataname=_quandl_file(tmp, True), reverse=True,
                               adjclose=False, round=True, decimals=1)]


def quandl_adj_round(tmp):
    return [bt.feeds.QuandlCSV(dataname=_quandl_file(tmp, False), round=True)]


def _generic(tmp, name, stamps, seed):
    rows = ['%s,%.2f,%.2f,%.2f,%.2f,%d,%d' % (s.strftime('%Y-%m-%d'), *r)
            for s, r in zip(stamps, _walk(seed, len(stamps)))]
    return bt.feeds.GenericCSVData(dataname=_write(tmp + '/' + name, ['h'] + rows),
                                   dtformat='%Y-%m-%d')


def chainer(tmp):
    days = _days(dt.date(2020, 1, 1), 150)
    parts = [_generic(tmp, 'c0.csv', days[:60], 10), _generic(tmp, 'c1.csv', days[50:110], 11),
             _generic(tmp, 'c2.csv', days[105:], 12)]
    return [bt.feeds.Chainer(*parts)]


def _contracts(tmp):
    days = _days(dt.date(2020, 1, 1), 160)
    return [_generic(tmp, 'f0.csv', days[:70], 13), _generic(tmp, 'f1.csv', days[20:130], 14),
            _generic(tmp, 'f2.csv', days[90:], 15)]


def rollover_plain(tmp):
    return [bt.feeds.RollOver(*_contracts(tmp))]


def _third_friday_week(when, d):
    return when.day >= 15 and when.day <= 21


def rollover_checkdate(tmp):
    return [bt.feeds.RollOver(*_contracts(tmp), checkdate=_third_friday_week)]


def _volume_larger(d0, d1):
    return d1.volume[0] > d0.volume[0]


def rollover_condition(tmp):
    return [bt.feeds.RollOver(*_contracts(tmp), checkdate=_third_friday_week,
                              checkcondition=_volume_larger)]


CASES = {f.__name__: f for f in (
    mt4, sierra, vchartcsv_days, vchartcsv_min, vchart_fd, vchart_min, vchartfile, quandl,
    quandl_raw_round, quandl_adj_round, chainer, rollover_plain, rollover_checkdate,
    rollover_condition)}


def _num(x):
    return None if x != x else x


class Recorder(bt.Strategy):
    def __init__(self):
        self.smas = [bt.indicators.SMA(d.close, period=3) for d in self.datas]
        self.rows, self.orders = [], []

    def notify_order(self, order):
        self.orders.append([len(self), order.getstatusname(), order.size,
                            _num(order.executed.price)])

    def next(self):
        row = [len(self)]
        for d, sma in zip(self.datas, self.smas):
            row.append([len(d), repr(d.datetime[0]), d.datetime.datetime(0).isoformat(),
                        d.open[0], d.high[0], d.low[0], d.close[0], d.volume[0],
                        d.openinterest[0], _num(sma[0])])
        self.rows.append(row)
        if len(self.rows) % 9 == 0:
            self.buy(size=1) if not self.position else self.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--case', required=True)
    ap.add_argument('--runonce', type=int, default=1)
    ap.add_argument('--preload', type=int, default=1)
    ap.add_argument('--exactbars', type=int, default=0)
    ap.add_argument('--out', required=True)
    opts = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix='fm-feeds-')
    try:
        cerebro = bt.Cerebro(stdstats=False, runonce=bool(opts.runonce),
                             preload=bool(opts.preload), exactbars=opts.exactbars)
        for data in CASES[opts.case](tmp):
            cerebro.adddata(data)
        cerebro.addstrategy(Recorder)
        strat = cerebro.run()[0]
        result = {'bars': strat.rows, 'orders': strat.orders,
                  'value': cerebro.broker.getvalue(),
                  'datas': [[os.path.basename(d._name), d._timeframe, d._compression] for d in cerebro.datas]}
    finally:
        shutil.rmtree(tmp, True)
    with open(opts.out, 'w') as fh:
        json.dump(result, fh)


if __name__ == '__main__':
    main()
