"""Timers: calls to ``notify_timer`` at a time of day, on chosen days.

A :class:`Timer` is made by ``cerebro.add_timer`` or ``strategy.add_timer``
and checked by Cerebro on every bar (before the broker for ``cheat=True``
timers, after it otherwise), with the day number of the bar being run.
"""
import bisect
import datetime

from backtrader.feed import AbstractDataBase
from backtrader.metabase import ParamsBase
from backtrader.utils.date import TIME_MAX, date2num, num2date

__all__ = ['SESSION_TIME', 'SESSION_START', 'SESSION_END', 'Timer']

SESSION_TIME, SESSION_START, SESSION_END = 0, 1, 2


class _DayMask(object):
    """The days of one calendar period (ISO week or month) a timer still
    waits for, and how a newly seen day is judged against them.

    ``period_of(day)`` gives the period key and the day's number in it;
    ``carry`` lets a target day that passed unseen fire on the next seen day
    (and targets left over at the end of a period fire on the first day of
    the next period). As in upstream 1.9.78.123, a seen day that follows
    unseen targets fires even without ``carry`` and consumes the next
    target as well.
    """
    __slots__ = ('targets', 'carry', 'period_of', 'period', 'pending')

    def __init__(self, targets, carry, period_of):
        self.targets = sorted(set(targets))
        self.carry = carry
        self.period_of = period_of
        self.period = None
        self.pending = []

    def admits(self, day):
        """Whether the timer may fire on ``day`` (the first bar of that day)."""
        if not self.targets:
            return True
        key, num = self.period_of(day)
        leftover = False
        if key != self.period:
            leftover = bool(self.pending)
            self.period = key
            self.pending = list(self.targets)
        pending = self.pending
        missed = bisect.bisect_left(pending, num)
        fires = missed < len(pending) and (missed > 0 or pending[0] == num)
        del pending[:missed + fires]
        return (self.carry and (leftover or missed > 0)) or fires


def _iso_week(day):
    _, week, weekday = day.isocalendar()
    return week, weekday


def _month(day):
    return day.month, day.day


def _check_days(name, days, low, high):
    try:
        days = list(days)
    except TypeError:
        raise ValueError('Timer: param %s must be a list of days, not %r' % (name, days))
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not low <= day <= high:
            raise ValueError('Timer: param %s holds %r; days are integers %d..%d'
                             % (name, day, low, high))
    return days


class Timer(ParamsBase):
    """A timer: ``notify_timer(timer, when, *args, **kwargs)`` of its owner
    (and of every strategy when ``strats`` is set) once per day at ``when``
    (+ ``offset``), again every ``repeat`` until the session end, on the days
    ``weekdays`` / ``monthdays`` / ``allow`` admit.

    ``when`` is a ``datetime.time`` (local to ``tzdata``: a data feed or a
    pytz-like zone; UTC when None) or ``SESSION_START`` / ``SESSION_END``
    (the session times of ``tzdata``, by default the first data).
    """
    params = (
        ('tid', None),
        ('owner', None),
        ('strats', False),
        ('when', None),
        ('offset', datetime.timedelta()),
        ('repeat', datetime.timedelta()),
        ('weekdays', []),
        ('weekcarry', False),
        ('monthdays', []),
        ('monthcarry', True),
        ('allow', None),
        ('tzdata', None),
        ('cheat', False),
    )

    SESSION_TIME, SESSION_START, SESSION_END = SESSION_TIME, SESSION_START, SESSION_END

    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs
        self._validate()

    def _validate(self):
        p = self.p
        when = p.when
        if isinstance(when, datetime.datetime) or not (
                isinstance(when, datetime.time)
                or (isinstance(when, int) and when in (SESSION_START, SESSION_END))):
            raise ValueError('Timer: param when must be a datetime.time, SESSION_START or '
                             'SESSION_END, not %r' % (when,))
        for name in ('offset', 'repeat'):
            if not isinstance(getattr(p, name), datetime.timedelta):
                raise ValueError('Timer: param %s must be a datetime.timedelta, not %r'
                                 % (name, getattr(p, name)))
        if p.repeat < datetime.timedelta():
            raise ValueError('Timer: param repeat must not be negative (%r)' % (p.repeat,))
        _check_days('weekdays', p.weekdays, 1, 7)
        _check_days('monthdays', p.monthdays, 1, 31)
        if p.allow is not None and not callable(p.allow):
            raise ValueError('Timer: param allow must be callable, not %r' % (p.allow,))
        if (isinstance(when, int) and p.tzdata is not None
                and not isinstance(p.tzdata, AbstractDataBase)):
            raise ValueError('Timer: param when=%s takes its time from a data feed, but '
                             'param tzdata is %r' % (('SESSION_START', 'SESSION_END')[when - 1],
                                                     p.tzdata))

    def start(self, data):
        """Prepare a run; ``data`` (the first data) gives the session times
        when ``when`` is SESSION_START / SESSION_END and ``tzdata`` is None."""
        p = self.p
        if isinstance(p.when, int):
            self._tzdata = data if p.tzdata is None else p.tzdata
            sess = self._tzdata.p
            self._rstwhen = sess.sessionstart if p.when == SESSION_START else sess.sessionend
        else:
            self._tzdata = p.tzdata
            self._rstwhen = p.when
        self._isdata = isinstance(self._tzdata, AbstractDataBase)
        self._weeks = _DayMask(p.weekdays, p.weekcarry, _iso_week)
        self._months = _DayMask(p.monthdays, p.monthcarry, _month)
        self._nexteos = datetime.datetime.min
        self._curdate = datetime.date.min
        self._rearm()

    def _rearm(self, done_day=None):
        """Back to the first ``when`` of a day; ``done_day``: no more calls that day."""
        self._when = self._rstwhen
        self._dwhen = None          # the target as a local datetime
        self._dtwhen = None         # the target as a day number
        self._doneday = done_day

    def _session_end(self, day):
        if self._isdata:
            return self._tzdata._getnexteos()[0]
        return datetime.datetime.combine(day, TIME_MAX)

    def _day_admitted(self, day):
        allow = self.p.allow
        return (self._months.admits(day) and self._weeks.admits(day)
                and (allow is None or bool(allow(day))))

    def check(self, dt):
        """True when the timer fires at day number ``dt`` (then ``lastwhen``
        holds the scheduled local datetime that was reached)."""
        now = num2date(dt)
        day = now.date()
        if self._doneday == day:
            return False
        if now > self._nexteos:
            self._nexteos = self._session_end(day)
            self._rearm()
        if day > self._curdate:
            self._curdate = day
            if not self._day_admitted(day):
                self._rearm(day)
                return False

        target = self._dwhen
        if self._dtwhen is None:
            target = datetime.datetime.combine(day, self._when)
            if self.p.offset:
                target += self.p.offset
            self._dwhen = target
            self._dtwhen = (self._tzdata.date2num(target) if self._isdata
                            else date2num(target, tz=self._tzdata))
        if dt < self._dtwhen:
            return False

        self.lastwhen = target
        repeat = self.p.repeat
        if not repeat:
            self._rearm(day)
            return True
        if now > self._nexteos:
            self._nexteos = self._session_end(day)
        # the next repetition after the current time, unless past the session end
        while True:
            target += repeat
            if target > self._nexteos:
                self._rearm(day)
                break
            if target > now:
                self._dtwhen = date2num(target)
                self._dwhen = (self._tzdata.num2date(self._dtwhen) if self._isdata
                               else num2date(self._dtwhen, tz=self._tzdata))
                break
        return True
