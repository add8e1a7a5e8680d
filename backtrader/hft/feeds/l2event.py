"""L2EventData: an order-book feed replaying hftbacktest-format event records inside Cerebro.

Sources (``dataname``): a ``.npz`` (array ``data``; int64 ``ptick`` / ``qlot`` columns are checked
against ``px`` / ``qty`` when present), a ``.npy``, a CSV with a header naming the columns, a
``.parquet`` / ``.pq`` file (needs pyarrow, extra ``parquet``) or a numpy array. The columns are
those of :data:`backtrader.hft.events.event_dtype`: ``ev``, ``exch_ts``, ``local_ts``, ``px``,
``qty`` are required, ``order_id``, ``ival``, ``fval`` optional.

Memory: the uncompressed members of a ``.npz`` (what ``np.savez`` writes) are mapped read-only
rather than read, and every pass over the records releases the pages behind it, so a feed of any
size holds only a few megabytes of its file (so does a read-only ``np.memmap`` given as
``dataname``). Compressed members and the other sources are read into memory.

How records act on the book and how they are grouped into steps is described in
``backtrader/hft/_cy/l2replay.pyx``; all of it runs in compiled code. With preloading (Cerebro's
default) one compiled pass computes every line; without it (``preload=False``, ``exactbars``) the
data's ``next`` is a compiled step. ``data.book`` is the live :class:`~backtrader.hft.OrderBook` as
of the step the strategy sees, replayed lazily when it is read.
"""
import os
import re
import zipfile

from backtrader import feed
from backtrader.dataseries import TimeFrame
from backtrader.hft._cy import l2replay

__all__ = ['L2EventData', 'load_events', 'parse_step']

_REQUIRED = ('ev', 'exch_ts', 'local_ts', 'px', 'qty')
_UNITS = {'ns': 1, 'us': 10 ** 3, 'ms': 10 ** 6, 's': 10 ** 9, 'm': 60 * 10 ** 9,
          'min': 60 * 10 ** 9, 'h': 3600 * 10 ** 9}
_INTERVAL_RE = re.compile(r'^\s*(\d+(?:\.\d*)?)\s*(ns|us|ms|s|min|m|h)\s*$')
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def parse_step(step):
    """``(mode, interval_ns)`` of a ``step`` parameter: ``'event'``, ``'timestamp'``, a positive
    number of nanoseconds or a duration such as ``'100ms'`` (units ns, us, ms, s, m/min, h)."""
    if isinstance(step, str):
        key = step.strip().lower()
        if key in ('event', 'timestamp'):
            return l2replay.MODES[key], 0
        m = _INTERVAL_RE.match(key)
        if m is None:
            raise ValueError("L2EventData: step %r is not 'event', 'timestamp', a number of ns "
                             "or a duration like '100ms'" % step)
        ns = float(m.group(1)) * _UNITS[m.group(2)]
        step = int(round(ns))
    elif isinstance(step, bool) or not isinstance(step, (int, float)):
        raise ValueError("L2EventData: step %r is not 'event', 'timestamp', a number of ns or a "
                         "duration like '100ms'" % (step,))
    if step <= 0 or step != int(step):
        raise ValueError('L2EventData: the step interval must be a positive whole number of ns, '
                         'not %r' % (step,))
    return l2replay.MODES['interval'], int(step)


# -- reading the records ----------------------------------------------------------------------
def _as_events(arr, source):
    """``arr`` as a contiguous ``event_dtype`` array (the same object when it already is one)."""
    import numpy as np
    from backtrader.hft.events import event_dtype
    if not isinstance(arr, np.ndarray) or arr.dtype.names is None:
        raise ValueError('%s: expected a structured array of event records, got %s'
                         % (source, getattr(arr, 'dtype', type(arr).__name__)))
    if arr.ndim != 1:
        raise ValueError('%s: expected a 1-D array of event records, got shape %s'
                         % (source, arr.shape))
    if arr.dtype == event_dtype and arr.flags.c_contiguous:
        return arr
    missing = [f for f in _REQUIRED if f not in arr.dtype.names]
    if missing:
        raise ValueError("%s: missing field %s (the event records need %s)"
                         % (source, ', '.join(repr(m) for m in missing), ', '.join(_REQUIRED)))
    out = np.zeros(len(arr), dtype=event_dtype)
    for name in event_dtype.names:
        if name in arr.dtype.names:
            out[name] = arr[name]
    return out


def _npz_member(path, zf, key):
    """Array ``key`` of an npz: stored members are mapped read-only straight from the file (no
    zip stream, no CRC pass); compressed ones are read through numpy."""
    import numpy as np
    fmt = np.lib.format
    info = zf.getinfo(key + '.npy')
    if info.compress_type != zipfile.ZIP_STORED:
        with zf.open(info) as f:
            return fmt.read_array(f)
    with open(path, 'rb') as f:
        f.seek(info.header_offset)
        head = f.read(30)
        if len(head) < 30 or head[:4] != b'PK\x03\x04':
            raise ValueError('%s: member %r: bad zip entry header' % (path, key))
        namelen = int.from_bytes(head[26:28], 'little')
        extralen = int.from_bytes(head[28:30], 'little')
        f.seek(info.header_offset + 30 + namelen + extralen)
        version = fmt.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = fmt.read_array_header_1_0(f)
        else:
            shape, fortran, dtype = fmt.read_array_header_2_0(f)
        count = 1
        for s in shape:
            count *= s
        offset = f.tell()
        have = (os.fstat(f.fileno()).st_size - offset) // max(dtype.itemsize, 1)
    if have < count:
        raise ValueError('%s: member %r is truncated: %d of %d records'
                         % (path, key, max(have, 0), count))
    if count == 0:
        return np.zeros(shape, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode='r', offset=offset, shape=tuple(shape),
                     order='F' if fortran else 'C')


def _read_npz(path):
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValueError('%s: not a readable .npz file (truncated or corrupt?): %s'
                         % (path, exc)) from None
    with zf:
        names = set(zf.namelist())
        if 'data.npy' not in names:
            raise ValueError("%s: no array 'data' in the .npz (it holds %s)"
                             % (path, ', '.join(sorted(n[:-4] for n in names)) or 'nothing'))
        try:
            data = _npz_member(path, zf, 'data')
            extra = [_npz_member(path, zf, k) if k + '.npy' in names else None
                     for k in ('ptick', 'qlot')]
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ValueError('%s: truncated or corrupt .npz: %s' % (path, exc)) from None
    return data, extra[0], extra[1]


def _read_csv(path):
    import numpy as np
    from backtrader.hft.events import event_dtype
    with open(path, 'r') as f:
        header = f.readline().strip()
    names = [h.strip() for h in header.split(',')]
    missing = [f for f in _REQUIRED if f not in names]
    if missing:
        raise ValueError("%s, line 1: missing column %s (the header must name %s)"
                         % (path, ', '.join(repr(m) for m in missing), ', '.join(_REQUIRED)))
    dtype = np.dtype([(n, event_dtype.fields[n][0] if n in event_dtype.names else 'f8')
                      for n in names])
    try:
        table = np.loadtxt(path, delimiter=',', skiprows=1, dtype=dtype, ndmin=1)
    except ValueError as exc:
        # numpy names the row (counting the header as row 1) and the column
        raise ValueError('%s: %s' % (path, exc)) from None
    return table


def _read_parquet(path):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError('%s: reading Parquet needs pyarrow (pip install backtrader[parquet])'
                          % path) from None
    import numpy as np
    from backtrader.hft.events import event_dtype
    table = pq.read_table(path)
    missing = [f for f in _REQUIRED if f not in table.column_names]
    if missing:
        raise ValueError("%s: missing column %s (the file must hold %s)"
                         % (path, ', '.join(repr(m) for m in missing), ', '.join(_REQUIRED)))
    out = np.zeros(table.num_rows, dtype=event_dtype)
    for name in event_dtype.names:
        if name in table.column_names:
            col = table.column(name)
            if col.null_count:
                raise ValueError("%s, field %r: %d empty values" % (path, name, col.null_count))
            out[name] = col.to_numpy()
    return out


def load_events(dataname):
    """``(records, ptick, qlot, source)`` of an L2 source (see the module docstring): records as
    a contiguous ``event_dtype`` array, the exact int64 tick / lot columns or None."""
    import numpy as np
    if isinstance(dataname, np.ndarray):
        source = '<array>'
        return _as_events(dataname, source), None, None, source
    if not isinstance(dataname, (str, os.PathLike)):
        raise ValueError('L2EventData: dataname must be a file path or a numpy array of event '
                         'records, not %s' % type(dataname).__name__)
    path = os.fspath(dataname)
    if not os.path.exists(path):
        raise FileNotFoundError('L2EventData: no such file: %s' % path)
    ext = os.path.splitext(path)[1].lower()
    ptick = qlot = None
    if ext == '.npz':
        data, ptick, qlot = _read_npz(path)
    elif ext == '.npy':
        try:
            data = np.load(path, allow_pickle=False)
        except (ValueError, EOFError, OSError) as exc:
            raise ValueError('%s: truncated or corrupt .npy: %s' % (path, exc)) from None
    elif ext in ('.csv', '.txt'):
        data = _read_csv(path)
    elif ext in ('.parquet', '.pq'):
        data = _read_parquet(path)
    else:
        raise ValueError('%s: unknown file type %r (use .npz, .npy, .csv or .parquet)'
                         % (path, ext))
    data = _as_events(data, path)
    for name, col in (('ptick', ptick), ('qlot', qlot)):
        if col is not None and (col.shape != data.shape or col.dtype.kind not in 'iu'):
            raise ValueError('%s: %r must be an integer column of %d values, got %s %s'
                             % (path, name, len(data), col.dtype, col.shape))
    if ptick is not None and not (ptick.dtype == np.int64 and ptick.flags.c_contiguous):
        ptick = np.ascontiguousarray(ptick, dtype=np.int64)
    if qlot is not None and not (qlot.dtype == np.int64 and qlot.flags.c_contiguous):
        qlot = np.ascontiguousarray(qlot, dtype=np.int64)
    return data, ptick, qlot, path


def _read_only_map(arr):
    """``arr`` is None or a read-only file map (its resident pages may be released)."""
    import numpy as np
    return arr is None or (isinstance(arr, np.memmap) and arr.mode == 'r')


class L2EventData(feed.DataBase):
    """Order-book feed of hftbacktest event records (``TimeFrame.Ticks``).

    Params:

    - ``tick_size``, ``lot_size`` (required): price of one tick, size of one lot
    - ``timestamp`` (``'local'``): ``'local'`` applies the records flagged ``LOCAL_EVENT`` at
      ``local_ts`` (what a strategy receives), ``'exch'`` those flagged ``EXCH_EVENT`` at
      ``exch_ts``; the others are skipped and counted
    - ``step`` (``'timestamp'``): ``'timestamp'`` wakes the strategy once per distinct timestamp
      (after applying every record sharing it), ``'event'`` once per record, an interval
      (``100_000_000`` ns or ``'100ms'``) at every interval boundary
    - ``crossed`` (``'fix'``): the book's policy for crossed updates (``'fix'``, ``'flag'``,
      ``'raise'``)
    - ``bbo`` (False): apply DEPTH_BBO records (hftbacktest's local book ignores them)

    Lines: ``bid``, ``ask``, ``bidsize``, ``asksize``, ``spread``, ``close`` (alias ``mid``; open,
    high and low hold it too), the last trade's ``price``, ``size`` (alias ``qty``: ``data.size``
    is the line-count method every data has, so read ``data.qty`` or ``data.lines.size``) and
    ``side`` (+1 buyer-, -1 seller-initiated, 0 none yet), ``volume`` (traded size within the step), ``openinterest`` (0).
    ``data.book`` is the live order book at the current step; ``data.report()`` accounts for every
    record. Bad records raise ``ValueError`` naming the source, the record index and the field.
    """
    lines = ('bid', 'ask', 'bidsize', 'asksize', 'spread', 'price', 'size', 'side')
    linealias = dict(close='mid', size='qty')

    params = (
        ('timeframe', TimeFrame.Ticks),
        ('tick_size', None),
        ('lot_size', None),
        ('timestamp', 'local'),
        ('step', 'timestamp'),
        ('crossed', 'fix'),
        ('bbo', False),
    )

    book = l2replay.BookAttribute()

    _records = None     # (records, ptick, qlot, source) once loaded
    _counts = None      # record classes found by validation
    _mapped = False     # the records are a read-only file map (pages released behind passes)
    _l2state = None
    _replay_module = l2replay   # the compiled replay: CLASS_NAMES, class_counts
    _n_applied = 5              # the first CLASS_NAMES are applied kinds, the others skipped

    # -- what the records are (L3EventData changes these) ---------------------------------------
    def _validate(self, raw, ptick, qlot, local, source, mapped):
        """Check the records (raising ValueError at the first bad one); their class counts."""
        return l2replay.validate(raw, ptick, qlot, float(self.p.tick_size),
                                 float(self.p.lot_size), local, bool(self.p.bbo), source, mapped)

    def _replay(self, raw, ptick, qlot, book, local, mode, interval):
        """A new replay cursor over the records, applying them to ``book``."""
        return l2replay.L2Replay(raw, ptick, qlot, book, local, mode, interval,
                                 bool(self.p.bbo), self._mapped)

    # -- set-up -------------------------------------------------------------------------------
    def _settings(self):
        p = self.p
        name = type(self).__name__
        for pname in ('tick_size', 'lot_size'):
            v = getattr(p, pname)
            if v is None or not isinstance(v, (int, float)) or not v > 0:
                raise ValueError('%s: param %r must be a positive number, not %r'
                                 % (name, pname, v))
        if p.timestamp not in ('local', 'exch'):
            raise ValueError("%s: param 'timestamp' must be 'local' or 'exch', not %r"
                             % (name, p.timestamp))
        mode, interval = parse_step(p.step)
        return p.timestamp == 'local', mode, interval

    def _load_records(self):
        if self._records is None:
            local, _, _ = self._settings()
            records, ptick, qlot, source = load_events(self.p.dataname)
            mapped = len(records) > 0 and all(_read_only_map(a) for a in (records, ptick, qlot))
            self._counts = self._validate(records.view('u1'), ptick, qlot, local, source,
                                          mapped)
            if mapped:
                # validation proved the columns equal to what the replay computes from px / qty:
                # the replays need not touch (map in) them again
                ptick = qlot = None
            self._mapped = mapped
            self._records = (records, ptick, qlot, source)
        return self._records

    def _start(self):
        super(L2EventData, self)._start()
        from backtrader.hft.book import OrderBook
        from backtrader._cy.timeconv import py_num_to_ns
        local, mode, interval = self._settings()
        records, ptick, qlot, source = self._load_records()
        raw = records.view('u1')
        p = self.p

        def replay():
            book = OrderBook(float(p.tick_size), float(p.lot_size), crossed=p.crossed)
            return self._replay(raw, ptick, qlot, book, local, mode, interval)

        from_ns = _INT64_MIN if self.fromdate == float('-inf') else py_num_to_ns(self.fromdate)
        to_ns = _INT64_MAX if self.todate == float('inf') else py_num_to_ns(self.todate)
        names = self.lines.getlinealiases()
        lines = {name: self.lines[i] for i, name in enumerate(names)}
        lines['close'] = self.lines.close
        self._l2state = l2replay.L2FeedState(replay(), replay(), lines, from_ns, to_ns)
        if not self._filters:
            # without preloading, the engine's next() is one compiled step (preload() drops it)
            self.next = self._l2state.next

    def preload(self):
        self.__dict__.pop('next', None)
        if self._filters:
            return super(L2EventData, self).preload()
        cols = self._l2state.preload_columns()
        lines = self.lines
        mid = cols['mid']
        lines.datetime.adopt(cols['nums'], cols['ns'])
        for name in ('close', 'open', 'high', 'low'):
            getattr(lines, name).adopt(mid)
        lines.openinterest.adopt(cols['oi'])
        for name in ('volume', 'bid', 'ask', 'bidsize', 'asksize', 'spread', 'price', 'size',
                     'side'):
            getattr(lines, name).adopt(cols[name])
        self._last()
        self.home()

    def _load(self):
        # the upstream-style path, used when filters need every bar
        return self._l2state.load_current()

    # -- inspection ---------------------------------------------------------------------------
    def span(self):
        """``(first, last)``: the timestamps (ns, on the chosen ``timestamp`` side) of the first
        and the last record: the session a finite-horizon strategy plans over."""
        records = self._load_records()[0]
        if not len(records):
            raise ValueError('%s: the source holds no records' % type(self).__name__)
        field = 'local_ts' if self.p.timestamp == 'local' else 'exch_ts'
        return int(records[field][0]), int(records[field][-1])

    def report(self):
        """Accounting of every record: ``records`` = sum of ``applied`` + sum of ``skipped``.

        ``applied``: records applied by kind; ``skipped``: ``other_side`` (not flagged for the
        chosen timestamp side), ``l3`` (market-by-order kinds), ``bbo_skipped`` (DEPTH_BBO with
        ``bbo=False``), ``not_reached`` (after ``todate`` or an early stop). Also the steps
        delivered, the warm-up steps before ``fromdate`` and the book's crossed-update counters.
        """
        local, _, _ = self._settings()
        records, _, _, source = self._load_records()
        raw = records.view('u1')
        st = self._l2state
        pos = st.rep.pos if st is not None else 0
        mod, napplied = self._replay_module, self._n_applied
        names = mod.CLASS_NAMES
        rest = dict(zip(names, mod.class_counts(raw, local, bool(self.p.bbo), pos, len(records),
                                                self._mapped)))
        done = {k: total - rest[k] for k, total in zip(names, self._counts)}
        applied = {k: done[k] for k in names[:napplied]}
        skipped = {k: done[k] + rest[k] for k in names[napplied:]}
        skipped['not_reached'] = sum(rest[k] for k in names[:napplied])
        book = st.rep.book if st is not None else None
        return {
            'source': source,
            'records': len(records),
            'applied': applied,
            'skipped': skipped,
            'steps': len(self) if st is not None else 0,
            'warmup_steps': st.warmup if st is not None else 0,
            'crossed_updates': book.n_crossed if book is not None else 0,
            'hidden_levels': book.n_hidden if book is not None else 0,
        }
