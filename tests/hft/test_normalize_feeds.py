"""The recording feeds inside Cerebro: BinanceRecordingData on the shipped sample (checked against
its generator's plain-dict book), BybitRecordingData on a hand-written recording."""
import importlib.util
import math
import os

import pytest

import backtrader as bt
from backtrader.hft.normalize import RecordingError
from .normalize_ref import write_recording

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, 'samples', 'data', 'binance-btcusdt.jsonl')


def _generator():
    spec = importlib.util.spec_from_file_location(
        'make_binance_recording', os.path.join(ROOT, 'samples', 'hft', 'make_binance_recording.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Watch(bt.Strategy):
    def __init__(self):
        self.seen = []

    def next(self):
        d = self.data
        self.seen.append((d.datetime.ns(0), d.bid[0], d.ask[0]))


def _run(data, **kw):
    cerebro = bt.Cerebro(**kw)
    cerebro.adddata(data)
    cerebro.addstrategy(Watch)
    return cerebro.run()[0]


@pytest.mark.parametrize('preload', [True, False])
def test_binance_sample_in_cerebro(tmp_path, preload):
    gen = _generator()
    truth = gen.make(str(tmp_path / 'truth.jsonl'))
    data = bt.hft.BinanceRecordingData(dataname=SAMPLE, tick_size=gen.TICK, lot_size=gen.LOT)
    strat = _run(data, preload=preload)
    book = data.book
    bids = dict(zip(*[list(x) for x in book.levels('bid', 100)]))
    asks = dict(zip(*[list(x) for x in book.levels('ask', 100)]))
    assert {round(p / gen.TICK): round(q / gen.LOT) for p, q in bids.items()} == truth['bids']
    assert {round(p / gen.TICK): round(q / gen.LOT) for p, q in asks.items()} == truth['asks']
    rep = data.report()
    rec = rep['recording']
    assert rec['messages_in'] == 299
    assert rec['applied'] + sum(rec['dropped'].values()) == 299
    assert rep['records'] == rec['records']
    # the book is empty exactly from the gap to the re-sync: the strategy sees NaN quotes then
    gap = rec['gaps'][0]
    with open(SAMPLE) as f:
        lines = f.read().splitlines()
    resync_ts = int(lines[gap['resync_line'] - 1].split(' ', 1)[0])
    first_snapshot_ts = min(int(x.split(' ', 1)[0]) for x in lines if 'lastUpdateId' in x)
    empty = [ts for ts, b, a in strat.seen if math.isnan(b) and ts >= first_snapshot_ts]
    assert empty and min(empty) >= gap['local_ts'] and max(empty) < resync_ts
    # before the first snapshot only trades make steps, on an empty book
    early = [(ts, b) for ts, b, a in strat.seen if ts < first_snapshot_ts]
    assert early and all(math.isnan(b) for ts, b in early)


def test_recording_feed_needs_receive_times(tmp_path):
    data = bt.hft.BinanceRecordingData(dataname=SAMPLE, tick_size=0.1, lot_size=0.001,
                                       timestamp='exch')
    with pytest.raises(ValueError, match="param 'timestamp' must be 'local'"):
        _run(data)


def test_bad_recording_raises_from_the_feed(tmp_path):
    path = tmp_path / 'bad.jsonl'
    path.write_text('1 {"lastUpdateId":1,"bids":[["1.00","1"]],"asks":[["1.01","1"]]}\n'
                    '2 {"e":"depthUpdate",\n')
    data = bt.hft.BinanceRecordingData(dataname=str(path), tick_size=0.01, lot_size=1)
    with pytest.raises(RecordingError, match=r'bad.jsonl:2: field .json.'):
        _run(data)
    data = bt.hft.BinanceRecordingData(dataname=str(path), tick_size=0.01, lot_size=1,
                                       on_error='count')
    strat = _run(data)
    assert strat.seen[-1][1:] == (1.0, 1.01)
    assert data.report()['recording']['dropped']['malformed'] == 1


def test_bybit_feed(tmp_path):
    E0 = 1_700_000_000_000

    def book(k, typ, u, b=(), a=()):
        return {'topic': 'orderbook.50.ETHUSDT', 'type': typ, 'ts': E0 + k,
                'data': {'s': 'ETHUSDT', 'b': [list(x) for x in b], 'a': [list(x) for x in a],
                         'u': u, 'seq': u}}
    rows = [
        (E0 * 10**6 + 1000, book(1, 'snapshot', 7, b=[('2000.10', '1.5'), ('2000.00', '2')],
                                 a=[('2000.20', '0.4')])),
        (E0 * 10**6 + 2000, book(2, 'delta', 8, b=[('2000.10', '0')], a=[('2000.15', '0.1')])),
        (E0 * 10**6 + 3000, {'topic': 'publicTrade.ETHUSDT', 'type': 'snapshot', 'ts': E0 + 3,
                             'data': [{'T': E0 + 3, 's': 'ETHUSDT', 'S': 'Buy', 'v': '0.1',
                                       'p': '2000.15', 'i': 'a1'}]}),
        (E0 * 10**6 + 4000, book(4, 'delta', 9, a=[('2000.15', '0')])),
    ]
    path = write_recording(tmp_path / 'eth.jsonl', rows)
    data = bt.hft.BybitRecordingData(dataname=path, tick_size=0.05, lot_size=0.01,
                                     step='event')
    strat = _run(data)
    # snapshot: best 2000.10 / 2000.20; line 2: bid 2000.10 gone, ask 2000.15 added;
    # line 4: ask 2000.15 gone
    assert strat.seen[-1][1:] == (2000.00, 2000.20)
    assert data.book.best_bid_qty == 2.0 and data.book.best_ask_qty == 0.4
    assert data.lines.size[0] == 0.1 and data.lines.side[0] == 1
    assert data.report()['recording']['applied'] == 4
