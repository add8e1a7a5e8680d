"""The compiled line buffer: upstream's index semantics, ring mode, numpy views,
exact nanoseconds and pickling."""
import math
import pickle

import numpy as np
import pytest

from backtrader._cy.linebuffer import LineBuffer


def filled(values, datetime=False):
    buf = LineBuffer(datetime=datetime)
    for v in values:
        buf.forward(v)
    return buf


def test_index_zero_is_current_and_negative_is_past():
    buf = filled([1.0, 2.0, 3.0, 4.0])
    assert (buf[0], buf[-1], buf[-3]) == (4.0, 3.0, 1.0)
    assert len(buf) == 4 and buf.buflen() == 4


def test_negative_absolute_position_wraps_like_a_python_sequence():
    buf = filled([1.0, 2.0, 3.0])
    buf.home()
    buf.advance()
    # idx 0: [-1] is the last stored value, as array.array would answer
    assert buf[-1] == 3.0
    with pytest.raises(IndexError):
        buf[5]


def test_forward_default_is_nan_and_set_propagates_to_bindings():
    src, dst = LineBuffer(), LineBuffer()
    src.addbinding(dst)
    src.forward()
    dst.forward()
    assert math.isnan(src[0])
    src[0] = 7.5
    assert dst[0] == 7.5


def test_advance_rewind_home_and_lookahead_on_preloaded_values():
    buf = LineBuffer()
    buf.adopt(np.arange(5, dtype=float))
    assert len(buf) == 0 and buf.buflen() == 5
    buf.advance(2)
    assert buf[0] == 1.0 and buf[1] == 2.0 and len(buf) == 2
    buf.rewind()
    assert buf[0] == 0.0 and len(buf) == 1
    buf.home()
    assert len(buf) == 0 and buf.idx == -1


def test_backwards_drops_the_last_value_and_extend_adds_lookahead():
    buf = filled([1.0, 2.0, 3.0])
    buf.backwards()
    assert buf.buflen() == 2 and buf[0] == 2.0
    buf.extend(size=2)
    assert buf.buflen() == 2 and buf.extension == 2 and len(buf.array) == 4


def test_get_returns_the_window_ending_ago_bars_back():
    buf = filled([1.0, 2.0, 3.0, 4.0, 5.0])
    assert buf.get(size=3).tolist() == [3.0, 4.0, 5.0]
    assert buf.get(ago=-1, size=2).tolist() == [3.0, 4.0]


def test_array_is_a_zero_copy_view():
    buf = LineBuffer()
    values = np.array([1.0, 2.0, 3.0])
    buf.adopt(values)
    view = buf.array
    view[1] = 42.0
    assert values[1] == 42.0


def test_ring_mode_keeps_only_the_minimum_period_but_counts_every_bar():
    buf = LineBuffer()
    buf._minperiod = 3
    buf.qbuffer()
    for v in range(10):
        buf.forward(float(v))
    assert len(buf) == 10 and buf.buflen() == 3
    assert (buf[0], buf[-1], buf[-2]) == (9.0, 8.0, 7.0)
    assert buf.array.tolist() == [7.0, 8.0, 9.0]


def test_ring_mode_memory_does_not_grow():
    buf = LineBuffer()
    buf._minperiod = 30
    buf.qbuffer()
    for v in range(100000):
        buf.forward(float(v))
    assert buf.buflen() == 30 and buf[0] == 99999.0 and buf[-29] == 99970.0
    assert buf.capacity <= 64


def test_datetime_line_keeps_exact_nanoseconds():
    buf = LineBuffer(datetime=True)
    stamp = 1577934245000006001            # 2020-01-02 03:04:05.000006001 UTC
    buf.forward_ns(stamp)
    buf.forward_ns(stamp + 1)
    assert buf.ns(0) == stamp + 1 and buf.ns(-1) == stamp
    assert buf.ns_array.tolist() == [stamp, stamp + 1]
    # the float view is upstream's day number (microseconds below 10 are dropped
    # by num2date, as upstream does)
    assert buf.datetime(0).isoformat() == '2020-01-02T03:04:05'
    assert buf[0] == pytest.approx(737426.1278356483, abs=1e-9)


def test_setting_a_day_number_on_a_datetime_line_sets_the_nanoseconds():
    buf = LineBuffer(datetime=True)
    buf.forward()
    buf[0] = 737426.5        # 2020-01-02 12:00
    assert buf.ns(0) == 1577966400 * 10**9


def test_pickle_roundtrip_keeps_values_position_and_nanoseconds():
    buf = LineBuffer(datetime=True)
    buf.adopt(np.array([737426.0, 737427.0]), np.array([1577923200, 1578009600]) * 10**9)
    buf.advance()
    buf._minperiod = 4
    clone = pickle.loads(pickle.dumps(buf))
    assert clone.array.tolist() == [737426.0, 737427.0]
    assert clone.ns_array.tolist() == [1577923200 * 10**9, 1578009600 * 10**9]
    assert (len(clone), clone.idx, clone._minperiod) == (1, 0, 4)
