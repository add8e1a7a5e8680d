"""L2EventData's memory: the uncompressed members of an ``.npz`` are mapped read-only, every pass
over the records releases the pages behind it (only a few megabytes of the file stay in the
process), and a mapped source replays exactly as the same records in memory. Compressed members
and in-memory arrays are read as before and never released."""
import os
import sys

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.events import EXCH_EVENT, LOCAL_EVENT, TRADE_EVENT, BUY_EVENT, event_dtype
from backtrader.hft.feeds.l2event import L2EventData

from .l2_reference import LOT, TICK, generate

MB = 1 << 20
# what pagerelease.pxd keeps resident around a cursor: the lag, one release interval, the 64 KB
# alignment of the release boundary and the kernel's fault-around ahead of the cursor (64 KB)
KEPT = (8 + 4) * MB + 3 * (1 << 16)


def _save(path, events, compressed=False):
    save = np.savez_compressed if compressed else np.savez
    save(path, data=events, ptick=np.round(events['px'] / TICK).astype('i8'),
         qlot=np.round(events['qty'] / LOT).astype('i8'))
    return str(path)


class Rows(bt.Strategy):
    def __init__(self):
        self.rows = []

    def next(self):
        d = self.data
        b = d.book
        self.rows.append((d.datetime.ns(0), d.bid[0], d.ask[0], d.volume[0], b.best_bid_tick,
                          b.best_ask_tick, b.imbalance(5)))


def _run(src, step, preload):
    cerebro = bt.Cerebro(stdstats=False)
    data = L2EventData(dataname=src, tick_size=TICK, lot_size=LOT, step=step)
    cerebro.adddata(data)
    cerebro.addstrategy(Rows)
    rows = cerebro.run(preload=preload, runonce=False)[0].rows
    return data, rows


@pytest.fixture(scope='module')
def events():
    return generate(6000, seed=21)


@pytest.mark.parametrize('step,preload', [('timestamp', False), ('20ms', True), ('event', True)])
def test_mapped_npz_replays_like_the_array_in_memory(tmp_path, events, step, preload):
    src = _save(tmp_path / 'ev.npz', events)
    data, rows = _run(src, step, preload)
    assert data._mapped and isinstance(data._load_records()[0], np.memmap)
    ref_data, ref = _run(np.array(events), step, preload)
    assert not ref_data._mapped
    assert len(rows) == len(ref) > 100
    np.testing.assert_array_equal(np.array(rows, float), np.array(ref, float))
    got, exp = data.report(), ref_data.report()
    assert got.pop('source') == src and exp.pop('source') == '<array>'
    assert got == exp


def test_compressed_npz_is_read_into_memory(tmp_path, events):
    src = _save(tmp_path / 'evz.npz', events, compressed=True)
    data, rows = _run(src, '20ms', True)
    assert not data._mapped and not isinstance(data._load_records()[0], np.memmap)
    _, ref = _run(np.array(events), '20ms', True)
    np.testing.assert_array_equal(np.array(rows, float), np.array(ref, float))


def test_truncated_stored_member_is_refused(tmp_path, events):
    src = _save(tmp_path / 'cut.npz', events)
    size = os.path.getsize(src)
    with open(src, 'r+b') as f:
        f.truncate(size // 2)
    with pytest.raises(ValueError, match='cut.npz'):
        L2EventData(dataname=src, tick_size=TICK, lot_size=LOT)._load_records()


def _mapped_rss(path):
    """Resident bytes of this process's mappings of ``path`` (/proc/self/smaps)."""
    total = 0
    inside = False
    with open('/proc/self/smaps') as f:
        for line in f:
            head = line.split(None, 5)
            if len(head) >= 5 and '-' in head[0] and ':' in head[3]:
                inside = len(head) == 6 and head[5].strip() == path
            elif inside and line.startswith('Rss:'):
                total += int(line.split()[1]) * 1024
    return total


class RssProbe(bt.Strategy):
    params = (('path', None), ('every', 200))

    def __init__(self):
        self.n = 0
        self.peak = 0

    def next(self):
        self.n += 1
        if self.n % self.p.every == 0:
            self.peak = max(self.peak, _mapped_rss(self.p.path))
        if self.n % (self.p.every * 5) == 0:
            self.data.book      # the lazily synced second cursor moves too


@pytest.mark.skipif(not sys.platform.startswith('linux'), reason='reads /proc/self/smaps')
@pytest.mark.parametrize('preload', [True, False])
def test_pages_behind_the_cursors_are_released(tmp_path, preload):
    # 600,000 trade records (38 MB): valid, cheap to build, and the book is not the point
    n = 600_000
    ev = np.zeros(n, dtype=event_dtype)
    ev['ev'] = TRADE_EVENT | EXCH_EVENT | LOCAL_EVENT | BUY_EVENT
    ev['exch_ts'] = 1_700_000_000_000_000_000 + np.arange(n, dtype=np.int64) * 1_000_000
    ev['local_ts'] = ev['exch_ts'] + 200_000
    ev['px'] = 100.0
    ev['qty'] = 0.001
    path = str(tmp_path / 'big.npz')
    np.savez(path, data=ev)
    assert ev.nbytes > 3 * KEPT
    cerebro = bt.Cerebro(stdstats=False)
    data = L2EventData(dataname=path, tick_size=TICK, lot_size=LOT, step='100ms')
    cerebro.adddata(data)
    cerebro.addstrategy(RssProbe, path=path)
    strat = cerebro.run(preload=preload, runonce=False)[0]
    assert data._mapped
    assert strat.n == 6000
    # one cursor moves at a time here: preloaded, the feed's passes ended before the first
    # next (only data.book's cursor moves then); streamed, data.book is the feed's own cursor
    assert 0 < strat.peak <= KEPT
    assert data.report()['records'] == n
    assert _mapped_rss(path) <= KEPT


@pytest.mark.parametrize('window', ['none', 'from', 'to', 'both'])
def test_interval_preload_sizes_its_columns_from_the_times(events, window):
    # preloaded interval steps are counted from the timestamps (no counting pass over the
    # records): the same steps as the streamed feed, inside any date window, also when the
    # last records are not applied (exchange-only ones)
    from backtrader._cy.timeconv import ns_to_datetime
    tail = np.array(events[-3:])
    tail['ev'] &= ~np.uint64(LOCAL_EVENT)
    tail['exch_ts'] = tail['local_ts'] = events['local_ts'][-1] + 50_000_000
    ev = np.concatenate([events, tail])
    t0, t1 = int(ev['local_ts'][0]), int(ev['local_ts'][-1])
    kw = {}
    if window in ('from', 'both'):
        kw['fromdate'] = ns_to_datetime(t0 + (t1 - t0) // 3)
    if window in ('to', 'both'):
        kw['todate'] = ns_to_datetime(t0 + 2 * (t1 - t0) // 3)
    rows = {}
    for preload in (True, False):
        cerebro = bt.Cerebro(stdstats=False)
        data = L2EventData(dataname=ev, tick_size=TICK, lot_size=LOT, step='7ms', **kw)
        cerebro.adddata(data)
        cerebro.addstrategy(Rows)
        rows[preload] = cerebro.run(preload=preload, runonce=False)[0].rows
    assert len(rows[True]) > 50
    np.testing.assert_array_equal(np.array(rows[True], float), np.array(rows[False], float))
