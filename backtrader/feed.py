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
from backtrader._cy import columns
from backtrader._cy.buffer import concat, full, to_buffer
from backtrader._cy.timeconv import ns_array_to_nums

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
                fp = fp(_obj)
                if hasattr(fp, 'last'):
                    _obj._ffilters.append((fp, [], {}))
            _obj._filters.append((fp, [], {}))
        return _obj, args, kwargs


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

    (CONNECTED, DISCONNECTED, CONNBROKEN, DELAYED,
     LIVE, NOTSUBSCRIBED, NOTSUPPORTED_TF, UNKNOWN) = range(8)
    _NOTIFNAMES = ['CONNECTED', 'DISCONNECTED', 'CONNBROKEN', 'DELAYED',
                   'LIVE', 'NOTSUBSCRIBED', 'NOTSUPPORTED_TIMEFRAME', 'UNKNOWN']

    @classmethod
    def _getstatusname(cls, status):
        return cls._NOTIFNAMES[status]

    _compensate = None
    _feed = None
    _store = None
    _clone = False
    _qcheck = 0.0
    _tmoffset = datetime.timedelta()
    _env = None
    resampling = 0
    replaying = 0
    _started = False
    _laststatus = CONNECTED

    # -- start / stop ---------------------------------------------------------------
    def _start_finish(self):
        from backtrader.utils.date import Localizer, tzparse
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
        if not self._started:
            self._start_finish()

    def start(self):
        self._barstack = collections.deque()
        self._barstash = collections.deque()
        self._laststatus = self.CONNECTED
        self._block = None
        self._blockpos = 0
        self._lastns = None
        self._rowsseen = 0

    def stop(self):
        pass

    def _timeoffset(self):
        return self._tmoffset

    def _getnexteos(self):
        from backtrader.utils.date import date2num, num2date
        if self._clone:
            return self.data._getnexteos()
        if not len(self):
            return datetime.datetime.min, 0.0
        dtime = num2date(self.lines.datetime[0])
        if self._calendar is None:
            nexteos = datetime.datetime.combine(dtime, self.p.sessionend)
            nexteos = num2date(self.date2num(nexteos))
            while dtime > nexteos:
                nexteos += datetime.timedelta(days=1)
            return nexteos, date2num(nexteos)
        _, nexteos = self._calendar.schedule(dtime, self._tz)
        return nexteos, date2num(nexteos)

    def _gettzinput(self):
        from backtrader.utils.date import tzparse
        return tzparse(self.p.tzinput)

    def _gettz(self):
        from backtrader.utils.date import tzparse
        return tzparse(self.p.tz)

    def date2num(self, dt):
        from backtrader.utils.date import date2num
        if self._tz is not None:
            return date2num(self._tz.localize(dt))
        return date2num(dt)

    def num2date(self, dt=None, tz=None, naive=True):
        from backtrader.utils.date import num2date
        if dt is None:
            dt = self.lines.datetime[0]
        return num2date(dt, tz or self._tz, naive)

    _tz = None
    _tzinput = None

    # -- live / notifications ------------------------------------------------------------
    def haslivedata(self):
        return False

    def do_qcheck(self, onoff, qlapse):
        self._qcheck = max(0.0, (self.p.qcheck if onoff else 0.0) - qlapse)

    def islive(self):
        return False

    def put_notification(self, status, *args, **kwargs):
        if self._laststatus != status:
            self.notifs.append((status, args, kwargs))
            self._laststatus = status

    def get_notifications(self):
        # emptied in place: the compiled clock watches this deque
        notifs = list(self.notifs)
        self.notifs.clear()
        return notifs

    def getfeed(self):
        return self._feed

    def qbuffer(self, savemem=0, replaying=False):
        extrasize = self.resampling or replaying
        for line in self.lines:
            line.qbuffer(savemem=savemem, extrasize=extrasize)

    def clone(self, **kwargs):
        return DataClone(dataname=self, **kwargs)

    def copyas(self, _dataname, **kwargs):
        d = DataClone(dataname=self, **kwargs)
        d._dataname = _dataname
        d._name = _dataname
        return d

    def setenvironment(self, env):
        self._env = env

    def getenvironment(self):
        return self._env

    def addfilter_simple(self, f, *args, **kwargs):
        fp = SimpleFilterWrapper(self, f, *args, **kwargs)
        self._filters.append((fp, fp.args, fp.kwargs))

    def addfilter(self, p, *args, **kwargs):
        if isinstance(p, type):
            pobj = p(self, *args, **kwargs)
            self._filters.append((pobj, [], {}))
            if hasattr(pobj, 'last'):
                self._ffilters.append((pobj, [], {}))
        else:
            self._filters.append((p, args, kwargs))

    def compensate(self, other):
        self._compensate = other

    def resample(self, **kwargs):
        from backtrader.resamplerfilter import Resampler
        self.addfilter(Resampler, **kwargs)

    def replay(self, **kwargs):
        from backtrader.resamplerfilter import Replayer
        self.addfilter(Replayer, **kwargs)

    # -- tick values (only needed while replaying) ----------------------------------------
    def _tick_nullify(self):
        if not self.replaying:
            return
        for alias in self.getlinealiases():
            if alias != 'datetime':
                setattr(self, 'tick_' + alias, None)
        self.tick_last = None

    def _tick_fill(self, force=False):
        if not self.replaying:
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
        if ticks:
            self._tick_nullify()
        self.lines.advance(size)
        if datamaster is not None:
            if len(self) > self.buflen():
                self.rewind()
                self.lines.forward()
                return
            if self.lines.datetime[0] > datamaster.lines.datetime[0]:
                self.lines.rewind()
            elif ticks:
                self._tick_fill()
        elif len(self) < self.buflen():
            if ticks:
                self._tick_fill()

    def next(self, datamaster=None, ticks=True):
        if len(self) >= self.buflen():
            if ticks:
                self._tick_nullify()
            ret = self.load()
            if not ret:
                return ret
            if datamaster is None:
                if ticks:
                    self._tick_fill()
                return ret
        else:
            self.advance(ticks=ticks)

        if datamaster is not None:
            if self.lines.datetime[0] > datamaster.lines.datetime[0]:
                self.rewind()
                return False
            if ticks:
                self._tick_fill()
        elif ticks:
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
        if not self._has_block_loader() or self._filters or self._barstack:
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
        sel = columns.date_window(nums, self.fromdate, self.todate)
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
        if block is None:
            return None
        if 'datetime' not in block:
            raise ValueError('%s: _load_block returned no datetime column'
                             % type(self).__name__)
        _as_buffers(block)
        self._check_block_order(block)
        block.pop('_lineno', None)     # only needed for the messages above
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
            i = columns.first_descent(ns)
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
        ret = 0
        for ff, fargs, fkwargs in self._ffilters:
            ret += ff.last(self, *fargs, **fkwargs)
        doticks = datamaster is not None and bool(self._barstack)
        while self._fromstack(forward=True):
            pass
        if doticks:
            self._tick_fill()
        return bool(ret)

    def _check(self, forcedata=None):
        for ff, fargs, fkwargs in self._filters:
            if hasattr(ff, 'check'):
                ff.check(self, _forcedata=forcedata, *fargs, **fkwargs)

    def load(self):
        """Load the next bar (after filters and date limits). False at the end."""
        from backtrader.utils.date import date2num, num2date
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
            dt = self.lines.datetime[0]
            if self._tzinput and not blockmode:
                dtime = self._tzinput.localize(num2date(dt))
                self.lines.datetime[0] = dt = date2num(dtime)
            if not blockmode:
                self._check_bar_order()
            if dt < self.fromdate:
                self.backwards()
                continue
            if dt > self.todate:
                self.backwards(force=True)
                break
            removed = False
            for ff, fargs, fkwargs in self._filters:
                if self._barstack:
                    for _ in range(len(self._barstack)):
                        self._fromstack(forward=True)
                        removed = ff(self, *fargs, **fkwargs)
                else:
                    removed = ff(self, *fargs, **fkwargs)
                if removed:
                    break
            if removed:
                continue
            return True
        return False

    def _load(self):
        return False

    # -- bar stacks used by filters ------------------------------------------------------
    def _add2stack(self, bar, stash=False):
        (self._barstash if stash else self._barstack).append(bar)

    def _save2stack(self, erase=False, force=False, stash=False):
        bar = [line[0] for line in self.itersize()]
        (self._barstash if stash else self._barstack).append(bar)
        if erase:
            self.backwards(force=force)

    def _updatebar(self, bar, forward=False, ago=0):
        if forward:
            self.forward()
        for line, val in zip(self.itersize(), bar):
            line[0 + ago] = val

    def _fromstack(self, forward=False, stash=False):
        coll = self._barstash if stash else self._barstack
        if coll:
            if forward:
                self.forward()
            for line, val in zip(self.itersize(), coll.popleft()):
                line[0] = val
            return True
        return False

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
        for data in self.datas:
            data.start()

    def stop(self):
        for data in self.datas:
            data.stop()

    def getdata(self, dataname, name=None, **kwargs):
        for pname, pvalue in self.p._getitems():
            kwargs.setdefault(pname, getattr(self.p, pname))
        kwargs['dataname'] = dataname
        data = self._getdata(**kwargs)
        data._name = name
        self.datas.append(data)
        return data

    def _getdata(self, dataname, **kwargs):
        for pname, pvalue in self.p._getitems():
            kwargs.setdefault(pname, getattr(self.p, pname))
        kwargs['dataname'] = dataname
        return self.DataCls(**kwargs)


class DataClone(AbstractDataBase):
    """A second feed replaying the bars of another one."""
    _clone = True

    def __init__(self):
        self.data = self.p.dataname
        self._dataname = self.data._dataname
        self.p.sessionstart = self.data.p.sessionstart
        self.p.sessionend = self.data.p.sessionend
        self.p.timeframe = self.data.p.timeframe
        self.p.compression = self.data.p.compression

    def _start(self):
        self.start()
        self._tz = self.data._tz
        self.lines.datetime._settz(self._tz)
        self._calendar = self.data._calendar
        self._tzinput = None
        self.fromdate = self.data.fromdate
        self.todate = self.data.todate
        self.sessionstart = self.data.sessionstart
        self.sessionend = self.data.sessionend

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
