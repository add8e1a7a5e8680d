"""Resampling and replay: filters that turn a data's bars into bars of a larger time frame.

``cerebro.resampledata(data, timeframe=..., compression=...)`` attaches a
:class:`Resampler` to the data; ``cerebro.replaydata(...)`` a :class:`Replayer`.
Both use the feed filter protocol: the data calls the filter with each bar it
loads; the filter folds the bar into the bar it is forming, takes the input bar
out of the data (``data.backwards()``) and, when the forming bar is complete,
puts it on the data's stack (``data._add2stack``) for delivery. A replayer
instead shows the forming bar in place of the input at every step, so the
strategy sees one bar growing until it is complete.

When a bar is complete
    * minutes / seconds / microseconds: the time of day (in the unit of the
      target, shifted by ``boundoff``) of an input bar lies in a later block of
      ``compression`` units than the forming bar's (with ``bar2edge``), or
      simply later (without); an input bar exactly on a block edge closes its
      own block; the end of the session always closes the bar;
    * days: the end of the session (the feed's ``sessionend`` or its trading
      calendar) has been reached or passed;
    * weeks / months / years: an input bar of a later ISO week / month / year
      (or the calendar's last trading day of the period);
    * the same time frame (days and up): every ``compression`` input bars.

Time stamps: with ``adjbartime`` (and ``bar2edge``) intraday bars take the
time of their block's right edge (left edge without ``rightedge``), daily bars
the session end; otherwise a bar keeps its last input's stamp, with its exact
nanoseconds. Decisions on the time of day use the same day-number arithmetic
as upstream backtrader, so bars fall in the same blocks.

Out-of-order and duplicate stamps (upstream's behaviour): an intraday input
bar not later than the last delivered bar is *late*; with ``takelate`` (the
default) it is folded into the forming bar, whose stamp becomes the last
delivered one plus 1e-6 days; without, it is dropped. Lateness is judged on
the exact nanoseconds.

Speed: on feeds with a block loader the common cases (see
``Resampler.filter_block``) run in compiled code over whole columns
(``backtrader._cy.resample.TimeBars``), with the same rules as here.
"""
import datetime as _dt

from backtrader.dataseries import TimeFrame
from backtrader.metabase import ParamsBase
from backtrader.utils import date2num, num2date
from backtrader._cy.timeconv import py_ns_to_num

__all__ = ['DTFaker', 'Resampler', 'Replayer',
           'ResamplerTicks', 'ResamplerSeconds', 'ResamplerMinutes', 'ResamplerDaily',
           'ResamplerWeekly', 'ResamplerMonthly', 'ResamplerYearly',
           'ReplayerTicks', 'ReplayerSeconds', 'ReplayerMinutes', 'ReplayerDaily',
           'ReplayerWeekly', 'ReplayerMonthly']

_INF = float('inf')
# the stamp of a bar that holds nothing yet: later than any real bar
# (two days short of datetime.max, room for a time zone moving it forward)
_EMPTY_STAMP = date2num(_dt.datetime.max) - 2


class DTFaker(object):
    """Stands in for a data's datetime when a filter is asked whether time has
    moved on without a new bar: the time is ``forcedata``'s current one, or the
    wall clock (UTC plus the data's offset) when there is none.

    It answers as the data (``len``, ``p.sessionend``, ``num2date``, ...) and
    as its datetime line (``[0]``, ``datetime()``, ``date()``, ``time()``).
    """

    def __init__(self, data, forcedata=None):
        self.data = data
        if forcedata is not None:
            num, local = forcedata.datetime[0], forcedata.datetime.datetime()
        else:
            num = date2num(_dt.datetime.utcnow() + data._timeoffset())
            local = data.num2date(num)
        self._dt, self._dtime = num, local
        self.datetime = self
        self.sessionend = data.p.sessionend

    # the data's side
    p = property(lambda self: self)
    _calendar = property(lambda self: self.data._calendar)

    def __len__(self):
        return self.data.__len__()

    def num2date(self, *args, **kwargs):
        return self.data.num2date(*args, **kwargs)

    def date2num(self, *args, **kwargs):
        return self.data.date2num(*args, **kwargs)

    def _getnexteos(self):
        return self.data._getnexteos()

    # the datetime line's side (``self.datetime`` is the object itself): whatever
    # ``ago`` is asked, the one moment
    def __call__(self, ago=0):
        return self._dtime

    def date(self, ago=0):
        return self._dtime.date()

    def time(self, ago=0):
        return self._dtime.time()

    def __getitem__(self, ago):
        return float('-inf') if ago else self._dt


class _StampedBar(list):
    """A bar for the data's stack: the values in the data's line order, and
    ``ns`` the exact nanoseconds of its stamp (None: the day number rules)."""
    __slots__ = ('ns',)


class _FormingBar(object):
    """The bar being built: OHLC, volume, open interest and the stamp (day
    number ``num`` and, when exact, nanoseconds ``ns``)."""
    __slots__ = ('open', 'high', 'low', 'close', 'volume', 'openinterest', 'num', 'ns')

    def __init__(self):
        self.clear()

    def clear(self):
        nan = float('nan')
        self.open = self.close = nan
        self.high, self.low = -_INF, _INF
        self.volume = self.openinterest = 0.0
        self.num, self.ns = _EMPTY_STAMP, None

    def isopen(self):
        return self.open == self.open

    def fold(self, data):
        """Take in the current bar of ``data``."""
        lines = data.lines
        if self.open != self.open:
            self.open = lines.open[0]
        high, low = lines.high[0], lines.low[0]
        if high > self.high:
            self.high = high
        if low < self.low:
            self.low = low
        self.close = lines.close[0]
        self.volume += lines.volume[0]
        self.openinterest = lines.openinterest[0]
        self.stamp_from(data)

    def stamp_from(self, data):
        dtline = data.lines.datetime
        self.set_num(dtline[0], dtline.ns(0))

    def set_num(self, num, ns=None):
        """New stamp; ``ns`` is kept when it is exactly that day number."""
        self.num = num
        self.ns = ns if ns is not None and py_ns_to_num(ns) == num else None

    def values(self, data):
        """The bar in the order of the data's first lines, for its stack."""
        return _stamped(data, self.num, self.ns, self.open, self.high, self.low,
                        self.close, self.volume, self.openinterest)


def _stamped(data, num, ns, open_, high, low, close, volume, openinterest):
    """A bar for ``data``'s stack: the values in the order of its first lines."""
    byname = {'close': close, 'low': low, 'high': high, 'open': open_, 'volume': volume,
              'openinterest': openinterest, 'datetime': num}
    out = _StampedBar(byname[name] for name in data.getlinealiases()[:7])
    out.ns = ns
    return out


def _period_key(tframe, day):
    """The calendar period of a date: ISO year-week, year-month or year."""
    if tframe == TimeFrame.Weeks:
        iso = day.isocalendar()
        return iso[0] * 100 + iso[1]
    if tframe == TimeFrame.Months:
        return day.year * 100 + day.month
    return day.year


class _BarBuilder(ParamsBase):
    """What resampling and replay share: the params, the block arithmetic,
    the session ends and the decision that a bar is complete."""
    params = (
        ('bar2edge', True),
        ('adjbartime', True),
        ('rightedge', True),
        ('boundoff', 0),
        ('timeframe', TimeFrame.Days),
        ('compression', 1),
        ('takelate', True),
        ('sessionend', True),
    )
    replaying = False

    def __init__(self, data):
        p = self.p
        name = type(self).__name__
        if p.timeframe not in range(TimeFrame.Ticks, TimeFrame.NoTimeFrame):
            raise ValueError('%s: param timeframe=%r is not a TimeFrame constant'
                             % (name, p.timeframe))
        if not isinstance(p.compression, int) or p.compression < 1:
            raise ValueError('%s: param compression must be an integer >= 1, got %r'
                             % (name, p.compression))
        if p.timeframe < data._timeframe:
            raise ValueError(
                '%s: param timeframe=%s is smaller than the time frame of data %r (%s): '
                'bars can only be combined into larger ones'
                % (name, TimeFrame.TName(p.timeframe), data._name or type(data).__name__,
                   TimeFrame.TName(data._timeframe)))
        tf = p.timeframe
        self.intraday = TimeFrame.Ticks < tf < TimeFrame.Days
        self.below_weeks = tf < TimeFrame.Weeks
        # days and up in the data's own time frame: only a count of bars
        self.countonly = (not self.intraday and data._timeframe == tf
                          and p.compression % data._compression == 0)
        self.adjust = bool(p.bar2edge and p.adjbartime and self.below_weeks)
        self.bar = _FormingBar()
        self.ncounted = 0
        self.fresh = True           # replay: the next input opens a new bar
        self.eos = None             # (datetime, day number) of the coming session end
        self.eos_num = -_INF
        self.last_eos_num = None
        self.data = data
        data.resampling = 1
        data.replaying = self.replaying
        data._timeframe = tf
        data._compression = p.compression

    # -- the time of day in the unit of the target time frame ------------------------------
    def _point(self, tm):
        """(position of ``tm`` in the day in target units + boundoff, what is left
        below the unit)."""
        tf = self.p.timeframe
        point = tm.hour * 60 + tm.minute
        if tf >= TimeFrame.Minutes:
            rest = tm.second + tm.microsecond
        else:
            point = point * 60 + tm.second
            if tf >= TimeFrame.Seconds:
                rest = tm.microsecond
            else:
                point = point * 1e6 + tm.microsecond
                rest = 0
        return point + self.p.boundoff, rest

    # -- session ends ------------------------------------------------------------------
    def _session_end_reached(self, probe, exact=False):
        """Whether ``probe``'s time is the session end (``exact``) or, when not
        exact, at or past it while the forming bar lies before it. Reaching it
        moves on to the next session end."""
        if self.eos is None:
            self.eos, self.eos_num = self.data._getnexteos()
        now = probe.datetime[0]
        if now == self.eos_num:
            hit = True
        elif now > self.eos_num and not exact:
            hit = self.bar.isopen() and self.bar.num <= self.eos_num
        else:
            hit = False
        if hit:
            self.last_eos, self.last_eos_num = self.eos, self.eos_num
            self.eos, self.eos_num = None, -_INF
        return hit

    # -- is the forming bar complete? -------------------------------------------------
    def _boundary_passed(self, probe):
        """Whether ``probe`` (the data or a DTFaker) lies beyond the forming bar's period."""
        tf = self.p.timeframe
        if tf >= TimeFrame.Weeks:
            return self._later_period(probe)
        if tf == TimeFrame.Days:
            return self._session_end_reached(probe)
        if tf > TimeFrame.Ticks:
            return self._intraday_passed(probe)
        return self.bar.isopen()        # ticks: every new tick

    def _later_period(self, probe):
        """Weeks and up: the probe's ISO week / month / year is a later one (for
        weeks with a trading calendar: the probe is on the week's last trading day)."""
        tf = self.p.timeframe
        if tf == TimeFrame.Weeks and self.data._calendar is not None:
            return probe._calendar.last_weekday(probe.datetime.date())
        theirs = _period_key(tf, probe.datetime.datetime().date())
        return theirs > _period_key(tf, probe.num2date(self.bar.num).date())

    def _intraday_passed(self, probe):
        if self._session_end_reached(probe):
            return True
        now = probe.datetime[0]
        if now < self.bar.num:
            return False
        # the block positions are taken on the UTC-like clock
        mine, _ = self._point(num2date(self.bar.num).time())
        theirs, _ = self._point(num2date(now).time())
        if theirs <= mine:
            return False
        comp = self.p.compression
        return not self.p.bar2edge or comp == 1 or theirs // comp > mine // comp

    def _complete(self, data, fromcheck=False, forcedata=None):
        """Whether the forming bar is over, counting ``compression`` periods."""
        probe = DTFaker(data, forcedata) if fromcheck else data
        if not self.countonly and not self._boundary_passed(probe):
            return False
        if self.intraday and self.p.bar2edge:
            return True
        if fromcheck:
            return False
        self.ncounted += 1
        return self.ncounted % self.p.compression == 0

    def _on_edge(self, data):
        """(the input bar closes the forming bar by lying on its right edge,
        whether the usual completeness test must still run)."""
        if not self.below_weeks:
            cal = data._calendar
            if cal is None:
                return False, True
            tf = self.p.timeframe
            day = data.datetime.date()
            last = {TimeFrame.Weeks: cal.last_weekday, TimeFrame.Months: cal.last_monthday,
                    TimeFrame.Years: cal.last_yearday}[tf](day)
            if not last:
                return False, True
            self.ncounted += 1
            return self.ncounted % self.p.compression == 0, False
        if self._session_end_reached(data, exact=True):
            return True, True
        if not self.intraday:
            return False, True
        point, rest = self._point(data.datetime.time())
        if rest:
            return False, True
        return point % self.p.compression == 0, True

    def _is_late(self, data):
        """An intraday input not later than the bar delivered before it."""
        if not self.intraday or len(data) <= 1:
            return False
        dtline = data.lines.datetime
        return dtline.ns(0) <= dtline.ns(-1)

    # -- the stamp of a completed bar -----------------------------------------------------
    def _edge_num(self):
        """The day number of the forming bar's edge: its block's edge in the
        data's time zone, or the session end for days."""
        if self.eos is None:
            return self.last_eos_num
        p = self.p
        tf = p.timeframe
        local = self.data.num2date(self.bar.num)
        if tf == TimeFrame.Days:
            eos = self.eos.time()
            hh, mm, ss, us = eos.hour, eos.minute, eos.second, eos.microsecond
        else:
            point, _ = self._point(local.time())
            point = (point // p.compression + p.rightedge) * p.compression
            if tf == TimeFrame.Minutes:
                hh, mm = divmod(point, 60)
                ss = us = 0
            elif tf == TimeFrame.Seconds:
                hh, rem = divmod(point, 3600)
                mm, ss = divmod(rem, 60)
                us = 0
            else:
                hh, rem = divmod(point, 3600e6)
                mm, rem = divmod(rem, 60e6)
                ss, us = divmod(rem, 1e6)
        days, hh = divmod(hh, 24) if hh > 23 else (0, hh)
        local = local.replace(hour=int(hh), minute=int(mm), second=int(ss), microsecond=int(us))
        if days:
            local += _dt.timedelta(days=days)
        return self.data.date2num(local)

    def _move_to_edge(self, later_only=False):
        """Stamp the forming bar with its edge; with ``later_only`` only when that
        is later than its stamp. Returns whether it moved."""
        num = self._edge_num()
        if later_only and num <= self.bar.num:
            return False
        self.bar.set_num(num)
        return True

    def check(self, data, _forcedata=None):
        """Time has moved on (``_forcedata``'s time, else the wall clock)
        without a new bar: deliver the forming bar if its period is over."""
        if self.bar.isopen():
            return self(data, fromcheck=True, forcedata=_forcedata)
        return None


class Resampler(_BarBuilder):
    """Deliver bars of a larger time frame made of the data's bars.

    Params: ``timeframe`` / ``compression`` of the bars made; ``bar2edge``
    (True: blocks aligned on the clock, e.g. 5 minutes at :00, :05, ...);
    ``adjbartime`` (True: stamp a bar with its block's edge, needs ``bar2edge``);
    ``rightedge`` (True: the right edge of the block, else the left);
    ``boundoff`` (shift of the blocks, in target units); ``takelate`` (True:
    late bars are folded into the forming bar); ``sessionend`` (kept for
    compatibility: the session end always closes daily bars).
    """
    params = (
        ('bar2edge', True),
        ('adjbartime', True),
        ('rightedge', True),
    )
    replaying = False
    # the compiled twin making the bars from whole columns (None: not decided
    # yet, False: bar by bar in Python); see ``filter_block``
    _kernel = None
    #: False makes every resampler build its bars in Python (a reference for tests)
    compiled = True

    @property
    def filter_block(self):
        """The column path (``filter_block(data, block) -> block``) when the
        compiled :class:`~backtrader._cy.resample.TimeBars` can make these bars;
        absent otherwise, and the bars are made one input at a time.

        Decided once, when the data first asks: it takes a stock resampler to
        seconds, minutes or days (not a mere count of daily bars), ``bar2edge``
        and ``boundoff >= 0``, on a data with a block loader that is not a
        clone and has no time zone, trading calendar or date window.
        """
        if self._kernel is None:
            self._kernel = self._make_kernel(self.data) or False
        if self._kernel is False:
            raise AttributeError('filter_block')
        return self._columns

    def _make_kernel(self, data):
        """A TimeBars for this resampler on ``data``, or None when it cannot serve."""
        p = self.p
        unit = {TimeFrame.Seconds: 'seconds', TimeFrame.Minutes: 'minutes',
                TimeFrame.Days: 'days'}.get(p.timeframe)
        if (unit is None or not self.compiled or type(self).__module__ != __name__
                or data._clone
                or not data._has_block_loader() or self.countonly
                or not p.bar2edge or not isinstance(p.boundoff, int) or p.boundoff < 0
                or data._tz is not None or data._calendar is not None
                or data.fromdate != -_INF or data.todate != _INF):
            return None
        from backtrader._cy.resample import TimeBars
        end = data.p.sessionend
        endns = (((end.hour * 60 + end.minute) * 60 + end.second) * 1000000
                 + end.microsecond) * 1000
        return TimeBars(unit, p.compression, adjust=self.adjust, rightedge=p.rightedge,
                        boundoff=p.boundoff, takelate=p.takelate, sessionend_ns=endns)

    def _columns(self, data, block):
        """The bars a block of inputs completes. At the end of the data
        (``block`` None) nothing: ``last`` delivers the forming bar, as on the
        Python path (the broker then still sees the previous bar's ticks)."""
        if block is None:
            return None
        return self._kernel.aggregate(block)

    def _deliver(self, data, onedge, forcedata):
        if forcedata is not None:
            tf = self.p.timeframe
            if tf == TimeFrame.Ticks:
                pass
            elif tf in (TimeFrame.Minutes, TimeFrame.Days):
                if self._edge_num() > forcedata.datetime[0]:
                    return
            else:
                return
        if self.adjust and not onedge:
            self._move_to_edge(later_only=True)
        data._add2stack(self.bar.values(data))
        self.bar.clear()

    def __call__(self, data, fromcheck=False, forcedata=None):
        """Fold the data's current bar in (it leaves the data); stack the
        forming bar when complete. Always True: the input bar is not delivered
        (False on the column path: the bar is one made from the columns)."""
        if self._kernel:
            return False
        onedge, testcomplete, taken = False, True, False
        if not fromcheck:
            if self._is_late(data):
                if self.p.takelate:
                    self.bar.fold(data)
                    self.bar.set_num(data.datetime[-1] + 0.000001)
                data.backwards()
                return True
            if self.countonly:
                self.last_eos_num = self.data._getnexteos()[1]
                taken = True
            else:
                onedge, testcomplete = self._on_edge(data)
                taken = onedge
            if taken:
                self.bar.fold(data)
                data.backwards()
        if self.bar.isopen() and (onedge or (testcomplete and
                                             self._complete(data, fromcheck, forcedata))):
            self._deliver(data, onedge, forcedata)
        if not fromcheck and not taken:
            self.bar.fold(data)
            data.backwards()
        return True

    def last(self, data):
        """The data has ended: stack the forming bar if it holds anything."""
        if self._kernel:
            bar = self._kernel.flush()
            if bar is None:
                return False
            data._add2stack(_stamped(data, *bar))
            return True
        if not self.bar.isopen():
            return False
        if self.adjust:
            self._move_to_edge()
        data._add2stack(self.bar.values(data))
        self.bar.clear()
        return True


class Replayer(_BarBuilder):
    """Replay bars of a larger time frame as they form: at each input bar the
    data shows the forming bar (same length, values updated), and its length
    grows when a new bar opens. Params as :class:`Resampler`, but
    ``adjbartime`` is False by default (when True, a closing step stamped
    with the block's edge is inserted before the next bar opens)."""
    params = (
        ('bar2edge', True),
        ('adjbartime', False),
        ('rightedge', True),
    )
    replaying = True

    def _show(self, data):
        """Overwrite the data's current bar with the forming bar."""
        data._updatebar(self.bar.values(data), forward=False, ago=0)

    def _close(self, data, onedge, taken, fromcheck):
        """The forming bar is complete: show its final state and open the next."""
        bar = self.bar
        if self.adjust and not onedge:
            # the closing step carries the edge's stamp
            moved = self._move_to_edge(later_only=True)
            if moved:
                data._updatebar(bar.values(data), forward=False,
                                ago=0 if (taken or fromcheck) else -1)
            if fromcheck:
                self._restart()
                if moved:
                    data._save2stack(erase=True, force=True)
            elif taken:
                self._restart()
            else:
                # the input opens the next bar: it waits on the stack
                bar.clear()
                bar.fold(data)
                data._save2stack(erase=True, force=True)
        elif not fromcheck:
            if taken:
                if not self.fresh:
                    data.backwards(force=True)
                self._show(data)
                self._restart()
            else:
                # the input, already a new bar of the data, opens the next bar
                bar.clear()
                bar.fold(data)

    def _restart(self):
        self.bar.clear()
        self.fresh = True

    def __call__(self, data, fromcheck=False, forcedata=None):
        """Fold the data's current bar into the forming bar and show that one in
        its place. Always False: the data delivers a bar at every step."""
        onedge, testcomplete, taken, late = False, True, False, False
        if not fromcheck:
            if self._is_late(data):
                if not self.p.takelate:
                    data.backwards(force=True)
                    return True
                taken = late = True
            elif self.countonly:
                taken = True
            else:
                onedge, testcomplete = self._on_edge(data)
                taken = onedge
            data._tick_fill(force=True)
        if taken:
            self.bar.fold(data)
            if late:
                self.bar.set_num(data.datetime[-1] + 0.000001)
        # a check judges on the wall clock here, as upstream does
        if onedge or (testcomplete and self._complete(data, fromcheck)):
            self._close(data, onedge, taken, fromcheck)
        elif not fromcheck:
            if not taken:
                self.bar.fold(data)
            if not self.fresh:
                data.backwards(force=True)
            self._show(data)
            self.fresh = False
        return False


def _with_timeframe(base, suffix, tframe):
    """``base`` with another default ``timeframe`` (``ResamplerDaily``, ...)."""
    return type(base.__name__ + suffix, (base,), {
        'params': (('timeframe', tframe),), '__module__': __name__,
        '__doc__': '%s to %s by default.' % (base.__name__, TimeFrame.TName(tframe))})


_SUFFIXES = (('Ticks', TimeFrame.Ticks), ('Seconds', TimeFrame.Seconds),
             ('Minutes', TimeFrame.Minutes), ('Daily', TimeFrame.Days),
             ('Weekly', TimeFrame.Weeks), ('Monthly', TimeFrame.Months),
             ('Yearly', TimeFrame.Years))
for _suffix, _tframe in _SUFFIXES:
    globals()['Resampler' + _suffix] = _with_timeframe(Resampler, _suffix, _tframe)
    if _tframe != TimeFrame.Years:      # upstream has no ReplayerYearly
        globals()['Replayer' + _suffix] = _with_timeframe(Replayer, _suffix, _tframe)
del _suffix, _tframe
