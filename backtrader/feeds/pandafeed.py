"""Feeds reading a pandas DataFrame.

pandas itself is never imported: the frame is used through ``columns``,
``index``, ``iloc``, ``len()`` and ``itertuples()`` only, so any object with
that interface works.  The whole frame is converted in one go into numpy
columns (the block path); subclasses that override ``_load`` get upstream's
row-by-row behaviour.  numpy is imported when a frame is first converted.
"""
from backtrader import feed
from backtrader._cy.csvparse import is_integer, to_ns

from .csvbase import localize_input

__all__ = ['PandasDirectData', 'PandasData']


def _is_int(x):
    return is_integer(x) and not isinstance(x, bool)


def frame_column(frame, j):
    """Column ``j`` (position) of ``frame`` as a float64 array."""
    import numpy as np
    col = frame.iloc[:, j]
    to_numpy = getattr(col, 'to_numpy', None)
    if to_numpy is not None:
        try:
            return np.asarray(to_numpy(dtype=np.float64, na_value=np.nan))
        except TypeError:
            pass
    return np.asarray(col, dtype=np.float64)


def datetimes_to_ns(values):
    """int64 UTC nanoseconds of a sequence of timestamps.

    Accepts a pandas DatetimeIndex / Series (naive or aware), a numpy
    ``datetime64`` array or any sequence of datetime-like objects (naive ones
    count as UTC, as upstream's ``date2num``).
    """
    import numpy as np
    tz = getattr(values, 'tz', None)
    if tz is None:
        tz = getattr(getattr(values, 'dt', None), 'tz', None)
        if tz is not None:
            values = values.dt.tz_convert(None)
    elif hasattr(values, 'tz_convert'):
        values = values.tz_convert(None)
    arr = np.asarray(values)
    if arr.dtype.kind == 'M':
        out = arr.astype('datetime64[ns]').view(np.int64)
        if np.any(np.isnat(arr)):
            raise ValueError('the datetimes contain NaT at row %d'
                             % int(np.flatnonzero(np.isnat(arr))[0]))
        return out
    return np.array([to_ns(x) for x in arr.tolist()] if arr.dtype != object
                    else [to_ns(x) for x in arr], dtype=np.int64)


class _FrameFeed(feed.DataBase):
    """Shared block path of the DataFrame feeds."""

    _done = False

    def _has_block_loader(self):
        cls = type(self)
        return cls._load is cls._own_load

    def start(self):
        super(_FrameFeed, self).start()
        self._done = False

    def _block_sources(self):
        """``[(line, kind, key)]``: kind 'index' or 'column' (key = position)."""
        raise NotImplementedError

    def _load_block(self):
        if self._done:
            return None
        self._done = True
        frame = self.p.dataname
        block = {}
        for name, kind, key in self._block_sources():
            if name == 'datetime':
                src = frame.index if kind == 'index' else frame.iloc[:, key]
                block[name] = datetimes_to_ns(src)
            elif kind == 'index':
                import numpy as np
                block[name] = np.asarray(frame.index, dtype=np.float64)
            else:
                block[name] = frame_column(frame, key)
        block['datetime'] = localize_input(block['datetime'], self._tzinput)
        return block


# the lines a frame can fill, as upstream lists them in ``datafields``
_DATAFIELDS = ('datetime', 'open', 'high', 'low', 'close', 'volume', 'openinterest')


def _named_column(field, names, nocase):
    """The first string column called ``field`` (in any case with ``nocase``), or None."""
    key = field.lower() if nocase else field
    for col in names:
        if isinstance(col, str) and (col.lower() if nocase else col) == key:
            return col
    return None


class PandasDirectData(_FrameFeed):
    """Feed over ``DataFrame.itertuples()`` rows.

    The line params are positions in those tuples: 0 is the index, 1 the
    first column.  A negative position means the line is not in the frame.
    """
    params = (
        ('datetime', 0),
        ('open', 1),
        ('high', 2),
        ('low', 3),
        ('close', 4),
        ('volume', 5),
        ('openinterest', 6),
    )

    datafields = list(_DATAFIELDS)

    def start(self):
        """Start over from the frame's first row."""
        self._rows = self.p.dataname.itertuples()
        super(PandasDirectData, self).start()

    def _positions(self):
        """(line, position in the row tuples) of the lines the frame holds."""
        wanted = ((name, getattr(self.params, name)) for name in self.getlinealiases())
        return [(name, pos) for name, pos in wanted if pos >= 0]

    def _block_sources(self):
        # position 0 of an itertuples row is the index, position i column i - 1
        return [(name, 'index', None) if pos == 0 else (name, 'column', pos - 1)
                for name, pos in self._positions()]

    def _load(self):
        row = next(self._rows, None)
        if row is None:
            return False
        lines = self.lines
        for name, pos in self._positions():
            if name != 'datetime':
                getattr(lines, name)[0] = row[pos]
        lines.datetime.set_ns(to_ns(row[self.p.datetime]))
        return True

    _own_load = _load


class PandasData(_FrameFeed):
    """Feed over a DataFrame, with columns found by name or position.

    Params:

    - ``nocase`` (True): match column names without regard to case
    - ``datetime`` (None): None, the index holds the datetimes; -1, find a
      column named ``datetime`` (else use the index); an int or a name, that
      column
    - ``open``, ``high``, ``low``, ``close``, ``volume``, ``openinterest``
      (-1): -1 (any negative int), find the column named like the line (else
      the line is absent); None, absent; an int or a name, that column
    """
    params = (
        ('nocase', True),
        ('datetime', None),
        ('open', -1),
        ('high', -1),
        ('low', -1),
        ('close', -1),
        ('volume', -1),
        ('openinterest', -1),
    )

    datafields = list(_DATAFIELDS)

    def __init__(self):
        super(PandasData, self).__init__()
        names = list(self.p.dataname.columns.values)
        nocase = self.p.nocase
        self._colmapping = {}
        for field in self.getlinealiases():
            spec = getattr(self.params, field)
            auto = _is_int(spec) and spec < 0      # look the column up by the line's name
            self._colmapping[field] = _named_column(field, names, nocase) if auto else spec

    def _colnames(self):
        names = list(self.p.dataname.columns.values)
        if self.p.nocase:
            names = [x.lower() if isinstance(x, str) else x for x in names]
        return names

    def start(self):
        super(PandasData, self).start()
        self._idx = -1
        names = self._colnames()
        for field, spec in list(self._colmapping.items()):
            if spec is None or not isinstance(spec, str):
                continue
            key = spec.lower() if self.p.nocase else spec
            try:
                self._colmapping[field] = names.index(key)
            except ValueError:
                given = getattr(self.params, field)
                if _is_int(given) and given < 0:
                    self._colmapping[field] = None
                else:
                    raise ValueError('%s: no column %r in the DataFrame (line %r); '
                                     'columns are %r' % (type(self).__name__, spec,
                                                         field, names)) from None

    def _block_sources(self):
        out = []
        for name in self.getlinealiases():
            pos = self._colmapping.get(name)
            if name == 'datetime':
                out.append((name, 'index', None) if pos is None else (name, 'column', pos))
            elif pos is not None:
                out.append((name, 'column', pos))
        return out

    def _load(self):
        self._idx = row = self._idx + 1
        frame = self.p.dataname
        if row >= len(frame):
            return False
        lines = self.lines
        for name, pos in self._colmapping.items():
            if name != 'datetime' and pos is not None:
                getattr(lines, name)[0] = frame.iloc[row, pos]
        pos = self._colmapping['datetime']
        stamp = frame.index[row] if pos is None else frame.iloc[row, pos]
        lines.datetime.set_ns(to_ns(stamp))
        return True

    _own_load = _load
