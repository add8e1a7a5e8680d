"""Order latency models of bt.hft.models: ConstantLatency and IntpOrderLatency (interpolation,
ends, rejections, input forms, bad input). Expected values are worked out by hand."""
import pickle

import numpy as np
import pytest

import backtrader as bt

M = bt.hft.models

# (req_ts, exch_ts, resp_ts); row 2 was rejected by the exchange (exch_ts 0)
ROWS = np.array([
    [1000, 1100, 1300],      # entry 100, response 200
    [2000, 2300, 2400],      # entry 300, response 100
    [3000, 0, 3500],         # rejected, round trip 500
    [4000, 4050, 4150],      # entry 50, response 100
], dtype=np.int64)


def test_constant_latency():
    lat = M.ConstantLatency(1_000_000, 2_000_000)
    assert (lat.entry_ns, lat.response_ns) == (1_000_000, 2_000_000)
    assert lat.entry_latency(0) == 1_000_000
    assert lat.entry_latency(10 ** 18) == 1_000_000
    assert lat.response_latency(5) == 2_000_000
    assert lat.describe() == 'ConstantLatency(entry=1000000ns, response=2000000ns)'
    assert repr(lat) == lat.describe()
    clone = pickle.loads(pickle.dumps(lat))
    assert (clone.entry_ns, clone.response_ns) == (1_000_000, 2_000_000)
    assert M.ConstantLatency(np.int64(5), 0).entry_ns == 5


@pytest.mark.parametrize('args,exc,msg', [
    ((-1, 0), ValueError, 'entry_ns must be >= 0 ns, not -1'),
    ((0, -5), ValueError, 'response_ns must be >= 0 ns, not -5'),
    ((1.5, 0), TypeError, 'entry_ns must be an integer number of nanoseconds'),
    ((0, '10'), TypeError, 'response_ns must be an integer number of nanoseconds'),
    ((True, 0), TypeError, 'entry_ns must be an integer'),
])
def test_constant_latency_bad_input(args, exc, msg):
    with pytest.raises(exc, match=msg):
        M.ConstantLatency(*args)


def test_abstract_latency():
    with pytest.raises(TypeError, match='abstract'):
        M.OrderLatency()


@pytest.mark.parametrize('t,expected', [
    (500, 100),               # before the first row: its value
    (1000, 100),
    (1500, 200),              # halfway from 100 to 300
    (1999, 299),              # 100 + 200 * 999/1000 = 299.8, truncated
    (2500, -450),             # next row rejected: -(400 + (500 - 400) * 0.5)
    (3500, -325),             # this row rejected: -(500 + (150 - 500) * 0.5)
    (4000, 50),               # the last row and after: its value
    (10 ** 12, 50),
])
def test_intp_entry(t, expected):
    assert M.IntpOrderLatency(ROWS).entry_latency(t) == expected


@pytest.mark.parametrize('t,expected', [
    (1000, 200),              # accepted rows by exch_ts: (1100, 200) (2300, 100) (4050, 100)
    (1101, 200),              # 200 - 100/1200 = 199.92, truncated toward zero of the change
    (1113, 199),              # 200 - 1.083 -> 200 - 1
    (1700, 150),
    (3000, 100),
    (5000, 100),
])
def test_intp_response(t, expected):
    assert M.IntpOrderLatency(ROWS).response_latency(t) == expected


def test_intp_time_going_back_and_forth():
    lat = M.IntpOrderLatency(ROWS)
    seq = [(4500, 50), (1500, 200), (3500, -325), (1000, 100), (2500, -450), (1500, 200)]
    assert [lat.entry_latency(t) for t, _ in seq] == [e for _, e in seq]
    assert [lat.response_latency(t) for t in (5000, 1700, 3000, 1000)] == [100, 150, 100, 200]


def test_intp_rejected_end_rows():
    rows = np.array([[100, 0, 160], [200, 230, 260], [300, -1, 390]])
    lat = M.IntpOrderLatency(rows)
    assert lat.entry_latency(50) == -60         # first row rejected: minus its round trip
    assert lat.entry_latency(500) == -90        # last row rejected
    assert lat.response_latency(0) == 30        # the one accepted row
    assert lat.response_latency(999) == 30


def test_intp_equal_request_times():
    rows = np.array([[100, 110, 120], [100, 130, 140], [200, 210, 220]])
    lat = M.IntpOrderLatency(rows)
    assert lat.entry_latency(100) == 30         # the segment [100, 200) starts at row 1
    assert lat.entry_latency(150) == 20


def test_intp_input_forms(tmp_path):
    rec = np.zeros(len(ROWS), dtype=[('req_ts', 'i8'), ('exch_ts', 'i8'), ('resp_ts', 'i8'),
                                     ('_padding', 'i8')])
    rec['req_ts'], rec['exch_ts'], rec['resp_ts'] = ROWS.T
    np.save(tmp_path / 'lat.npy', ROWS)
    np.savez(tmp_path / 'lat.npz', data=rec)
    np.savez(tmp_path / 'other.npz', rows=ROWS.astype(np.int32))
    for src in (ROWS, ROWS.tolist(), rec, str(tmp_path / 'lat.npy'), tmp_path / 'lat.npz',
                tmp_path / 'other.npz'):
        lat = M.IntpOrderLatency(src)
        assert lat.entry_latency(1500) == 200
        assert lat.entry_latency(2500) == -450
        assert lat.response_latency(1700) == 150
        np.testing.assert_array_equal(lat.rows(), ROWS)


def test_intp_describe_pickle():
    lat = M.IntpOrderLatency(ROWS)
    assert lat.describe() == 'IntpOrderLatency(4 rows, req_ts 1000..4000, 1 rejected)'
    assert repr(lat) == lat.describe()
    clone = pickle.loads(pickle.dumps(lat))
    assert clone.entry_latency(3500) == -325
    assert clone.response_latency(1700) == 150


@pytest.mark.parametrize('data,exc,msg', [
    (np.array([[100, 110, 120], [300, 310, 320], [200, 210, 220]]), ValueError,
     r'req_ts must not decrease, but row 1 \(req_ts=300\) comes before row 2 \(req_ts=200\)'),
    (np.array([[100, 90, 120]]), ValueError, r'row 0 has a negative latency'),
    (np.array([[100, 110, 120], [200, 210, 205]]), ValueError, r'row 1 has a negative latency'),
    (np.array([[100, 0, 90], [200, 210, 220]]), ValueError,
     r'rejected row 0 answers before it was sent'),
    (np.array([[100, 0, 190]]), ValueError, 'every row is a rejection'),
    (np.zeros((0, 3), dtype=np.int64), ValueError, 'has no rows'),
    (np.array([1, 2, 3]), ValueError, r'N x 3 array .* not an array of shape \(3,\)'),
    (np.array([[1.0, 2.0, 3.0]]), TypeError, 'req_ts must hold integer nanoseconds'),
    (np.zeros(2, dtype=[('req_ts', 'i8'), ('resp_ts', 'i8')]), ValueError,
     'lacks the field.* exch_ts'),
])
def test_intp_bad_input(data, exc, msg):
    with pytest.raises(exc, match=msg):
        M.IntpOrderLatency(data)


def test_intp_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        M.IntpOrderLatency(str(tmp_path / 'none.npz'))
