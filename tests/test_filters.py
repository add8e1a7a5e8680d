"""``bt.filters`` beyond the differential cases: DataFiller (upstream's does
not run) against hand-derived bars, the names, and the errors on bad input."""
import datetime as dt
import math

import pytest

import backtrader as bt

ROWS = [  # stamp, close (open/high/low = close), volume
    ('2021-03-02 09:30:00', 10.0, 5), ('2021-03-02 09:31:00', 11.0, 6),
    ('2021-03-02 09:34:00', 12.0, 7), ('2021-03-02 09:39:00', 13.0, 8),
    ('2021-03-03 09:32:00', 14.0, 9),
]


def _write(tmp_path, rows=ROWS):
    path = tmp_path / 'm.csv'
    path.write_text('datetime,open,high,low,close,volume,openinterest\n' + ''.join(
        '%s,%s,%s,%s,%s,%d,0\n' % (s, c, c, c, c, v) for s, c, v in rows))
    return str(path)


def _feed(path, **kw):
    return bt.feeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d %H:%M:%S',
                                   timeframe=bt.TimeFrame.Minutes, datetime=0, open=1,
                                   high=2, low=3, close=4, volume=5, openinterest=6,
                                   sessionstart=dt.time(9, 30), sessionend=dt.time(9, 40), **kw)


class Rec(bt.Strategy):
    def __init__(self):
        self.seen = []

    def next(self):
        d = self.data
        self.seen.append((d.datetime.datetime(0).strftime('%d %H:%M'), d.close[0], d.volume[0]))


def _run(data, **kw):
    cerebro = bt.Cerebro(stdstats=False, **kw)
    cerebro.adddata(data)
    cerebro.addstrategy(Rec)
    return cerebro.run()[0].seen


NAN = float('nan')
# by hand: one-minute steps from each bar to the next; across the night up to
# the session end (09:40, exclusive) and from the next session start (09:30)
EXPECTED = [('02 09:30', 10.0, 5), ('02 09:31', 11.0, 6), ('02 09:32', 11.0, NAN),
            ('02 09:33', 11.0, NAN), ('02 09:34', 12.0, 7), ('02 09:35', 12.0, NAN),
            ('02 09:36', 12.0, NAN), ('02 09:37', 12.0, NAN), ('02 09:38', 12.0, NAN),
            ('02 09:39', 13.0, 8), ('03 09:30', 13.0, NAN), ('03 09:31', 13.0, NAN),
            ('03 09:32', 14.0, 9)]


def _same(got, want):
    assert len(got) == len(want), got
    for g, w in zip(got, want):
        assert g[:2] == w[:2]
        assert g[2] == w[2] or (math.isnan(g[2]) and math.isnan(w[2])), (g, w)


@pytest.mark.parametrize('mode', [dict(runonce=True), dict(runonce=False),
                                  dict(preload=False, runonce=False), dict(exactbars=1)])
def test_datafiller_fills_gaps_and_session_edges(tmp_path, mode):
    filled = bt.filters.DataFiller(dataname=_feed(_write(tmp_path)))
    _same(_run(filled, **mode), EXPECTED)


def test_datafiller_fill_price_and_volume(tmp_path):
    filled = bt.filters.DataFiller(dataname=_feed(_write(tmp_path)), fill_price=1.5, fill_vol=0.0)
    want = [(s, 1.5 if v != v else c, 0.0 if v != v else v) for s, c, v in EXPECTED]
    _same(_run(filled), want)


def test_datafilter_keeps_accepted_bars(tmp_path):
    kept = bt.filters.DataFilter(dataname=_feed(_write(tmp_path)),
                                 funcfilter=lambda d: d.volume[0] % 2 == 0)
    _same(_run(kept, runonce=False), [('02 09:31', 11.0, 6), ('02 09:39', 13.0, 8)])


def test_calendardays_none_price_is_the_last_close(tmp_path):
    path = tmp_path / 'd.csv'
    path.write_text('datetime,open,high,low,close,volume,openinterest\n'
                    '2021-03-05,1,2,0.5,1.5,10,0\n2021-03-08,2,3,1.5,2.5,20,0\n')
    data = bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d', datetime=0,
                                   open=1, high=2, low=3, close=4, volume=5, openinterest=6)
    data.addfilter(bt.filters.CalendarDays)     # upstream: TypeError on None > 0
    got = [(s[:2], c) for s, c, _ in _run(data)]
    # Saturday, Sunday and (as upstream) a made bar on the gap's own day, then the bar
    assert got == [('05', 1.5), ('06', 1.5), ('07', 1.5), ('08', 1.5), ('08', 2.5)]


def test_names_resolve_as_upstream():
    import backtrader.filters as flt
    for name in ('SessionFilter', 'SessionFilterSimple', 'SessionFiller', 'CalendarDays',
                 'DataFiller', 'DataFilter', 'DaySplitter_Close', 'BarReplayer_Open',
                 'DayStepsFilter', 'HeikinAshi', 'Renko'):
        assert getattr(bt.filters, name) is getattr(flt, name)
    assert flt.DayStepsFilter is flt.BarReplayer_Open
    assert issubclass(flt.Renko, bt.Filter)
    assert tuple(flt.Renko.params._getkeys()) == ('hilo', 'size', 'autosize', 'dynamic', 'align',
                                           'roundstart')


def test_session_filler_on_daily_data_names_the_filter(tmp_path):
    path = tmp_path / 'd.csv'
    path.write_text('datetime,open,high,low,close,volume,openinterest\n2021-03-05,1,2,0.5,1.5,10,0\n')
    data = bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d')
    with pytest.raises(ValueError, match='SessionFiller.*timeframe Days'):
        data.addfilter(bt.filters.SessionFiller)


def test_datafiller_on_daily_data_names_the_filter(tmp_path):
    path = tmp_path / 'd.csv'
    path.write_text('datetime,open,high,low,close,volume,openinterest\n2021-03-05,1,2,0.5,1.5,10,0\n')
    src = bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d')
    with pytest.raises(ValueError, match='DataFiller.*timeframe Days'):
        _run(bt.filters.DataFiller(dataname=src))


def test_bad_params_name_the_class_and_param(tmp_path):
    src = _feed(_write(tmp_path))
    with pytest.raises(ValueError, match='CalendarDays: param fill_price'):
        src.addfilter(bt.filters.CalendarDays, fill_price=-3)
    with pytest.raises(TypeError, match='DataFilter: param funcfilter'):
        bt.filters.DataFilter(dataname=src)
    with pytest.raises(TypeError, match='DataFiller: param dataname'):
        _run(bt.filters.DataFiller(dataname='nope.csv'))
