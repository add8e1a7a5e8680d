"""Date conversion between ``datetime`` objects and float day numbers.

The float day number ("num") is upstream's time scale: the proleptic Gregorian
ordinal of the date (``date.toordinal()``) plus the elapsed fraction of the
day.  :func:`date2num` returns exactly the same float as upstream for every
datetime, and :func:`num2date` inverts it with upstream's rounding rules (a
microsecond part below 10 is dropped, one above 999990 rounds up to the next
second).  Inside the 64-bit nanosecond range (years 1678 to 2261) the
arithmetic runs in :mod:`backtrader._cy.timeconv`; outside it a pure Python
path gives the same results.

Time zones: :data:`UTC`, :data:`TZLocal` (the machine's local time) and
:func:`tzparse` / :func:`Localizer`, which make any tzinfo usable through a
pytz-like ``localize(dt)`` method.
"""
import datetime
import math
import time as _time

from backtrader._cy import timeconv as _tc

__all__ = ('num2date', 'num2dt', 'date2num', 'time2num', 'num2time',
           'UTC', 'TZLocal', 'Localizer', 'tzparse', 'TIME_MAX', 'TIME_MIN')

# The latest time of a day that survives date2num -> num2date unchanged (a
# later microsecond would be rounded up into the next day).
TIME_MAX = datetime.time(23, 59, 59, 999990)
TIME_MIN = datetime.time.min

ZERO = datetime.timedelta(0)
STDOFFSET = datetime.timedelta(seconds=-_time.timezone)
DSTOFFSET = (datetime.timedelta(seconds=-_time.altzone) if _time.daylight
             else STDOFFSET)
DSTDIFF = DSTOFFSET - STDOFFSET

# the divisions of a day, as floats (public names of upstream's module)
HOURS_PER_DAY = 24.0
MINUTES_PER_HOUR = SECONDS_PER_MINUTE = 60.0
MUSECONDS_PER_SECOND = 1e6
MINUTES_PER_DAY = HOURS_PER_DAY * MINUTES_PER_HOUR
SECONDS_PER_DAY = MINUTES_PER_DAY * SECONDS_PER_MINUTE
MUSECONDS_PER_DAY = SECONDS_PER_DAY * MUSECONDS_PER_SECOND

_EPOCH_ORDINAL = 719163            # date(1970, 1, 1).toordinal()
_NS_PER_DAY = 86400 * 10 ** 9
# day numbers whose nanoseconds fit in an int64, with a margin of one day
_NUM_LO = float(datetime.date(1677, 9, 23).toordinal())
_NUM_HI = float(datetime.date(2262, 4, 10).toordinal())

_ns_to_num = _tc.py_ns_to_num
_num_to_ns = _tc.py_num_to_ns
_ns_to_datetime = _tc.ns_to_datetime


# ---------------------------------------------------------------------------
# Time zones
# ---------------------------------------------------------------------------
def _localize_by_replace(self, dt):
    """Attach this zone to a naive datetime (wall time kept)."""
    return dt.replace(tzinfo=self)


class _LocalizingZone(datetime.tzinfo):
    """Wrapper giving a ``localize`` method to zones that cannot take one
    as an attribute (``datetime.timezone``, ``zoneinfo.ZoneInfo``)."""

    def __init__(self, zone):
        self.zone = zone

    def utcoffset(self, dt):
        return self.zone.utcoffset(self._inner(dt))

    def dst(self, dt):
        return self.zone.dst(self._inner(dt))

    def tzname(self, dt):
        return self.zone.tzname(self._inner(dt))

    def fromutc(self, dt):
        inner = dt.replace(tzinfo=self.zone)
        local = self.zone.fromutc(inner)
        return local.replace(tzinfo=self)

    def _inner(self, dt):
        if dt is not None and dt.tzinfo is self:
            return dt.replace(tzinfo=self.zone)
        return dt

    def localize(self, dt):
        return dt.replace(tzinfo=self)

    def __repr__(self):
        return 'Localizer(%r)' % (self.zone,)

    def __eq__(self, other):
        if isinstance(other, _LocalizingZone):
            return self.zone == other.zone
        return self.zone == other

    def __hash__(self):
        return hash(self.zone)


def Localizer(tz):
    """Return ``tz`` with a pytz-style ``localize(dt)`` method.

    Zones that already have one (pytz) are returned unchanged; others get a
    ``localize`` that attaches the zone with ``replace(tzinfo=...)``.  None
    stays None.
    """
    if tz is None or hasattr(tz, 'localize'):
        return tz
    try:
        tz.localize = _localize_by_replace.__get__(tz, type(tz))
    except (AttributeError, TypeError):
        if isinstance(tz, datetime.tzinfo):
            return _LocalizingZone(tz)
        raise
    return tz


def tzparse(tz):
    """Turn a ``tz`` parameter into a time zone with ``localize``.

    None and tzinfo objects go through :func:`Localizer`.  A string names a
    zone for pytz (``'CST'`` is read as ``'CST6CDT'``); names need pytz to be
    installed, as upstream.
    """
    if tz is None or not isinstance(tz, str):
        return Localizer(tz)
    try:
        import pytz
    except ImportError:
        raise ValueError('time zone %r is given by name: names need pytz '
                         '(pip install pytz); or pass a tzinfo object' % tz) from None
    name = 'CST6CDT' if tz == 'CST' else tz
    try:
        return pytz.timezone(name)
    except pytz.UnknownTimeZoneError:
        raise ValueError('unknown time zone name %r' % tz) from None


class _UTC(datetime.tzinfo):
    """Coordinated Universal Time: no offset and no daylight saving."""

    def utcoffset(self, dt):
        return ZERO

    dst = utcoffset
    localize = _localize_by_replace

    def tzname(self, dt):
        return 'UTC'

    def __repr__(self):
        return '<UTC>'


class _LocalTimezone(datetime.tzinfo):
    """The machine's local time zone, as the ``time`` module reports it."""

    def utcoffset(self, dt):
        return DSTOFFSET if self._isdst(dt) else STDOFFSET

    def dst(self, dt):
        return DSTDIFF if self._isdst(dt) else ZERO

    def tzname(self, dt):
        return _time.tzname[self._isdst(dt)]

    def _isdst(self, dt):
        fields = (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second,
                  dt.weekday(), 0, 0)
        try:
            stamp = _time.mktime(fields)
        except (ValueError, OverflowError):
            return False
        return _time.localtime(stamp).tm_isdst > 0

    def localize(self, dt):
        return dt.replace(tzinfo=self)


UTC = _UTC()
TZLocal = _LocalTimezone()


# ---------------------------------------------------------------------------
# Conversions
# ---------------------------------------------------------------------------
def date2num(dt, tz=None):
    """Float day number of a ``datetime`` (or ``date``), in UTC.

    ``tz`` (with ``localize``) first attaches a zone to a naive ``dt``; an
    aware ``dt`` is converted to UTC.  Bit-identical to upstream.
    """
    if tz is not None:
        dt = tz.localize(dt)
    tzinfo = getattr(dt, 'tzinfo', None)
    if tzinfo is not None:
        offset = tzinfo.utcoffset(dt)
        if offset is not None:
            dt = dt - offset
    if not hasattr(dt, 'hour'):
        return float(dt.toordinal())
    days = dt.toordinal() - _EPOCH_ORDINAL
    ns = (((days * 24 + dt.hour) * 60 + dt.minute) * 60 + dt.second) * 1000000000 \
        + dt.microsecond * 1000
    try:
        return _ns_to_num(ns)
    except OverflowError:
        # outside the nanosecond range: same correctly rounded sum in Python
        return math.fsum((float(dt.toordinal()), dt.hour / HOURS_PER_DAY,
                          dt.minute / MINUTES_PER_DAY, dt.second / SECONDS_PER_DAY,
                          dt.microsecond / MUSECONDS_PER_DAY))


# the fields of a time of day, each with how many of it make one of the field before
_CLOCK_FIELDS = (('hour', HOURS_PER_DAY), ('minute', MINUTES_PER_HOUR),
                 ('second', SECONDS_PER_MINUTE))


def _num2naive_slow(x):
    """num -> naive datetime outside the nanosecond range. The fraction of
    the day is cut into the clock fields one after the other with the float
    steps of ``date2num``'s inverse; microseconds within 10 of either end of
    the second are rounding noise."""
    day = int(x)
    frac = float(x) - day
    fields = {}
    for name, per_unit in _CLOCK_FIELDS:
        whole, frac = divmod(per_unit * frac, 1)
        fields[name] = int(whole)
    micro = int(MUSECONDS_PER_SECOND * frac)
    fields['microsecond'] = micro = 0 if micro < 10 else micro
    out = datetime.datetime.fromordinal(day).replace(**fields)
    if micro > 999990:
        out += datetime.timedelta(microseconds=1000000 - micro)
    return out


def num2date(x, tz=None, naive=True):
    """Datetime of a float day number.

    Without ``tz`` a naive (UTC) datetime; with ``tz`` the time is converted
    to that zone, returned naive unless ``naive`` is False.
    """
    x = float(x)
    if _NUM_LO <= x <= _NUM_HI:
        dt = _ns_to_datetime(_num_to_ns(x))
    else:
        dt = _num2naive_slow(x)
    if tz is not None:
        dt = dt.replace(tzinfo=UTC).astimezone(tz)
        if naive:
            dt = dt.replace(tzinfo=None)
    return dt


def num2dt(num, tz=None, naive=True):
    """The ``date`` part of :func:`num2date`."""
    return num2date(num, tz=tz, naive=naive).date()


def num2time(num, tz=None, naive=True):
    """The ``time`` part of :func:`num2date`."""
    return num2date(num, tz=tz, naive=naive).time()


def time2num(tm):
    """Fraction of a day of the time of day of ``tm`` (a time or datetime)."""
    return (tm.hour / HOURS_PER_DAY + tm.minute / MINUTES_PER_DAY
            + tm.second / SECONDS_PER_DAY + tm.microsecond / MUSECONDS_PER_DAY)
