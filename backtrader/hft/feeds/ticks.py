"""Trade and quote ticks as ``TimeFrame.Ticks`` feeds: one row is one step of the engine.

Both feeds read their columns by name (or position) from

* a CSV file (path or open file object; the header names the columns, or the column params give
  0-based positions),
* a ``.npz`` file (one array per column, or a structured array under the key ``data``) or a
  ``.npy`` structured array,
* a ``.parquet`` / ``.pq`` file when pyarrow is installed (extra ``parquet``),
* in memory: a dict of columns, a numpy structured array, a pandas DataFrame or a pyarrow Table.

The columns are checked and handed to the engine's block loader as whole columns (no Python work
per tick): preloading adopts them without copying, and without preloading the engine steps over
them row by row. CSV files are read in blocks by the compiled CSV reader.

Timestamps are integer nanoseconds since the epoch (``timeunit`` for other integer units, numpy
``datetime64`` columns are converted exactly; float timestamps are rounded to the nanosecond).
Bad input raises a ``ValueError`` naming the source, the row (CSV: the file line) and the field:
a timestamp earlier than the one before it, a NaN price, a NaN or negative size, an unknown side,
a crossed quote (unless ``crossed='keep'``).
"""
import os

from backtrader import feed
from backtrader.dataseries import TimeFrame

__all__ = ['TradeTickData', 'QuoteTickData']

_UNIT_NS = {'ns': 1, 'us': 1000, 'ms': 1000000, 's': 1000000000}

# textual trade sides (lower case, stripped)
_BUY_WORDS = ('buy', 'b', 'bid', '1', '+1', '1.0')
_SELL_WORDS = ('sell', 's', 'ask', '-1', '-1.0')
_NONE_WORDS = ('', '0', '0.0', 'none', 'unknown', 'n')


class _TickColumnsData(feed.DataBase):
    """Shared source handling of the tick feeds (see the module docstring).

    Subclasses list their input fields in ``_fields`` as ``(param, required)`` and turn checked
    columns into lines in ``_make_block``.
    """
    params = (
        ('timeframe', TimeFrame.Ticks),
        ('timestamp', 'timestamp'),
        ('timeunit', 'ns'),
        ('dtformat', None),
        ('headers', True),
        ('separator', ','),
        ('blocksize', 1 << 16),
    )
    _fields = ()

    # -- start / stop --------------------------------------------------------------------
    def start(self):
        super(_TickColumnsData, self).start()
        if self.p.timeunit not in _UNIT_NS:
            raise ValueError('%s: timeunit must be one of %s, not %r'
                             % (type(self).__name__, sorted(_UNIT_NS), self.p.timeunit))
        self._file = None
        self._rows = 0          # source rows checked so far
        self._prevns = None
        self._blocks = self._source_blocks()

    def stop(self):
        super(_TickColumnsData, self).stop()
        self._blocks = None
        self._close_file()

    def _close_file(self):
        f = getattr(self, '_file', None)
        self._file = None
        if f is not None and f is not self.p.dataname:
            f.close()

    def _load_block(self):
        if self._blocks is None:
            return None
        for raw, linenos in self._blocks:
            return self._checked_block(raw, linenos)
        self._blocks = None
        self._close_file()
        return None

    # -- sources -------------------------------------------------------------------------
    def _label(self):
        dn = self.p.dataname
        if isinstance(dn, (str, bytes, os.PathLike)):
            return os.fsdecode(dn)
        name = getattr(dn, 'name', None)
        if isinstance(name, str) and name:
            return name
        return self._name or '<%s>' % type(dn).__name__

    def _specs(self):
        """``{field: column name or position or None}`` of the fields to read."""
        return dict((f, getattr(self.p, f)) for f, _ in (('timestamp', True),) + self._fields)

    def _required(self, field):
        return field == 'timestamp' or dict(self._fields).get(field, False)

    def _source_blocks(self):
        """Iterator of ``(raw columns, line numbers or None)`` over the source."""
        dn = self.p.dataname
        if isinstance(dn, (str, bytes, os.PathLike)):
            ext = os.path.splitext(os.fsdecode(dn))[1].lower()
            if ext == '.npz' or ext == '.npy':
                return iter([(self._table_columns(_load_numpy(dn)), None)])
            if ext in ('.parquet', '.pq'):
                return iter([(self._table_columns(_load_parquet(dn)), None)])
            return self._csv_blocks()
        if hasattr(dn, 'read'):
            return self._csv_blocks()
        if dn is None:
            raise ValueError('%s: dataname is required (a file or in-memory columns)'
                             % type(self).__name__)
        return iter([(self._table_columns(dn), None)])

    def _table_columns(self, table):
        """Columns of a named-column source, as numpy arrays by field."""
        import numpy as np
        names = _column_names(table)
        if names is None:
            raise ValueError('%s: %s has no named columns (give a dict of columns, a structured '
                             'array, a DataFrame or a file)' % (self._label(), type(table).__name__))
        out = {}
        for field, spec in self._specs().items():
            if spec is None:
                continue
            if isinstance(spec, int):
                if not -len(names) <= spec < len(names):
                    raise ValueError('%s: column %d (field %r) does not exist; columns: %s'
                                     % (self._label(), spec, field, names))
                spec = names[spec]
            if spec not in names:
                if self._required(field):
                    raise ValueError('%s: no column %r (field %r); columns: %s'
                                     % (self._label(), spec, field, names))
                continue
            col = table[spec]
            if hasattr(col, 'to_numpy'):
                col = col.to_numpy()
            out[field] = np.asarray(col)
        return out

    def _csv_blocks(self):
        import numpy as np
        from backtrader._cy.csvparse import CSVReader
        p = self.p
        dn = p.dataname
        if hasattr(dn, 'read'):
            f = dn
        else:
            f = self._file = open(dn, 'r', newline='')
        sep = p.separator
        lineno = 0
        names = None
        if p.headers:
            names = [t.strip().strip('"') for t in f.readline().rstrip('\r\n').split(sep)]
            lineno = 1
        cols = {}
        for field, spec in self._specs().items():
            if spec is None:
                continue
            if not isinstance(spec, int):
                if names is None:
                    raise ValueError('%s: the file has no header line: give field %r as a '
                                     'column position' % (self._label(), field))
                if spec not in names:
                    if self._required(field):
                        raise ValueError('%s, line 1: no column %r (field %r) in the header %s'
                                         % (self._label(), spec, field, names))
                    continue
                spec = names.index(spec)
            cols[field] = spec
        textside = None
        if 'side' in cols:
            pos = f.tell()
            first = f.readline()
            f.seek(pos)
            tokens = first.rstrip('\r\n').split(sep)
            if len(tokens) > cols['side'] and not _is_number(tokens[cols['side']]):
                # textual sides: the compiled reader takes numbers only, numpy reads the words
                textside = np.loadtxt(f, dtype=str, delimiter=sep, usecols=[cols.pop('side')],
                                      comments=None, ndmin=1)
                f.seek(pos)
        dtformat = p.dtformat or 'epoch_' + p.timeunit
        reader = CSVReader(f, [(k, v) for k, v in cols.items() if k != 'timestamp'],
                           separator=sep, datetime=cols['timestamp'], dtformat=dtformat,
                           private_formats=True, allow_empty=True, blocksize=p.blocksize,
                           name=self._label(), start_lineno=lineno, linenos=True,
                           as_numpy=True)
        done = 0
        try:
            for block in reader:
                linenos = block.pop('_lineno')
                block['_ns'] = block.pop('datetime')     # the reader made them ns already
                if textside is not None:
                    block['side'] = textside[done:done + len(linenos)]
                done += len(linenos)
                yield block, linenos
        finally:
            reader.close()

    # -- checks --------------------------------------------------------------------------
    def _where(self, i, linenos):
        if linenos is not None:
            return '%s, line %d' % (self._label(), linenos[i])
        return '%s, row %d' % (self._label(), self._rows + i + 1)

    def _fail(self, i, linenos, field, what):
        return ValueError("%s, field %r: %s" % (self._where(i, linenos),
                                                self._colname(field), what))

    def _colname(self, field):
        spec = getattr(self.p, field)
        return spec if isinstance(spec, str) else field

    def _timestamps(self, col, linenos):
        import numpy as np
        col = np.asarray(col)
        unit = _UNIT_NS[self.p.timeunit]
        if col.dtype.kind == 'M':
            return col.astype('datetime64[ns]').view(np.int64)
        if col.dtype.kind in 'iu':
            ns = col.astype(np.int64)
            return ns * unit if unit != 1 else ns
        if col.dtype.kind == 'f':
            bad = _first(~np.isfinite(col))
            if bad >= 0:
                raise self._fail(bad, linenos, 'timestamp', 'not a number (%r)' % col[bad])
            return np.round(col * unit).astype(np.int64)
        raise ValueError('%s, field %r: timestamps must be integers or datetime64, not %s'
                         % (self._label(), self._colname('timestamp'), col.dtype))

    def _checked_block(self, raw, linenos):
        import numpy as np
        ns = raw['_ns'] if '_ns' in raw else self._timestamps(raw['timestamp'], linenos)
        n = len(ns)
        if n:
            if self._prevns is not None and ns[0] < self._prevns:
                bad = 0
            else:
                back = np.flatnonzero(ns[1:] < ns[:-1])
                bad = int(back[0]) + 1 if len(back) else -1
            if bad >= 0:
                prev = self._prevns if bad == 0 else ns[bad - 1]
                raise self._fail(bad, linenos, 'timestamp',
                                 'timestamp %d goes back in time (the previous row has %d)'
                                 % (ns[bad], prev))
            self._prevns = int(ns[n - 1])
        block = self._make_block(ns, raw, linenos)
        self._rows += n
        return block

    def _float(self, raw, field, linenos, nonneg=False, default=None):
        """Column ``field`` as float64, refusing NaN (and negative values with ``nonneg``)."""
        import numpy as np
        col = raw.get(field)
        if col is None:
            return default
        try:
            col = np.asarray(col, dtype=np.float64)
        except (TypeError, ValueError):
            col = np.asarray(col)
            for i, v in enumerate(col):
                try:
                    float(v)
                except (TypeError, ValueError):
                    raise self._fail(i, linenos, field, 'not a number (%r)' % (v,))
        bad = _first(np.isnan(col))
        if bad >= 0:
            raise self._fail(bad, linenos, field, 'value is NaN')
        if nonneg:
            bad = _first(col < 0)
            if bad >= 0:
                raise self._fail(bad, linenos, field, 'negative value %r' % col[bad])
        return col

    def _make_block(self, ns, raw, linenos):
        raise NotImplementedError


class TradeTickData(_TickColumnsData):
    """Trade ticks: one step per trade, ``TimeFrame.Ticks``, exact nanosecond stamps.

    Lines: ``datetime``; ``price`` (alias of ``close``; ``open``, ``high`` and ``low`` carry it
    too), ``volume`` (alias ``qty``: the trade size; ``size`` cannot name a line, it is the
    line-count method of every line series), ``side`` (+1 buyer-initiated, -1 seller-initiated, 0
    unknown), ``vwap`` (the trade price; the bar filters of :mod:`backtrader.hft.filters` put the
    bar's volume-weighted price there), ``openinterest`` (NaN).

    Params (column names, or 0-based positions; None leaves an optional column out):

    - ``timestamp`` ('timestamp'), ``price`` ('price'), ``size`` ('size'), ``side`` ('side':
      optional, absent means 0; numbers +1/-1/0 or the words buy/b/bid, sell/s/ask, an empty
      field or none/unknown for 0)
    - ``timeunit`` ('ns'): unit of integer timestamps ('ns', 'us', 'ms', 's')
    - ``dtformat`` (None): CSV only, a timestamp format understood by the CSV reader instead of
      integer epochs (e.g. ``'%Y-%m-%d %H:%M:%S.%N'``)
    - ``headers`` (True), ``separator`` (','), ``blocksize`` (65536 rows per CSV block)
    """
    lines = ('side', 'vwap')
    linealias = dict(close='price', volume='qty')
    params = (
        ('price', 'price'),
        ('size', 'size'),
        ('side', 'side'),
    )
    _fields = (('price', True), ('size', True), ('side', False))

    def _sides(self, raw, linenos, n):
        import numpy as np
        col = raw.get('side')
        if col is None:
            return np.zeros(n)
        col = np.asarray(col)
        if col.dtype.kind in 'USO':
            words = np.char.lower(np.char.strip(col.astype(str)))
            out = np.full(n, np.nan)
            out[np.isin(words, _BUY_WORDS)] = 1.0
            out[np.isin(words, _SELL_WORDS)] = -1.0
            out[np.isin(words, _NONE_WORDS)] = 0.0
            bad = _first(np.isnan(out))
            if bad >= 0:
                raise self._fail(bad, linenos, 'side',
                                 'unknown side %r (expected +1/-1/0 or buy/sell)' % (col[bad],))
            return out
        out = np.asarray(col, dtype=np.float64)
        if linenos is not None:     # an empty CSV field: side unknown
            out = np.where(np.isnan(out), 0.0, out)
        bad = _first(~np.isin(out, (1.0, -1.0, 0.0)))
        if bad >= 0:
            raise self._fail(bad, linenos, 'side',
                             'unknown side %r (expected +1/-1/0 or buy/sell)' % (col[bad],))
        return out

    def _make_block(self, ns, raw, linenos):
        price = self._float(raw, 'price', linenos)
        import numpy as np
        inf = _first(~np.isfinite(price))
        if inf >= 0:
            raise self._fail(inf, linenos, 'price', 'value %r is not finite' % price[inf])
        size = self._float(raw, 'size', linenos, nonneg=True)
        side = self._sides(raw, linenos, len(ns))
        # one column object per value: the lines that carry it share its memory
        return {'datetime': ns, 'open': price, 'high': price, 'low': price, 'close': price,
                'vwap': price, 'volume': size, 'side': side}


class QuoteTickData(_TickColumnsData):
    """Top-of-book quotes: one step per quote, ``TimeFrame.Ticks``, exact nanosecond stamps.

    Lines: ``datetime``, ``bid``, ``ask``, ``bidsize``, ``asksize``, ``mid`` (alias of ``close``;
    ``open``, ``high`` and ``low`` carry it too) = (bid + ask) / 2, ``spread`` = ask - bid;
    ``volume`` and ``openinterest`` are NaN.

    Params (column names, or 0-based positions):

    - ``timestamp`` ('timestamp'), ``bid`` ('bid'), ``ask`` ('ask'), ``bidsize`` ('bidsize'),
      ``asksize`` ('asksize'); the sizes are optional (absent: NaN)
    - ``crossed`` ('raise'): a quote whose bid is above its ask raises; ``'keep'`` keeps it
      (its spread is then negative). Locked quotes (bid == ask) are always kept.
    - ``timeunit``, ``dtformat``, ``headers``, ``separator``, ``blocksize``: as
      :class:`TradeTickData`.
    """
    lines = ('bid', 'ask', 'bidsize', 'asksize', 'spread')
    linealias = dict(close='mid')
    params = (
        ('bid', 'bid'),
        ('ask', 'ask'),
        ('bidsize', 'bidsize'),
        ('asksize', 'asksize'),
        ('crossed', 'raise'),
    )
    _fields = (('bid', True), ('ask', True), ('bidsize', False), ('asksize', False))

    def start(self):
        if self.p.crossed not in ('raise', 'keep'):
            raise ValueError("QuoteTickData: crossed must be 'raise' or 'keep', not %r"
                             % (self.p.crossed,))
        super(QuoteTickData, self).start()

    def _make_block(self, ns, raw, linenos):
        bid = self._float(raw, 'bid', linenos)
        ask = self._float(raw, 'ask', linenos)
        if self.p.crossed == 'raise':
            bad = _first(bid > ask)
            if bad >= 0:
                raise self._fail(bad, linenos, 'ask', 'crossed quote: ask %r below bid %r'
                                 % (ask[bad], bid[bad]))
        mid = (bid + ask) * 0.5
        block = {'datetime': ns, 'bid': bid, 'ask': ask, 'open': mid, 'high': mid, 'low': mid,
                 'close': mid, 'spread': ask - bid}
        for field in ('bidsize', 'asksize'):
            col = self._float(raw, field, linenos, nonneg=True)
            if col is not None:
                block[field] = col
        return block


# -- helpers ---------------------------------------------------------------------------------
def _first(mask):
    """Index of the first True of a boolean array, or -1."""
    import numpy as np
    idx = np.flatnonzero(mask)
    return int(idx[0]) if len(idx) else -1


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return not text.strip()     # an empty field reads as a number (NaN)
    return True


def _column_names(table):
    """Column names of a named-column source, or None."""
    names = getattr(getattr(table, 'dtype', None), 'names', None)
    if names:
        return list(names)
    for attr in ('column_names', 'columns'):        # pyarrow Table, pandas DataFrame
        names = getattr(table, attr, None)
        if names is not None and not callable(names):
            return [str(c) for c in names]
    if hasattr(table, 'keys'):
        return list(table.keys())
    return None


def _load_numpy(path):
    import numpy as np
    obj = np.load(path, allow_pickle=False)
    if isinstance(obj, np.ndarray):
        return obj
    with obj:
        if 'data' in obj.files and obj['data'].dtype.names:
            return obj['data']
        return {k: obj[k] for k in obj.files}


def _load_parquet(path):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError('%s: reading Parquet needs pyarrow (pip install backtrader[parquet])'
                          % os.fsdecode(path)) from None
    return pq.read_table(path)
