"""Trading calendars on hand-derived dates: next trading days over weekends
and holidays, period ends, sessions with early closes and time zones, how
``addcalendar`` takes its argument, the optional pandas_market_calendars
wrapper and the errors of a calendar without sessions."""
import datetime as dt
import sys

import pytest

import backtrader as bt

D = dt.date
HOLIDAYS = [D(2021, 7, 5), D(2021, 12, 31)]


class _Minus5(dt.tzinfo):
    def utcoffset(self, moment):
        return dt.timedelta(hours=-5)

    def dst(self, moment):
        return dt.timedelta(0)

    def localize(self, moment):
        return moment.replace(tzinfo=self)


def test_next_trading_day_skips_weekends_and_holidays():
    cal = bt.TradingCalendar(holidays=HOLIDAYS)
    assert cal.nextday(D(2021, 7, 2)) == D(2021, 7, 6)          # Fri -> (Mon holiday) Tue
    assert cal.nextday_week(D(2021, 7, 2)) == 27
    assert cal.nextday(D(2021, 12, 30)) == D(2022, 1, 3)
    friday_off = bt.TradingCalendar(offdays=[5, 6, 7])
    assert friday_off.nextday(D(2021, 7, 1)) == D(2021, 7, 5)


def test_period_ends_follow_the_calendar():
    cal = bt.TradingCalendar(holidays=HOLIDAYS)
    assert cal.last_weekday(D(2021, 7, 2)) and not cal.last_weekday(D(2021, 7, 1))
    assert cal.last_monthday(D(2021, 12, 30)) and cal.last_yearday(D(2021, 12, 30))
    assert not cal.last_monthday(D(2021, 12, 29))
    assert cal.last_monthday(D(2021, 4, 30)) and not cal.last_yearday(D(2021, 4, 30))


def test_schedule_gives_the_session_early_days_and_rolls_past_the_close():
    cal = bt.TradingCalendar(open=dt.time(9, 30), close=dt.time(16),
                             earlydays=[(D(2021, 11, 26), dt.time(9, 30), dt.time(13))])
    day = dt.datetime(2021, 11, 26, 10)
    assert cal.schedule(day) == (dt.datetime(2021, 11, 26, 9, 30), dt.datetime(2021, 11, 26, 13))
    # after the early close: the next day's session (the calendar does not skip weekends here)
    assert cal.schedule(dt.datetime(2021, 11, 26, 14)) == (
        dt.datetime(2021, 11, 27, 9, 30), dt.datetime(2021, 11, 27, 16))
    # local times of UTC-5 come back as naive UTC
    assert cal.schedule(dt.datetime(2021, 11, 25, 20), _Minus5()) == (
        dt.datetime(2021, 11, 25, 14, 30), dt.datetime(2021, 11, 25, 21))


def test_addcalendar_takes_instances_classes_and_names(monkeypatch):
    cerebro = bt.Cerebro()
    cal = bt.TradingCalendar()
    cerebro.addcalendar(cal)
    assert cerebro._tradingcal is cal
    cerebro.addcalendar(bt.TradingCalendar)
    assert type(cerebro._tradingcal) is bt.TradingCalendar
    monkeypatch.setitem(sys.modules, 'pandas_market_calendars', None)
    with pytest.raises(ImportError, match='pandas_market_calendars'):
        cerebro.addcalendar('NYSE')


def test_weekly_bars_end_on_the_last_trading_day_of_the_week(tmp_path):
    # Mon 2021-06-28 .. Fri 2021-07-09, Friday 2nd July a holiday of the calendar
    days = [D(2021, 6, 28) + dt.timedelta(days=i) for i in range(12)]
    days = [d for d in days if d.isoweekday() < 6 and d != D(2021, 7, 2)]
    path = tmp_path / 'daily.csv'
    path.write_text('date,open,high,low,close,volume,oi\n' + ''.join(
        '%s,%d,%d,%d,%d,1,0\n' % (d, i, i, i, i) for i, d in enumerate(days)))

    class Lens(bt.Strategy):
        def __init__(self):
            self.seen = []

        def next(self):
            self.seen.append((len(self.data0), len(self.data1), self.data1.close[0]))

    def run(calendar):
        cerebro = bt.Cerebro(stdstats=False)
        data = bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d',
                                       openinterest=6)
        cerebro.adddata(data)
        cerebro.resampledata(data, timeframe=bt.TimeFrame.Weeks)
        cerebro.addstrategy(Lens)
        if calendar:
            cerebro.addcalendar(bt.TradingCalendar(holidays=[D(2021, 7, 2)]))
        return cerebro.run()[0].seen

    # with the calendar the first week closes on Thursday 1st July (the 4th bar),
    # without it only when the next week's Monday arrives (the 5th bar)
    assert run(True)[0] == (4, 1, 3.0)
    assert run(False)[0] == (5, 1, 3.0)


@pytest.mark.parametrize('offdays', [[1, 2, 3, 4, 5, 6, 7], range(0, 8)])
def test_a_calendar_without_sessions_is_refused(offdays):
    with pytest.raises(ValueError, match='TradingCalendar: param offdays'):
        bt.TradingCalendar(offdays=list(offdays))


@pytest.mark.parametrize('kwargs,param', [
    (dict(open='09:30'), 'open'),
    (dict(earlydays=[D(2021, 1, 4)]), 'earlydays'),
    (dict(earlydays=[(D(2021, 1, 4), 9, 13)]), 'earlydays'),
])
def test_bad_calendar_params_are_named(kwargs, param):
    with pytest.raises(ValueError, match='TradingCalendar: param %s' % param):
        bt.TradingCalendar(**kwargs)


def test_pandas_market_calendar_needs_a_calendar():
    with pytest.raises(ValueError, match='PandasMarketCalendar: param calendar'):
        bt.PandasMarketCalendar()


class TestNYSE:
    """Against the sessions of pandas_market_calendars itself (upstream's own
    wrapper fails on today's pandas, so there is no upstream run to compare)."""

    @pytest.fixture(autouse=True)
    def _need_package(self):
        pytest.importorskip('pandas_market_calendars')

    def test_next_days_and_period_ends(self):
        cal = bt.PandasMarketCalendar(calendar='NYSE')
        assert cal.nextday(D(2020, 7, 2)).date() == D(2020, 7, 6)     # 3rd observed
        assert cal.last_weekday(D(2020, 7, 2)) and not cal.last_weekday(D(2020, 7, 1))
        assert cal.last_yearday(D(2020, 12, 31))
        assert cal.nextday(D(2020, 12, 31)).date() == D(2021, 1, 4)

    def test_early_close_in_utc(self):
        cal = bt.PandasMarketCalendar(calendar='NYSE')
        # day after Thanksgiving 2020: 09:30-13:00 New York = 14:30-18:00 UTC
        assert cal.schedule(dt.datetime(2020, 11, 27, 15)) == (
            dt.datetime(2020, 11, 27, 14, 30), dt.datetime(2020, 11, 27, 18))
        assert cal.schedule(dt.datetime(2020, 11, 27, 19)) == (
            dt.datetime(2020, 11, 30, 14, 30), dt.datetime(2020, 11, 30, 21))

    def test_calendar_object_and_name_give_the_same_days(self):
        import pandas_market_calendars as mcal
        by_name = bt.PandasMarketCalendar(calendar='NYSE')
        cerebro = bt.Cerebro()
        cerebro.addcalendar(mcal.get_calendar('NYSE'))
        by_obj = cerebro._tradingcal
        assert isinstance(by_obj, bt.PandasMarketCalendar)
        day = D(2020, 1, 1)
        for _ in range(30):
            assert by_obj.nextday(day) == by_name.nextday(day)
            day = by_name.nextday(day).date()
