"""The compiled CSV reader (``backtrader._cy.csvparse``).

Numbers must be bit-identical to Python's ``float``, datetimes identical to
``datetime.strptime`` / ``utcfromtimestamp``, the chunked reader must give the
same rows whatever the chunk and block sizes, errors must name the file, the
line, the field and the text, and a 2,000,000-row file must stream in bounded
memory.
"""
import datetime
import io
import json
import math
import os
import random
import struct
import subprocess
import sys
import time
import zlib

import numpy as np
import pytest

from backtrader._cy import csvparse as cp
from backtrader._cy.dateformats import DateFormat
from backtrader._cy.priceadjust import round_like_python
from backtrader._cy.csvparse import CSVFieldCountError, CSVParseError, CSVReader

EPOCH = datetime.datetime(1970, 1, 1)
OHLCV = [('open', 1), ('high', 2), ('low', 3), ('close', 4), ('volume', 5),
         ('openinterest', 6)]


def ns_of(dt):
    delta = dt - EPOCH
    return (delta.days * 86400 + delta.seconds) * 10 ** 9 + delta.microseconds * 1000


def bits(x):
    return struct.pack('<d', x)


# ---------------------------------------------------------------------------
# number conversion
# ---------------------------------------------------------------------------
def _number_tokens(n, seed):
    rng = random.Random(seed)
    out = []
    specials = ['nan', '-inf', 'Infinity', '1_000.5', ' 12 ', '.5', '5.', '-.e1', '1e',
                'e5', '+-1', '1.2.3', '--1', '0x10', '1e+05', '-0.0', '00012.50', '\t3',
                '1e400', '-1e-400', '4.9e-324', '2.2250738585072011e-308', '0.' + '0' * 30 + '1',
                '9007199254740993', '123456789012345678901234567890', '1E22', '1e23']
    for _ in range(n):
        k = rng.random()
        if k < 0.3:
            s = '%.*f' % (rng.randint(0, 8), rng.uniform(-1e6, 1e6))
        elif k < 0.5:
            s = repr(struct.unpack('<d', struct.pack('<Q', rng.getrandbits(64)))[0])
        elif k < 0.6:
            s = str(rng.randint(-10 ** 25, 10 ** 25))
        elif k < 0.7:
            s = '%de%d' % (rng.randint(0, 10 ** rng.randint(1, 20)), rng.randint(-330, 330))
        elif k < 0.8:
            s = '0.' + '0' * rng.randint(0, 30) + str(rng.randint(1, 10 ** rng.randint(1, 25)))
        elif k < 0.85:
            s = rng.choice(specials)
        else:
            s = '%.17g' % rng.uniform(-1e-5, 1e5)
        out.append(s)
    return out


def _float_mismatches(toks):
    """The tokens whose parsed value differs from ``float(tok)`` (bit for
    bit; an error on one side only is a difference too)."""
    bad = []
    for tok in toks:
        try:
            want = float(tok)
        except ValueError:
            want = None
        reader = CSVReader(io.StringIO('x,%s\n' % tok), [('v', 1)], datetime=None,
                           allow_empty=False)
        try:
            got = reader.read_all()['v'][0]
        except CSVParseError:
            got = None
        if want is None or got is None:
            if (want is None) != (got is None):
                bad.append((tok, want, got))
        elif not (bits(want) == bits(got) or (math.isnan(want) and math.isnan(got))):
            bad.append((tok, want, got))
    return bad


def test_numbers_are_bit_identical_to_python_float():
    bad = _float_mismatches(_number_tokens(60000, 1))
    assert not bad, bad[:10]


def test_short_decimals_are_bit_identical_to_python_float():
    rng = random.Random(7)
    toks = ['-0', '-0.0', '0', '.5', '5.', '-.5', '007', '-', '.', '1..2', '1.2.3',
            '123456789012345', '1234567890123456', '0.000000000000001',
            '-999999999999999', '99999999999999.9', '4.35', '0.1', '-2.675']
    for _ in range(20000):
        ndig = rng.randint(1, 16)
        digits = ''.join(rng.choice('0123456789') for _ in range(ndig))
        cut = rng.randint(0, ndig)
        toks.append(rng.choice(['', '-']) + digits[:cut] + '.' + digits[cut:])
        toks.append(rng.choice(['', '-']) + digits)
    bad = _float_mismatches(toks)
    assert not bad, bad[:10]


def test_numbers_in_one_file_with_tiny_chunks():
    toks = [t for t in _number_tokens(20000, 2)]
    good = []
    for t in toks:
        try:
            good.append((t, float(t)))
        except ValueError:
            pass
    text = ''.join('%d,%s\n' % (i, t) for i, (t, _) in enumerate(good))
    for chunksize in (17, 4096):
        out = cp.read_csv(io.BytesIO(text.encode()), [('v', 1)], datetime=None,
                          chunksize=chunksize, blocksize=333)
        want = np.array([v for _, v in good])
        assert np.array_equal(out['v'].view(np.int64), want.view(np.int64))


# ---------------------------------------------------------------------------
# datetime formats
# ---------------------------------------------------------------------------
FORMATS = ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y%m%d', '%d/%m/%y', '%Y-%m-%dT%H:%M:%S.%f',
           '%m/%d/%Y %H:%M', '%Y%m%d %H%M%S', '%H:%M:%S', '%Y-%m-%d  %H:%M',
           '%d.%m.%Y %H:%M:%S%%', '%Y-%m-%dt%H:%M']


@pytest.mark.parametrize('fmt', FORMATS)
def test_compiled_format_agrees_with_strptime(fmt):
    rng = random.Random(zlib.crc32(fmt.encode()))
    fast = 0
    df = DateFormat(fmt)
    assert df.compiled
    for _ in range(8000):
        d = datetime.datetime(rng.randint(1900, 2200), rng.randint(1, 12), rng.randint(1, 28),
                              rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59),
                              rng.randint(0, 999999))
        s = d.strftime(fmt)
        k = rng.random()
        if k < 0.3 and s:
            chars = list(s)
            j = rng.randrange(len(chars))
            op = rng.randint(0, 2)
            if op == 0:
                del chars[j]
            elif op == 1:
                chars.insert(j, rng.choice('0123456789 -:T'))
            else:
                chars[j] = rng.choice('0123456789 -:/.T')
            s = ''.join(chars)
        elif k < 0.4:
            s = s.replace('0', '', 1)
        try:
            want = datetime.datetime.strptime(s, fmt)
        except ValueError:
            want = None
        got = df.parse(s)
        if got is not None:        # the C path only answers when it is sure
            fast += 1
            assert want is not None and ns_of(want) == got, (fmt, s, want, got)
    assert fast > 4000


def test_reader_uses_strptime_for_what_c_cannot_decide():
    text = ('d,v\n2020-1-5 7:05:09,1\n2020-13-1 1:00:00,2\n')   # second: month 1, day 31?
    reader = CSVReader(io.StringIO(text), [('v', 1)], skiprows=1, dtformat='%Y-%m-%d %H:%M:%S')
    first = reader.read_block(1)
    assert first['datetime'][0] == ns_of(datetime.datetime(2020, 1, 5, 7, 5, 9))
    with pytest.raises(CSVParseError) as err:
        reader.read_block()
    assert 'line 3' in str(err.value) and '2020-13-1 1:00:00' in str(err.value)


def test_other_strptime_directives_go_through_python():
    text = '02-Jan-2020 01PM,1\n'
    out = cp.read_csv(io.StringIO(text), [('v', 1)], dtformat='%d-%b-%Y %I%p')
    assert out['datetime'].tolist() == [ns_of(datetime.datetime(2020, 1, 2, 13))]


def test_separate_time_column():
    text = '20200102,093001.5,1\n'
    out = cp.read_csv(io.StringIO(text), [('v', 2)], dtformat='%Y%m%d', time=1,
                      tmformat='%H%M%S.%f')
    assert out['datetime'][0] == ns_of(datetime.datetime(2020, 1, 2, 9, 30, 1, 500000))
    # '1600' does not fit '%H%M%S.%f' -> strptime decides (and fails)
    text = '20200102,093001.5,1\n20200103,1600,2\n'
    with pytest.raises(CSVParseError) as err:
        cp.read_csv(io.StringIO(text), [('v', 2)], dtformat='%Y%m%d', time=1,
                    tmformat='%H%M%S.%f', name='two.csv')
    assert "two.csv, line 2, field 'datetime'" in str(err.value)
    assert '1600' in str(err.value)


def test_epoch_modes():
    text = '1583150400,1\n-86400,2\n'
    out = cp.read_csv(io.StringIO(text), [('v', 1)], dtformat=1)
    assert out['datetime'].tolist() == [1583150400 * 10 ** 9, -86400 * 10 ** 9]
    rng = random.Random(5)
    stamps = ['%.7f' % rng.uniform(0, 2e9) for _ in range(3000)] + [
        repr(rng.uniform(-1e9, 3e9)) for _ in range(3000)] + [
        '1583150400.0000005', '1583150400.0000015', '1583150400.9999995', '-0.0000005']
    out = cp.read_csv(io.StringIO(''.join('%s,1\n' % s for s in stamps)), [('v', 1)], dtformat=2)
    want = [ns_of(datetime.datetime.fromtimestamp(float(s), datetime.timezone.utc)
                  .replace(tzinfo=None)) for s in stamps]
    assert out['datetime'].tolist() == want
    text = '1700000000123456789,1\n1700000000.123456789,2\n1700000000123456.789,3\n'
    units = ['epoch_ns', 'epoch_s', 'epoch_us']
    for line, unit in zip(text.splitlines(), units):
        got = cp.read_csv(io.StringIO(line), [('v', 1)], dtformat=unit)['datetime'][0]
        assert got == 1700000000123456789, unit
    got = cp.read_csv(io.StringIO('1700000000123,1\n'), [('v', 1)], dtformat='epoch_ms')
    assert got['datetime'][0] == 1700000000123000000
    got = cp.read_csv(io.StringIO('1.7e9,1\n'), [('v', 1)], dtformat='epoch_s')
    assert got['datetime'][0] == 1700000000 * 10 ** 9      # via the Python fallback


def test_callable_dtformat_and_nanosecond_directive():
    def conv(text):
        return datetime.datetime(2020, 1, int(text))
    out = cp.read_csv(io.StringIO('2,1\n3,2\n'), [('v', 1)], dtformat=conv)
    assert out['datetime'].tolist() == [ns_of(datetime.datetime(2020, 1, d)) for d in (2, 3)]
    out = cp.read_csv(io.StringIO('2020-01-02 00:00:00.000000001,1\n'), [('v', 1)],
                      dtformat='%Y-%m-%d %H:%M:%S.%N', private_formats=True)
    assert out['datetime'][0] == ns_of(datetime.datetime(2020, 1, 2)) + 1


def test_aware_results_are_converted_to_utc():
    tz = datetime.timezone(datetime.timedelta(hours=2))
    out = cp.read_csv(io.StringIO('x,1\n'), [('v', 1)],
                      dtformat=lambda t: datetime.datetime(2020, 1, 2, 10, tzinfo=tz))
    assert out['datetime'][0] == ns_of(datetime.datetime(2020, 1, 2, 8))


# ---------------------------------------------------------------------------
# tokenizing and layout
# ---------------------------------------------------------------------------
def _sample(n=500):
    rows = []
    t = datetime.datetime(2020, 3, 2, 9, 30)
    for i in range(n):
        rows.append(((t + datetime.timedelta(minutes=i)).strftime('%Y-%m-%d %H:%M:%S'),
                     '%.2f' % (100 + i * 0.25), str(i)))
    return rows


def _expected(rows):
    return ([ns_of(datetime.datetime.strptime(r[0], '%Y-%m-%d %H:%M:%S')) for r in rows],
            [float(r[1]) for r in rows], [float(r[2]) for r in rows])


@pytest.mark.parametrize('chunksize', [16, 37, 1000, 1 << 20])
@pytest.mark.parametrize('eol', ['\n', '\r\n', '\r'])
def test_chunking_and_line_endings_do_not_change_rows(chunksize, eol, tmp_path):
    rows = _sample()
    text = 'Date,Price,Size' + eol + eol.join(','.join(r) for r in rows)   # no final newline
    want = _expected(rows)
    path = tmp_path / 'a.csv'
    path.write_bytes(b'\xef\xbb\xbf' + text.encode())
    sources = [str(path), io.BytesIO(text.encode()), io.StringIO(text)]
    for src in sources:
        reader = CSVReader(src, [('price', 1), ('size', 2)], skiprows=1,
                           chunksize=chunksize, blocksize=77)
        blocks = list(reader)
        assert all(len(b['datetime']) == 77 for b in blocks[:-1])
        got = (np.concatenate([b['datetime'] for b in blocks]).tolist(),
               np.concatenate([b['price'] for b in blocks]).tolist(),
               np.concatenate([b['size'] for b in blocks]).tolist())
        assert got == want
        reader.close()


def test_blank_lines_are_skipped_and_counted():
    text = 'h\n\n2020-01-02,1\n  \n\n2020-01-03,x\n'
    reader = CSVReader(io.StringIO(text), [('v', 1)], skiprows=1, dtformat='%Y-%m-%d',
                       name='blank.csv')
    with pytest.raises(CSVParseError) as err:
        reader.read_all()
    assert err.value.lineno == 6 and err.value.filename == 'blank.csv'
    assert err.value.field == 'v' and err.value.column == 1 and err.value.text == 'x'


def test_separators():
    text = '2020-01-02::1.5::2\n2020-01-03::2.5::3\n'
    out = cp.read_csv(io.StringIO(text), [('a', 1), ('b', 2)], separator='::',
                      dtformat='%Y-%m-%d')
    assert out['a'].tolist() == [1.5, 2.5] and out['b'].tolist() == [2.0, 3.0]
    text = '  2020-01-02 \t 1.5   2\n2020-01-03 2.5 3  \n'
    out = cp.read_csv(io.StringIO(text), [('a', 1), ('b', 2)], separator=None,
                      dtformat='%Y-%m-%d')
    assert out['a'].tolist() == [1.5, 2.5] and out['b'].tolist() == [2.0, 3.0]


def test_absent_and_empty_fields_use_nullvalue():
    text = '2020-01-02,,2,\n'
    out = cp.read_csv(io.StringIO(text), [('a', 1), ('b', 2), ('c', 3), ('d', -1), ('e', None)],
                      dtformat='%Y-%m-%d', nullvalue=-7.0)
    assert [out[k][0] for k in 'abcde'] == [-7.0, 2.0, -7.0, -7.0, -7.0]
    out = cp.read_csv(io.StringIO(text), [('a', 1), ('d', -1)], dtformat='%Y-%m-%d')
    assert math.isnan(out['a'][0]) and math.isnan(out['d'][0])
    with pytest.raises(CSVParseError, match="field 'a' .*cannot convert"):
        cp.read_csv(io.StringIO(text), [('a', 1)], dtformat='%Y-%m-%d', allow_empty=False)
    with pytest.raises(ValueError, match='nullvalue'):
        CSVReader(io.StringIO(text), [('d', -1)], nullvalue='abc')


def test_lenient_skip_token_and_alternative_layout():
    text = ('2020-01-02,1,2,3\n'
            '2020-01-03,1,null,3\n'
            '2020-01-04,1,2,oops\n'
            '2020-01-05,1,2\n'
            '2020-01-06,12:30:00,5,6,7\n')
    out = cp.read_csv(io.StringIO(text), [('a', 1), ('b', 2), ('v', 3)],
                      dtformat='%Y-%m-%d', lenient={'v': 0.0}, skip_token='null',
                      alt_layout=dict(nfields=5, time=1, columns={'a': 2, 'b': 3, 'v': 4}),
                      tmformat='%H:%M:%S', timeoffset=3600 * 10 ** 9)
    day = ns_of(datetime.datetime(2020, 1, 2))
    d = 86400 * 10 ** 9
    assert out['datetime'].tolist() == [day + 3600 * 10 ** 9, day + 2 * d + 3600 * 10 ** 9,
                                        day + 3 * d + 3600 * 10 ** 9,
                                        day + 4 * d + (12 * 3600 + 1800) * 10 ** 9]
    assert out['a'].tolist() == [1.0, 1.0, 1.0, 5.0]
    assert out['v'].tolist() == [3.0, 0.0, 0.0, 7.0]


def test_negative_datetime_column_counts_from_the_end():
    out = cp.read_csv(io.StringIO('1,2020-01-02\n2,x,2020-01-03\n'), [('v', 0)],
                      datetime=-1, dtformat='%Y-%m-%d')
    assert out['datetime'].tolist() == [ns_of(datetime.datetime(2020, 1, d)) for d in (2, 3)]


def test_empty_input_gives_empty_columns():
    out = cp.read_csv(io.StringIO('header\n'), OHLCV, skiprows=1)
    assert set(out) == {'datetime'} | {n for n, _ in OHLCV}
    assert out['datetime'].dtype == np.int64 and all(len(v) == 0 for v in out.values())
    reader = CSVReader(io.StringIO(''), OHLCV)
    assert reader.read_block() is None and reader.read_block() is None


def test_parse_line():
    reader = CSVReader(io.BytesIO(b''), [('v', 1)], dtformat='%Y-%m-%d', name='f.csv')
    block = reader.parse_line('2020-01-02,3.5\n')
    assert block['datetime'].tolist() == [ns_of(datetime.datetime(2020, 1, 2))]
    assert block['v'].tolist() == [3.5]
    assert reader.parse_line('   ') is None
    with pytest.raises(CSVParseError, match='f.csv, line 12'):
        reader.parse_line('2020-01-02,z', lineno=12)


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------
def test_error_messages_name_file_line_field_and_text(tmp_path):
    path = tmp_path / 'prices.csv'
    path.write_text('Date,Open,High,Low,Close,Volume,OpenInterest\n'
                    '2020-01-02,1,2,0.5,1.5,10,0\n'
                    '2020-01-03,1,2,0.5,abc,10,0\n')
    with pytest.raises(CSVParseError) as err:
        cp.read_csv(str(path), OHLCV, skiprows=1, dtformat='%Y-%m-%d')
    e = err.value
    assert isinstance(e, ValueError)
    assert (e.filename, e.lineno, e.field, e.column, e.text) == (str(path), 3, 'close', 4, 'abc')
    assert str(e) == ("%s, line 3, field 'close' (column 4): cannot convert to a number: 'abc'"
                      % path)

    path.write_text('h\n2020-01-02,1,2,0.5,1.5,10,0\n2020-01-03,1,2\n')
    with pytest.raises(CSVFieldCountError) as err:
        cp.read_csv(str(path), OHLCV, skiprows=1, dtformat='%Y-%m-%d')
    e = err.value
    assert isinstance(e, ValueError) and isinstance(e, IndexError)
    assert e.lineno == 3 and e.field == 'low' and e.column == 3
    assert 'prices.csv, line 3' in str(e) and 'only 3 fields' in str(e)

    path.write_text('h\n2020-01-02,1,2,0.5,1.5,10,0\n2020/01/03,1,2,0.5,1.5,10,0\n')
    with pytest.raises(CSVParseError) as err:
        cp.read_csv(str(path), OHLCV, skiprows=1, dtformat='%Y-%m-%d')
    e = err.value
    assert e.lineno == 3 and e.field == 'datetime' and e.text == '2020/01/03'
    assert "format '%Y-%m-%d'" in str(e) and 'prices.csv, line 3' in str(e)


def test_callable_failure_is_wrapped():
    def conv(text):
        raise KeyError('nope')
    with pytest.raises(CSVParseError) as err:
        cp.read_csv(io.StringIO('h\nq,1\n'), [('v', 1)], skiprows=1, dtformat=conv,
                    name='c.csv')
    assert 'c.csv, line 2' in str(err.value) and 'nope' in str(err.value)
    assert isinstance(err.value.__cause__, KeyError)


def test_out_of_range_datetime_is_an_error():
    with pytest.raises(CSVParseError, match='nanosecond range'):
        cp.read_csv(io.StringIO('1500-01-01,1\n'), [('v', 1)], dtformat='%Y-%m-%d')


# ---------------------------------------------------------------------------
# rounding helper and conversions
# ---------------------------------------------------------------------------
def test_round_like_python_is_exact():
    rng = random.Random(4)
    vals = np.array([rng.uniform(-1000, 1000) for _ in range(50000)]
                    + [x / 1000 + 0.0005 for x in range(-3000, 3000)]
                    + [2.675, 1.005, 0.125, -0.125, 1e300, -0.001, 0.0, float('nan'),
                       float('inf')])
    for nd in (0, 1, 2, 3, 6, -1, 25):
        got = np.asarray(round_like_python(vals, nd))
        want = np.array([round(float(v), nd) for v in vals])
        same = (got.view(np.int64) == want.view(np.int64)) | (np.isnan(got) & np.isnan(want))
        assert same.all(), (nd, vals[~same][:5])


def test_to_ns():
    assert cp.to_ns(datetime.datetime(2020, 1, 2, 3, 4, 5, 6)) == ns_of(
        datetime.datetime(2020, 1, 2, 3, 4, 5, 6))
    assert cp.to_ns(datetime.date(2020, 1, 2)) == ns_of(datetime.datetime(2020, 1, 2))
    assert cp.to_ns(np.datetime64('2020-01-02T00:00:00.000000007')) == ns_of(
        datetime.datetime(2020, 1, 2)) + 7
    assert cp.to_ns(123) == 123
    with pytest.raises(TypeError):
        cp.to_ns('2020-01-02')


# ---------------------------------------------------------------------------
# size: streaming memory and speed
# ---------------------------------------------------------------------------
STREAM_SCRIPT = r'''
import json, resource, sys, tracemalloc
import numpy as np
from backtrader._cy.csvparse import CSVReader
path = sys.argv[1]
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
reader = CSVReader(path, [('price', 1), ('size', 2)], dtformat='epoch_ns', skiprows=1,
                   blocksize=50000)
rows = 0
total = 0.0
last = -1
ordered = True
for block in reader:
    ns = block['datetime']
    rows += len(ns)
    total += float(block['size'].sum())
    ordered = ordered and bool(ns[0] > last) and bool(np.all(np.diff(ns) > 0))
    last = int(ns[-1])
peak = tracemalloc.get_traced_memory()[1]
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
print(json.dumps(dict(rows=rows, total=total, ordered=ordered, last=last,
                      traced_peak=peak, rss_growth_kb=grown)))
'''


def test_two_million_rows_stream_in_bounded_memory(tmp_path):
    n = 2000000
    path = tmp_path / 'ticks.csv'
    t0 = 1700000000 * 10 ** 9
    with open(path, 'w') as fh:
        fh.write('timestamp_ns,price,size\n')
        step = 100000
        for start in range(0, n, step):
            fh.write(''.join('%d,%d.%02d,%d\n' % (t0 + i * 1000003, 100 + i % 50, i % 100, i % 10 + 1)
                             for i in range(start, start + step)))
    script = tmp_path / 'stream.py'
    script.write_text(STREAM_SCRIPT)
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=repo)
    proc = subprocess.run([sys.executable, str(script), str(path)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    print('\n2,000,000-row stream: traced peak %.1f MB, RSS growth %.1f MB, file %.0f MB'
          % (res['traced_peak'] / 1e6, res['rss_growth_kb'] / 1e3, path.stat().st_size / 1e6))
    assert res['rows'] == n and res['ordered']
    assert res['last'] == t0 + (n - 1) * 1000003
    assert res['total'] == float(sum(i % 10 + 1 for i in range(n)))
    # whole-file columns would need 48 MB; blocks of 50,000 rows need ~1.2 MB
    assert res['traced_peak'] < 8e6
    assert res['rss_growth_kb'] < 32e3


def test_parse_speed_200k_rows(tmp_path):
    path = tmp_path / 'bars.csv'
    t0 = datetime.datetime(2020, 1, 1)
    with open(path, 'w') as fh:
        fh.write('Date,Open,High,Low,Close,Volume,OpenInterest\n')
        for i in range(200000):
            p = 100 + (i % 1000) * 0.01
            fh.write('%s,%.2f,%.2f,%.2f,%.2f,%d,0\n' % (
                (t0 + datetime.timedelta(minutes=i)).strftime('%Y-%m-%d %H:%M:%S'),
                p, p + 0.5, p - 0.5, p + 0.1, 1000 + i % 77))
    best = float('inf')
    for _ in range(3):
        start = time.perf_counter()
        out = cp.read_csv(str(path), OHLCV, skiprows=1)
        best = min(best, time.perf_counter() - start)
    assert len(out['datetime']) == 200000
    assert out['datetime'][-1] == ns_of(t0 + datetime.timedelta(minutes=199999))
    print('\n200,000 rows x 7 columns parsed in %.3f s' % best)
