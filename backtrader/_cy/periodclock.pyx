# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=False
"""Period bookkeeping of time-frame analyzers: ``TimeFrameAnalyzerBase._dt_over``.

:class:`PeriodClock` says whether the strategy clock entered a new period:
sub-day slots and calendar periods are cut on the int64 nanoseconds of the
strategy clock; time zones and overridden ``_get_dt_cmpkey`` take the Python
conversion. :class:`PeriodStep` runs an analyzer's period hooks on it.
(``cdivision=False``: ``//`` floors, for stamps before 1970.)
"""
import sys

from cpython.datetime cimport import_datetime, datetime_new, date_new
from libc.stdint cimport int64_t, INT64_MIN

from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.steps cimport Step
from backtrader._cy.timeconv cimport (NS_PER_DAY, num_to_ns, civil_from_days,
                                      days_from_civil)

import_datetime()

cdef object _MAXINT = sys.maxsize
cdef object _DTMAX = datetime_new(9999, 12, 31, 23, 59, 59, 999999, None)

# upstream's TimeFrame numbering (backtrader.dataseries.TimeFrame)
cdef enum:
    TF_TICKS = 1
    TF_MICROSECONDS = 2
    TF_SECONDS = 3
    TF_MINUTES = 4
    TF_DAYS = 5
    TF_WEEKS = 6
    TF_MONTHS = 7
    TF_YEARS = 8
    TF_NOTIMEFRAME = 9

cdef enum:
    P_GENERIC = 0       # owner._get_dt_cmpkey(line.datetime()), compared as objects
    P_NONE = 1          # NoTimeFrame: the whole run is one period
    P_SLOT = 2          # sub-day slots of ``width`` nanoseconds
    P_CALENDAR = 3      # days, weeks, months, years


cdef object _ns_datetime(int64_t ns):
    """Naive datetime of a nanosecond stamp (microsecond precision)."""
    cdef int64_t days = ns // NS_PER_DAY
    cdef int64_t us = (ns - days * NS_PER_DAY) // 1000
    cdef int64_t secs = us // 1000000
    cdef int64_t y, m, d
    civil_from_days(days, &y, &m, &d)
    return datetime_new(y, m, d, secs // 3600, (secs // 60) % 60, secs % 60,
                        us % 1000000, None)


cdef class PeriodClock:
    """Period bookkeeping of one ``TimeFrameAnalyzerBase`` on ``line``.

    ``fast`` says the owner uses the standard period keys and the line has no
    time zone: periods are then cut on nanoseconds (only a bar past the end of
    the current period builds a key); otherwise the owner's
    ``_get_dt_cmpkey`` is asked on every bar.
    """

    def __init__(self, owner, LineBuffer line, bint fast):
        self.owner = owner
        self.attrs = owner.__dict__
        self.line = line
        self.limit = INT64_MIN
        tf = owner.timeframe
        comp = owner.compression
        self.mode = P_GENERIC
        if tf == TF_NOTIMEFRAME:
            self.mode = P_NONE
        elif not fast:
            pass
        elif tf in (TF_DAYS, TF_WEEKS, TF_MONTHS, TF_YEARS):
            self.mode = P_CALENDAR
            self.timeframe = tf
        elif tf == TF_TICKS:             # every distinct microsecond
            self.mode = P_SLOT
            self.unit = self.width = 1000
        elif (tf in (TF_MICROSECONDS, TF_SECONDS, TF_MINUTES)
              and isinstance(comp, int) and comp > 0):
            self.mode = P_SLOT
            self.unit = {TF_MICROSECONDS: 1000, TF_SECONDS: 10**9,
                         TF_MINUTES: 60 * 10**9}[tf]
            self.width = self.unit * comp

    cpdef bint over(self) except -1:
        """Whether the current bar opens a new period (then the keys moved)."""
        cdef int64_t ns
        if self.mode == P_NONE:
            return self._move(_MAXINT, _DTMAX, True)
        if self.mode == P_GENERIC:
            cmp, key = self.owner._get_dt_cmpkey(self.line.datetime())
            return self._move(cmp, key, True)
        ns = num_to_ns(self.line.get0(0))
        if ns < self.limit:
            return False
        if self.mode == P_SLOT:
            key = self._slot(ns)
            return self._move(key, key, False)
        cmp, key = self._calendar(ns)
        return self._move(cmp, key, False)

    cdef bint _move(self, object cmp, object key, bint compare) except -1:
        """Make (cmp, key) the current period, unless ``compare`` and it is
        not later than the current one."""
        cdef dict d = self.attrs
        cur = d['dtcmp']
        if compare and not (cur is None or cmp > cur):
            return False
        d['dtkey1'] = d['dtkey']
        d['dtkey'] = key
        d['dtcmp1'] = cur
        d['dtcmp'] = cmp
        return True

    cdef object _slot(self, int64_t ns):
        """The key (last instant) of the slot holding ns. Slots restart at
        midnight: a slot running past it ends there for the following bars."""
        cdef int64_t day0 = ns // NS_PER_DAY * NS_PER_DAY
        cdef int64_t start = day0 + (ns - day0) // self.width * self.width
        self.limit = min(start + self.width, day0 + NS_PER_DAY)
        return _ns_datetime(start + self.width - self.unit)

    cdef tuple _calendar(self, int64_t ns):
        """(cmp, key) of the day/week/month/year holding ns."""
        cdef int64_t days = ns // NS_PER_DAY
        cdef int64_t y, m, d, monday, isoyear, im, idd, nxt
        civil_from_days(days, &y, &m, &d)
        if self.timeframe == TF_DAYS:
            self.limit = (days + 1) * NS_PER_DAY
            return y * 10000 + m * 100 + d, datetime_new(y, m, d, 0, 0, 0, 0, None)
        if self.timeframe == TF_WEEKS:
            monday = days - (days + 3) % 7       # 1970-01-01 was a Thursday
            civil_from_days(monday + 3, &isoyear, &im, &idd)   # ISO year: its Thursday's
            civil_from_days(monday + 6, &y, &m, &d)            # the key: its Sunday
            self.limit = (monday + 7) * NS_PER_DAY
            return (isoyear * 100 + (monday + 3 - days_from_civil(isoyear, 1, 1)) // 7 + 1,
                    datetime_new(y, m, d, 0, 0, 0, 0, None))
        if self.timeframe == TF_MONTHS:
            nxt = days_from_civil(y + (m == 12), m % 12 + 1, 1)
            self.limit = nxt * NS_PER_DAY
            return (y * 100 + m,
                    datetime_new(y, m, nxt - days_from_civil(y, m, 1), 0, 0, 0, 0, None))
        self.limit = days_from_civil(y + 1, 1, 1) * NS_PER_DAY
        return y, date_new(y, 12, 31)


cdef class PeriodStep(Step):
    """The period part of ``_next``/``_prenext``/``_nextstart``: move the
    clock, run ``on_over`` when a period opened (or ``force``), then ``user``."""

    def __init__(self, PeriodClock clock, Step on_over, Step user, bint force=False):
        self.clock = clock
        self.on_over = on_over
        self.user = user
        self.force = force

    cdef int step(self) except -1:
        if self.clock.over() or self.force:
            if self.on_over is not None:
                self.on_over.step()
        if self.user is not None:
            self.user.step()
        return 0
