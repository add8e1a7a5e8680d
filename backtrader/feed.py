"""Data feeds: the base class that loads bars into the OHLC + datetime lines.

Two ways to write a feed:

* fast: override ``_load_block()`` to return the next block of rows as a dict of
  columns (``'datetime'`` as int64 nanoseconds, other lines float64: numpy
  arrays, :class:`~backtrader._cy.buffer.Buffer` objects or anything numpy
  converts) or ``None`` at the end. Preloading then adopts the columns without
  copying and the date filters run in C.
* upstream style: override ``_load()`` to fill ``self.lines.X[0]`` for one bar and
  return ``True`` (``False`` at the end). Works unchanged.
"""
import collections
import datetime

from backtrader import dataseries, metabase
from backtrader.dataseries import SimpleFilterWrapper, TimeFrame
from backtrader._cy.buffer import concat, full, to_buffer
from backtrader._cy.datewindow import date_window
from backtrader._cy.timeconv import ns_array_to_nums
from backtrader._cy.timeorder import first_descent

__all__ = ['AbstractDataBase', 'DataBase', 'FeedBase', 'DataClone', 'MetaAbstractDataBase',
           'CSVDataBase', 'CSVFeedBase', 'MetaCSVDataBase']


def _time2num(tm):
    return (tm.hour / 24.0 + tm.minute / 1440.0 + tm.second / 86400.0
            + tm.microsecond / 86400000000.0)


class MetaAbstractDataBase(dataseries.OHLCDateTime.__class__):
    _indcol = dict()

    def __init__(cls, name, bases, dct):
        super(MetaAbstractDataBase, cls).__init__(name, bases, dct)
        if not cls.aliased and name != 'DataBase' and not name.startswith('_'):
            cls._indcol[name] = cls

    def dopreinit(cls, _obj, *args, **kwargs):
        _obj, args, kwargs = super(MetaAbstractDataBase, cls).dopreinit(_obj, *args, **kwargs)
        _obj._feed = metabase.findowner(_obj, FeedBase)
        _obj.notifs = collections.deque()
        _obj._dataname = _obj.p.dataname
        _obj._name = ''
        return _obj, args, kwargs

    def dopostinit(cls, _obj, *args, **kwargs):
        _obj, args, kwargs = super(MetaAbstractDataBase, cls).dopostinit(_obj, *args, **kwargs)
        p = _obj.p
        _obj._name = _obj._name or p.name
        if not _obj._name and isinstance(p.dataname, str):
            _obj._name = p.dataname
        _obj._compression = p.compression
        _obj._timeframe = p.timeframe
        if isinstance(p.sessionstart, datetime.datetime):
            p.sessionstart = p.sessionstart.time()
        elif p.sessionstart is None:
            p.sessionstart = datetime.time.min
        if isinstance(p.sessionend, datetime.datetime):
            p.sessionend = p.sessionend.time()
        elif p.sessionend is None:
            p.sessionend = datetime.time(23, 59, 59, 999990)
        if isinstance(p.fromdate, datetime.date) and not hasattr(p.fromdate, 'hour'):
            p.fromdate = datetime.datetime.combine(p.fromdate, p.sessionstart)
        if isinstance(p.todate, datetime.date) and not hasattr(p.todate, 'hour'):
            p.todate = datetime.datetime.combine(p.todate, p.sessionend)
        _obj._barstack = collections.deque()
        _obj._barstash = collections.deque()
        _obj._filters = []
        _obj._ffilters = []
        for fp in p.filters:
            if isinstance(fp, type):
                _attach_filter(_obj, fp(_obj))
            else:
                _obj._filters.append((fp, [], {}))
        return _obj, args, kwargs


def _attach_filter(data, flt):
    """Register a filter object built from a class: it filters every bar and,
    when it has ``last``, gets the last word at the end of the data."""
    data._filters.append((flt, [], {}))
    if hasattr(flt, 'last'):
        data._ffilters.append((flt, [], {}))


class AbstractDataBase(dataseries.OHLCDateTime, metaclass=MetaAbstractDataBase):
    """Base of all data feeds."""
    params = (
        ('dataname', None),
        ('name', ''),
        ('compression', 1),
        ('timeframe', TimeFrame.Days),
        ('fromdate', None),
        ('todate', None),
        ('sessionstart', None),
        ('sessionend', None),
        ('filters', []),
        ('tz', None),
        ('tzinput', None),
        ('qcheck', 0.0),
        ('calendar', None),
    )

    # the statuses a feed notifies: numbered class constants and their printed names
    _NOTIFNAMES = ['CONNECTED', 'DISCONNECTED', 'CONNBROKEN', 'DELAYED',
                   'LIVE', 'NOTSUBSCRIBED', 'NOTSUPPORTED_TIMEFRAME', 'UNKNOWN']
    (CONNECTED, DISCONNECTED, CONNBROKEN, DELAYED,
     LIVE, NOTSUBSCRIBED, NOTSUPPORTED_TF, UNKNOWN) = range(len(_NOTIFNAMES))
    _laststatus = CONNECTED

    @classmethod
    def _getstatusname(cls, status):
        """The printed name of a status number."""
        return cls._NOTIFNAMES[status]

    # defaults until the owner, start() or a filter set them
    _feed = _store = _compensate = _env = None
    _clone = _started = False
    resampling = replaying = 0      # non zero once a resampler / replayer is attached
    _qcheck = 0.0
    _tmoffset = datetime.timedelta()

    # -- start / stop ---------------------------------------------------------------
    def _start_finish(self):
        from backtrader.utils.date import Localizer
        self._tz = self._gettz()
        self.lines.datetime._settz(self._tz)
        self._tzinput = Localizer(self._gettzinput())
        self.fromdate = (float('-inf') if self.p.fromdate is None
                         else self.date2num(self.p.fromdate))
        self.todate = (float('inf') if self.p.todate is None
                       else self.date2num(self.p.todate))
        self.sessionstart = _time2num(self.p.sessionstart)
        self.sessionend = _time2num(self.p.sessionend)
        self._calendar = cal = self.p.calendar
        if cal is None:
            self._calendar = getattr(self._env, '_tradingcal', None)
        elif isinstance(cal, str):
            from backtrader.tradingcal import PandasMarketCalendar
            self._calendar = PandasMarketCalendar(calendar=cal)
        self._started = True

    def _start(self):
        self.start()
        if not self._started:       # a live feed may learn its time zones only now
            self._start_finish()

    def start(self):
        """Reset the per-run state: bar stacks, status and the block reader."""
        self._barstack, self._barstash = collections.deque(), collections.deque()
        self._laststatus = self.CONNECTED
        self._block, self._blockpos = None, 0
        self._lastns, self._rowsseen = None, 0

    def stop(self):
        """Release what ``start`` acquired (nothing here)."""

    def _getnexteos(self):
        """End of the session of the current bar: (datetime, day number),
        from the trading calendar if there is one, else from ``sessionend``."""
        from backtrader.utils.date import date2num, num2date
        if self._clone:
            return self.data._getnexteos()
        if not len(self):
            return datetime.datetime.min, 0.0
        dtime = num2date(self.lines.datetime[0])
        if self._calendar is not None:
            _, nexteos = self._calendar.schedule(dtime, self._tz)
            return nexteos, date2num(nexteos)
        # the session end of the bar's day, localized, then the first one not before the bar
        nexteos = num2date(self.date2num(datetime.datetime.combine(dtime, self.p.sessionend)))
        while dtime > nexteos:
            nexteos += datetime.timedelta(days=1)
        return nexteos, date2num(nexteos)

    def _gettzinput(self):
        from backtrader.utils.date import tzparse
        return tzparse(self.p.tzinput)

    def _gettz(self):
        from backtrader.utils.date import tzparse
        return tzparse(self.p.tz)

    def date2num(self, dt):
        """Day number of ``dt``, taken in the feed's time zone when it has one."""
        from backtrader.utils.date import date2num
        return date2num(dt if self._tz is None else self._tz.localize(dt))

    def num2date(self, dt=None, tz=None, naive=True):
        """datetime of day number ``dt`` (default: the current bar's)."""
        from backtrader.utils.date import num2date
        num = self.lines.datetime[0] if dt is None else dt
        return num2date(num, tz or self._tz, naive)

    _tz = None
    _tzinput = None

    # -- live / notifications ------------------------------------------------------------
    def haslivedata(self):
        return False

    def do_qcheck(self, onoff, qlapse):
        self._qcheck = max(0.0, (self.p.qcheck if onoff else 0.0) - qlapse)

    def islive(self):
        """True for feeds that deliver data as it comes (no preload, no runonce)."""
        return False

    def _timeoffset(self):
        return self._tmoffset

    def put_notification(self, status, *args, **kwargs):
        """Queue a status change (a repeated status is not queued again)."""
        if status == self._laststatus:
            return
        self._laststatus = status
        self.notifs.append((status, args, kwargs))

    def get_notifications(self):
        """The queued status changes, oldest first. Taken one by one from the
        queue (which the compiled clock watches): those a feed's thread adds
        meanwhile stay for the next call."""
        notifs = self.notifs
        return [notifs.popleft() for _ in range(len(notifs))]

    def getfeed(self):
        return self._feed

    def qbuffer(self, savemem=0, replaying=False):
        """Bound every line's memory (``exactbars``); resampling keeps one bar more."""
        extra = self.resampling or replaying
        for line in self.lines:
            line.qbuffer(savemem=savemem, extrasize=extra)

    def clone(self, **kwargs):
        """A feed replaying this one's bars."""
        return DataClone(dataname=self, **kwargs)

    def copyas(self, _dataname, **kwargs):
        """A clone that goes by another name."""
        twin = DataClone(dataname=self, **kwargs)
        twin._dataname = twin._name = _dataname
        return twin

    def addfilter_simple(self, f, *args, **kwargs):
        """Add a plain callable as a filter; it returns whether the bar is removed."""
        wrapper = SimpleFilterWrapper(self, f, *args, **kwargs)
        self._filters.append((wrapper, wrapper.args, wrapper.kwargs))

    def addfilter(self, p, *args, **kwargs):
        """Add a filter: a class is built with this feed (and its ``last`` is
        called at the end of the data), anything else is called as it is."""
        if not isinstance(p, type):
            self._filters.append((p, args, kwargs))
            return
        _attach_filter(self, p(self, *args, **kwargs))

    def compensate(self, other):
        """Orders on this feed offset the position held in ``other``."""
        self._compensate = other

    def getenvironment(self):
        return self._env

    def setenvironment(self, env):
        """Remember the Cerebro running this feed."""
        self._env = env

    def resample(self, **kwargs):
        """Deliver bars of a larger time frame (see ``Cerebro.resampledata``)."""
        from backtrader.resamplerfilter import Resampler
        self.addfilter(Resampler, **kwargs)

    def replay(self, **kwargs):
        """Replay bars of a larger time frame as they form (see ``Cerebro.replaydata``)."""
        from backtrader.resamplerfilter import Replayer
        self.addfilter(Replayer, **kwargs)

    # -- tick values (only needed while resampling or replaying: a bar delivered
    # at the end of the data leaves the previous bar's there, as upstream does) -----------
    def _tick_nullify(self):
        if not self.resampling:
            return
        for alias in self.getlinealiases():
            if alias != 'datetime':
                setattr(self, 'tick_' + alias, None)
        self.tick_last = None

    def _tick_fill(self, force=False):
        if not self.resampling:
            return
        alias0 = self._getlinealias(0)
        if force or getattr(self, 'tick_' + alias0, None) is None:
            for alias in self.getlinealiases():
                if alias != 'datetime':
                    setattr(self, 'tick_' + alias, getattr(self.lines, alias)[0])
            self.tick_last = getattr(self.lines, alias0)[0]

    # -- moving through the bars --------------------------------------------------------------
    def advance_peek(self):
        if len(self) < self.buflen():
            return self.lines.datetime[1]
        return float('inf')

    def advance(self, size=1, datamaster=None, ticks=True):
        """Step ``size`` bars on in loaded data. With a ``datamaster`` the step
        is undone when the bar lies after the master's; past the end of the
        data the feed stands on an empty bar."""
        if ticks:
            self._tick_nullify()
        lines = self.lines
        lines.advance(size)
        if datamaster is None:
            on_bar = len(self) < self.buflen()
        elif len(self) > self.buflen():
            self.rewind()
            lines.forward()
            return
        else:
            on_bar = lines.datetime[0] <= datamaster.lines.datetime[0]
            if not on_bar:
                lines.rewind()
        if on_bar and ticks:
            self._tick_fill()

    def next(self, datamaster=None, ticks=True):
        """Move to the next bar, loading it when it is not preloaded. Returns
        the load's answer at the end of the data, and False when the bar lies
        after the ``datamaster``'s (the feed then stays where it was)."""
        if len(self) < self.buflen():
            self.advance(ticks=ticks)
        else:
            if ticks:
                self._tick_nullify()
            got = self.load()
            if not got or datamaster is None:
                if got and ticks:
                    self._tick_fill()
                return got
        if datamaster is not None and self.lines.datetime[0] > datamaster.lines.datetime[0]:
            self.rewind()
            return False
        if ticks:
            self._tick_fill()
        return True

    def preload(self):
        if self._preload_blocks():
            return
        while self.load():
            pass
        self._last()
        self.home()

    def _preload_blocks(self):
        """Preload through ``_load_block`` when the feed has it and no filter
        needs per-bar work. Returns whether it did.

        Columns are joined one at a time and each block's piece is released as
        soon as it is copied, so the peak stays near the size of the data.
        """
        if not self._has_block_loader() or self._barstack or (
                self._filters and self._block_filters() is None):
            return False
        blocks = []
        while True:
            block = self._next_block()
            if block is None:
                break
            if len(block['datetime']):
                blocks.append(block)
        ns = _take_column(blocks, 'datetime', 'q')
        nums = ns_array_to_nums(ns)
        # fromdate skips bars; todate ends the feed at the first bar after it
        sel = date_window(nums, self.fromdate, self.todate)
        if sel is not None:
            ns, nums = ns.take(sel), nums.take(sel)
        joined = {}     # lines given the very same columns share one column
        for i, name in enumerate(self.getlinealiases()):
            line = self.lines[i]
            if name == 'datetime':
                line.adopt(nums, ns)
                continue
            key = tuple(id(b[name]) for b in blocks if name in b)
            col = joined.get(key) if key else None
            if col is None:
                col = _take_column(blocks, name, 'd')
                if col is None:
                    col = full(len(ns), float('nan'))
                elif sel is not None:
                    col = col.take(sel)
                joined[key] = col
            else:
                for b in blocks:
                    b.pop(name, None)
            line.adopt(col)
        self.lines.advance(self.buflen())   # on the last bar: bars filters stack now follow it
        self._last()
        self.home()
        return True

    def _has_block_loader(self):
        return type(self)._load_block is not AbstractDataBase._load_block

    def _load_block(self):
        """Return the next block of rows as ``{line: array}`` or None (see module doc)."""
        return None

    def _next_block(self):
        block = self._load_block()
        if block is not None:
            if 'datetime' not in block:
                raise ValueError('%s: _load_block returned no datetime column'
                                 % type(self).__name__)
            _as_buffers(block)
            self._check_block_order(block)
            block.pop('_lineno', None)     # only needed for the messages above
        flts = self._block_filters() if self._filters else None
        return block if flts is None else self._filter_block(flts, block)

    def _block_filters(self):
        """The filters if every one of them converts whole blocks, else None.

        A block filter has ``filter_block(data, block) -> block`` (a dict of
        Buffer columns in, the rows it makes out); ``block`` None marks the end
        of the data: it then returns what it still holds (or None). Block
        filters run here, on the columns, instead of bar by bar.
        """
        flts = [flt for flt, _, _ in self._filters]
        return flts if all(hasattr(flt, 'filter_block') for flt in flts) else None

    def _filter_block(self, flts, block):
        """``block`` through the block filters in turn (None: the end of the data)."""
        end = block is None
        for flt in flts:
            if block is not None:
                block = flt.filter_block(self, block)
            if end:
                tail = flt.filter_block(self, None)
                if block is None:
                    block = tail
                elif tail is not None:
                    block = dict((name, concat([col, tail[name]], 'q' if name == 'datetime'
                                               else 'd')) for name, col in block.items())
        return block

    # -- time order: bars must not go back in time (equal stamps are kept in order)
    def _where(self):
        """Position of the current bar, for error messages."""
        return '%s, bar %d' % (self._name or type(self).__name__, len(self))

    def _where_row(self, block, i):
        """Position of row ``i`` of a block, for error messages."""
        return '%s, row %d' % (self._name or type(self).__name__, self._rowsseen + i + 1)

    def _order_error(self, where, ns, prevns):
        from backtrader._cy.timeconv import ns_to_iso
        return ValueError(
            "%s, field 'datetime': out-of-order timestamp %s is earlier than the "
            "previous bar's %s (bars must be in ascending time order)"
            % (where, ns_to_iso(int(ns)), ns_to_iso(int(prevns))))

    def _check_block_order(self, block):
        ns = block['datetime']
        n = len(ns)
        if n:
            prev = self._lastns
            if prev is not None and ns[0] < prev:
                raise self._order_error(self._where_row(block, 0), ns[0], prev)
            i = first_descent(ns)
            if i >= 0:
                raise self._order_error(self._where_row(block, i), ns[i], ns[i - 1])
            self._lastns = ns[n - 1]
        self._rowsseen += n

    def _check_bar_order(self):
        ns = self.lines.datetime.ns(0)
        prev = self._lastns
        if prev is not None and ns < prev:
            raise self._order_error(self._where(), ns, prev)
        self._lastns = ns

    def _load_from_blocks(self):
        """One bar from the block loader into the current (forwarded) slot."""
        while self._block is None or self._blockpos >= len(self._block['datetime']):
            self._block = self._next_block()
            self._blockpos = 0
            if self._block is None:
                return False
        i = self._blockpos
        self._blockpos += 1
        lines = self.lines
        for idx, name in enumerate(self.getlinealiases()):
            col = self._block.get(name)
            if name == 'datetime':
                lines[idx].set_ns(int(col[i]))
            elif col is not None:
                lines[idx][0] = col[i]
        return True

    def _last(self, datamaster=None):
        """The filters' last word at the end of the data: the bars they stack
        up are delivered. Returns whether any of them produced something."""
        produced = sum(flt.last(self, *fargs, **fkwargs)
                       for flt, fargs, fkwargs in self._ffilters)
        doticks = datamaster is not None and bool(self._barstack)
        while self._fromstack(forward=True):
            pass
        if doticks:
            self._tick_fill()
        return bool(produced)

    def _check(self, forcedata=None):
        """Give the filters that watch the clock (those with ``check``) a turn."""
        for flt, fargs, fkwargs in self._filters:
            check = getattr(flt, 'check', None)
            if check is not None:
                check(self, _forcedata=forcedata, *fargs, **fkwargs)

    def load(self):
        """Load the next bar (after filters and date limits). False at the end."""
        blockmode = self._has_block_loader()
        while True:
            self.forward()
            if self._fromstack():
                return True
            if not self._fromstack(stash=True):
                ok = self._load_from_blocks() if blockmode else self._load()
                if not ok:
                    self.backwards(force=True)
                    return ok
            if not blockmode:
                if self._tzinput:
                    self._localize_input()
                self._check_bar_order()
            dt = self.lines.datetime[0]
            if dt < self.fromdate:          # before the date window: skipped
                self.backwards()
            elif dt > self.todate:          # after it: the data ends here
                self.backwards(force=True)
                return False
            elif not self._filters_remove_bar():
                return True

    def _localize_input(self):
        """Reread the bar's time, parsed at face value, in the input time zone."""
        from backtrader.utils.date import date2num, num2date
        dtline = self.lines.datetime
        dtline[0] = date2num(self._tzinput.localize(num2date(dtline[0])))

    def _filters_remove_bar(self):
        """Put the bar through the filters in turn; True when one takes it out.
        Bars stacked up by a filter each go through the next one."""
        for flt, fargs, fkwargs in self._filters:
            stacked = len(self._barstack)
            for _ in range(stacked or 1):
                if stacked:
                    self._fromstack(forward=True)
                removed = flt(self, *fargs, **fkwargs)
            if removed:
                return True
        return False

    def _load(self):
        return False

    # -- bar stacks used by filters ------------------------------------------------------
    # the stack holds bars a filter made for delivery; the stash bars to load again
    def _add2stack(self, bar, stash=False):
        (self._barstash if stash else self._barstack).append(bar)

    def _save2stack(self, erase=False, force=False, stash=False):
        """Stack the current bar (and take it out of the data if ``erase``)."""
        self._add2stack([line[0] for line in self.itersize()], stash)
        if erase:
            self.backwards(force=force)

    def _updatebar(self, bar, forward=False, ago=0):
        """Write a stacked bar's values into the bar ``ago`` (after a forward if asked)."""
        if forward:
            self.forward()
        for line, val in zip(self.itersize(), bar):
            line[ago] = val
        ns = getattr(bar, 'ns', None)     # a resampled bar's exact stamp
        if ns is not None:
            self.lines.datetime.set_ns(ns, ago)

    def _fromstack(self, forward=False, stash=False):
        """Make the oldest stacked bar the current one; False if there is none."""
        pending = self._barstash if stash else self._barstack
        if not pending:
            return False
        self._updatebar(pending.popleft(), forward)
        return True

    def itersize(self):
        return self.lines.itersize()


def _as_buffers(block):
    """Make every column of a block a Buffer, in place ('datetime' and
    '_lineno' int64, the others float64); one object gives one Buffer."""
    made = {}
    for name, col in list(block.items()):    # the list keeps every id in use
        kind = 'q' if name == 'datetime' or name == '_lineno' else 'd'
        buf = made.get((id(col), kind))
        if buf is None:
            buf = made[id(col), kind] = to_buffer(col, kind)
        block[name] = buf


def _take_column(blocks, name, kind):
    """Join column ``name`` of all blocks (None if no block has it), removing it
    from the blocks as it goes."""
    parts = [b.pop(name) for b in blocks if name in b]
    if not parts:
        return full(0, 0, kind) if name == 'datetime' else None
    return concat(parts, kind)


class DataBase(AbstractDataBase):
    pass


class FeedBase(metabase.ParamsBase):
    """A factory of datas sharing parameters."""
    params = () + DataBase.params._gettuple()

    def __init__(self):
        self.datas = []

    def start(self):
        """Start every data made so far."""
        self._tell_datas('start')

    def stop(self):
        """Stop every data made so far."""
        self._tell_datas('stop')

    def _tell_datas(self, method):
        for data in self.datas:
            getattr(data, method)()

    def _data_kwargs(self, dataname, kwargs):
        """A data's keyword arguments: the factory's params where not given."""
        merged = {pname: getattr(self.p, pname) for pname, _ in self.p._getitems()}
        merged.update(kwargs)
        merged['dataname'] = dataname
        return merged

    def getdata(self, dataname, name=None, **kwargs):
        """Make a data (``DataCls``) with the factory's params and keep it."""
        made = self._getdata(**self._data_kwargs(dataname, kwargs))
        made._name = name
        self.datas.append(made)
        return made

    def _getdata(self, dataname, **kwargs):
        return self.DataCls(**self._data_kwargs(dataname, kwargs))


# what a clone takes over from its source: params when built, state when started
_CLONED_PARAMS = ('sessionstart', 'sessionend', 'timeframe', 'compression')
_CLONED_STATE = ('_tz', '_calendar', 'fromdate', 'todate', 'sessionstart', 'sessionend')


class DataClone(AbstractDataBase):
    """A second feed replaying the bars of another one."""
    _clone = True

    def __init__(self):
        self.data = source = self.p.dataname
        self._dataname = source._dataname
        for pname in _CLONED_PARAMS:
            setattr(self.p, pname, getattr(source.p, pname))

    def _start(self):
        self.start()
        source = self.data
        for attr in _CLONED_STATE:
            setattr(self, attr, getattr(source, attr))
        self.lines.datetime._settz(self._tz)
        self._tzinput = None        # the source has localized the input already

    def start(self):
        AbstractDataBase.start(self)
        self._dlen = 0
        self._preloading = False

    def preload(self):
        self._preloading = True
        AbstractDataBase.preload(self)
        self.data.home()
        self._preloading = False

    def _copy_bar(self):
        for line, dline in zip(self.lines, self.data.lines):
            line[0] = dline[0]

    def _load(self):
        if self._preloading:
            self.data.advance()
            if len(self.data) > self.data.buflen():
                return False
            self._copy_bar()
            return True
        if not (len(self.data) > self._dlen):
            return False
        self._dlen += 1
        self._copy_bar()
        return True

    def advance(self, size=1, datamaster=None, ticks=True):
        self._dlen += size
        AbstractDataBase.advance(self, size, datamaster, ticks=ticks)


# upstream exposes the CSV bases from this module too (``bt.feed.CSVDataBase``)
from backtrader.feeds.csvbase import CSVDataBase, CSVFeedBase, MetaCSVDataBase  # noqa: E402
