"""The Binance normaliser on recordings written to Binance's documented message formats.

Every expected book, count and record below is derived by hand from the recording in the test
(the comments walk through it), or from the plain-dict book of the sample's generator.
"""
import gzip
import importlib.util
import os
import shutil

import numpy as np
import pytest

from backtrader.hft.normalize import normalize, RecordingError, REASONS
from .normalize_ref import (write_recording, replay, records, DEPTH, TRADE, CLEAR, SNAPSHOT, BBO,
                           BUY, SELL, EXCH, LOCAL)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
E0 = 1_700_000_000_000          # exchange ms
T0 = E0 * 1_000_000             # the same instant in ns


def spot_diff(k, U, u, b=(), a=()):
    return {'e': 'depthUpdate', 'E': E0 + k, 's': 'BNBUSDT', 'U': U, 'u': u,
            'b': [list(x) for x in b], 'a': [list(x) for x in a]}


def fut_diff(k, U, u, pu, b=(), a=()):
    d = spot_diff(k, U, u, b, a)
    d.update(pu=pu, T=E0 + k - 1, s='BTCUSDT')
    return d


def agg(k, tid, p, q, m, s='BNBUSDT'):
    return {'e': 'aggTrade', 'E': E0 + k, 's': s, 'a': tid, 'p': p, 'q': q, 'f': tid * 2,
            'l': tid * 2, 'T': E0 + k, 'm': m}


def ns(k):
    """A receive time k microseconds after T0."""
    return T0 + k * 1000


def spot_recording(tmp_path):
    # snapshot lastUpdateId 100: diffs with u <= 100 are stale, the first applied one must hold
    # 101 in [U, u]; after it, U <= prev u + 1 < u + 1.
    rows = [
        (ns(1), {'result': None, 'id': 1}),                                       # 1 control
        (ns(2), spot_diff(2, 95, 98, b=[('10.00', '1.00')])),                    # 2 stale
        (ns(3), spot_diff(3, 99, 100, b=[('10.01', '2.00')])),                   # 3 stale (u == L)
        (ns(4), spot_diff(4, 101, 103, b=[('10.02', '0.50')], a=[('10.05', '0')])),  # 4 bridges
        (ns(5), {'lastUpdateId': 100, 'bids': [['10.01', '2.00'], ['10.00', '1.00']],
                 'asks': [['10.04', '3.00'], ['10.05', '4.00']]}),                 # 5 snapshot
        (ns(6), spot_diff(6, 104, 104, b=[('10.00', '0')], a=[('10.03', '1.25')])),
        (ns(7), agg(7, 500, '10.03', '0.25', False)),                             # buyer-initiated
        (ns(8), spot_diff(8, 105, 107, a=[('10.03', '1.00')])),
        (ns(9), {'e': 'trade', 'E': E0 + 9, 's': 'BNBUSDT', 't': 77, 'p': '10.03',
                 'q': '0.10', 'T': E0 + 9, 'm': True}),                           # other stream
        (ns(10), {'u': 107, 's': 'BNBUSDT', 'b': '10.02', 'B': '0.50', 'a': '10.03',
                  'A': '1.00'}),                                                  # spot bookTicker
        (ns(11), agg(11, 501, '10.02', '0.50', True)),                            # seller-initiated
        (ns(12), spot_diff(12, 108, 108, b=[('10.02', '0')])),
    ]
    return write_recording(tmp_path / 'spot.jsonl', rows)


def ticks(book):
    """{price: size} in floats -> ticks/lots of tick 0.01 and lot 0.01."""
    return {int(round(p * 100)): int(round(q * 100)) for p, q in book.items()}


def test_spot_replay_matches_hand_checked_book(tmp_path):
    res = normalize('binance', spot_recording(tmp_path), tick_size=0.01, lot_size=0.01)
    book = replay(res.events, res.ptick, res.qlot)
    # snapshot, then line 4 (bid 10.02 0.5, ask 10.05 deleted), line 6 (bid 10.00 deleted,
    # ask 10.03 1.25), line 8 (ask 10.03 1.00), bookTicker (no change), line 12 (bid 10.02 gone)
    assert book == {'bids': ticks({10.01: 2.0}), 'asks': ticks({10.03: 1.0, 10.04: 3.0})}


def test_spot_report_accounts_for_every_line(tmp_path):
    rep = normalize('binance', spot_recording(tmp_path), 0.01, 0.01).report
    assert rep.messages_in == 12
    assert rep.applied == 8        # lines 4, 5, 6, 7, 8, 10, 11, 12
    assert {k: v for k, v in rep.dropped.items() if v} == {
        'control': 1, 'stale': 2, 'other_stream': 1}
    assert rep.n_gaps == 0 and rep.resyncs == 0
    assert rep.check()
    assert set(rep.dropped) == set(REASONS)


def test_spot_records(tmp_path):
    res = normalize('binance', spot_recording(tmp_path), 0.01, 0.01)
    ev = res.events
    # the snapshot: one whole-book clear, then its levels; the bridging diff follows it and takes
    # the snapshot's receive time
    assert int(ev['ev'][0]) == CLEAR | EXCH | LOCAL
    snap = records(ev, SNAPSHOT)
    assert snap == [(SNAPSHOT | EXCH | LOCAL | BUY, ns(5), ns(5), 10.01, 2.0),
                    (SNAPSHOT | EXCH | LOCAL | BUY, ns(5), ns(5), 10.00, 1.0),
                    (SNAPSHOT | EXCH | LOCAL | SELL, ns(5), ns(5), 10.04, 3.0),
                    (SNAPSHOT | EXCH | LOCAL | SELL, ns(5), ns(5), 10.05, 4.0)]
    depth = records(ev, DEPTH)
    assert depth[:2] == [(DEPTH | EXCH | LOCAL | BUY, (E0 + 4) * 10**6, ns(5), 10.02, 0.5),
                         (DEPTH | EXCH | LOCAL | SELL, (E0 + 4) * 10**6, ns(5), 10.05, 0.0)]
    assert len(depth) == 6
    # m = buyer is maker: false -> the buyer took liquidity (BUY), true -> SELL
    assert records(ev, TRADE) == [
        (TRADE | EXCH | LOCAL | BUY, (E0 + 7) * 10**6, ns(7), 10.03, 0.25),
        (TRADE | EXCH | LOCAL | SELL, (E0 + 11) * 10**6, ns(11), 10.02, 0.5)]
    # spot bookTicker has no exchange time: both stamps are the receive time
    assert records(ev, BBO) == [(BBO | EXCH | LOCAL | BUY, ns(10), ns(10), 10.02, 0.5),
                                (BBO | EXCH | LOCAL | SELL, ns(10), ns(10), 10.03, 1.0)]
    assert np.all(np.diff(ev['local_ts']) >= 0)
    assert res.ptick.dtype == np.int64 and res.qlot.dtype == np.int64
    assert list(res.ptick[1:3]) == [1001, 1000] and list(res.qlot[1:3]) == [200, 100]
    assert res.report.events == {'clear': 1, 'snapshot': 4, 'depth': 6, 'trade': 2, 'bbo': 2}


def futures_recording(tmp_path):
    # USD-M futures: the first diff after snapshot L must have U <= L <= u, then pu == prev u
    rows = [
        (ns(1), {'lastUpdateId': 50, 'E': E0 + 1, 'T': E0 + 1,
                 'bids': [['100.0', '1']], 'asks': [['100.2', '1']]}),            # 1 snapshot
        (ns(2), fut_diff(2, 48, 52, 47, b=[('100.1', '2')])),                     # 2 48<=50<=52
        (ns(3), fut_diff(3, 53, 55, 52, a=[('100.2', '0'), ('100.3', '4')])),     # 3 pu 52 ok
        (ns(4), fut_diff(3, 53, 55, 52, a=[('100.2', '0'), ('100.3', '4')])),     # 4 duplicate
        (ns(5), fut_diff(1, 50, 51, 49, b=[('100.0', '7')])),                     # 5 stale (late)
        (ns(6), fut_diff(6, 60, 61, 59, b=[('100.1', '9')])),                     # 6 gap: 59 != 55
        (ns(7), fut_diff(7, 62, 63, 61, b=[('99.9', '3')])),                      # 7 buffered
        (ns(8), agg(8, 9, '100.3', '0.5', False, s='BTCUSDT')),                   # 8 trade
        (ns(9), fut_diff(7, 62, 63, 61, b=[('99.9', '3')])),                      # 9 duplicate
        (ns(10), {'lastUpdateId': 61, 'E': E0 + 10, 'T': E0 + 10,
                  'bids': [['100.1', '9'], ['100.0', '1']], 'asks': [['100.3', '4']]}),  # 10 resync
        (ns(11), fut_diff(11, 64, 64, 63, a=[('100.2', '0.5')])),                 # 11 pu 63 ok
    ]
    return write_recording(tmp_path / 'fut.jsonl', rows)


def test_futures_gap_and_resync(tmp_path):
    res = normalize('binance', futures_recording(tmp_path), tick_size=0.1, lot_size=0.001)
    rep = res.report
    assert rep.messages_in == 11
    assert rep.applied == 8            # 1, 2, 3, 6, 7, 8, 10, 11
    assert {k: v for k, v in rep.dropped.items() if v} == {'duplicate': 2, 'stale': 1}
    assert rep.n_gaps == 1 and rep.resyncs == 1
    assert rep.gaps == [{'line': 6, 'local_ts': ns(6), 'stream': 'depth', 'expected': 55,
                         'got': 59, 'resync_line': 10}]
    book = replay(res.events, res.ptick, res.qlot)
    assert book == {'bids': {1001: 9000, 1000: 1000, 999: 3000},
                    'asks': {1002: 500, 1003: 4000}}
    ev = res.events
    # the gap clears the book at line 6's receive time; lines 6 and 7 are applied after the
    # snapshot of line 10, at its receive time
    clears = records(ev, CLEAR)
    assert [c[2] for c in clears] == [ns(1), ns(6), ns(10)]
    depth = records(ev, DEPTH)
    assert [(d[2], d[3]) for d in depth] == [(ns(2), 100.1), (ns(3), 100.2), (ns(3), 100.3),
                                            (ns(10), 100.1), (ns(10), 99.9), (ns(11), 100.2)]
    # nothing of the invalid period reaches the book before the re-sync but the trade
    i_clear, i_snap = np.flatnonzero((ev['ev'] & 0xFF) == CLEAR)[1:3]
    between = ev[i_clear + 1:i_snap]
    assert [int(x) & 0xFF for x in between['ev']] == [TRADE]


def test_futures_gap_without_clear(tmp_path):
    res = normalize('binance', futures_recording(tmp_path), 0.1, 0.001, clear_on_gap=False)
    assert [c[2] for c in records(res.events, CLEAR)] == [ns(1), ns(10)]
    assert res.report.n_gaps == 1


def test_snapshot_behind_and_broken_chain(tmp_path):
    rows = [
        (ns(1), spot_diff(1, 10, 12, b=[('1.00', '1')])),                  # 1 stale at line 4
        (ns(2), spot_diff(2, 13, 15, b=[('1.01', '1')])),                  # 2 bridges L = 13
        (ns(3), {'lastUpdateId': 5, 'bids': [['0.99', '1']], 'asks': []}),  # 3 too old: 10 > 6
        (ns(4), {'lastUpdateId': 13, 'bids': [['1.00', '1']], 'asks': [['1.05', '2']]}),
        (ns(5), spot_diff(5, 16, 16, a=[('1.04', '3')])),                  # 5 applied
        (ns(6), spot_diff(6, 20, 22, a=[('1.03', '3')])),                  # 6 gap: 20 > 17
        (ns(7), spot_diff(7, 30, 31, a=[('1.02', '3')])),                  # 7 breaks the chain
        (ns(8), spot_diff(8, 32, 32, a=[('1.02', '1')])),                  # 8 buffered to the end
    ]
    res = normalize('binance', write_recording(tmp_path / 'r.jsonl', rows), 0.01, 1)
    rep = res.report
    assert rep.messages_in == 8
    assert rep.applied == 3            # the snapshot of line 4, then diffs 2 and 5
    assert {k: v for k, v in rep.dropped.items() if v} == {
        'stale': 1, 'snapshot_behind': 1, 'unsynced': 3}
    assert [(g['line'], g['stream'], g['expected'], g['got'], g['resync_line'])
            for g in rep.gaps] == [(6, 'depth', 17, 20, None),
                                   (7, 'depth (unsynced)', 23, 30, None)]
    assert rep.check()
    # the book shows the snapshot of line 4, diff 2, diff 5, then the clear of the gap
    assert replay(res.events, res.ptick, res.qlot) == {'bids': {}, 'asks': {}}
    depth = records(res.events, DEPTH)
    assert [(d[2], d[3]) for d in depth] == [(ns(4), 1.01), (ns(5), 1.04)]


def test_combined_stream_wrapper_and_symbol_filter(tmp_path):
    rows = [
        (ns(1), {'lastUpdateId': 1, 'bids': [['5.00', '1']], 'asks': [['5.02', '1']]}),
        (ns(2), {'stream': 'bnbusdt@depth@100ms', 'data': spot_diff(2, 2, 3, b=[('5.01', '2')])}),
        (ns(3), {'stream': 'ethusdt@aggTrade', 'data': agg(3, 1, '5.01', '1', True, s='ETHUSDT')}),
        (ns(4), {'stream': 'bnbusdt@kline_1m', 'data': {'e': 'kline', 'E': E0, 's': 'BNBUSDT'}}),
    ]
    res = normalize('binance', write_recording(tmp_path / 'c.jsonl', rows), 0.01, 1,
                    symbol='bnbusdt')
    rep = res.report
    assert rep.applied == 2
    assert {k: v for k, v in rep.dropped.items() if v} == {'other_symbol': 1, 'unsupported': 1}
    assert replay(res.events, res.ptick, res.qlot) == {'bids': {501: 2, 500: 1}, 'asks': {502: 1}}


def test_trade_ids_duplicates_and_gaps(tmp_path):
    rows = [(ns(1), agg(1, 10, '1.00', '1', False)),
            (ns(2), agg(2, 11, '1.00', '1', False)),
            (ns(3), agg(2, 11, '1.00', '1', False)),      # duplicate
            (ns(4), agg(4, 14, '1.01', '2', True)),       # ids 12, 13 missing: reported, kept
            (ns(5), agg(3, 12, '1.00', '1', False))]      # arrives late: stale
    res = normalize('binance', write_recording(tmp_path / 't.jsonl', rows), 0.01, 1)
    rep = res.report
    assert rep.applied == 3
    assert rep.dropped['duplicate'] == 1 and rep.dropped['stale'] == 1
    assert [(g['line'], g['stream'], g['expected'], g['got']) for g in rep.gaps] == [
        (4, 'aggTrade', 12, 14)]
    assert [r[3] for r in records(res.events, TRADE)] == [1.00, 1.00, 1.01]


def test_off_book_futures_trades(tmp_path):
    def trade(k, tid, x):
        return {'e': 'trade', 'E': E0 + k, 'T': E0 + k, 's': 'BTCUSDT', 't': tid, 'p': '100.0',
                'q': '0.5', 'X': x, 'm': False}
    rows = [(ns(1), trade(1, 40, 'MARKET')), (ns(2), trade(2, 41, 'INSURANCE_FUND')),
            (ns(3), trade(3, 42, 'ADL')), (ns(4), trade(4, 43, 'MARKET'))]
    res = normalize('binance', write_recording(tmp_path / 'x.jsonl', rows), 0.1, 0.001)
    rep = res.report
    assert rep.applied == 2 and rep.dropped['off_book_trade'] == 2
    assert rep.n_gaps == 0            # their ids still count in the trade sequence
    assert [r[1] for r in records(res.events, TRADE)] == [(E0 + 1) * 10**6, (E0 + 4) * 10**6]


# -- bad input ---------------------------------------------------------------------------------
def _bad(tmp_path, text_lines):
    p = tmp_path / 'bad.jsonl'
    p.write_text(''.join(text_lines))
    return str(p)


GOOD = '%d {"lastUpdateId":1,"bids":[["1.00","1"]],"asks":[]}\n' % ns(1)


@pytest.mark.parametrize('line, field', [
    ('abc {"e":"aggTrade"}\n', 'ts'),
    ('12345\n', 'ts'),
    ('%d {"e":"depthUpdate",\n' % ns(2), 'json'),
    ('%d [1, 2]\n' % ns(2), 'json'),
    ('%d {"e":"depthUpdate","E":1,"s":"X","U":2,"b":[],"a":[]}\n' % ns(2), 'u'),
    ('%d {"e":"aggTrade","E":1,"s":"X","a":1,"p":"1.00","q":"1","T":1}\n' % ns(2), 'm'),
])
def test_malformed_line_names_file_line_and_field(tmp_path, line, field):
    path = _bad(tmp_path, [GOOD, line])
    with pytest.raises(RecordingError) as exc:
        normalize('binance', path, 0.01, 1)
    assert exc.value.line == 2 and exc.value.field == field
    assert str(exc.value).startswith('%s:2: field %r' % (path, field))


def test_truncated_last_line(tmp_path):
    path = _bad(tmp_path, [GOOD, '%d {"e":"aggTrade","E":1,"s":"X","a":1,"p":"1.0' % ns(2)])
    with pytest.raises(RecordingError, match=r':2: field .json.: malformed JSON'):
        normalize('binance', path, 0.01, 1)


def test_count_policy_keeps_going_and_accounts(tmp_path):
    path = _bad(tmp_path, [
        GOOD,
        'nonsense\n',
        '%d {"e":"depthUpdate"\n' % ns(3),
        '%d {"e":"depthUpdate","E":1,"s":"X","U":2,"b":[],"a":[]}\n' % ns(4),
        '\n',                                                          # blank: not a message
        '%d {"e":"depthUpdate","E":1,"s":"X","U":2,"u":2,"b":[["1.01","2"]],"a":[]}\n' % ns(5),
        '%d {"e":"depthUpdate","E":1,"s":"X","U":3,"u":3,"b":[["1.02","2"]],"a":[]}\n' % ns(1),
    ])
    res = normalize('binance', path, 0.01, 1, on_error='count')
    rep = res.report
    assert rep.messages_in == 6 and rep.applied == 2
    assert rep.dropped['malformed'] == 3 and rep.dropped['time_backwards'] == 1
    assert [(b['line'], b['field']) for b in rep.bad_lines] == [(2, 'ts'), (3, 'json'), (4, 'u')]
    assert replay(res.events, res.ptick, res.qlot) == {'bids': {100: 1, 101: 2}, 'asks': {}}


def test_time_going_back_raises(tmp_path):
    path = _bad(tmp_path, [GOOD, GOOD.replace(str(ns(1)), str(ns(0)))])
    with pytest.raises(RecordingError, match=r":2: field 'ts': receive time .* before"):
        normalize('binance', path, 0.01, 1)


@pytest.mark.parametrize('levels, field, what', [
    ('"b":[["1.005","1"]],"a":[]', 'b', 'off the tick grid'),
    ('"b":[],"a":[["1.01","0.5"]]', 'a', 'off the lot grid'),
    ('"b":[],"a":[["NaN","1"]]', 'a', 'not a positive number'),
    ('"b":[["1.01","-1"]],"a":[]', 'b', 'not a non-negative number'),
    ('"b":[["abc","1"]],"a":[]', 'b', "price 'abc' is not a positive number"),
    ('"b":[["1.01"]],"a":[]', 'b', 'is not a \\[price, size\\] pair'),
    ('"b":[["1.01","1"]],"a":[["1.02","1","x"]]', 'a', 'is not a \\[price, size\\] pair'),
    ('"b":[["1.005e0","1"]],"a":[]', 'b', 'off the tick grid'),
    ('"b":[],"a":[["1.02","1e400"]]', 'a', 'not a non-negative number'),
])
def test_bad_values_name_line_and_field(tmp_path, levels, field, what):
    diff = '%d {"e":"depthUpdate","E":1,"s":"X","U":2,"u":2,%s}\n' % (ns(3), levels)
    path = _bad(tmp_path, [GOOD, '%d {"result":null,"id":1}\n' % ns(2), diff])
    with pytest.raises(RecordingError, match=what) as exc:
        normalize('binance', path, 0.01, 1)
    assert (exc.value.line, exc.value.field) == (3, field)


def test_numbers_and_exponents_convert_exactly(tmp_path):
    # exponent notation and JSON numbers take the float route; long decimals the exact one
    path = _bad(tmp_path, [GOOD, '%d {"e":"depthUpdate","E":1,"s":"X","U":2,"u":2,"b":'
                                 '[["1.02e0","2"],[1.03,3],["1.040000000000000000000","4"]],'
                                 '"a":[[2,"0.5e1"]]}\n' % ns(2)])
    res = normalize('binance', path, 0.01, 1)
    assert list(res.ptick) == [0, 100, 102, 103, 104, 200]
    assert list(res.qlot) == [0, 1, 2, 3, 4, 5]
    assert list(res.events['px'][2:]) == [1.02, 1.03, 1.04, 2.0]


def test_bad_trade_size_names_q(tmp_path):
    path = _bad(tmp_path, [GOOD, '%d {"e":"aggTrade","E":1,"s":"X","a":1,"p":"1.00","q":"-2",'
                                 '"T":1,"m":true}\n' % ns(2)])
    with pytest.raises(RecordingError) as exc:
        normalize('binance', path, 0.01, 1)
    assert (exc.value.line, exc.value.field) == (2, 'q')


# -- decoders, compression, the shipped sample ------------------------------------------------
def _same(a, b):
    assert np.array_equal(a.events, b.events)
    assert np.array_equal(a.ptick, b.ptick) and np.array_equal(a.qlot, b.qlot)
    da, db = a.report.as_dict(), b.report.as_dict()
    da.pop('source'), db.pop('source')
    assert da == db


def test_stdlib_and_fast_decoders_agree(tmp_path):
    path = futures_recording(tmp_path)
    ref = normalize('binance', path, 0.1, 0.001, decoder='json')
    assert ref.decoder == 'json'
    for name in ('orjson', 'msgspec'):
        try:
            other = normalize('binance', path, 0.1, 0.001, decoder=name)
        except ImportError:
            continue
        assert other.decoder == name
        _same(ref, other)


def test_gzip_recording(tmp_path):
    path = spot_recording(tmp_path)
    with open(path, 'rb') as src, gzip.open(path + '.gz', 'wb') as dst:
        shutil.copyfileobj(src, dst)
    _same(normalize('binance', path, 0.01, 0.01), normalize('binance', path + '.gz', 0.01, 0.01))


def _generator():
    spec = importlib.util.spec_from_file_location(
        'make_binance_recording', os.path.join(ROOT, 'samples', 'hft', 'make_binance_recording.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_shipped_sample_replays_to_the_true_book(tmp_path):
    gen = _generator()
    shipped = os.path.join(ROOT, 'samples', 'data', 'binance-btcusdt.jsonl')
    truth = gen.make(str(tmp_path / 'again.jsonl'))
    with open(shipped, 'rb') as a, open(tmp_path / 'again.jsonl', 'rb') as b:
        assert a.read() == b.read(), 'the shipped sample is not the generator output'
    res = normalize('binance', shipped, gen.TICK, gen.LOT)
    assert replay(res.events, res.ptick, res.qlot) == truth
    rep = res.report
    assert rep.messages_in == 299 and rep.n_gaps == 1 and rep.resyncs == 1
    assert rep.dropped['duplicate'] == 1 and rep.dropped['control'] == 1
    assert rep.gaps[0]['resync_line'] is not None
    assert rep.check()


def test_book_ticker_order_and_symbol_autodetect(tmp_path):
    def tick(u, b, s='BNBUSDT'):
        return {'u': u, 's': s, 'b': b, 'B': '1', 'a': '9.99', 'A': '2'}
    rows = [(ns(1), tick(10, '9.90')),
            (ns(2), tick(10, '9.90')),                 # duplicate
            (ns(3), tick(12, '9.91')),
            (ns(4), tick(11, '9.89')),                 # older than the last: stale
            (ns(5), tick(13, '9.92', s='ETHUSDT'))]    # the first symbol seen is kept
    res = normalize('binance', write_recording(tmp_path / 'bt.jsonl', rows), 0.01, 1)
    rep = res.report
    assert rep.applied == 2
    assert {k: v for k, v in rep.dropped.items() if v} == {
        'duplicate': 1, 'stale': 1, 'other_symbol': 1}
    assert [r[3] for r in records(res.events, BBO)] == [9.90, 9.99, 9.91, 9.99]


def test_empty_recording(tmp_path):
    path = _bad(tmp_path, ['\n', '   \n'])
    res = normalize('binance', path, 0.01, 1)
    assert len(res.events) == 0 and res.events.dtype.itemsize == 64
    assert res.report.messages_in == 0 and res.report.check()


def test_bad_grid_and_exchange_arguments(tmp_path):
    path = spot_recording(tmp_path)
    with pytest.raises(ValueError, match='grid step'):
        normalize('binance', path, 0.0, 0.01)
    with pytest.raises(ValueError, match='exchange must be one of'):
        normalize('kraken', path, 0.01, 0.01)
    with pytest.raises(ValueError, match="on_error must be 'raise' or 'count'"):
        normalize('binance', path, 0.01, 0.01, on_error='ignore')
