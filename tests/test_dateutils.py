"""``backtrader.utils`` date helpers give upstream's exact values.

A script computes ``date2num``, ``num2date`` (with and without a zone),
``num2dt``, ``num2time`` and ``time2num`` for a fixed set of inputs under
upstream 1.9.78.123 and under ours; the ``repr`` of every result must be
equal (float day numbers bit for bit).  Both run through the oracle harness
(``tests/upstream.py``), which caches upstream's answers.
"""
import datetime
import json
import os
import random
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import upstream  # noqa: E402

SCRIPT = r'''
import datetime, json, sys
import backtrader
from backtrader.utils import date2num, num2date, num2dt, num2time, time2num
import backtrader.utils as butils

class Fixed(datetime.tzinfo):
    def __init__(self, minutes):
        self.off = datetime.timedelta(minutes=minutes)
    def utcoffset(self, dt):
        return self.off
    def dst(self, dt):
        return datetime.timedelta(0)
    def tzname(self, dt):
        return 'F'

def dt_of(x):
    return datetime.datetime(*x[:7])

assert sys.argv[2] == '--out', sys.argv
with open(sys.argv[1]) as fh:
    spec = json.load(fh)
out = {'meta': {'bt_file': backtrader.__file__}}
out['date2num'] = [repr(date2num(dt_of(x))) for x in spec['datetimes']]
out['date2num_aware'] = [repr(date2num(dt_of(x).replace(tzinfo=Fixed(x[7]))))
                         for x in spec['aware']]
out['date2num_tz'] = [repr(date2num(dt_of(x), tz=butils.Localizer(Fixed(x[7]))))
                      for x in spec['aware']]
out['date2num_date'] = [repr(date2num(datetime.date(*x[:3]))) for x in spec['datetimes'][:50]]
out['num2date'] = [repr(num2date(x)) for x in spec['nums']]
out['num2date_tz'] = [repr(num2date(x, tz=Fixed(90))) for x in spec['nums'][:300]]
out['num2date_aware'] = [repr(num2date(x, tz=Fixed(-300), naive=False).utcoffset())
                         for x in spec['nums'][:50]]
out['num2dt'] = [repr(num2dt(x)) for x in spec['nums'][:300]]
out['num2time'] = [repr(num2time(x)) for x in spec['nums'][:300]]
out['time2num'] = [repr(time2num(datetime.time(*x))) for x in spec['times']]
out['time2num_dt'] = [repr(time2num(dt_of(x))) for x in spec['datetimes'][:100]]
out['roundtrip'] = [repr(num2date(date2num(dt_of(x)))) for x in spec['datetimes']]
out['constants'] = [repr(butils.TIME_MAX), repr(butils.TIME_MIN)]
out['utc'] = [repr(butils.UTC.utcoffset(None)), butils.UTC.tzname(None),
              repr(butils.UTC.localize(datetime.datetime(2020, 1, 2)).utcoffset())]
out['local'] = [repr(butils.TZLocal.utcoffset(dt_of(x))) for x in spec['datetimes'][:200]
                if 1971 < x[0] < 2037]
with open(sys.argv[3], 'w') as fh:
    json.dump(out, fh)
'''


def _inputs():
    rng = random.Random(11)
    dts = []
    for _ in range(4000):
        y = rng.choice([rng.randint(1, 9999), rng.randint(1900, 2100), rng.randint(1678, 2262)])
        dts.append([y, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                    rng.randint(0, 59), rng.randint(0, 59),
                    rng.choice([0, rng.randint(0, 999999), 999990, 999999, 5, 10])])
    dts += [[1, 1, 1, 0, 0, 0, 0], [9999, 12, 31, 23, 59, 58, 0],
            [1970, 1, 1, 0, 0, 0, 0], [1677, 9, 21, 0, 12, 43, 145224],
            [2262, 4, 11, 23, 47, 16, 854775], [2020, 2, 29, 23, 59, 59, 999990]]
    aware = [x + [rng.choice([-600, -300, 0, 60, 330, 840])] for x in dts[:500]
             if 1 < x[0] < 9999]
    nums = [rng.uniform(1.0, 3652059.0) for _ in range(1500)]
    nums += [rng.uniform(690000.0, 760000.0) for _ in range(1500)]
    nums += [float(rng.randint(700000, 750000)) + k for k in
             (0.0, 0.5, 0.9999999999, 1e-11, 0.99999999999, 0.999999, 0.1, 0.3)
             for _ in range(10)]
    times = [[rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59),
              rng.randint(0, 999999)] for _ in range(500)] + [[23, 59, 59, 999990]]
    return {'datetimes': dts, 'aware': aware, 'nums': nums, 'times': times}


RUN_ENV = {'TZ': 'America/New_York'}


def test_date_functions_match_upstream(tmp_path):
    spec = _inputs()
    script = tmp_path / 'dateutils_values.py'
    script.write_text(SCRIPT)
    specpath = tmp_path / 'spec.json'
    specpath.write_text(json.dumps(spec))
    # the harness checks the engine each side imported, fresh or cached
    theirs = upstream.run_cached(script, 'upstream', args=[specpath], env=RUN_ENV,
                                 key_data=spec)
    ours = upstream.run_script(script, 'ours', args=[specpath], env=RUN_ENV)
    assert sorted(ours) == sorted(theirs)
    for key in sorted(k for k in theirs if k != 'meta'):
        assert len(ours[key]) == len(theirs[key]), key
        for i, (a, b) in enumerate(zip(theirs[key], ours[key])):
            assert a == b, '%s[%d]: upstream %s, ours %s' % (key, i, a, b)


# ---------------------------------------------------------------------------
# zones
# ---------------------------------------------------------------------------
def test_localizer_gives_zones_a_localize_method():
    from backtrader.utils import Localizer, date2num, num2date

    class Plain(datetime.tzinfo):
        def utcoffset(self, dt):
            return datetime.timedelta(hours=2)

        def dst(self, dt):
            return datetime.timedelta(0)

    z = Plain()
    assert Localizer(z) is z
    assert z.localize(datetime.datetime(2020, 1, 2, 12)).utcoffset() == datetime.timedelta(hours=2)
    assert Localizer(None) is None
    # zones that refuse new attributes are wrapped
    fixed = datetime.timezone(datetime.timedelta(hours=-3))
    wrapped = Localizer(fixed)
    aware = wrapped.localize(datetime.datetime(2020, 1, 2, 12))
    assert aware.utcoffset() == datetime.timedelta(hours=-3)
    assert date2num(aware) == date2num(datetime.datetime(2020, 1, 2, 15))
    back = num2date(date2num(datetime.datetime(2020, 1, 2, 15)), tz=wrapped)
    assert back == datetime.datetime(2020, 1, 2, 12)


def test_tzparse():
    from backtrader.utils import tzparse
    assert tzparse(None) is None
    try:
        import pytz
    except ImportError:
        with pytest.raises(ValueError, match='pytz'):
            tzparse('Europe/Berlin')
        return
    berlin = tzparse('Europe/Berlin')
    assert berlin is pytz.timezone('Europe/Berlin')
    assert tzparse('CST') is pytz.timezone('CST6CDT')
    assert tzparse(berlin) is berlin


def test_out_of_nanosecond_range_values():
    from backtrader.utils import date2num, num2date
    for dt in (datetime.datetime(1, 1, 1), datetime.datetime(9999, 12, 31, 23, 59, 59),
               datetime.datetime(1500, 6, 1, 12, 30, 15)):
        assert num2date(date2num(dt)) == dt
    # float resolution: microseconds are only kept to about 10
    back = num2date(date2num(datetime.datetime(1500, 6, 1, 12, 30, 15, 250000)))
    assert abs((back - datetime.datetime(1500, 6, 1, 12, 30, 15, 250000)).total_seconds()) < 2e-5
    assert date2num(datetime.datetime(1, 1, 1)) == 1.0


# ---------------------------------------------------------------------------
# dict helpers
# ---------------------------------------------------------------------------
def test_autodicts():
    from backtrader.utils import AutoDict, AutoOrderedDict, DotDict, OrderedDefaultdict
    d = AutoOrderedDict()
    d.trades.total = 3
    d.pnl.net += 2.5
    d.pnl.net += 1.0
    assert d.trades.total == 3 and d.pnl.net == 3.5
    assert list(d.keys()) == ['trades', 'pnl']
    d._close()
    with pytest.raises(KeyError):
        d.missing
    with pytest.raises(AttributeError):
        d._private
    a = AutoDict()
    a.x.y = 1
    assert a['x']['y'] == 1
    dd = DotDict(v=4)
    assert dd.v == 4
    od = OrderedDefaultdict(list)
    od['b'].append(1)
    od['a'].append(2)
    assert list(od.items()) == [('b', [1]), ('a', [2])]
    with pytest.raises(KeyError):
        OrderedDefaultdict()['x']
