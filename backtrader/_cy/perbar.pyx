# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=False
"""Compiled per-bar steps of analyzers and observers.

The clock calls a list of :class:`Step` objects on every bar instead of Python
methods. A standard hook that has a compiled *twin* (marked with :func:`twin`)
is replaced by it: the twin changes the same attributes, results and lines
the Python method would, with the same float operations, so both paths give
identical values. Values that are not plain ``float`` take Python's own
operations, or the Python method itself (also when a division would fail, so
that the same error is raised). Hooks a user overrides run as :class:`PyStep`.

:class:`PeriodClock` is ``TimeFrameAnalyzerBase._dt_over``: sub-day slots and
calendar periods are cut on the int64 nanoseconds of the strategy clock; time
zones and overridden ``_get_dt_cmpkey`` take the Python conversion.
"""
import sys
from collections import OrderedDict

from cpython.datetime cimport import_datetime, datetime_new, date_new
from cpython.dict cimport PyDict_SetItem
from cpython.float cimport PyFloat_CheckExact, PyFloat_AS_DOUBLE
from cpython.object cimport PyObject
from libc.stdint cimport int64_t, INT64_MIN

from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.timeconv cimport (NS_PER_DAY, num_to_ns, civil_from_days,
                                      days_from_civil)

cdef extern from "Python.h":
    PyObject* PyDict_GetItemWithError(object d, object key) except? NULL

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


def twin(factory, **kwargs):
    """Decorator: ``factory(owner, **kwargs)`` builds a :class:`Step` doing
    what the decorated hook does, for the clock to call in its place."""
    def mark(fn):
        fn._twin = (factory, kwargs)
        return fn
    return mark


def twin_step(fn, owner):
    """The compiled twin of hook ``fn`` (a function) for ``owner``, or None
    when ``fn`` has none (user code)."""
    spec = getattr(fn, '_twin', None)
    if spec is None:
        return None
    factory, kwargs = spec
    return factory(owner, **kwargs)


cdef object _ns_datetime(int64_t ns):
    """Naive datetime of a nanosecond stamp (microsecond precision)."""
    cdef int64_t days = ns // NS_PER_DAY
    cdef int64_t us = (ns - days * NS_PER_DAY) // 1000
    cdef int64_t secs = us // 1000000
    cdef int64_t y, m, d
    civil_from_days(days, &y, &m, &d)
    return datetime_new(y, m, d, secs // 3600, (secs // 60) % 60, secs % 60,
                        us % 1000000, None)


cdef bint _plain(object d, tuple keys) except -1:
    """Whether ``d`` is a dict (or a subclass keeping dict's item access)
    holding ``keys``: then :func:`_item` and :func:`_replace` may be used."""
    if not isinstance(d, dict):
        return False
    cls = type(d)
    if (cls.__getitem__ is not dict.__getitem__
            or cls.__setitem__ not in (dict.__setitem__, OrderedDict.__setitem__)):
        return False
    return all(key in d for key in keys)


cdef inline object _item(object d, object key):
    """``d[key]`` for a key a plain dict holds: item access on a Python
    subclass of dict (``AutoOrderedDict`` results) goes through a slow
    Python-level slot, the dict's own table does not."""
    cdef PyObject* v = PyDict_GetItemWithError(d, key)
    if v == NULL:
        raise KeyError(key)
    return <object>v


cdef inline int _replace(object d, object key, object value) except -1:
    """``d[key] = value`` for a key a plain dict holds (an ordered dict keeps
    its order: only new keys are linked)."""
    PyDict_SetItem(d, key, value)
    return 0


cdef inline int _put(LineBuffer line, object value) except -1:
    """``line[0] = value`` (bindings included)."""
    if line.bindings:
        line.set(value)
    else:
        line.set0(0, value)
    return 0


# ---------------------------------------------------------------- steps
cdef class Step:

    cdef int step(self) except -1:
        return 0

    cdef int fund(self, object cash, object value, object fundvalue,
                  object shares) except -1:
        return 0


cdef class PyStep(Step):
    """A Python hook: ``fn()`` (nargs 0), ``fn(cash, value)`` (2) or
    ``fn(cash, value, fundvalue, shares)`` (4)."""

    def __init__(self, fn, int nargs=0):
        self.fn = fn
        self.nargs = nargs
        if nargs == 2:
            self.needs = NEED_CASH | NEED_VALUE
        elif nargs == 4:
            self.needs = NEED_CASH | NEED_VALUE | NEED_FUNDVALUE | NEED_SHARES

    cdef int step(self) except -1:
        self.fn()
        return 0

    cdef int fund(self, object cash, object value, object fundvalue,
                  object shares) except -1:
        if self.nargs == 2:
            self.fn(cash, value)
        else:
            self.fn(cash, value, fundvalue, shares)
        return 0


cdef class FundFanout:
    """Reads the broker values the steps need (in upstream's order: cash,
    value, fund value, fund shares) and hands them to every step."""

    def __init__(self, steps):
        self.steps = list(steps)
        self.needs = 0
        cdef Step s
        for s in self.steps:
            self.needs |= s.needs

    cpdef notify(self, object broker):
        if not self.steps:
            return
        cdef int needs = self.needs
        cash = broker.getcash() if needs & NEED_CASH else None
        value = broker.getvalue() if needs & NEED_VALUE else None
        fundvalue = broker.fundvalue if needs & NEED_FUNDVALUE else None
        shares = broker.fundshares if needs & NEED_SHARES else None
        cdef Step s
        for s in self.steps:
            s.fund(cash, value, fundvalue, shares)


# ---------------------------------------------------------------- periods
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


# ---------------------------------------------------------------- analyzers
cdef class DrawDownFund(Step):

    def __init__(self, an):
        self.attrs = an.__dict__
        self.fundmode = bool(an._fundmode)
        self.needs = NEED_FUNDVALUE if self.fundmode else NEED_VALUE

    cdef int fund(self, object cash, object value, object fundvalue,
                  object shares) except -1:
        cdef dict d = self.attrs
        current = fundvalue if self.fundmode else value
        d['_value'] = current
        peak = d['_maxvalue']
        if PyFloat_CheckExact(current) and PyFloat_CheckExact(peak):
            if PyFloat_AS_DOUBLE(current) > PyFloat_AS_DOUBLE(peak):
                d['_maxvalue'] = current
        elif current > peak:
            d['_maxvalue'] = current
        return 0


cdef inline int _keep_max(object top, str key, object value) except -1:
    """``top[key] = value if value > top[key] else top[key]``"""
    if value > _item(top, key):
        _replace(top, key, value)
    return 0


cdef class DrawDownNext(Step):
    """(Results of another layout than ``create_analysis`` makes: Python.)"""

    def __init__(self, an):
        self.attrs = an.__dict__
        self.pynext = an.next
        keys = ('len', 'drawdown', 'moneydown')
        if _plain(an.rets, keys + ('max',)) and _plain(an.rets['max'], keys):
            self.rets = an.rets
            self.top = an.rets['max']

    cdef int step(self) except -1:
        cdef dict d = self.attrs
        peak_o = d.get('_maxvalue')
        value_o = d.get('_value')
        if self.rets is None \
                or not (PyFloat_CheckExact(peak_o) and PyFloat_CheckExact(value_o)) \
                or PyFloat_AS_DOUBLE(peak_o) == 0.0:
            self.pynext()
            return 0
        cdef double peak = PyFloat_AS_DOUBLE(peak_o)
        cdef double money = peak - PyFloat_AS_DOUBLE(value_o)
        cdef double pct = 100.0 * money / peak
        rets = self.rets
        top = self.top
        cdef object money_o = money, pct_o = pct
        _replace(rets, 'moneydown', money_o)
        _replace(rets, 'drawdown', pct_o)
        _keep_max(top, 'moneydown', money_o)
        _keep_max(top, 'drawdown', pct_o)
        length = _item(rets, 'len') + 1 if pct != 0.0 else 0
        _replace(rets, 'len', length)
        _keep_max(top, 'len', length)
        return 0


cdef class TimeReturnFund(Step):

    def __init__(self, an):
        self.attrs = an.__dict__
        self.tracked = an.p.data
        self.fundmode = bool(an._fundmode)
        if self.tracked is None:
            self.needs = NEED_FUNDVALUE if self.fundmode else NEED_VALUE

    cdef int fund(self, object cash, object value, object fundvalue,
                  object shares) except -1:
        if self.tracked is not None:
            self.attrs['_value'] = self.tracked[0]
        elif self.fundmode:
            self.attrs['_value'] = fundvalue
        else:
            self.attrs['_value'] = value
        return 0


cdef class TimeReturnOver(Step):

    def __init__(self, an):
        self.attrs = an.__dict__
        self.tracked = an.p.data
        self.pyover = an.on_dt_over

    cdef int step(self) except -1:
        last = self.attrs['_lastvalue']
        if self.tracked is None or last is not None:
            self.attrs['_value_start'] = last
        else:
            self.pyover()           # first bar of a tracked data
        return 0


cdef class TimeReturnNext(Step):

    def __init__(self, an):
        self.attrs = an.__dict__
        self.rets = an.rets
        self.plain = _plain(an.rets, ())
        self.pynext = an.next

    cdef int step(self) except -1:
        cdef dict d = self.attrs
        value = d.get('_value')
        start = d.get('_value_start')
        if not (PyFloat_CheckExact(value) and PyFloat_CheckExact(start)) \
                or PyFloat_AS_DOUBLE(start) == 0.0:
            self.pynext()
            return 0
        ret = PyFloat_AS_DOUBLE(value) / PyFloat_AS_DOUBLE(start) - 1.0
        key = d['dtkey']
        if self.plain and PyDict_GetItemWithError(self.rets, key) != NULL:
            _replace(self.rets, key, ret)       # the same period as the last bar
        else:
            self.rets[key] = ret
        d['_lastvalue'] = value
        return 0


cdef class ReturnsOver(Step):

    def __init__(self, an):
        self.attrs = an.__dict__

    cdef int step(self) except -1:
        self.attrs['_tcount'] = self.attrs['_tcount'] + 1
        return 0


# ---------------------------------------------------------------- observers
cdef class BrokerLines(Step):
    """Writes the broker's value (``value``: line name) and cash (``cash``);
    in fund mode the value line gets the fund value and cash is not written.
    ``fund`` None: the observer's ``_fundmode``."""

    def __init__(self, obs, value=None, cash=None, fund=None):
        self.broker = obs._owner.broker
        self.fundmode = bool(obs._fundmode if fund is None else fund)
        self.value = getattr(obs.lines, value) if value else None
        self.cash = getattr(obs.lines, cash) if cash and not self.fundmode else None

    cdef int step(self) except -1:
        if self.value is not None:
            _put(self.value, self.broker.fundvalue if self.fundmode
                 else self.broker.getvalue())
        if self.cash is not None:
            _put(self.cash, self.broker.getcash())
        return 0


cdef class DrawDownLines(Step):

    def __init__(self, obs):
        self.rets = obs._dd.rets
        self.top = self.rets['max']
        self.plain = _plain(self.rets, ('drawdown',)) and _plain(self.top, ('drawdown',))
        self.drawdown = obs.lines.drawdown
        self.maxdrawdown = obs.lines.maxdrawdown

    cdef int step(self) except -1:
        if self.plain:
            _put(self.drawdown, _item(self.rets, 'drawdown'))
            _put(self.maxdrawdown, _item(self.top, 'drawdown'))
        else:
            _put(self.drawdown, self.rets['drawdown'])
            _put(self.maxdrawdown, self.top['drawdown'])
        return 0
