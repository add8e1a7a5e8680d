"""Resampling and replay: hand-derived bars, exact nanosecond stamps, bad input,
the exported names. (Bars against upstream: test_resample_differential.py.)"""
import datetime as dt

import pytest

import backtrader as bt
from backtrader import resamplerfilter

BASE_NS = 1577836800 * 10**9            # 2020-01-01 00:00:00 UTC
# (ns, price, size): three ticks in second 0, one in second 1, one in second 2
TICKS = [(BASE_NS + 100_000_100, 10.0, 1), (BASE_NS + 500_000_007, 12.0, 2),
         (BASE_NS + 900_000_003, 9.0, 3), (BASE_NS + 1_250_000_001, 11.0, 4),
         (BASE_NS + 2_300_000_005, 13.0, 1)]


def _run(data, how='resample', **kwargs):
    rows = []

    class Rec(bt.Strategy):
        def next(self):
            d = self.data
            rows.append((len(d), d.lines.datetime.ns(0), d.open[0], d.high[0], d.low[0],
                         d.close[0], d.volume[0]))

    cerebro = bt.Cerebro(stdstats=False)
    getattr(cerebro, how + 'data')(data, **kwargs)
    cerebro.addstrategy(Rec)
    cerebro.run()
    return rows


def _ticks(tmp_path):
    path = tmp_path / 'ticks.csv'
    path.write_text(''.join('%d,%s,%d\n' % t for t in TICKS))
    return bt.feeds.TickCSVData(dataname=str(path), headers=False)


def test_ticks_to_seconds_keep_the_last_ticks_exact_nanoseconds(tmp_path):
    rows = _run(_ticks(tmp_path), timeframe=bt.TimeFrame.Seconds, adjbartime=False)
    assert rows == [(1, TICKS[2][0], 10.0, 12.0, 9.0, 9.0, 6.0),
                    (2, TICKS[3][0], 11.0, 11.0, 11.0, 11.0, 4.0),
                    (3, TICKS[4][0], 13.0, 13.0, 13.0, 13.0, 1.0)]


def test_ticks_to_seconds_stamped_on_the_right_edge(tmp_path):
    rows = _run(_ticks(tmp_path), timeframe=bt.TimeFrame.Seconds)
    assert [r[1] for r in rows] == [BASE_NS + 10**9, BASE_NS + 2 * 10**9,
                                    BASE_NS + 3 * 10**9]
    # a left edge earlier than the bar's last stamp is not taken (upstream's
    # rule), but for the bar delivered at the end of the data
    left = _run(_ticks(tmp_path), timeframe=bt.TimeFrame.Seconds, rightedge=False)
    assert [r[1] for r in left] == [TICKS[2][0], TICKS[3][0], BASE_NS + 2 * 10**9]


def test_replay_shows_the_forming_bar_at_every_tick(tmp_path):
    rows = _run(_ticks(tmp_path), how='replay', timeframe=bt.TimeFrame.Seconds)
    # (length, open, high, low, close, volume) after each tick, by hand
    assert [(r[0],) + r[2:] for r in rows] == [
        (1, 10.0, 10.0, 10.0, 10.0, 1.0), (1, 10.0, 12.0, 10.0, 12.0, 3.0),
        (1, 10.0, 12.0, 9.0, 9.0, 6.0), (2, 11.0, 11.0, 11.0, 11.0, 4.0),
        (3, 13.0, 13.0, 13.0, 13.0, 1.0)]
    assert [r[1] for r in rows] == [t[0] for t in TICKS]


def _daily(tmp_path, days):
    path = tmp_path / 'daily.csv'
    lines = ['Date,Open,High,Low,Close,Volume,OpenInterest\n']
    for i, day in enumerate(days):
        lines.append('%s,%d,%d,%d,%d,%d,0\n' % (day.isoformat(), 100 + i, 110 + i,
                                                90 - i, 101 + i, 10 * (i + 1)))
    path.write_text(''.join(lines))
    return bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d')


def _weekly_reference(days):
    """Plain-Python weekly bars of ``_daily``'s rows, grouped by ISO week."""
    weeks = {}
    for i, day in enumerate(days):
        weeks.setdefault(day.isocalendar()[:2], []).append(
            (day, 100 + i, 110 + i, 90 - i, 101 + i, 10 * (i + 1)))
    out = []
    for key in sorted(weeks):
        rows = weeks[key]
        out.append((rows[-1][0], rows[0][1], max(r[2] for r in rows),
                    min(r[3] for r in rows), rows[-1][4], sum(r[5] for r in rows)))
    return out


def test_days_to_weeks_matches_a_plain_python_grouping(tmp_path):
    start = dt.date(2021, 3, 1)
    days = [start + dt.timedelta(days=k) for k in range(40)
            if (start + dt.timedelta(days=k)).weekday() < 5 and k % 9 != 4]
    data = _daily(tmp_path, days)
    got = []

    class Rec(bt.Strategy):
        def next(self):
            d = self.data
            got.append((d.datetime.date(0), d.open[0], d.high[0], d.low[0], d.close[0],
                        d.volume[0]))

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.resampledata(data, timeframe=bt.TimeFrame.Weeks)
    cerebro.addstrategy(Rec)
    cerebro.run()
    assert got == _weekly_reference(days)


@pytest.mark.parametrize('kwargs,words', [
    (dict(timeframe=bt.TimeFrame.Days, compression=0), ['Resampler', 'compression']),
    (dict(timeframe=bt.TimeFrame.Days, compression=2.5), ['Resampler', 'compression']),
    (dict(timeframe=bt.TimeFrame.Minutes), ['Resampler', 'timeframe', 'Minutes', 'Days']),
    (dict(timeframe=42), ['Resampler', 'timeframe', '42']),
])
def test_bad_params_name_the_class_and_param(tmp_path, kwargs, words):
    data = _daily(tmp_path, [dt.date(2021, 3, 1)])
    with pytest.raises(ValueError) as err:
        bt.Cerebro().resampledata(data, **kwargs)
    for word in words:
        assert word in str(err.value)


def test_exported_names_and_defaults():
    names = ['Resampler', 'Replayer', 'DTFaker'] + [
        base + tf for base in ('Resampler', 'Replayer')
        for tf in ('Ticks', 'Seconds', 'Minutes', 'Daily', 'Weekly', 'Monthly')] + [
        'ResamplerYearly']
    for name in names:
        assert getattr(bt, name) is getattr(resamplerfilter, name)
    assert bt.ResamplerWeekly.params.timeframe == bt.TimeFrame.Weeks
    assert bt.Resampler.params.adjbartime is True
    assert bt.Replayer.params.adjbartime is False
    assert [k for k, _ in bt.Resampler.params._getitems()] == [
        'bar2edge', 'adjbartime', 'rightedge', 'boundoff', 'timeframe', 'compression',
        'takelate', 'sessionend']
