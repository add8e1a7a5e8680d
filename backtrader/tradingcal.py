"""Trading calendars: which days trade and when their sessions open and close.

A calendar set with ``cerebro.addcalendar`` (or a feed's ``calendar``
param) tells the resampler where weeks, months and years end (the last
trading day of the period) and gives a data's session end (``schedule``),
which daily resampling and session timers use.
"""
import datetime

from backtrader.metabase import ParamsBase
from backtrader.utils.date import UTC

__all__ = ['TradingCalendarBase', 'TradingCalendar', 'PandasMarketCalendar']

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
(ISONODAY, ISOMONDAY, ISOTUESDAY, ISOWEDNESDAY, ISOTHURSDAY, ISOFRIDAY,
 ISOSATURDAY, ISOSUNDAY) = range(8)
WEEKEND = [SATURDAY, SUNDAY]
ISOWEEKEND = [ISOSATURDAY, ISOSUNDAY]
ONEDAY = datetime.timedelta(days=1)

_LAST_TIME = datetime.time(23, 59, 59, 999990)


def _utc_naive(moment, tz):
    """A local naive datetime of zone ``tz`` as a naive UTC datetime (unchanged without zone)."""
    if tz is None:
        return moment
    return tz.localize(moment).astimezone(UTC).replace(tzinfo=None)


class TradingCalendarBase(ParamsBase):
    """What a calendar provides: ``_nextday(day)`` -> (next trading day, its
    ISO calendar triple) and ``schedule(day, tz)`` -> (open, close) as naive
    UTC datetimes of the first session not closed at ``day``."""

    def _nextday(self, day):
        raise NotImplementedError('%s must implement _nextday' % type(self).__name__)

    def schedule(self, day, tz=None):
        raise NotImplementedError('%s must implement schedule' % type(self).__name__)

    def nextday(self, day):
        """The first trading day after ``day`` (a date or datetime)."""
        return self._nextday(day)[0]

    def nextday_week(self, day):
        """The ISO week number of the first trading day after ``day``."""
        return self._nextday(day)[1][1]

    def last_weekday(self, day):
        """Whether ``day`` is the last trading day of its ISO week."""
        return self._nextday(day)[1][1] != day.isocalendar()[1]

    def last_monthday(self, day):
        """Whether ``day`` is the last trading day of its month."""
        return self._nextday(day)[0].month != day.month

    def last_yearday(self, day):
        """Whether ``day`` is the last trading day of its year."""
        return self._nextday(day)[0].year != day.year


class TradingCalendar(TradingCalendarBase):
    """A calendar from rules: regular ``open`` / ``close`` times, ``holidays``
    (dates that do not trade), ``earlydays`` (``(date, open, close)`` for days
    with other hours) and ``offdays`` (ISO weekdays that never trade, by
    default Saturday and Sunday)."""
    params = (
        ('open', datetime.time.min),
        ('close', _LAST_TIME),
        ('holidays', []),
        ('earlydays', []),
        ('offdays', ISOWEEKEND),
    )

    def __init__(self):
        p = self.p
        for name in ('open', 'close'):
            if not isinstance(getattr(p, name), datetime.time):
                raise ValueError('TradingCalendar: param %s must be a datetime.time, not %r'
                                 % (name, getattr(p, name)))
        if set(range(1, 8)) <= set(p.offdays):
            raise ValueError('TradingCalendar: param offdays %r leaves no trading day in the '
                             'week: the calendar has no sessions' % (list(p.offdays),))
        self._hours = {}
        for entry in p.earlydays:
            try:
                day, opens, closes = entry
            except (TypeError, ValueError):
                raise ValueError('TradingCalendar: param earlydays holds %r; each entry is '
                                 '(date, open time, close time)' % (entry,))
            if not (isinstance(opens, datetime.time) and isinstance(closes, datetime.time)):
                raise ValueError('TradingCalendar: param earlydays entry %r needs '
                                 'datetime.time open and close times' % (entry,))
            self._hours.setdefault(day, (opens, closes))

    def _trades(self, day):
        return day.isoweekday() not in self.p.offdays and day not in self.p.holidays

    def _nextday(self, day):
        day += ONEDAY
        while not self._trades(day):
            day += ONEDAY
        return day, day.isocalendar()

    def schedule(self, day, tz=None):
        """(open, close) of the session of ``day`` (a datetime), in naive UTC
        when ``tz`` is given; when ``day`` is past that close, the following
        day's session. ``day`` is taken to be a trading day."""
        while True:
            date = day.date()
            opens, closes = self._hours.get(date, (self.p.open, self.p.close))
            close = _utc_naive(datetime.datetime.combine(date, closes), tz)
            if day <= close:
                return _utc_naive(datetime.datetime.combine(date, opens), tz), close
            day += ONEDAY


class PandasMarketCalendar(TradingCalendarBase):
    """A calendar of ``pandas_market_calendars`` (an optional dependency):
    ``calendar`` is an exchange name (``'NYSE'``) or a calendar object of that
    package; ``cachesize`` is how many days of sessions are fetched at once."""
    params = (
        ('calendar', None),
        ('cachesize', 365),
    )

    def __init__(self):
        cal = self.p.calendar
        if cal is None:
            raise ValueError('PandasMarketCalendar: param calendar is required (an exchange '
                             'name such as "NYSE" or a pandas_market_calendars calendar)')
        if isinstance(cal, str):
            try:
                import pandas_market_calendars as mcal
            except ImportError as exc:
                raise ImportError(
                    'PandasMarketCalendar(calendar=%r) needs the package '
                    'pandas_market_calendars: pip install pandas_market_calendars '
                    '(or the extra backtrader[calendars])' % (cal,)) from exc
            cal = mcal.get_calendar(cal)
        self._calendar = cal
        self._span = datetime.timedelta(days=self.p.cachesize)
        # the cached trading days (naive datetimes) and sessions ((date, open,
        # close), naive UTC), ascending, each fetched from the day given after it
        self._days, self._days_from = [], datetime.datetime.max
        self._sessions, self._sessions_from = [], datetime.date.max

    def _nextday(self, day):
        import bisect
        import pandas as pd
        start = day + ONEDAY
        key = pd.Timestamp(start).to_pydatetime()
        while True:
            i = bisect.bisect_left(self._days, key)
            if i < len(self._days) and key >= self._days_from:
                found = self._days[i]
                return found, found.isocalendar()
            valid = self._calendar.valid_days(start, start + self._span)
            self._days = [ts.tz_localize(None).to_pydatetime() for ts in valid]
            self._days_from = key
            if not self._days:
                raise ValueError('PandasMarketCalendar: calendar %r has no sessions between '
                                 '%s and %s' % (self.p.calendar, start, start + self._span))

    def schedule(self, day, tz=None):
        """(open, close) in naive UTC of the first session of the calendar on
        or after the date of ``day`` whose close is not before ``day``."""
        import bisect
        while True:
            i = bisect.bisect_left(self._sessions, (day.date(),))
            if i == len(self._sessions) or day.date() < self._sessions_from:
                sched = self._calendar.schedule(day, day + self._span)
                if not len(sched):
                    raise ValueError('PandasMarketCalendar: calendar %r has no sessions '
                                     'between %s and %s' % (self.p.calendar, day,
                                                            day + self._span))
                self._sessions = [
                    (idx.date(), o.tz_convert(None).to_pydatetime(),
                     c.tz_convert(None).to_pydatetime())
                    for idx, o, c in zip(sched.index, sched.iloc[:, 0], sched.iloc[:, 1])]
                self._sessions_from = day.date()
                continue
            _, opens, closes = self._sessions[i]
            if day > closes:
                day += ONEDAY
                continue
            return opens, closes
