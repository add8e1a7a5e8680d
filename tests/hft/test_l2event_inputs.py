"""L2EventData sources (npz with and without ptick/qlot, npy, CSV, Parquet, arrays), bad input
and the record accounting of ``report()``."""
import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.events import (BUY_EVENT, DEPTH_BBO_EVENT, DEPTH_EVENT, EXCH_EVENT,
                                   LOCAL_EVENT, SELL_EVENT, TRADE_EVENT, event_dtype)
from backtrader.hft.feeds.l2event import L2EventData

from .l2_reference import LOT, TICK, close, generate, replay

L = LOCAL_EVENT | EXCH_EVENT


class Tops(bt.Strategy):
    def __init__(self):
        self.rows = []

    def next(self):
        self.rows.append((self.data.datetime.ns(0), self.data.bid[0], self.data.ask[0],
                          self.data.book.imbalance(10)))


def run(src, **kw):
    cerebro = bt.Cerebro(stdstats=False)
    feed = L2EventData(dataname=src, tick_size=TICK, lot_size=LOT, **kw)
    cerebro.adddata(feed)
    cerebro.addstrategy(Tops)
    return cerebro.run()[0].rows, feed


def expected(events, **kw):
    return [(r['ts'], r['bid'], r['ask'], r['imb']) for r in replay(events, **kw)]


def same(rows, exp):
    assert len(rows) == len(exp)
    for a, b in zip(rows, exp):
        assert a[0] == b[0] and all(close(x, y) for x, y in zip(a[1:], b[1:])), (a, b)


@pytest.fixture(scope='module')
def events():
    return generate(1500, seed=3)


def test_sources_give_the_same_replay(events, tmp_path):
    exp = expected(events)
    np.savez(tmp_path / 'a.npz', data=events)
    np.savez(tmp_path / 'b.npz', data=events,
             ptick=np.round(events['px'] / TICK).astype('i8'),
             qlot=np.round(events['qty'] / LOT).astype('i8'))
    np.savez_compressed(tmp_path / 'c.npz', data=events)
    np.save(tmp_path / 'd.npy', events)
    with open(tmp_path / 'e.csv', 'w') as f:
        f.write('ev,exch_ts,local_ts,px,qty\n')
        for r in events:
            f.write('%d,%d,%d,%r,%r\n' % (r['ev'], r['exch_ts'], r['local_ts'], float(r['px']),
                                             float(r['qty'])))
    # an array with other fields / order is converted
    other = np.zeros(len(events), dtype=[('px', 'f8'), ('qty', 'f8'), ('ev', 'u8'),
                                         ('local_ts', 'i8'), ('exch_ts', 'i8')])
    for name in other.dtype.names:
        other[name] = events[name]
    for src in (events, other, str(tmp_path / 'a.npz'), tmp_path / 'b.npz', tmp_path / 'c.npz',
                str(tmp_path / 'd.npy'), str(tmp_path / 'e.csv')):
        rows, feed = run(src)
        same(rows, exp)
        assert feed.report()['records'] == len(events)


def test_parquet(events, tmp_path):
    pa = pytest.importorskip('pyarrow')
    import pyarrow.parquet as pq
    pq.write_table(pa.table({n: events[n] for n in ('ev', 'exch_ts', 'local_ts', 'px', 'qty')}),
                   tmp_path / 'e.parquet')
    rows, _ = run(str(tmp_path / 'e.parquet'))
    same(rows, expected(events))
    pq.write_table(pa.table({n: events[n] for n in ('ev', 'exch_ts', 'px', 'qty')}),
                   tmp_path / 'bad.parquet')
    with pytest.raises(ValueError, match=r"bad\.parquet: missing column 'local_ts'"):
        run(str(tmp_path / 'bad.parquet'))


def base_records():
    t = 1_000_000_000
    return np.array([
        (DEPTH_EVENT | L | BUY_EVENT, t, t + 5, 100.00, 1.0, 0, 0, 0.0),
        (DEPTH_EVENT | L | SELL_EVENT, t, t + 5, 100.02, 2.0, 0, 0, 0.0),
        (TRADE_EVENT | L | SELL_EVENT, t + 10, t + 15, 100.00, 0.5, 0, 0, 0.0),
        (DEPTH_EVENT | L | BUY_EVENT, t + 10, t + 15, 100.00, 0.5, 0, 0, 0.0),
    ], dtype=event_dtype)


@pytest.mark.parametrize('field,value,message', [
    ('ev', DEPTH_EVENT | L | BUY_EVENT | 7, r"record 2, field 'ev': unknown event kind"),
    ('px', float('nan'), r"record 2, field 'px': price nan is not a finite number"),
    ('qty', -1.0, r"record 3, field 'qty': size -1.0 is negative"),
    ('px', 100.005, r"record 3, field 'px': price 100.005 is not on the tick grid"),
    ('qty', 0.0005, r"record 3, field 'qty': size 0.0005 is not on the lot grid"),
    ('local_ts', 1_000_000_001, r"record 3, field 'local_ts': timestamp 1000000001 goes back"),
    ('ev', DEPTH_EVENT | L, r"record 3, field 'ev': depth record without a BUY or SELL"),
    ('ev', DEPTH_EVENT | L | BUY_EVENT | SELL_EVENT, r"record 3, field 'ev': both BUY and SELL"),
])
def test_bad_records_name_record_and_field(field, value, message):
    recs = base_records()
    row = 2 if 'record 2' in message else 3
    recs[row][field] = value
    with pytest.raises(ValueError, match=r'<array>, ' + message):
        run(recs)


def test_bad_files(events, tmp_path):
    np.savez(tmp_path / 'ok.npz', data=events)
    blob = (tmp_path / 'ok.npz').read_bytes()
    (tmp_path / 'cut.npz').write_bytes(blob[:len(blob) // 2])
    with pytest.raises(ValueError, match=r'cut\.npz: not a readable \.npz file'):
        run(str(tmp_path / 'cut.npz'))
    np.save(tmp_path / 'ok.npy', events)
    blob = (tmp_path / 'ok.npy').read_bytes()
    (tmp_path / 'cut.npy').write_bytes(blob[:len(blob) - 100])
    with pytest.raises(ValueError, match=r'cut\.npy: truncated or corrupt \.npy'):
        run(str(tmp_path / 'cut.npy'))
    np.savez(tmp_path / 'nodata.npz', events=events)
    with pytest.raises(ValueError, match=r"nodata\.npz: no array 'data'"):
        run(str(tmp_path / 'nodata.npz'))
    (tmp_path / 'cols.csv').write_text('ev,exch_ts,px,qty\n1,2,3,4\n')
    with pytest.raises(ValueError, match=r"cols\.csv, line 1: missing column 'local_ts'"):
        run(str(tmp_path / 'cols.csv'))
    (tmp_path / 'short.csv').write_text('ev,exch_ts,local_ts,px,qty\n%d,1,2,100.0,1.0\n%d,3,4,100.0\n'
                                        % (DEPTH_EVENT | L | BUY_EVENT, DEPTH_EVENT | L | BUY_EVENT))
    with pytest.raises(ValueError, match=r'short\.csv: .*row'):
        run(str(tmp_path / 'short.csv'))
    with pytest.raises(ValueError, match=r"missing field 'qty'"):
        run(np.zeros(3, dtype=[('ev', 'u8'), ('exch_ts', 'i8'), ('local_ts', 'i8'), ('px', 'f8')]))
    with pytest.raises(ValueError, match=r"param 'tick_size' must be a positive number"):
        L2EventData(dataname=events, lot_size=LOT).report()
    with pytest.raises(ValueError, match=r"param 'timestamp' must be 'local' or 'exch'"):
        run(events, timestamp='wall')


def test_report_accounts_for_every_record():
    t = 2_000_000_000
    recs = np.array([
        (DEPTH_EVENT | L | BUY_EVENT, t, t + 5, 100.00, 1.0, 0, 0, 0.0),
        (DEPTH_EVENT | L | SELL_EVENT, t, t + 5, 100.02, 2.0, 0, 0, 0.0),
        (DEPTH_EVENT | EXCH_EVENT | BUY_EVENT, t + 1, t + 6, 99.00, 1.0, 0, 0, 0.0),   # exch only
        (10 | L | BUY_EVENT, t + 2, t + 7, 100.00, 1.0, 5, 0, 0.0),                    # L3 add
        (DEPTH_BBO_EVENT | L | BUY_EVENT, t + 3, t + 8, 100.01, 3.0, 0, 0, 0.0),
        (TRADE_EVENT | L | BUY_EVENT, t + 4, t + 9, 100.02, 0.5, 0, 0, 0.0),
        (DEPTH_EVENT | L | SELL_EVENT, t + 4, t + 9, 100.02, 1.5, 0, 0, 0.0),
    ], dtype=event_dtype)
    rows, feed = run(recs)
    rep = feed.report()
    assert rep['applied'] == dict(depth=3, trade=1, clear=0, snapshot=0, bbo=0)
    assert rep['skipped'] == dict(other_side=1, l3=1, bbo_skipped=1, not_reached=0)
    assert rep['records'] == sum(rep['applied'].values()) + sum(rep['skipped'].values()) == 7
    assert rep['steps'] == len(rows) == 2          # t+5 and t+9 (the BBO is skipped)
    assert rows[-1][1] == 100.00
    # the same with BBO records applied: the best bid becomes 100.01 at t+8
    rows, feed = run(recs, bbo=True)
    assert [r[1] for r in rows] == [100.00, 100.01, 100.01]
    assert feed.report()['applied']['bbo'] == 1
    # exchange time: the exchange-only record is applied, nothing is for another side
    rows, feed = run(recs, timestamp='exch')
    rep = feed.report()
    assert rep['skipped']['other_side'] == 0 and rep['applied']['depth'] == 4
    assert rows[-1][1] == 100.00


def test_report_counts_records_after_todate(events):
    from backtrader._cy.timeconv import ns_to_datetime
    ref = replay(events)
    cut = ref[len(ref) // 2]['ts']
    rows, feed = run(events, todate=ns_to_datetime(cut))
    rep = feed.report()
    assert rep['skipped']['not_reached'] > 0
    assert rep['records'] == sum(rep['applied'].values()) + sum(rep['skipped'].values())
    assert rows[-1][0] <= cut and len(rows) < len(ref)
