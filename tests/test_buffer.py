"""Typed memory blocks (``backtrader._cy.buffer``) and the feeds' column
kernels (``datewindow``, ``timeorder``, ``timezones``, ``priceadjust``
in ``backtrader._cy``): zero-copy views in both directions,
lifetimes, pickling, and results equal to numpy's."""
import datetime
import gc
import pickle

import numpy as np
import pytest

from backtrader._cy import buffer, timeconv
from backtrader._cy.datewindow import date_window
from backtrader._cy.priceadjust import contains, divide, multiply
from backtrader._cy.timeorder import first_descent
from backtrader._cy.timezones import to_utc
from backtrader._cy.linebuffer import LineBuffer


def test_numpy_view_is_zero_copy_and_keeps_the_buffer_alive():
    buf = buffer.full(4, 1.5)
    view = buf.numpy()
    view[2] = 7.0
    assert buf[2] == 7.0 and view.dtype == np.float64 and view.flags.writeable
    del buf
    gc.collect()
    assert view.tolist() == [1.5, 1.5, 7.0, 1.5]


def test_int64_buffers_export_numpy_int64():
    buf = buffer.full(3, -5, 'q')
    assert np.asarray(buf).dtype == np.int64 and memoryview(buf).tolist() == [-5] * 3
    assert buf[-1] == -5 and isinstance(buf[0], int)
    with pytest.raises(IndexError):
        buf[3]


def test_matching_memory_is_wrapped_without_copying():
    arr = np.arange(5, dtype=np.float64)
    buf = buffer.to_buffer(arr)
    arr[0] = 42.0
    assert buf[0] == 42.0 and buffer.to_buffer(buf) is buf
    # anything else is converted
    assert buffer.to_buffer([1, 2, 3]).tolist() == [1.0, 2.0, 3.0]
    assert buffer.to_buffer(np.arange(3, dtype=np.int32), 'q').tolist() == [0, 1, 2]
    strided = np.arange(10, dtype=np.float64)[::2]
    assert buffer.to_buffer(strided).tolist() == [0.0, 2.0, 4.0, 6.0, 8.0]
    frozen = np.arange(3, dtype=np.float64)
    frozen.flags.writeable = False
    copied = buffer.to_buffer(frozen)
    assert copied.tolist() == [0.0, 1.0, 2.0] and not np.shares_memory(copied.numpy(), frozen)
    with pytest.raises(ValueError):
        buffer.to_buffer(np.zeros((2, 2)))


def test_pickle_concat_take_and_reverse():
    a = buffer.to_buffer([1.0, 2.0])
    b = buffer.to_buffer([3.0])
    assert pickle.loads(pickle.dumps(a)).tolist() == [1.0, 2.0]
    assert buffer.concat([a, b]).tolist() == [1.0, 2.0, 3.0]
    assert buffer.concat([], 'q').tolist() == []
    joined = buffer.concat([a, b])
    assert joined.take([2, 0]).tolist() == [3.0, 1.0]
    assert joined.reversed().tolist() == [3.0, 2.0, 1.0]
    with pytest.raises(IndexError):
        joined.take([3])


def test_line_views_survive_growth_and_pickling():
    line = LineBuffer()
    line.forward(1.0)
    old = line.array
    for v in range(100):
        line.forward(float(v))
    old[0] = -1.0                   # the old block stays alive, the line moved on
    assert line[-100] == 1.0 and len(line.array) == 101
    assert line.memview.tolist() == line.array.tolist()
    clone = pickle.loads(pickle.dumps(line))
    assert clone.array.tolist() == line.array.tolist()


def test_date_window_and_order_check():
    nums = buffer.to_buffer([1.0, 2.0, 3.0, 4.0, 2.5])
    assert date_window(nums, float('-inf'), float('inf')) is None
    assert date_window(nums, 2.0, 3.5).tolist() == [1, 2]
    assert first_descent(buffer.to_buffer([1, 1, 2, 0, 5], 'q')) == 3
    assert first_descent(buffer.to_buffer([1, 1, 2], 'q')) == -1


def test_time_kernels_equal_the_scalar_conversions():
    ns = np.array([0, -1, 1577934245000006001, 1577934245999999999], dtype=np.int64)
    nums = timeconv.ns_array_to_nums(ns)
    assert nums.tolist() == [timeconv.py_ns_to_num(int(x)) for x in ns]
    back = timeconv.ns_num_roundtrip(ns)
    assert back.tolist() == [timeconv.py_num_to_ns(timeconv.py_ns_to_num(int(x))) for x in ns]


class _Shifted(datetime.tzinfo):
    """UTC+2 before 2020-03-29 02:00 wall time, UTC+3 from then (pytz-style localize)."""

    def localize(self, dt):
        return dt.replace(tzinfo=datetime.timezone(datetime.timedelta(
            hours=3 if dt >= datetime.datetime(2020, 3, 29, 2, 30) else 2)))


def test_to_utc_looks_up_offsets_per_hour_and_inside_transition_hours():
    hour = 3600 * 10**9
    start = timeconv.datetime_to_ns(datetime.datetime(2020, 3, 29, 1, 0))
    wall = np.array([start, start + hour, start + hour + hour // 2, start + 3 * hour],
                    dtype=np.int64)
    got = to_utc(wall, _Shifted()).tolist()
    offs = [2, 2, 3, 3]
    assert got == [int(w) - h * hour for w, h in zip(wall, offs)]


def test_arithmetic_matches_numpy():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=1000), rng.normal(size=1000)
    b[3] = 0.0
    with np.errstate(divide='ignore'):
        assert np.array_equal(np.asarray(divide(a, b)), a / b)
    assert np.array_equal(np.asarray(multiply(a, b)), a * b)
    assert contains(b, 0.0) and not contains(a, 0.0)
