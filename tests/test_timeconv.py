"""Nanoseconds <-> upstream day numbers: bit-identical to upstream's date2num and
num2date (checked against upstream itself on random datetimes)."""
import datetime

import numpy as np

from backtrader._cy import timeconv as tc
import upstream

# run by tests/upstream.py under upstream only: ``--out FILE`` ends its argv
UPSTREAM_SCRIPT = r'''
import datetime, json, random, sys
from backtrader.utils.dateintern import date2num, num2date
assert sys.argv[-2] == "--out", sys.argv
rnd = random.Random(7)
out = []
for i in range(20000):
    us = rnd.randrange(0, 250 * 365 * 86400 * 10**6)
    dt = datetime.datetime(1850, 1, 1) + datetime.timedelta(microseconds=us)
    if i % 4 == 0:
        dt = dt.replace(hour=23, minute=59, second=59, microsecond=999990)
    num = date2num(dt)
    out.append([dt.isoformat(), num.hex(), num2date(num).isoformat()])
with open(sys.argv[-1], "w") as fh:
    json.dump({"rows": out}, fh)
'''


def test_day_numbers_and_back_match_upstream_bit_for_bit(tmp_path):
    script = tmp_path / "timeconv_upstream.py"
    script.write_text(UPSTREAM_SCRIPT)
    rows = upstream.run_cached(script, "upstream")["rows"]
    assert len(rows) == 20000
    for iso, numhex, back in rows:
        dt = datetime.datetime.fromisoformat(iso)
        num = tc.py_ns_to_num(tc.datetime_to_ns(dt))
        assert num == float.fromhex(numhex), iso
        assert tc.ns_to_datetime(tc.py_num_to_ns(num)).isoformat() == back, iso


def test_array_conversion_equals_scalar_conversion():
    ns = np.array([0, 1, -1, 1577934245000006001, -86400 * 10**9 * 365 * 100], dtype=np.int64)
    nums = tc.ns_array_to_nums(ns)
    assert nums.tolist() == [tc.py_ns_to_num(int(x)) for x in ns]


def test_epoch_and_pre_epoch_stamps():
    assert tc.ns_to_datetime(0) == datetime.datetime(1970, 1, 1)
    assert tc.ns_to_datetime(-1) == datetime.datetime(1969, 12, 31, 23, 59, 59, 999999)
    assert tc.py_ns_to_num(0) == 719163.0
    aware = datetime.datetime(2020, 1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    assert tc.datetime_to_ns(aware) == tc.datetime_to_ns(datetime.datetime(2020, 1, 1))
