"""CSV / DataFrame feeds give exactly upstream's bars.

Every scenario writes a data file, runs it through Cerebro under upstream
backtrader 1.9.78.123 and under ours (each through the oracle harness
``tests/upstream.py``, this file being the script: ``test_feeds_csv.py SPEC
--out OUT``) and compares every bar: ``len(data)``, ``repr(data.datetime[0])``
(bit-identical day numbers), ``data.datetime.datetime(0).isoformat()`` and
``repr`` of every other line.  The harness caches upstream's results, keyed
with this file, the spec, the data file's name and content.

Further tests cover what upstream cannot compare: error messages, blank lines
and CRLF endings, nanosecond tick files, DataFrame-like objects.
"""
import datetime
import hashlib
import io
import json
import math
import os
import random
import sys

THIS = os.path.abspath(__file__)
ZERO = datetime.timedelta(0)


# ===========================================================================
# Runner side (executed under either engine)
# ===========================================================================
class FixedZone(datetime.tzinfo):
    """A constant UTC offset (plain tzinfo: upstream's Localizer can patch it)."""

    def __init__(self, hours):
        self.offset = datetime.timedelta(hours=hours)

    def utcoffset(self, dt):
        return self.offset

    def dst(self, dt):
        return ZERO

    def tzname(self, dt):
        return 'FIX'


def _nth_sunday(year, month, n):
    day = datetime.datetime(year, month, 1)
    day += datetime.timedelta(days=(6 - day.weekday()) % 7)
    return day + datetime.timedelta(weeks=n - 1)


class EasternZone(datetime.tzinfo):
    """US Eastern time (2007 DST rules) decided on the wall clock."""

    def _isdst(self, dt):
        if dt is None:
            return False
        naive = dt.replace(tzinfo=None)
        start = _nth_sunday(naive.year, 3, 2) + datetime.timedelta(hours=2)
        end = _nth_sunday(naive.year, 11, 1) + datetime.timedelta(hours=1)
        return start <= naive < end

    def utcoffset(self, dt):
        return datetime.timedelta(hours=-4 if self._isdst(dt) else -5)

    def dst(self, dt):
        return datetime.timedelta(hours=1 if self._isdst(dt) else 0)

    def tzname(self, dt):
        return 'EDT' if self._isdst(dt) else 'EST'

    def fromutc(self, dt):
        std = dt.replace(tzinfo=None) - datetime.timedelta(hours=5)
        if self._isdst(std + datetime.timedelta(hours=1)):
            std += datetime.timedelta(hours=1)
        return std.replace(tzinfo=self)


def parse_dmy_hm(text):
    return datetime.datetime.strptime(text, '%d/%m/%Y %H:%M')


def parse_aware(text):
    """Aware datetimes (+03:00) from a callable dtformat."""
    dt = datetime.datetime.strptime(text, '%Y-%m-%d %H:%M')
    return dt.replace(tzinfo=FixedZone(3))


CALLABLES = {'parse_dmy_hm': parse_dmy_hm, 'parse_aware': parse_aware}


def decode(value, bt):
    if isinstance(value, dict) and len(value) == 1:
        (tag, arg), = value.items()
        if tag == '__dt__':
            return datetime.datetime.fromisoformat(arg)
        if tag == '__date__':
            return datetime.date.fromisoformat(arg)
        if tag == '__time__':
            return datetime.time.fromisoformat(arg)
        if tag == '__tf__':
            return getattr(bt.TimeFrame, arg)
        if tag == '__tz__':
            return FixedZone(arg) if isinstance(arg, (int, float)) else EasternZone()
        if tag == '__call__':
            return CALLABLES[arg]
        if tag == '__nan__':
            return float('nan')
    return value


def run_spec(specpath, outpath):
    import backtrader as bt
    with open(specpath) as fh:
        spec = json.load(fh)
    params = {k: decode(v, bt) for k, v in spec.get('params', {}).items()}
    base = getattr(bt.feeds, spec['feed'])
    kind = spec.get('subclass')
    cls = base
    if kind == 'extra_line':
        cls = type('WithPE', (base,), {'lines': ('pe',), 'params': (('pe', 7),)})
    elif kind == 'override_loadline':
        def _loadline(self, linetokens):
            return base._loadline(self, linetokens)
        cls = type('OwnLoadline', (base,), {'_loadline': _loadline})
    elif kind == 'custom_csvbase':
        csvbase = getattr(bt.feed, 'CSVDataBase', None) or bt.feeds.CSVDataBase

        def _custom_loadline(self, linetokens):
            when = datetime.datetime.strptime(linetokens[0], '%Y-%m-%d')
            self.lines.datetime[0] = bt.date2num(when)
            self.lines.open[0] = float(linetokens[1])
            self.lines.close[0] = float(linetokens[4]) * 2
            return True
        cls = type('UserCSV', (csvbase,), {'_loadline': _custom_loadline})
    if 'pandas' in spec:
        import pandas as pd
        opts = spec['pandas']
        frame = pd.read_csv(spec['file'], index_col=0, parse_dates=True)
        if opts.get('tz'):
            frame = frame.tz_localize(opts['tz'], nonexistent='shift_forward',
                                      ambiguous='NaT')
        if opts.get('reset'):
            frame = frame.reset_index()
        params['dataname'] = frame
    elif spec.get('fileobj'):
        with open(spec['file']) as fh:
            params['dataname'] = io.StringIO(fh.read())
        params.setdefault('name', 'stream')
    else:
        params['dataname'] = spec['file']
    data = cls(**params)
    names = [n for n in data.getlinealiases() if n != 'datetime']
    bars = []

    class Recorder(bt.Strategy):
        def next(self):
            d = self.data
            row = [len(d), repr(d.datetime[0]), d.datetime.datetime(0).isoformat()]
            row += [repr(float(getattr(d.lines, n)[0])) for n in names]
            bars.append(row)

    cerebro = bt.Cerebro(stdstats=False)
    if spec.get('resample'):
        cerebro.resampledata(data, **{k: decode(v, bt) for k, v in spec['resample'].items()})
    else:
        cerebro.adddata(data)
    cerebro.addstrategy(Recorder)
    cerebro.run(preload=spec.get('preload', True), runonce=False,
                exactbars=spec.get('exactbars', 0))
    with open(outpath, 'w') as fh:
        json.dump({'meta': {'bt_file': bt.__file__}, 'lines': names,
                   'name': data._name, 'bars': bars}, fh)


if __name__ == '__main__' and len(sys.argv) == 4 and sys.argv[2] == '--out':
    run_spec(sys.argv[1], sys.argv[3])
    sys.exit(0)


# ===========================================================================
# Test side
# ===========================================================================
import numpy as np  # noqa: E402
import pytest  # noqa: E402

sys.path.insert(0, os.path.dirname(THIS))
import upstream  # noqa: E402

REPO = os.path.dirname(os.path.dirname(THIS))


def _run(engine, spec, datafile, workdir):
    """``spec`` run on ``datafile`` under ``engine`` through the harness, which
    checks the engine and caches upstream's result (a failure raises
    ``upstream.ScriptError`` with the script's stderr)."""
    specpath = os.path.join(workdir, 'spec-%s.json' % engine)
    with open(specpath, 'w') as fh:
        json.dump(dict(spec, file=datafile), fh)
    if engine == 'ours':
        return upstream.run_script(THIS, 'ours', args=[specpath])
    with open(datafile, 'rb') as fh:
        data = hashlib.sha256(fh.read()).hexdigest()
    return upstream.run_cached(THIS, 'upstream', args=[specpath], key_data={
        'spec': spec, 'file': os.path.basename(datafile), 'data': data})


def compare(spec, text, tmp_path, fname='data.csv'):
    datafile = str(tmp_path / fname)
    with open(datafile, 'w', newline='') as fh:
        fh.write(text)
    theirs = _run('upstream', spec, datafile, str(tmp_path))
    try:
        ours = _run('ours', spec, datafile, str(tmp_path))
    except upstream.EngineMismatch:
        raise
    except upstream.ScriptError as exc:     # an assertion: strict xfails expect it
        raise AssertionError('ours failed where upstream ran:\n%s' % exc) from None
    assert ours['lines'] == theirs['lines']
    assert ours['name'] == theirs['name']
    assert len(theirs['bars']) > 0
    for i, (a, b) in enumerate(zip(theirs['bars'], ours['bars'])):
        assert a == b, 'bar %d differs:\n upstream %s\n ours     %s' % (i, a, b)
    assert len(ours['bars']) == len(theirs['bars'])
    return ours


# ---------------------------------------------------------------------------
# Data generators (deterministic)
# ---------------------------------------------------------------------------
HEADER = 'Date,Open,High,Low,Close,Volume,OpenInterest\n'


def _prices(n, seed):
    rng = random.Random(seed)
    rows = []
    p = 100.0
    for _ in range(n):
        o = round(p * math.exp(rng.gauss(0, 0.004)), 2)
        c = round(o * math.exp(rng.gauss(0, 0.01)), 2)
        h = round(max(o, c) * (1 + abs(rng.gauss(0, 0.004))), 2)
        lo = round(min(o, c) * (1 - abs(rng.gauss(0, 0.004))), 2)
        rows.append((o, h, lo, c, rng.randint(100, 100000)))
        p = c
    return rows


def weekdays(start, n):
    out = []
    d = start
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += datetime.timedelta(days=1)
    return out


def minutes(start, n, first=(9, 30), per_day=390):
    out = []
    for day in weekdays(start.date() if isinstance(start, datetime.datetime) else start, n):
        t0 = datetime.datetime.combine(day, datetime.time(*first))
        for i in range(per_day):
            out.append(t0 + datetime.timedelta(minutes=i))
            if len(out) == n:
                return out
    return out


def ohlc_file(stamps, fmt, seed=1, header=HEADER, sep=',', oi=True):
    lines = [header] if header else []
    for t, (o, h, lo, c, v) in zip(stamps, _prices(len(stamps), seed)):
        row = [t.strftime(fmt) if fmt else t, '%.2f' % o, '%.2f' % h, '%.2f' % lo,
               '%.2f' % c, str(v)]
        if oi:
            row.append('0')
        lines.append(sep.join(row) + '\n')
    return ''.join(lines)


DAYS = weekdays(datetime.date(2019, 12, 20), 300)
MINS = minutes(datetime.date(2021, 3, 11), 1500, first=(0, 0), per_day=720)

DT = {'__dt__': None}


def dtp(iso):
    return {'__dt__': iso}


def tf(name):
    return {'__tf__': name}


# ---------------------------------------------------------------------------
# GenericCSVData
# ---------------------------------------------------------------------------
DAILY = ohlc_file(DAYS, '%Y-%m-%d')
INTRADAY = ohlc_file(MINS, '%Y-%m-%d %H:%M:%S')

GENERIC_CASES = {
    'daily': (dict(params=dict(dtformat='%Y-%m-%d')), DAILY),
    'daily-nopreload': (dict(params=dict(dtformat='%Y-%m-%d'), preload=False), DAILY),
    'daily-sessionend': (dict(params=dict(dtformat='%Y-%m-%d %H:%M',
                                          sessionend={'__time__': '16:00:00'})),
                         ohlc_file([datetime.datetime.combine(d, datetime.time(
                             [10, 16, 17, 0][i % 4], 0)) for i, d in enumerate(DAYS)],
                             '%Y-%m-%d %H:%M')),
    'daily-from-to': (dict(params=dict(dtformat='%Y-%m-%d',
                                       fromdate={'__date__': '2020-02-03'},
                                       todate={'__date__': '2020-06-30'})), DAILY),
    'daily-from-to-nopreload': (dict(params=dict(dtformat='%Y-%m-%d',
                                                 fromdate={'__date__': '2020-02-03'},
                                                 todate={'__date__': '2020-06-30'}),
                                     preload=False), DAILY),
    'daily-tz': (dict(params=dict(dtformat='%Y-%m-%d', tz={'__tz__': 'eastern'})), DAILY),
    'daily-tzinput': (dict(params=dict(dtformat='%Y-%m-%d',
                                       tzinput={'__tz__': 'eastern'})), DAILY),
    'daily-tzinput-tz': (dict(params=dict(dtformat='%Y-%m-%d', tzinput={'__tz__': 2},
                                          tz={'__tz__': 'eastern'})), DAILY),
    'daily-fileobj': (dict(params=dict(dtformat='%Y-%m-%d'), fileobj=True), DAILY),
    'intraday': (dict(params=dict(timeframe=tf('Minutes'))), INTRADAY),
    'intraday-nopreload': (dict(params=dict(timeframe=tf('Minutes')), preload=False),
                           INTRADAY),
    'intraday-tzinput-dst': (dict(params=dict(timeframe=tf('Minutes'),
                                              tzinput={'__tz__': 'eastern'})), INTRADAY),
    'intraday-tzinput-dst-nopreload': (dict(params=dict(timeframe=tf('Minutes'),
                                                        tzinput={'__tz__': 'eastern'}),
                                            preload=False), INTRADAY),
    'intraday-tz-from-to': (dict(params=dict(
        timeframe=tf('Minutes'), tz={'__tz__': -5},
        fromdate=dtp('2021-03-12T10:00:00'), todate=dtp('2021-03-15T03:00:00'))), INTRADAY),
    'intraday-as-daily': (dict(params=dict()), INTRADAY),
    'date-time-columns': (dict(params=dict(
        timeframe=tf('Minutes'), dtformat='%Y%m%d', tmformat='%H%M%S', time=1,
        open=2, high=3, low=4, close=5, volume=6, openinterest=-1)),
        ''.join(['D,T,O,H,L,C,V\n'] + [
            '%s,%s,%s\n' % (t.strftime('%Y%m%d'), t.strftime('%H%M%S'), rest.split(',', 1)[1]
                            .rsplit(',', 1)[0])
            for t, rest in zip(MINS[:800], ohlc_file(MINS[:800], '%Y-%m-%d %H:%M:%S',
                                                     header=None).splitlines())])),
    'date-time-columns-daily': (dict(params=dict(
        dtformat='%Y-%m-%d', tmformat='%H:%M', time=1, open=2, high=3, low=4,
        close=5, volume=6, openinterest=-1, sessionend={'__time__': '15:30:00'})),
        ''.join(['D,T,O,H,L,C,V\n'] + [
            '%s,%s,1,2,0.5,1.5,%d\n' % (d.isoformat(), ['09:30', '15:30', '16:00', '23:59'][i % 4], i)
            for i, d in enumerate(DAYS[:120])])),
    'epoch-int': (dict(params=dict(dtformat=1, timeframe=tf('Minutes'))),
                  ''.join([HEADER] + ['%d,1.5,2,1,1.25,%d,0\n' % (1583150400 + 60 * i, i)
                                      for i in range(500)])),
    'epoch-int-daily': (dict(params=dict(dtformat=1)),
                        ''.join([HEADER] + ['%d,1.5,2,1,1.25,%d,0\n' % (1583150400 + 86400 * i + 3600 * (i % 30), i)
                                            for i in range(200)])),
    'epoch-float': (dict(params=dict(dtformat=2, timeframe=tf('Seconds'))),
                    ''.join([HEADER] + ['%s,1.5,2,1,1.25,%d,0\n' % (
                        ['%.6f', '%.7f', '%.3f', '%.1f'][i % 4] % (1583150400 + 1.37 * i + 0.0000005 * (i % 3)), i)
                        for i in range(600)])),
    'callable': (dict(params=dict(dtformat={'__call__': 'parse_dmy_hm'},
                                  timeframe=tf('Minutes'))),
                 ohlc_file(MINS[:300], '%d/%m/%Y %H:%M')),
    'callable-daily': (dict(params=dict(dtformat={'__call__': 'parse_dmy_hm'})),
                       ohlc_file(MINS[:300], '%d/%m/%Y %H:%M')),
    'callable-aware-daily': (dict(params=dict(dtformat={'__call__': 'parse_aware'})),
                             ohlc_file([datetime.datetime.combine(d, datetime.time(1 + i % 23))
                                        for i, d in enumerate(DAYS[:100])], '%Y-%m-%d %H:%M')),
    'strptime-fallback': (dict(params=dict(dtformat='%d-%b-%Y')), ohlc_file(DAYS, '%d-%b-%Y')),
    'two-digit-year': (dict(params=dict(dtformat='%d/%m/%y')), ohlc_file(DAYS, '%d/%m/%y')),
    'microseconds': (dict(params=dict(dtformat='%Y-%m-%dT%H:%M:%S.%f', timeframe=tf('Seconds'))),
                     ohlc_file([datetime.datetime(2020, 3, 2, 9, 30) + datetime.timedelta(
                         microseconds=1234567 * i + 7 * (i % 5)) for i in range(700)],
                         '%Y-%m-%dT%H:%M:%S.%f')),
    'microseconds-short': (dict(params=dict(dtformat='%Y-%m-%d %H:%M:%S.%f', timeframe=tf('Seconds'))),
                           ''.join([HEADER] + ['2020-03-02 09:30:%02d.%s,1,2,0.5,1.5,10,0\n' % (
                               i % 60, str(i % 1000)[: 1 + i % 3]) for i in range(59)])),
    'empty-fields-nullvalue': (dict(params=dict(dtformat='%Y-%m-%d', nullvalue=0.0,
                                                openinterest=-1)),
                               ''.join([HEADER] + ['%s,%s,%s,,1.5,%s\n' % (
                                   d.isoformat(), '' if i % 3 == 0 else '1.25', '2', '' if i % 4 == 0 else i)
                                   for i, d in enumerate(DAYS[:100])])),
    'empty-fields-nan': (dict(params=dict(dtformat='%Y-%m-%d', volume=None)),
                         ''.join([HEADER] + ['%s,%s,2,,1.5,7,\n' % (
                             d.isoformat(), '' if i % 3 == 0 else '1.25')
                             for i, d in enumerate(DAYS[:100])])),
    'separator-noheader': (dict(params=dict(dtformat='%Y-%m-%d', separator=';', headers=False)),
                           ohlc_file(DAYS, '%Y-%m-%d', header=None, sep=';')),
    'datetime-last-column': (dict(params=dict(dtformat='%Y-%m-%d', datetime=-1, open=0, high=1,
                                              low=2, close=3, volume=4, openinterest=-1)),
                             ''.join(['O,H,L,C,V,D\n'] + ['1.%d,2,1,1.5,%d,%s\n' % (i, i, d.isoformat())
                                                         for i, d in enumerate(DAYS[:50])])),
    'numbers': (dict(params=dict(dtformat='%Y-%m-%d')),
                ''.join([HEADER] + ['%s,%s,1e3,-0.0, 5 ,1_000,%s\n' % (
                    d.isoformat(), ['.5', '5.', '1.23456789012345678901', 'nan', 'inf', '-1E-7',
                                    '12345678901234567890123', '0.1'][i % 8], i)
                    for i, d in enumerate(DAYS[:64])])),
    'extra-line': (dict(params=dict(dtformat='%Y-%m-%d'), subclass='extra_line'),
                   ''.join([HEADER] + ['%s,1,2,0.5,1.5,10,0,%d.5\n' % (d.isoformat(), i)
                                       for i, d in enumerate(DAYS[:80])])),
    'override-loadline': (dict(params=dict(dtformat='%Y-%m-%d'), subclass='override_loadline'),
                          DAILY),
    'override-loadline-tzinput': (dict(params=dict(timeframe=tf('Minutes'),
                                                   tzinput={'__tz__': 'eastern'}),
                                       subclass='override_loadline'), INTRADAY),
    'named': (dict(params=dict(dtformat='%Y-%m-%d', name='mydata')), DAILY),
    'daily-exactbars': (dict(params=dict(dtformat='%Y-%m-%d'), exactbars=1), DAILY),
    'intraday-tzinput-exactbars': (dict(params=dict(timeframe=tf('Minutes'),
                                                    tzinput={'__tz__': 'eastern'}),
                                        exactbars=1), INTRADAY),
    'intraday-resample-days': (dict(params=dict(timeframe=tf('Minutes')),
                                    resample=dict(timeframe=tf('Days'))), INTRADAY),
    'intraday-resample-15min-nopreload': (dict(params=dict(timeframe=tf('Minutes')),
                                               resample=dict(timeframe=tf('Minutes'),
                                                             compression=15),
                                               preload=False), INTRADAY),
    'user-csvdatabase-subclass': (dict(params={}, subclass='custom_csvbase'), DAILY),
}


def _generic_params():
    """The cases, one test each."""
    for case in sorted(GENERIC_CASES):
        yield pytest.param(case, id=case)


@pytest.mark.parametrize('case', list(_generic_params()))
def test_generic_csv_matches_upstream(case, tmp_path):
    spec, text = GENERIC_CASES[case]
    compare(dict(spec, feed='GenericCSVData'), text, tmp_path)


# ---------------------------------------------------------------------------
# BacktraderCSVData
# ---------------------------------------------------------------------------
def _btcsv_text():
    lines = ['Date,Time,Open,High,Low,Close,Volume,OpenInterest\n']
    for i, (d, (o, h, lo, c, v)) in enumerate(zip(DAYS, _prices(len(DAYS), 5))):
        vals = '%.2f,%.2f,%.2f,%.2f,%d,0' % (o, h, lo, c, v)
        if i % 3 == 0:
            lines.append('%s,%02d:%02d:%02d,%s\n' % (d.isoformat(), i % 24, i % 60, (i * 7) % 60, vals))
        elif i % 3 == 1:
            lines.append('%s,%s\n' % (d.isoformat(), vals))
        else:
            lines.append('%s,%s,extra,more\n' % (d.strftime('%Y/%m/%d'), vals))
    return ''.join(lines)


BTCSV_CASES = {
    'mixed': dict(params={}),
    'mixed-nopreload': dict(params={}, preload=False),
    'sessionend': dict(params=dict(sessionend={'__time__': '17:15:00'})),
    'tzinput': dict(params=dict(tzinput={'__tz__': 'eastern'})),
    'override-loadline': dict(params={}, subclass='override_loadline'),
}


@pytest.mark.parametrize('case', sorted(BTCSV_CASES))
def test_btcsv_matches_upstream(case, tmp_path):
    compare(dict(BTCSV_CASES[case], feed='BacktraderCSVData'), _btcsv_text(), tmp_path)


# ---------------------------------------------------------------------------
# Yahoo
# ---------------------------------------------------------------------------
def _yahoo_text(newest_first=False):
    rows = []
    rng = random.Random(9)
    for i, (d, (o, h, lo, c, v)) in enumerate(zip(DAYS, _prices(len(DAYS), 3))):
        adj = c * (0.9 + 0.0001 * i) + rng.random() * 0.013
        vol = str(v)
        if i % 17 == 5:
            rows.append('%s,null,null,null,null,null,null\n' % d.isoformat())
            continue
        if i % 23 == 7:
            vol = ''
        if i % 29 == 3:
            vol = 'null'
        rows.append('%s,%.6f,%.6f,%.6f,%.6f,%.6f,%s\n' % (d.isoformat(), o, h, lo, c, adj, vol))
    if newest_first:
        rows.reverse()
    return 'Date,Open,High,Low,Close,Adj Close,Volume\n' + ''.join(rows)


YAHOO_CASES = {
    'default': (dict(params={}), False),
    'nopreload': (dict(params={}, preload=False), False),
    'no-adjclose': (dict(params=dict(adjclose=False)), False),
    'no-round': (dict(params=dict(round=False)), False),
    'decimals-roundvolume': (dict(params=dict(decimals=3, roundvolume=-1, adjvolume=True)), False),
    'no-adjvolume': (dict(params=dict(adjvolume=False)), False),
    'swapcloses': (dict(params=dict(swapcloses=True)), False),
    'reverse': (dict(params=dict(reverse=True)), True),
    'reverse-nopreload': (dict(params=dict(reverse=True), preload=False), True),
    'override-loadline': (dict(params={}, subclass='override_loadline'), False),
    'from-to': (dict(params=dict(fromdate={'__date__': '2020-03-01'},
                                 todate={'__date__': '2020-05-01'})), False),
}


@pytest.mark.parametrize('case', sorted(YAHOO_CASES))
def test_yahoo_matches_upstream(case, tmp_path):
    spec, newest_first = YAHOO_CASES[case]
    compare(dict(spec, feed='YahooFinanceCSVData'), _yahoo_text(newest_first), tmp_path)


def test_yahoo_legacy_matches_upstream(tmp_path):
    compare(dict(feed='YahooLegacyCSV', params={}), _yahoo_text(), tmp_path)


# ===========================================================================
# Behaviour beyond upstream (no oracle: hand-derived values)
# ===========================================================================
def _bars(data, preload=True):
    import backtrader as bt
    out = []

    class Rec(bt.Strategy):
        def next(self):
            d = self.data
            out.append((d.datetime.datetime(0), d.lines.datetime.ns(0) if hasattr(
                d.lines.datetime, 'ns') else None, d.close[0], d.volume[0]))

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(data)
    cerebro.addstrategy(Rec)
    cerebro.run(preload=preload, runonce=False)
    return out


def test_blank_lines_and_crlf_are_accepted(tmp_path):
    import backtrader as bt
    path = tmp_path / 'crlf.csv'
    path.write_bytes(b'Date,Open,High,Low,Close,Volume,OpenInterest\r\n'
                     b'2020-01-02,1,2,0.5,1.5,10,0\r\n\r\n'
                     b'2020-01-03,1,2,0.5,1.75,11,0\r\n   \r\n\r\n')
    class LinePath(bt.feeds.GenericCSVData):
        def _loadline(self, linetokens):
            return super(LinePath, self)._loadline(linetokens)

    for cls, preload in [(c, p) for c in (bt.feeds.GenericCSVData, LinePath)
                         for p in (True, False)]:
        bars = _bars(cls(dataname=str(path), dtformat='%Y-%m-%d'), preload)
        assert [(b[0], b[2], b[3]) for b in bars] == [
            (datetime.datetime(2020, 1, 2, 23, 59, 59, 999989), 1.5, 10.0),
            (datetime.datetime(2020, 1, 3, 23, 59, 59, 999989), 1.75, 11.0)]


def test_bad_price_error_names_file_line_and_field(tmp_path):
    import backtrader as bt
    path = tmp_path / 'bad.csv'
    path.write_text(HEADER + '2020-01-02,1,2,0.5,1.5,10,0\n2020-01-03,1,2,oops,1.5,10,0\n')
    with pytest.raises(ValueError) as err:
        _bars(bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d'))
    msg = str(err.value)
    assert 'bad.csv' in msg and 'line 3' in msg and "'low'" in msg and 'oops' in msg


def test_bad_date_error_names_file_line_and_field(tmp_path):
    import backtrader as bt
    path = tmp_path / 'baddate.csv'
    path.write_text(HEADER + '2020-01-02,1,2,0.5,1.5,10,0\n\n2020-02-30,1,2,0.5,1.5,10,0\n')
    for preload in (True, False):
        with pytest.raises(ValueError) as err:
            _bars(bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d'), preload)
        msg = str(err.value)
        assert 'baddate.csv' in msg and 'line 4' in msg and "'datetime'" in msg
        assert '2020-02-30' in msg


def test_short_row_error_in_line_path(tmp_path):
    import backtrader as bt

    class Own(bt.feeds.GenericCSVData):
        def _loadline(self, linetokens):
            return super(Own, self)._loadline(linetokens)

    path = tmp_path / 'short.csv'
    path.write_text(HEADER + '2020-01-02,1,2,0.5,1.5,10,0\n2020-01-03,1,2\n')
    with pytest.raises(IndexError) as err:
        _bars(Own(dataname=str(path), dtformat='%Y-%m-%d'))
    msg = str(err.value)
    # lines are visited in upstream's order (close, low, high, ...)
    assert 'short.csv' in msg and 'line 3' in msg and "'close'" in msg and 'column 4' in msg


def test_tick_csv_keeps_nanoseconds(tmp_path):
    import backtrader as bt
    base = 1700000000 * 10 ** 9
    stamps = [base + i * 1_000_000_007 + (i % 3) for i in range(50)]
    path = tmp_path / 'ticks.csv'
    path.write_text('timestamp_ns,price,size\n' + ''.join(
        '%d,%.2f,%d\n' % (s, 100 + i * 0.01, i + 1) for i, s in enumerate(stamps)))
    for preload in (True, False):
        data = bt.feeds.TickCSVData(dataname=str(path))
        assert data.p.timeframe == bt.TimeFrame.Ticks
        bars = _bars(data, preload)
        assert len(bars) == 50
        assert [b[1] for b in bars] == stamps
        assert [b[2] for b in bars] == [float('%.2f' % (100 + i * 0.01)) for i in range(50)]
        assert [b[3] for b in bars] == [float(i + 1) for i in range(50)]
        assert bars[0][0] == datetime.datetime(2023, 11, 14, 22, 13, 20)


def test_tick_csv_iso_nanosecond_strings_and_aliases(tmp_path):
    import backtrader as bt
    path = tmp_path / 'ticks_iso.csv'
    path.write_text('time,size,price\n'
                    '2024-01-02 09:30:00.000000001,5,10.5\n'
                    '2024-01-02 09:30:00.123456789,6,10.25\n')
    data = bt.feeds.TickCSVData(dataname=str(path), dtformat='%Y-%m-%d %H:%M:%S.%N',
                                price=2, size=1)
    got = []

    class Rec(bt.Strategy):
        def next(self):
            d = self.data
            got.append((d.lines.datetime.ns(0), d.lines.price[0], d.lines.size[0],
                        d.open[0], d.high[0], d.low[0]))

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(data)
    cerebro.addstrategy(Rec)
    cerebro.run()
    t0 = (datetime.date(2024, 1, 2).toordinal() - 719163) * 86400 * 10 ** 9 + (9 * 3600 + 1800) * 10 ** 9
    assert got == [(t0 + 1, 10.5, 5.0, 10.5, 10.5, 10.5),
                   (t0 + 123456789, 10.25, 6.0, 10.25, 10.25, 10.25)]


# ---------------------------------------------------------------------------
# Pandas feeds with a DataFrame-like object (pandas itself is optional)
# ---------------------------------------------------------------------------
class _Cols(object):
    def __init__(self, names):
        self.values = list(names)


class _ILoc(object):
    def __init__(self, frame):
        self.frame = frame

    def __getitem__(self, key):
        row, col = key
        data = self.frame._data[col]
        if isinstance(row, slice):
            return np.asarray(data)[row]
        return data[row]


class FakeFrame(object):
    """The slice of the DataFrame interface the pandas feeds use."""

    def __init__(self, index, columns):
        self.index = index
        self.columns = _Cols(list(columns))
        self._data = [list(v) for v in columns.values()]
        self.iloc = _ILoc(self)

    def __len__(self):
        return len(self.index)

    def itertuples(self):
        for i in range(len(self)):
            yield tuple([self.index[i]] + [col[i] for col in self._data])


def _frame():
    idx = np.array(['2021-01-04T00:00', '2021-01-05T00:00', '2021-01-06T12:30:00.000000500'],
                   dtype='datetime64[ns]')
    return FakeFrame(idx, {'Open': [1.0, 2.0, 3.0], 'HIGH': [1.5, 2.5, 3.5],
                           'low': [0.5, 1.5, 2.5], 'Close': [1.25, 2.25, 3.25],
                           'Volume': [10, 20, 30], 'extra': [7, 8, 9]})


def test_pandas_data_autodetects_columns_on_duck_frame():
    import backtrader as bt
    for preload in (True, False):
        data = bt.feeds.PandasData(dataname=_frame())
        got = []

        class Rec(bt.Strategy):
            def next(self):
                d = self.data
                got.append((d.datetime.datetime(0), d.lines.datetime.ns(0), d.open[0],
                            d.high[0], d.low[0], d.close[0], d.volume[0],
                            math.isnan(d.openinterest[0])))

        cerebro = bt.Cerebro(stdstats=False)
        cerebro.adddata(data)
        cerebro.addstrategy(Rec)
        cerebro.run(preload=preload)
        ns0 = 1609718400 * 10 ** 9
        assert got == [
            (datetime.datetime(2021, 1, 4), ns0, 1.0, 1.5, 0.5, 1.25, 10.0, True),
            (datetime.datetime(2021, 1, 5), ns0 + 86400 * 10 ** 9, 2.0, 2.5, 1.5, 2.25, 20.0, True),
            (datetime.datetime(2021, 1, 6, 12, 30), ns0 + 2 * 86400 * 10 ** 9 + 45000 * 10 ** 9 + 500,
             3.0, 3.5, 2.5, 3.25, 30.0, True)]


def test_pandas_data_explicit_columns_and_nocase():
    import backtrader as bt
    data = bt.feeds.PandasData(dataname=_frame(), open='extra', close=0, volume=None,
                               nocase=False)
    got = []

    class Rec(bt.Strategy):
        def next(self):
            d = self.data
            got.append((d.open[0], d.high[0], d.low[0], d.close[0], math.isnan(d.volume[0])))

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(data)
    cerebro.addstrategy(Rec)
    cerebro.run()
    # nocase=False: 'HIGH' is not 'high' -> absent; 'low' matches
    assert [g[0] for g in got] == [7.0, 8.0, 9.0]
    assert all(math.isnan(g[1]) for g in got)
    assert [g[2] for g in got] == [0.5, 1.5, 2.5]
    assert [g[3] for g in got] == [1.0, 2.0, 3.0]
    assert all(g[4] for g in got)


def test_pandas_data_unknown_column_name_raises():
    import backtrader as bt
    data = bt.feeds.PandasData(dataname=_frame(), close='nope')
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(data)
    cerebro.addstrategy(bt.Strategy)
    with pytest.raises(ValueError, match='nope'):
        cerebro.run()


def test_pandas_direct_data_on_duck_frame():
    import backtrader as bt
    for preload in (True, False):
        data = bt.feeds.PandasDirectData(dataname=_frame(), openinterest=-1)
        got = []

        class Rec(bt.Strategy):
            def next(self):
                d = self.data
                got.append((d.datetime.date(0), d.open[0], d.high[0], d.low[0],
                            d.close[0], d.volume[0]))

        cerebro = bt.Cerebro(stdstats=False)
        cerebro.adddata(data)
        cerebro.addstrategy(Rec)
        cerebro.run(preload=preload)
        assert got == [(datetime.date(2021, 1, 4), 1.0, 1.5, 0.5, 1.25, 10.0),
                       (datetime.date(2021, 1, 5), 2.0, 2.5, 1.5, 2.25, 20.0),
                       (datetime.date(2021, 1, 6), 3.0, 3.5, 2.5, 3.25, 30.0)]


def test_pandas_data_with_real_pandas_matches_duck_frame():
    pd = pytest.importorskip('pandas')
    import backtrader as bt
    fake = _frame()
    df = pd.DataFrame({n: col for n, col in zip(fake.columns.values, fake._data)},
                      index=pd.DatetimeIndex(fake.index))
    out = []
    for frame in (fake, df):
        got = []

        class Rec(bt.Strategy):
            def next(self):
                d = self.data
                got.append((d.datetime[0], d.open[0], d.close[0], d.volume[0]))

        cerebro = bt.Cerebro(stdstats=False)
        cerebro.adddata(bt.feeds.PandasData(dataname=frame))
        cerebro.addstrategy(Rec)
        cerebro.run()
        out.append(got)
    assert out[0] == out[1]


PANDAS_CASES = {
    'index': dict(feed='PandasData', pandas={}, params={}),
    'index-nopreload': dict(feed='PandasData', pandas={}, params={}, preload=False),
    'aware-index': dict(feed='PandasData', pandas={'tz': 'US/Eastern'}, params={}),
    'column-autodetect': dict(feed='PandasData', pandas={'reset': True},
                              params=dict(datetime=-1)),
    'column-names': dict(feed='PandasData', pandas={'reset': True},
                         params=dict(datetime='Datetime', open='Close', close=4, volume=None)),
    'tzinput-from-to': dict(feed='PandasData', pandas={}, params=dict(
        tzinput={'__tz__': 'eastern'}, timeframe=tf('Minutes'),
        fromdate=dtp('2021-03-11T10:00:00'), todate=dtp('2021-03-12T06:00:00'))),
    'direct': dict(feed='PandasDirectData', pandas={}, params=dict(openinterest=-1)),
    'direct-nopreload': dict(feed='PandasDirectData', pandas={}, params=dict(openinterest=-1),
                             preload=False),
}


@pytest.mark.parametrize('case', sorted(PANDAS_CASES))
def test_pandas_feeds_match_upstream(case, tmp_path):
    """Needs pandas (a test extra) in site-packages, where both engines find it."""
    pytest.importorskip('pandas')
    text = ohlc_file(MINS[:900], '%Y-%m-%d %H:%M:%S',
                     header='Datetime,Open,High,Low,Close,Volume,OpenInterest\n')
    compare(PANDAS_CASES[case], text, tmp_path)
