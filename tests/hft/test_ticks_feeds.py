"""TradeTickData and QuoteTickData: every source kind, exact stamps, lines, and bad input."""
import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.feeds.ticks import QuoteTickData, TradeTickData

BASE = 1700000000 * 10**9
# sub-microsecond spacing and an equal pair: order and nanoseconds must survive
STAMPS = [BASE + 1, BASE + 2, BASE + 2, BASE + 999, BASE + 10**9 + 7]
PRICES = [100.0, 100.01, 100.02, 99.99, 100.05]
SIZES = [1.5, 2.0, 0.0, 4.0, 5.0]
SIDES = [1, -1, 0, 1, -1]
WORDS = ['buy', 'sell', '', 'BUY', 'Sell']


class Collect(bt.Strategy):
    fields = ()

    def __init__(self):
        self.seen = []

    def next(self):
        d = self.data
        self.seen.append((d.datetime.ns(0),) + tuple(getattr(d, f)[0] for f in self.fields))


class TradeSeen(Collect):
    fields = ('price', 'qty', 'side', 'close', 'volume', 'vwap', 'open')


class QuoteSeen(Collect):
    fields = ('bid', 'ask', 'bidsize', 'asksize', 'mid', 'spread', 'close')


def run(data, strat, **kw):
    cerebro = bt.Cerebro(stdstats=False, **kw)
    cerebro.adddata(data)
    cerebro.addstrategy(strat)
    return cerebro.run()[0]


def expected_trades(sides=SIDES):
    return [(t, p, s, float(sd), p, s, p, p)
            for t, p, s, sd in zip(STAMPS, PRICES, SIZES, sides)]


def write_csv(path, header, rows):
    with open(path, 'w') as fh:
        fh.write(header + '\n')
        for row in rows:
            fh.write(','.join(str(x) for x in row) + '\n')
    return str(path)


def trade_sources(tmp_path):
    cols = dict(timestamp=np.array(STAMPS, dtype=np.int64), price=np.array(PRICES),
                size=np.array(SIZES), side=np.array(SIDES))
    rec = np.zeros(len(STAMPS), dtype=[('timestamp', 'i8'), ('price', 'f8'), ('size', 'f8'),
                                       ('side', 'i1')])
    for k, v in cols.items():
        rec[k] = v
    np.savez(tmp_path / 'cols.npz', **cols)
    np.savez(tmp_path / 'rec.npz', data=rec)
    np.save(tmp_path / 'rec.npy', rec)
    csv = write_csv(tmp_path / 'trades.csv', 'timestamp,price,size,side',
                    zip(STAMPS, PRICES, SIZES, SIDES))
    return {'dict': cols, 'lists': {k: v.tolist() for k, v in cols.items()}, 'structured': rec,
            'npz-columns': str(tmp_path / 'cols.npz'), 'npz-data': str(tmp_path / 'rec.npz'),
            'npy': str(tmp_path / 'rec.npy'), 'csv': csv}


@pytest.mark.parametrize('kind', ['dict', 'lists', 'structured', 'npz-columns', 'npz-data', 'npy',
                                  'csv'])
@pytest.mark.parametrize('preload', [True, False])
def test_trade_ticks_from_every_source_step_once_per_trade(tmp_path, kind, preload):
    src = trade_sources(tmp_path)[kind]
    data = TradeTickData(dataname=src)
    assert data.p.timeframe == bt.TimeFrame.Ticks
    strat = run(data, TradeSeen, preload=preload)
    assert strat.seen == expected_trades()


def test_trade_ticks_preload_adopts_int64_stamps_and_shares_price_memory(tmp_path):
    strat = run(TradeTickData(dataname=trade_sources(tmp_path)['dict']), bt.Strategy)
    d = strat.data
    assert d.datetime.ns_array.tolist() == STAMPS
    assert d.close.array.tolist() == PRICES
    # open/high/low/close/vwap are one column, not five copies
    assert np.shares_memory(d.close.array, d.vwap.array)
    assert np.shares_memory(d.open.array, d.close.array)


def test_csv_with_word_sides_and_custom_column_names(tmp_path):
    path = str(tmp_path / 'w.csv')
    with open(path, 'w') as fh:
        fh.write('ts;px;qty;aggressor\n')
        for row in zip(STAMPS, PRICES, SIZES, WORDS):
            fh.write(';'.join(str(x) for x in row) + '\n')
    data = TradeTickData(dataname=path, separator=';', timestamp='ts', price='px', size='qty',
                         side='aggressor')
    assert run(data, TradeSeen).seen == expected_trades([1, -1, 0, 1, -1])


def test_csv_columns_by_position_without_header_and_timeunit(tmp_path):
    us = [1700000000000001, 1700000000000005]
    path = tmp_path / 'nohdr.csv'
    path.write_text('%d,5.0,1\n%d,6.0,2\n' % tuple(us))
    data = TradeTickData(dataname=str(path), headers=False, timestamp=0, price=1, size=2,
                         side=None, timeunit='us')
    seen = run(data, TradeSeen).seen
    assert [s[0] for s in seen] == [u * 1000 for u in us]
    assert [s[3] for s in seen] == [0.0, 0.0]        # no side column: unknown


def test_datetime64_and_pandas_columns_are_exact(tmp_path):
    pd = pytest.importorskip('pandas')
    df = pd.DataFrame({'timestamp': np.array(STAMPS, dtype='datetime64[ns]'), 'price': PRICES,
                       'size': SIZES, 'side': ['b', 's', 'none', 'b', 's']})
    assert run(TradeTickData(dataname=df), TradeSeen).seen == expected_trades()


def test_parquet_trades(tmp_path):
    pa = pytest.importorskip('pyarrow')
    import pyarrow.parquet as pq
    table = pa.table({'timestamp': pa.array(STAMPS, type=pa.timestamp('ns')),
                      'price': PRICES, 'size': SIZES, 'side': SIDES})
    pq.write_table(table, tmp_path / 't.parquet')
    assert run(TradeTickData(dataname=str(tmp_path / 't.parquet')), TradeSeen).seen == \
        expected_trades()
    # an in-memory pyarrow Table too
    assert run(TradeTickData(dataname=table), TradeSeen).seen == expected_trades()


def test_parquet_without_pyarrow_names_the_extra(tmp_path, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, 'pyarrow', None)
    monkeypatch.setitem(sys.modules, 'pyarrow.parquet', None)
    with pytest.raises(ImportError, match=r'x\.parquet.*backtrader\[parquet\]'):
        run(TradeTickData(dataname=str(tmp_path / 'x.parquet')), bt.Strategy)


def test_ordinary_indicators_run_on_trade_ticks(tmp_path):
    prices = np.linspace(10.0, 20.0, 50)

    class S(bt.Strategy):
        def __init__(self):
            self.sma = bt.ind.SMA(self.data, period=5)
            self.vals = []

        def next(self):
            self.vals.append(self.sma[0])

    src = dict(timestamp=np.arange(50, dtype=np.int64) + BASE, price=prices, size=np.ones(50))
    for runonce in (True, False):
        strat = run(TradeTickData(dataname=src), S, runonce=runonce)
        ref = [prices[i - 4:i + 1].mean() for i in range(4, 50)]
        assert strat.vals == pytest.approx(ref, rel=1e-12)


def test_quote_ticks_lines(tmp_path):
    bids = [99.0, 99.5, 99.5, 100.0]
    asks = [99.5, 100.0, 99.5, 100.25]
    bsz = [1.0, 2.0, 3.0, 4.0]
    asz = [5.0, 6.0, 7.0, 8.0]
    stamps = STAMPS[:4]
    path = write_csv(tmp_path / 'q.csv', 'timestamp,bid,ask,bidsize,asksize',
                     zip(stamps, bids, asks, bsz, asz))
    exp = [(t, b, a, bs, as_, (b + a) / 2, a - b, (b + a) / 2)
           for t, b, a, bs, as_ in zip(stamps, bids, asks, bsz, asz)]
    for preload in (True, False):
        assert run(QuoteTickData(dataname=path), QuoteSeen, preload=preload).seen == exp
    # the sizes are optional
    data = QuoteTickData(dataname=dict(timestamp=stamps, bid=bids, ask=asks))
    seen = run(data, QuoteSeen).seen
    assert [s[1:3] for s in seen] == list(zip(bids, asks))
    assert all(np.isnan(s[3]) and np.isnan(s[4]) for s in seen)


# -- bad input ---------------------------------------------------------------------------------
def csv_error(tmp_path, header, rows, cls=TradeTickData, **kw):
    path = write_csv(tmp_path / 'bad.csv', header, rows)
    with pytest.raises(ValueError) as err:
        run(cls(dataname=path, **kw), bt.Strategy)
    return str(err.value)


@pytest.mark.parametrize('preload', [True, False])
def test_timestamp_going_back_names_file_line_and_field(tmp_path, preload):
    path = write_csv(tmp_path / 'back.csv', 'timestamp,price,size',
                     [(5, 1.0, 1), (9, 1.0, 1), (7, 1.0, 1)])
    with pytest.raises(ValueError) as err:
        run(TradeTickData(dataname=path), bt.Strategy, preload=preload)
    msg = str(err.value)
    assert 'back.csv, line 4' in msg and "'timestamp'" in msg and 'goes back' in msg


def test_timestamp_going_back_across_csv_blocks(tmp_path):
    rows = [(i, 1.0, 1) for i in range(10)] + [(3, 1.0, 1)]
    msg = csv_error(tmp_path, 'timestamp,price,size', rows, blocksize=4)
    assert 'bad.csv, line 12' in msg and "'timestamp'" in msg


def test_nan_and_negative_sizes_and_nan_price(tmp_path):
    msg = csv_error(tmp_path, 'timestamp,price,size', [(1, 1.0, 1), (2, 1.0, -3)])
    assert 'line 3' in msg and "'size'" in msg and 'negative' in msg
    msg = csv_error(tmp_path, 'timestamp,price,size', [(1, 1.0, 1), (2, 1.0, 'nan')])
    assert 'line 3' in msg and "'size'" in msg and 'NaN' in msg
    msg = csv_error(tmp_path, 'timestamp,price,size', [(1, 'nan', 1)])
    assert 'line 2' in msg and "'price'" in msg
    with pytest.raises(ValueError, match=r"row 2, field 'size': negative"):
        run(TradeTickData(dataname=dict(timestamp=[1, 2], price=[1.0, 1.0], size=[1.0, -1.0])),
            bt.Strategy)


def test_bad_sides(tmp_path):
    msg = csv_error(tmp_path, 'timestamp,price,size,side', [(1, 1.0, 1, 'buy'), (2, 1.0, 1, 'x')])
    assert 'line 3' in msg and "'side'" in msg and "'x'" in msg
    msg = csv_error(tmp_path, 'timestamp,price,size,side', [(1, 1.0, 1, 1), (2, 1.0, 1, 2)])
    assert 'line 3' in msg and "'side'" in msg
    with pytest.raises(ValueError, match=r"row 1, field 'side'"):
        run(TradeTickData(dataname=dict(timestamp=[1], price=[1.0], size=[1.0], side=[0.5])),
            bt.Strategy)


def test_missing_column_is_named(tmp_path):
    msg = csv_error(tmp_path, 'timestamp,px,size', [(1, 1.0, 1)])
    assert "no column 'price'" in msg and 'px' in msg
    with pytest.raises(ValueError, match=r"no column 'size'"):
        run(TradeTickData(dataname=dict(timestamp=[1], price=[1.0])), bt.Strategy)


def test_crossed_quotes_raise_unless_kept(tmp_path):
    rows = [(1, 10.0, 10.5, 1, 1), (2, 10.6, 10.5, 1, 1)]
    msg = csv_error(tmp_path, 'timestamp,bid,ask,bidsize,asksize', rows, cls=QuoteTickData)
    assert 'line 3' in msg and 'crossed' in msg
    path = write_csv(tmp_path / 'ok.csv', 'timestamp,bid,ask,bidsize,asksize', rows)
    seen = run(QuoteTickData(dataname=path, crossed='keep'), QuoteSeen).seen
    assert seen[1][6] == pytest.approx(-0.1)
    msg = csv_error(tmp_path, 'timestamp,bid,ask,bidsize,asksize', [(1, 10.0, 10.5, -1, 1)],
                    cls=QuoteTickData)
    assert "'bidsize'" in msg and 'negative' in msg
