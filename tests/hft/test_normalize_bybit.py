"""The Bybit v5 normaliser on recordings written to Bybit's documented message formats.

Expected books, counts and records are derived by hand from each recording (see the comments).
"""
import numpy as np
import pytest

from backtrader.hft.normalize import normalize, RecordingError
from .normalize_ref import (write_recording, replay, records, DEPTH, TRADE, CLEAR, SNAPSHOT, BUY,
                            SELL)

E0 = 1_700_000_000_000
T0 = E0 * 1_000_000


def ns(k):
    return T0 + k * 1000


def book(k, typ, u, b=(), a=(), topic='orderbook.50.BTCUSDT', cts=True):
    msg = {'topic': topic, 'type': typ, 'ts': E0 + k,
           'data': {'s': 'BTCUSDT', 'b': [list(x) for x in b], 'a': [list(x) for x in a],
                    'u': u, 'seq': 1000 + u}}
    if cts:
        msg['cts'] = E0 + k - 2
    return msg


def trades(k, *rows):
    return {'topic': 'publicTrade.BTCUSDT', 'type': 'snapshot', 'ts': E0 + k,
            'data': [{'T': E0 + k - 1, 's': 'BTCUSDT', 'S': side, 'v': v, 'p': p, 'L': 'PlusTick',
                      'i': tid, 'BT': False} for side, p, v, tid in rows]}


def recording(tmp_path):
    rows = [
        (ns(1), {'success': True, 'ret_msg': '', 'conn_id': 'c1', 'op': 'subscribe'}),  # control
        (ns(2), book(2, 'delta', 5, b=[('99.0', '1')])),                   # 2 before any snapshot
        (ns(3), book(3, 'snapshot', 10, b=[('100.0', '1'), ('99.9', '2')], a=[('100.1', '1')])),
        (ns(4), book(4, 'delta', 11, b=[('100.0', '3')])),                 # 4 applied
        (ns(5), book(4, 'delta', 11, b=[('100.0', '3')])),                 # 5 duplicate
        (ns(6), trades(6, ('Sell', '100.0', '0.5', 't1'), ('Buy', '100.1', '0.25', 't2'))),
        (ns(7), book(7, 'delta', 13, a=[('100.1', '0')])),                 # 7 gap: 12 missing
        (ns(8), book(8, 'delta', 14, a=[('100.2', '5')])),                 # 8 unsynced
        (ns(9), trades(6, ('Sell', '100.0', '0.5', 't1'), ('Buy', '100.1', '0.25', 't2'))),  # dup
        (ns(10), book(10, 'snapshot', 20, b=[('100.0', '2')], a=[('100.2', '1')])),  # re-sync
        (ns(11), book(11, 'delta', 21, a=[('100.1', '0.5')], cts=False)),  # 11 applied, exch = ts
        (ns(12), book(12, 'snapshot', 3, b=[('1.0', '1')], topic='orderbook.1.BTCUSDT')),
        (ns(13), book(13, 'delta', 1, b=[('101.0', '1')], a=[('101.1', '1')])),  # u == 1: reset
        (ns(14), {'topic': 'tickers.BTCUSDT', 'type': 'snapshot', 'ts': E0, 'data': {}}),
    ]
    return write_recording(tmp_path / 'bybit.jsonl', rows)


def test_report_accounts_for_every_message(tmp_path):
    rep = normalize('bybit', recording(tmp_path), 0.1, 0.001).report
    assert rep.messages_in == 14
    assert rep.applied == 6             # lines 3, 4, 6, 10, 11, 13
    assert {k: v for k, v in rep.dropped.items() if v} == {
        'control': 1, 'unsynced': 2, 'duplicate': 2, 'gap': 1, 'other_stream': 1,
        'unsupported': 1}
    assert rep.gaps == [{'line': 7, 'local_ts': ns(7), 'stream': 'orderbook', 'expected': 12,
                         'got': 13, 'resync_line': 10}]
    assert rep.resyncs == 1
    assert rep.check()


def test_books_along_the_recording(tmp_path):
    path = recording(tmp_path)
    res = normalize('bybit', path, 0.1, 0.001)
    ev = res.events
    # the book just before the gap's clear: snapshot of line 3 and delta of line 4
    i_gap_clear = np.flatnonzero((ev['ev'] & 0xFF) == CLEAR)[1]
    assert int(ev['local_ts'][i_gap_clear]) == ns(7)
    before = replay(ev[:i_gap_clear], res.ptick[:i_gap_clear], res.qlot[:i_gap_clear])
    assert before == {'bids': {1000: 3000, 999: 2000}, 'asks': {1001: 1000}}
    # after line 11: the snapshot of line 10 and the delta of line 11
    i_reset = np.flatnonzero((ev['ev'] & 0xFF) == CLEAR)[3]
    mid = replay(ev[:i_reset], res.ptick[:i_reset], res.qlot[:i_reset])
    assert mid == {'bids': {1000: 2000}, 'asks': {1001: 500, 1002: 1000}}
    # the u == 1 delta replaces the book
    assert replay(ev, res.ptick, res.qlot) == {'bids': {1010: 1000}, 'asks': {1011: 1000}}


def test_records_and_timestamps(tmp_path):
    res = normalize('bybit', recording(tmp_path), 0.1, 0.001)
    ev = res.events
    # S is the taker side
    assert records(ev, TRADE) == [
        (TRADE | (3 << 30) | SELL, (E0 + 5) * 10**6, ns(6), 100.0, 0.5),
        (TRADE | (3 << 30) | BUY, (E0 + 5) * 10**6, ns(6), 100.1, 0.25)]
    snap = records(ev, SNAPSHOT)
    assert snap[0] == (SNAPSHOT | (3 << 30) | BUY, (E0 + 1) * 10**6, ns(3), 100.0, 1.0)  # cts
    depth = records(ev, DEPTH)
    assert depth[-1] == (DEPTH | (3 << 30) | SELL, (E0 + 11) * 10**6, ns(11), 100.1, 0.5)  # ts
    assert [c[2] for c in records(ev, CLEAR)] == [ns(3), ns(7), ns(10), ns(13)]


def test_missing_field_and_bad_type(tmp_path):
    bad = book(3, 'snapshot', 10, b=[('100.0', '1')])
    del bad['data']['u']
    path = write_recording(tmp_path / 'b.jsonl', [(ns(1), book(1, 'snapshot', 1)), (ns(2), bad)])
    with pytest.raises(RecordingError) as exc:
        normalize('bybit', path, 0.1, 0.001)
    assert (exc.value.line, exc.value.field) == (2, 'u')
    odd = book(3, 'partial', 10)
    path = write_recording(tmp_path / 'c.jsonl', [(ns(1), odd)])
    res = normalize('bybit', path, 0.1, 0.001, on_error='count')
    assert res.report.dropped['malformed'] == 1 and res.report.bad_lines[0]['line'] == 1
    assert 'partial' in res.report.bad_lines[0]['error']
    # a trade message with one bad trade writes none of its trades
    bad_trades = trades(4, ('Buy', '100.0', '1', 'x1'), ('Sell', '100.0', '1', 'x2'))
    del bad_trades['data'][1]['v']
    path = write_recording(tmp_path / 'd.jsonl', [(ns(1), bad_trades)])
    res = normalize('bybit', path, 0.1, 0.001, on_error='count')
    assert len(res.events) == 0 and res.report.bad_lines[0]['field'] == 'v'


def test_off_grid_trade_price(tmp_path):
    path = write_recording(tmp_path / 't.jsonl', [(ns(1), trades(1, ('Buy', '100.05', '1', 'x')))])
    with pytest.raises(RecordingError, match='off the tick grid') as exc:
        normalize('bybit', path, 0.1, 0.001)
    assert (exc.value.line, exc.value.field) == (1, 'p')
