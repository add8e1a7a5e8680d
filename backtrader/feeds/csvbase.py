"""Base classes of the CSV data feeds.

:class:`CSVDataBase` opens the file (or takes an open file object), skips the
header line and then delivers bars in one of two ways:

* **block path** (the classes of this package): a compiled
  :class:`~backtrader._cy.csvparse.CSVReader` converts the file in blocks of
  rows straight into typed columns (Buffers), returned from ``_load_block``;
* **line path** (upstream's protocol): each line is split on the separator
  and handed to ``_loadline(linetokens)``, which fills ``self.lines.X[0]``.

A subclass that overrides ``_loadline`` (or ``_load``) gets the line path, so
feeds written for upstream keep working, and may still call the
``_loadline`` of the class it extends.
"""
import io
import os

from backtrader import feed
from backtrader._cy.timeconv import ns_num_roundtrip
from backtrader._cy.timezones import to_utc

__all__ = ['CSVDataBase', 'CSVFeedBase', 'MetaCSVDataBase']

NS_PER_SEC = 1000000000


def time_to_ns(tm):
    """Nanoseconds since midnight of a ``datetime.time``."""
    return ((tm.hour * 60 + tm.minute) * 60 + tm.second) * NS_PER_SEC \
        + tm.microsecond * 1000


def localize_input(ns, tzinput, roundtrip=True):
    """Treat ``ns`` as wall-clock times of ``tzinput`` and return UTC ns.

    This is the input time zone step upstream applies to every loaded bar:
    read the stored time back as a naive datetime (``roundtrip``: through the
    float day number, with its microsecond rounding), ``localize`` it and
    convert to UTC.
    """
    if not tzinput or not len(ns):
        return ns
    return to_utc(ns_num_roundtrip(ns) if roundtrip else ns, tzinput)


def _default_name(dataname):
    src = dataname
    if not isinstance(src, (str, bytes, os.PathLike)):
        src = getattr(dataname, 'name', None)
        if not isinstance(src, (str, bytes, os.PathLike)):
            return ''
    return os.path.splitext(os.path.basename(os.fsdecode(src)))[0]


class MetaCSVDataBase(feed.DataBase.__class__):
    def dopostinit(cls, _obj, *args, **kwargs):
        # the file's base name is the default name (before the base class
        # would fall back to the whole dataname)
        if not _obj.p.name and not _obj._name:
            _obj._name = _default_name(_obj.p.dataname)
        return super(MetaCSVDataBase, cls).dopostinit(_obj, *args, **kwargs)


class CSVDataBase(feed.DataBase, metaclass=MetaCSVDataBase):
    """Base class of CSV data feeds.

    Params: ``headers`` (default True: skip the first line), ``separator``
    (default ``','``).

    Subclasses written for upstream override ``_loadline(linetokens)``.
    Subclasses with a compiled block path override ``_make_reader(source)``
    (returning a configured :class:`~backtrader._cy.csvparse.CSVReader`) and
    ``_finish_block(block, inputtz)`` and set ``_block_loadline`` to their own
    ``_loadline`` (the per-line equivalent of the block path).
    """
    f = None
    params = (('headers', True), ('separator', ','),)

    # the _loadline whose behaviour the block path reproduces (None: no block path)
    _block_loadline = None
    _reader = None
    _linereader = None
    _fast = None
    _lineno = 0

    # -- choosing the path ------------------------------------------------------
    def _can_use_blocks(self):
        cls = type(self)
        impl = cls._block_loadline
        return (impl is not None
                and getattr(cls, '_loadline', None) is impl
                and cls._load is CSVDataBase._load
                and cls._make_reader is not CSVDataBase._make_reader)

    def _has_block_loader(self):
        if self._fast is None:
            return self._can_use_blocks()
        return self._fast

    # -- start / stop --------------------------------------------------------------
    def start(self):
        super(CSVDataBase, self).start()
        self._reader = None
        self._linereader = None
        if self.f is None:
            if hasattr(self.p.dataname, 'readline'):
                self.f = self.p.dataname
            else:
                self.f = io.open(self.p.dataname, 'r')   # errors propagate
        self._lineno = 0
        if self.p.headers:
            self.f.readline()
            self._lineno = 1
        self.separator = self.p.separator
        self._fast = self._can_use_blocks() and hasattr(self.f, 'read')

    def stop(self):
        super(CSVDataBase, self).stop()
        self._close_source()

    def _close_source(self):
        self._linereader = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self.f is not None:
            self.f.close()
            self.f = None

    def preload(self):
        super(CSVDataBase, self).preload()
        # all bars are in memory: let go of the file (as upstream does)
        self._close_source()

    # -- block path -------------------------------------------------------------------
    def _source_name(self):
        dn = self.p.dataname
        if isinstance(dn, (str, bytes, os.PathLike)):
            return os.fsdecode(dn)
        name = getattr(self.f, 'name', None)
        return name if isinstance(name, str) else '<%s>' % type(self.f).__name__

    def _make_reader(self, source, **kwargs):
        """A CSVReader configured for this feed reading ``source``."""
        raise NotImplementedError

    def _where(self):
        """Position of the current bar for error messages: the file and line."""
        return '%s, line %d' % (self._source_name(), self._lineno)

    def _where_row(self, block, i):
        lines = block.get('_lineno')
        if lines is None:
            return feed.AbstractDataBase._where_row(self, block, i)
        return '%s, line %d' % (self._source_name(), lines[i])

    def _finish_block(self, block, inputtz=True):
        """Turn a parsed block into the feed's bars (``inputtz``: also apply
        the input time zone, which the line path leaves to ``load``)."""
        if inputtz:
            block['datetime'] = localize_input(block['datetime'], self._tzinput)
        return block

    def _load_block(self):
        if self._reader is None:
            if self.f is None:
                return None
            self._reader = self._make_reader(
                self.f, name=self._source_name(), start_lineno=self._lineno,
                linenos=True, as_numpy=False)
        block = self._reader.read_block()
        if block is None:
            return None
        return self._finish_block(block)

    # -- line path (upstream protocol) ---------------------------------------------------
    def _readline(self):
        """Next non-blank line without its newline, or None at the end.

        Blank lines are skipped (upstream hands them to ``_loadline``, where
        they fail to parse), as the block path does.
        """
        if self.f is None:
            return None
        while True:
            line = self.f.readline()
            if not line:
                return None
            self._lineno += 1
            line = line.rstrip('\n')
            if line.strip():
                return line

    def _load(self):
        line = self._readline()
        if line is None:
            return False
        return self._loadline(line.split(self.separator))

    def _getnextline(self):
        line = self._readline()
        if line is None:
            return None
        return line.split(self.separator)

    def _parse_loadline(self, linetokens):
        """``_loadline`` of the compiled feeds: the row through the block
        machinery into the current bar (False when the row is dropped)."""
        block = self._parse_tokens(linetokens)
        if block is None:
            return False
        self._store_row(block)
        return True

    def _parse_tokens(self, linetokens):
        """Convert one row of tokens with the block machinery.

        Returns a one-row block (input time zone not applied) or None when
        the row is dropped.
        """
        if self._linereader is None:
            self._linereader = self._make_reader(
                io.BytesIO(b''), name=self._source_name(), as_numpy=False)
        sep = self.separator if self.separator is not None else ' '
        block = self._linereader.parse_line(sep.join(linetokens), lineno=self._lineno)
        if block is None:
            return None
        return self._finish_block(block, inputtz=False)

    def _store_row(self, block):
        """Put a one-row block into the current bar."""
        lines = self.lines
        for name, col in block.items():
            if name == 'datetime':
                lines.datetime.set_ns(int(col[0]))
            else:
                getattr(lines, name)[0] = float(col[0])


class CSVFeedBase(feed.FeedBase):
    """Factory of CSV datas sharing parameters; ``basepath`` prefixes names."""
    params = (('basepath', ''),) + CSVDataBase.params._gettuple()

    def _getdata(self, dataname, **kwargs):
        return self.DataCls(dataname=self.p.basepath + dataname,
                            **self.p._getkwargs())
