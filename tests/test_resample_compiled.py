"""The compiled resampler (``_cy/resample.pyx``) against the Python one.

``Resampler.filter_block`` hands a block feed's columns to the compiled
``TimeBars`` when it can make the bars; the Python filter (proved against
upstream in ``test_resample_differential.py``) is the reference here: on
random data, with duplicate and late stamps, nanosecond ticks, custom session
ends and each param switched, both paths must show the strategy the very same
bars (length, exact nanoseconds, day number, OHLCV, open interest) and fill
the same orders. Cases the compiled path does not serve must fall back.
"""
import datetime as dt
import random

import pytest

import backtrader as bt
from backtrader import resamplerfilter

TF = bt.TimeFrame
BASE_NS = 1583402400 * 10**9            # 2020-03-05 10:00:00 UTC


def _minutes_csv(path, seed, days=9, dups=True):
    """Minute bars of a few sessions with gaps; with ``dups`` some stamps repeat
    (on block edges and elsewhere), which makes late inputs."""
    rng = random.Random(seed)
    rows, price = [], 100.0
    for k in range(days):
        t = dt.datetime(2020, 3, 2 + k, 9, 30)
        end = t + dt.timedelta(minutes=rng.randint(200, 900))
        while t <= end:
            if rng.random() > 0.2:
                reps = 2 if dups and rng.random() < 0.08 else 1
                for _ in range(reps):
                    o = price
                    price = round(price + rng.uniform(-1, 1), 2)
                    rows.append('%s,%.2f,%.2f,%.2f,%.2f,%d,%d\n' % (
                        t.strftime('%Y-%m-%d %H:%M:%S'), o, max(o, price) + 0.3,
                        min(o, price) - 0.3, price, rng.randint(1, 900), rng.randint(0, 50)))
            t += dt.timedelta(minutes=rng.choice((1, 1, 1, 2, 7)))
    path.write_text('datetime,open,high,low,close,volume,openinterest\n' + ''.join(rows))
    return bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d %H:%M:%S',
                                   timeframe=TF.Minutes)


def _ticks_csv(path, seed, n=4000):
    """Ticks with nanosecond stamps (some equal, some just below a second)."""
    rng = random.Random(seed)
    ns, rows = BASE_NS + 250, []
    for _ in range(n):
        rows.append('%d,%.2f,%d\n' % (ns, 100 + rng.uniform(-5, 5), rng.randint(1, 9)))
        step = rng.choice((0, 1, 999, 10**6, 10**8, 7 * 10**8, 10**9 - 1, 2 * 10**9))
        ns += step
    path.write_text(''.join(rows))
    return bt.feeds.TickCSVData(dataname=str(path), headers=False)


def _run(make, compiled, resample_kwargs, how='resampledata', monkeypatch=None):
    """Bars the strategy sees and its orders; the resampler's chosen path."""
    monkeypatch.setattr(resamplerfilter.Resampler, 'compiled', compiled)
    rows, orders = [], []

    class Rec(bt.Strategy):
        def next(self):
            d = self.data
            rows.append((len(d), d.lines.datetime.ns(0), repr(d.datetime[0]), d.open[0],
                         d.high[0], d.low[0], d.close[0], d.volume[0],
                         repr(d.openinterest[0])))
            if len(rows) % 5 == 0:
                self.buy() if not self.position else self.close()

        def notify_order(self, order):
            if order.status == order.Completed:
                orders.append((len(self), order.executed.price, order.executed.size))

    data = make()
    cerebro = bt.Cerebro(stdstats=False)
    if how == 'resampledata':
        cerebro.resampledata(data, **resample_kwargs)
    else:                                   # resample on the data itself: preloaded
        data.resample(**resample_kwargs)
        cerebro.adddata(data)
    cerebro.addstrategy(Rec)
    cerebro.run()
    flt = data._filters[0][0]
    return rows, orders, flt._kernel


MINUTE_CASES = [
    dict(timeframe=TF.Minutes, compression=5),
    dict(timeframe=TF.Minutes, compression=1),
    dict(timeframe=TF.Minutes, compression=15, adjbartime=False),
    dict(timeframe=TF.Minutes, compression=15, rightedge=False),
    dict(timeframe=TF.Minutes, compression=10, boundoff=3),
    dict(timeframe=TF.Minutes, compression=5, takelate=False),
    dict(timeframe=TF.Minutes, compression=60),
    dict(timeframe=TF.Days),
    dict(timeframe=TF.Days, compression=2),
    dict(timeframe=TF.Days, adjbartime=False),
]


@pytest.mark.parametrize('seed', [1, 2])
@pytest.mark.parametrize('kwargs', MINUTE_CASES, ids=lambda k: repr(sorted(k.items())))
def test_minutes_compiled_equals_python(tmp_path, monkeypatch, kwargs, seed):
    make = lambda: _minutes_csv(tmp_path / 'm.csv', seed)  # noqa: E731
    ref = _run(make, False, kwargs, monkeypatch=monkeypatch)
    got = _run(make, True, kwargs, monkeypatch=monkeypatch)
    assert ref[2] is False and got[2], 'the paths taken'
    assert len(ref[0]) > 3
    assert got[0] == ref[0]
    assert got[1] == ref[1]


@pytest.mark.parametrize('sessionend', [dt.time(16, 0), dt.time(11, 7, 30), dt.time(0, 0)])
@pytest.mark.parametrize('tframe,comp', [(TF.Days, 1), (TF.Minutes, 30)])
def test_session_end_compiled_equals_python(tmp_path, monkeypatch, sessionend, tframe, comp):
    def make():
        data = _minutes_csv(tmp_path / 'm.csv', 7, dups=False)
        data.p.sessionend = sessionend
        return data
    kwargs = dict(timeframe=tframe, compression=comp)
    ref = _run(make, False, kwargs, monkeypatch=monkeypatch)
    got = _run(make, True, kwargs, monkeypatch=monkeypatch)
    assert ref[2] is False and got[2]
    assert got[0] == ref[0] and got[1] == ref[1]


@pytest.mark.parametrize('kwargs', [
    dict(timeframe=TF.Seconds), dict(timeframe=TF.Seconds, compression=5),
    dict(timeframe=TF.Seconds, adjbartime=False), dict(timeframe=TF.Seconds, rightedge=False),
    dict(timeframe=TF.Minutes), dict(timeframe=TF.Seconds, compression=7, boundoff=2),
], ids=lambda k: repr(sorted(k.items())))
def test_nanosecond_ticks_compiled_equals_python(tmp_path, monkeypatch, kwargs):
    make = lambda: _ticks_csv(tmp_path / 't.csv', 3)  # noqa: E731
    ref = _run(make, False, kwargs, monkeypatch=monkeypatch)
    got = _run(make, True, kwargs, monkeypatch=monkeypatch)
    assert ref[2] is False and got[2]
    assert len(ref[0]) > 10
    assert got[0] == ref[0] and got[1] == ref[1]


def test_preloaded_data_with_late_bars_keeps_their_day_numbers(tmp_path, monkeypatch):
    """data.resample() + adddata preloads (runonce); late bars are stamped
    with day numbers (the last bar's + 1e-6 days, off the whole second)."""
    make = lambda: _minutes_csv(tmp_path / 'm.csv', 11)  # noqa: E731
    kwargs = dict(timeframe=TF.Minutes, compression=5, adjbartime=False)
    ref = _run(make, False, kwargs, how='adddata', monkeypatch=monkeypatch)
    got = _run(make, True, kwargs, how='adddata', monkeypatch=monkeypatch)
    assert ref[2] is False and got[2]
    assert got[0] == ref[0] and got[1] == ref[1]
    late = [r for r in ref[0] if bt.num2date(float(r[2])).microsecond]
    assert late, 'the data made no late bar'


def _decide(data, **kwargs):
    flt = resamplerfilter.Resampler(data, **kwargs)
    data._start()
    return hasattr(flt, 'filter_block'), flt._kernel


def test_fallbacks_name_the_cases_the_compiled_path_does_not_serve(tmp_path):
    def minutes(**params):
        params.setdefault('timeframe', TF.Minutes)
        return bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d %H:%M:%S',
                                       **params)
    path = tmp_path / 'm.csv'
    _minutes_csv(path, 5)
    M = TF.Minutes
    assert _decide(minutes(), timeframe=M, compression=5)[0] is True
    for params, kwargs in [
            ({}, dict(timeframe=TF.Weeks)),                       # weeks and up
            ({}, dict(timeframe=M, compression=5, bar2edge=False)),
            ({}, dict(timeframe=M, compression=5, boundoff=-1)),
            (dict(tz=dt.timezone(dt.timedelta(hours=-5))), dict(timeframe=M, compression=5)),
            (dict(fromdate=dt.datetime(2020, 3, 3)), dict(timeframe=TF.Days)),
            (dict(todate=dt.datetime(2020, 3, 3)), dict(timeframe=TF.Days)),
            (dict(timeframe=TF.Days), dict(timeframe=TF.Days, compression=2)),  # a count
    ]:
        assert _decide(minutes(**params), **kwargs) == (False, False), (params, kwargs)
    # a clone, a user subclass, the replayer, a feed without a block loader
    source = minutes()
    source._start()
    assert _decide(source.clone(), timeframe=M, compression=5) == (False, False)

    class MyResampler(bt.Resampler):
        pass
    data = minutes()
    flt = MyResampler(data, timeframe=M, compression=5)
    data._start()
    assert not hasattr(flt, 'filter_block')
    assert not hasattr(bt.Replayer(minutes(), timeframe=M, compression=5), 'filter_block')

    class Rows(bt.feed.DataBase):
        params = (('timeframe', M),)

        def _load(self):
            return False
    assert _decide(Rows(), timeframe=M, compression=5) == (False, False)


def test_a_clone_in_a_multi_timeframe_run_still_gets_the_python_bars(tmp_path, monkeypatch):
    """The second resample of one data is a clone (Python path); the first is
    compiled; both equal the all-Python run."""
    def run(compiled):
        monkeypatch.setattr(resamplerfilter.Resampler, 'compiled', compiled)
        data = _minutes_csv(tmp_path / 'm.csv', 9)
        seen = []

        class Rec(bt.Strategy):
            def next(self):
                seen.append(tuple((len(d), d.lines.datetime.ns(0), d.close[0], d.volume[0])
                                  for d in self.datas))
        cerebro = bt.Cerebro(stdstats=False)
        cerebro.resampledata(data, timeframe=TF.Minutes, compression=5)
        cerebro.resampledata(data, timeframe=TF.Days)
        cerebro.addstrategy(Rec)
        cerebro.run()
        kinds = [bool(d._filters[0][0]._kernel) for d in cerebro.datas]
        return seen, kinds
    ref, ref_kinds = run(False)
    got, got_kinds = run(True)
    assert ref_kinds == [False, False] and got_kinds == [True, False]
    assert got == ref and len(got) > 100


def test_timebars_rejects_bad_arguments():
    from backtrader._cy.resample import TimeBars
    for args, kwargs, word in [(('hours', 1), {}, 'unit'), (('minutes', 0), {}, 'compression'),
                               (('minutes', 5), dict(boundoff=-2), 'boundoff'),
                               (('days', 1), dict(sessionend_ns=-1), 'sessionend_ns')]:
        with pytest.raises(ValueError, match=word):
            TimeBars(*args, **kwargs)
