# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Chunked CSV reading straight into typed columns.

:class:`CSVReader` reads a delimited text file (a path or an open file object,
text or binary) in byte chunks, splits each line on the separator and converts
only the selected columns, in C, into columns: the datetime column into int64
nanoseconds since the epoch and every value column into float64.  Columns are
numpy arrays, or with ``as_numpy=False`` :class:`~backtrader._cy.buffer.Buffer`
objects (what the feeds use: numpy is then never imported).  Rows
are delivered in blocks of ``blocksize`` rows (:meth:`CSVReader.read_block`,
iteration) so files of any size stream in constant memory, or all at once
(:meth:`CSVReader.read_all`, :func:`read_csv`).

Datetime parsing has a C fast path for strftime formats made of ``%Y %y %m %d
%H %M %S %f`` (plus ``%%``, literal bytes and whitespace), matching exactly
what ``datetime.strptime`` accepts (``backtrader._cy.dateformats``); anything
it cannot decide goes through a per-row Python fallback (``strptime`` or a
user callable).  Numbers and numeric epochs (upstream's ``dtformat`` 1 and 2,
and exact nanosecond/microsecond/millisecond/second decimals) are parsed in C
by ``backtrader._cy.numparse``.  This module is the reader.

Conversion failures raise :class:`CSVParseError` (a ``ValueError``) naming the
file, the 1-based line number, the field and the offending text.
"""
import os as _os

from libc.stdint cimport int64_t
from libc.stdlib cimport malloc, realloc, free
from libc.string cimport memcpy, memmove, memcmp, memchr

from backtrader._cy.buffer cimport Buffer, new_buffer, F64, I64
from backtrader._cy.buffer import concat as _concat
from backtrader._cy.dateformats cimport (DT_EPOCH_DEC, DT_EPOCH_FLOAT,
                                         DT_EPOCH_INT, DT_FORMAT, DT_NONE,
                                         DT_PYTHON, NCOMP, DateFormat,
                                         comps_to_ns, init_comps)
from backtrader._cy.dateformats import (EPOCH_FORMATS, _StrptimeFallback,
                                        _utc_from_float_seconds,
                                        _utc_from_int_seconds,
                                        has_private_directive, is_integer,
                                        to_ns)
from backtrader._cy.numparse cimport (epoch_float_to_ns, fast_double,
                                      fast_epoch_decimal, fast_int, isws,
                                      short_decimal)

cdef int64_t _NS_SEC = 1000000000
_BOM = b'\xef\xbb\xbf'


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------
class CSVParseError(ValueError):
    """A CSV row could not be converted.

    Attributes ``filename``, ``lineno`` (1-based), ``field`` (output name),
    ``column`` (0-based column index) and ``text`` (the offending text).
    """

    def __init__(self, message, filename=None, lineno=None, field=None,
                 column=None, text=None):
        super().__init__(message)
        self.filename = filename
        self.lineno = lineno
        self.field = field
        self.column = column
        self.text = text


class CSVFieldCountError(CSVParseError, IndexError):
    """A row has fewer fields than a selected column needs."""


# ---------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------
def _column_index(value, what):
    if value is None:
        return -1
    if isinstance(value, bool) or not is_integer(value):
        raise TypeError('%s: column index must be an int or None, not %r'
                        % (what, value))
    return int(value)


cdef class CSVReader:
    """Read a delimited text file into typed columns, block by block.

    Parameters
    ----------
    source : str, os.PathLike or file object
        A path (opened in binary mode and closed by :meth:`close`) or an open
        file object with ``read`` (text or binary; reading starts at its
        current position and it is not closed).
    columns : sequence of (name, index) or dict
        Value columns to convert to float64, in output order.  An index of
        None or < 0 marks a column absent from the file: it is filled with
        ``nullvalue``.
    separator : str or None
        Field separator (any length); None splits on whitespace runs.
    skiprows : int
        Physical lines to skip at the start (headers).
    datetime : int or None
        Column of the datetime (negative counts from the end of the row, as
        Python indexing); None: no datetime output.
    time : int
        Column of a separate time field (-1: none).  Used with string
        ``dtformat`` only (the field is parsed with ``tmformat``).
    dtformat : str, int or callable
        A strftime format; ``1`` integer epoch seconds, ``2`` float epoch
        seconds (microsecond rounding as ``datetime.utcfromtimestamp``);
        ``'epoch_ns'``, ``'epoch_us'``, ``'epoch_ms'``, ``'epoch_s'`` an exact
        decimal count of that unit; a callable taking the field text (and the
        time text when ``time`` >= 0 and ``dtformat`` is a string) and
        returning a datetime, a date or int nanoseconds.
    tmformat : str
        strftime format of the ``time`` column.
    dtfallback : callable, optional
        Replaces the per-row Python conversion used when the C path cannot
        parse a field (same signature and results as a callable ``dtformat``).
    nullvalue : float
        Value for absent columns and (with ``allow_empty``) empty fields.
    allow_empty : bool
        Empty fields become ``nullvalue``; otherwise they are errors.
    lenient : dict, optional
        ``{name: value}``: for these columns a missing, empty or unparsable
        field becomes ``value`` instead of an error.
    skip_token : str, optional
        Rows where any field from ``skip_from`` on equals this text exactly
        are dropped.
    timeoffset : int
        Nanoseconds added to the datetime of rows read without a time column
        (e.g. a session end time).
    alt_layout : dict, optional
        ``dict(nfields=N, datetime=.., time=.., columns=.., timeoffset=..)``:
        a second column layout used for rows with exactly ``N`` fields.
    private_formats : bool
        Compile the private format directives (see :class:`DateFormat`).
    blocksize : int
        Rows per block.
    chunksize : int
        Bytes (or characters for text files) read per I/O call.
    name : str, optional
        File name used in error messages.
    start_lineno : int
        Lines of the file already consumed before the reader's first byte
        (e.g. a header read by the caller), so that error line numbers are
        those of the file.
    encoding : str
        Encoding of text read from text-mode file objects and of the text
        handed to Python fallbacks.
    as_numpy : bool
        Deliver numpy arrays (default); False: :class:`Buffer` columns.
    """

    def __cinit__(self):
        self.buf = NULL
        self.fs = NULL
        self.fe = NULL
        self.outp = NULL
        self.lenient_val = NULL
        self.has_lenient = NULL
        self.lay[0].cols = NULL
        self.lay[1].cols = NULL

    def __dealloc__(self):
        free(self.buf)
        free(self.fs)
        free(self.fe)
        free(self.outp)
        free(self.lenient_val)
        free(self.has_lenient)
        free(self.lay[0].cols)
        free(self.lay[1].cols)

    def __init__(self, source, columns=(), *, separator=',', skiprows=0,
                 datetime=0, time=-1, dtformat='%Y-%m-%d %H:%M:%S',
                 tmformat='%H:%M:%S', dtfallback=None,
                 nullvalue=float('nan'), allow_empty=True, lenient=None,
                 skip_token=None, skip_from=1, timeoffset=0, alt_layout=None,
                 private_formats=False, blocksize=65536, chunksize=1 << 20,
                 name=None, encoding='utf-8', str dtname='datetime', start_lineno=0,
                 linenos=False, as_numpy=True):
        cdef int c
        self.as_numpy = bool(as_numpy)
        self.want_linenos = bool(linenos)
        self.linep = NULL
        self._encoding = encoding
        self._chunksize = max(int(chunksize), 16)
        self.blocksize = max(int(blocksize), 1)
        self.dtname = dtname
        # --- source
        if isinstance(source, (str, bytes, _os.PathLike)):
            self._f = open(source, 'rb')
            self._owns = True
            self.name = _os.fsdecode(source)
        elif hasattr(source, 'read'):
            self._f = source
            self._owns = False
            fname = getattr(source, 'name', None)
            self.name = fname if isinstance(fname, str) else '<%s>' % type(source).__name__
        else:
            raise TypeError('CSVReader source must be a path or a file object, not %r'
                            % (source,))
        if name is not None:
            self.name = str(name)
        self.bufcap = 1 << 16
        self.buf = <char*>malloc(self.bufcap)
        if self.buf == NULL:
            raise MemoryError()
        self.bpos = self.bend = 0
        self.eof = False
        self.started = False
        self.lineno = int(start_lineno)
        self.rows_read = 0
        self.skip_left = max(int(skiprows), 0)
        # --- separator
        if separator is None:
            self.ws_split = True
            self._sep = b''
            self.seplen = 0
        else:
            if isinstance(separator, str):
                self._sep = separator.encode(encoding)
            else:
                self._sep = bytes(separator)
            if not self._sep:
                raise ValueError('CSVReader: empty separator')
            self.ws_split = False
            self.seplen = len(self._sep)
            self.sepc = (<const char*>self._sep)[0]
        self.fcap = 64
        self.fs = <Py_ssize_t*>malloc(self.fcap * sizeof(Py_ssize_t))
        self.fe = <Py_ssize_t*>malloc(self.fcap * sizeof(Py_ssize_t))
        if self.fs == NULL or self.fe == NULL:
            raise MemoryError()
        # --- columns
        if isinstance(columns, dict):
            columns = list(columns.items())
        columns = [(str(nm), _column_index(ix, 'column %r' % (nm,))) for nm, ix in columns]
        self.names = tuple(nm for nm, _ in columns)
        if dtname in self.names and datetime is not None:
            raise ValueError('CSVReader: value column named like the datetime (%r)' % dtname)
        self.ncols = len(columns)
        self.outp = <double**>malloc((self.ncols + 1) * sizeof(double*))
        self.lenient_val = <double*>malloc((self.ncols + 1) * sizeof(double))
        self.has_lenient = <char*>malloc(self.ncols + 1)
        if self.outp == NULL or self.lenient_val == NULL or self.has_lenient == NULL:
            raise MemoryError()
        lenient = dict(lenient or {})
        for c in range(self.ncols):
            nm = self.names[c]
            if nm in lenient:
                self.has_lenient[c] = 1
                self.lenient_val[c] = float(lenient.pop(nm))
            else:
                self.has_lenient[c] = 0
                self.lenient_val[c] = 0.0
        if lenient:
            raise ValueError('CSVReader: lenient names unknown columns %s' % sorted(lenient))
        # --- nullvalue
        self.allow_empty = bool(allow_empty)
        self._nullerr = None
        try:
            self.nullvalue = float(float(nullvalue))
            self.null_ok = True
        except (TypeError, ValueError) as exc:
            self.nullvalue = float('nan')
            self.null_ok = False
            self._nullerr = exc
            if any(ix < 0 for _, ix in columns):
                raise ValueError('CSVReader: nullvalue %r (used for absent columns) '
                                 'is not a number: %s' % (nullvalue, exc)) from None
        # --- datetime conversion
        self._set_datetime(datetime, time, dtformat, tmformat, dtfallback, private_formats)
        # --- layouts
        self._set_layout(0, datetime, time, [ix for _, ix in columns], timeoffset)
        self.alt_nfields = -1
        if alt_layout is not None:
            alt = dict(alt_layout)
            altcols = alt.get('columns', None)
            if altcols is None:
                altix = [ix for _, ix in columns]
            else:
                if not isinstance(altcols, dict):
                    altcols = dict(altcols)
                altix = [_column_index(altcols.get(nm, -1), 'column %r' % (nm,))
                         for nm in self.names]
            self._set_layout(1, alt.get('datetime', datetime), alt.get('time', time),
                             altix, alt.get('timeoffset', timeoffset))
            self.alt_nfields = int(alt['nfields'])
        # --- row skipping
        if skip_token is None:
            self._skiptok = None
        else:
            self._skiptok = (skip_token.encode(encoding) if isinstance(skip_token, str)
                             else bytes(skip_token))
        self.skip_from = int(skip_from)
        self._dtbuf = None
        self._outbufs = []

    def _set_datetime(self, datetime, time, dtformat, tmformat, dtfallback, private):
        self.dfmt = None
        self.tfmt = None
        self._dtfallback = None
        self.epoch_unit = 1
        self._dtdesc = None
        if datetime is None:
            self.dtmode = DT_NONE
            return
        if isinstance(dtformat, str) and dtformat in EPOCH_FORMATS:
            self.dtmode = DT_EPOCH_DEC
            self.epoch_unit = EPOCH_FORMATS[dtformat]
            self._dtdesc = 'an epoch count (%s)' % dtformat[6:]
            self._dtfallback = dtfallback or self._decimal_epoch_fallback
        elif isinstance(dtformat, str):
            self.dtmode = DT_FORMAT
            self.dfmt = DateFormat(dtformat, private)
            self.tfmt = DateFormat(tmformat if isinstance(tmformat, str) else '', private)
            self._dtdesc = 'format %r' % dtformat
            if dtfallback is not None:
                self._dtfallback = dtfallback
            elif not (private and (has_private_directive(dtformat) or
                                   (time is not None and time >= 0 and
                                    has_private_directive(tmformat)))):
                self._dtfallback = _StrptimeFallback(dtformat, tmformat)
        elif not is_integer(dtformat):
            if not callable(dtformat):
                raise TypeError('dtformat must be a str, 1, 2 or a callable, not %r'
                                % (dtformat,))
            self.dtmode = DT_PYTHON
            self._dtfallback = dtformat
            self._dtdesc = 'dtformat %r' % (dtformat,)
        elif int(dtformat) == 1:
            self.dtmode = DT_EPOCH_INT
            self._dtfallback = dtfallback or _utc_from_int_seconds
            self._dtdesc = 'integer epoch seconds'
        elif int(dtformat) == 2:
            self.dtmode = DT_EPOCH_FLOAT
            self._dtfallback = dtfallback or _utc_from_float_seconds
            self._dtdesc = 'float epoch seconds'
        else:
            raise ValueError('dtformat %r: numeric formats are 1 (int epoch seconds) '
                             'and 2 (float epoch seconds)' % (dtformat,))

    def _decimal_epoch_fallback(self, text):
        import decimal
        try:
            value = decimal.Decimal(text.strip()) * self.epoch_unit
        except decimal.InvalidOperation:
            raise ValueError('not a decimal number') from None
        if not value.is_finite():
            raise ValueError('not a finite number')
        return int(value)

    def _set_layout(self, int k, datetime, time, list cols, timeoffset):
        cdef Layout* L = &self.lay[k]
        cdef int c
        free(L.cols)
        L.cols = <int*>malloc((self.ncols + 1) * sizeof(int))
        if L.cols == NULL:
            raise MemoryError()
        L.maxcol = -1
        L.dtcol = 0
        L.tmcol = -1
        if self.dtmode != DT_NONE:
            L.dtcol = _column_index(datetime, 'datetime')
            if L.dtcol >= 0:
                L.maxcol = L.dtcol
            if self.dtmode == DT_FORMAT:
                tm = _column_index(time, 'time')
                L.tmcol = tm if tm >= 0 else -1
                if L.tmcol > L.maxcol:
                    L.maxcol = L.tmcol
        L.timeoffset = int(timeoffset)
        for c in range(self.ncols):
            L.cols[c] = cols[c] if cols[c] >= 0 else -1
            if L.cols[c] > L.maxcol and not self.has_lenient[c]:
                L.maxcol = L.cols[c]

    # -- context manager / iteration ---------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __iter__(self):
        while True:
            block = self.read_block()
            if block is None:
                return
            yield block

    def close(self):
        """Close the file if the reader opened it."""
        if self._f is not None and self._owns:
            self._f.close()
        self._f = None
        self.eof = True
        self.bpos = self.bend = 0

    @property
    def closed(self):
        return self._f is None

    # -- input ---------------------------------------------------------------
    cdef int _fill_more(self) except -1:
        """Compact the buffer and append the next chunk; sets ``eof`` at the end."""
        cdef Py_ssize_t keep = self.bend - self.bpos
        cdef Py_ssize_t n, need
        cdef const char* src
        if self.bpos > 0:
            if keep > 0:
                memmove(self.buf, self.buf + self.bpos, keep)
            self.bpos = 0
            self.bend = keep
        if self._f is None:
            self.eof = True
            return 0
        data = self._f.read(self._chunksize)
        if isinstance(data, str):
            self._text = True
            data = (<str>data).encode(self._encoding)
        elif data is None:
            data = b''
        elif not isinstance(data, bytes):
            data = bytes(data)
        n = len(<bytes>data)
        if n == 0:
            self.eof = True
            return 0
        src = <bytes>data
        if not self.started:
            self.started = True
            if n >= 3 and memcmp(src, <const char*>_BOM, 3) == 0:
                src += 3
                n -= 3
        need = self.bend + n
        if need > self.bufcap:
            while self.bufcap < need:
                self.bufcap *= 2
            newbuf = <char*>realloc(self.buf, self.bufcap)
            if newbuf == NULL:
                raise MemoryError()
            self.buf = newbuf
        memcpy(self.buf + self.bend, src, n)
        self.bend += n
        return 0

    cdef int _next_line(self, Py_ssize_t* ls, Py_ssize_t* le) except -1:
        """Locate the next physical line; 0 at end of input."""
        cdef const char* p
        cdef const char* q
        cdef Py_ssize_t start, end
        while True:
            p = <const char*>memchr(self.buf + self.bpos, 10, self.bend - self.bpos)
            if p != NULL:
                start = self.bpos
                end = p - self.buf
                self.bpos = end + 1
                break
            if self.eof:
                if self.bpos >= self.bend:
                    return 0
                start = self.bpos
                end = self.bend
                self.bpos = self.bend
                break
            self._fill_more()
        # a CR inside the line is a line end of its own (universal newlines)
        q = <const char*>memchr(self.buf + start, 13, end - start)
        if q != NULL:
            if q - self.buf < end - 1:
                self.bpos = (q - self.buf) + 1
                end = q - self.buf
            else:
                end -= 1
        self.lineno += 1
        ls[0] = start
        le[0] = end
        return 1

    # -- tokenizing ----------------------------------------------------------
    cdef int _addfield(self, Py_ssize_t a, Py_ssize_t b) except -1:
        cdef Py_ssize_t* t
        if self.nf >= self.fcap:
            self.fcap *= 2
            t = <Py_ssize_t*>realloc(self.fs, self.fcap * sizeof(Py_ssize_t))
            if t == NULL:
                raise MemoryError()
            self.fs = t
            t = <Py_ssize_t*>realloc(self.fe, self.fcap * sizeof(Py_ssize_t))
            if t == NULL:
                raise MemoryError()
            self.fe = t
        self.fs[self.nf] = a
        self.fe[self.nf] = b
        self.nf += 1
        return 0

    cdef int _tokenize(self, const char* line, Py_ssize_t n) except -1:
        cdef Py_ssize_t i, start = 0
        cdef char sc = self.sepc
        cdef int sl = self.seplen
        cdef const char* sp
        self.nf = 0
        if self.ws_split:
            i = 0
            while i < n:
                while i < n and isws(line[i]):
                    i += 1
                if i >= n:
                    break
                start = i
                while i < n and not isws(line[i]):
                    i += 1
                self._addfield(start, i)
            return 0
        if sl == 1:
            while True:
                sp = <const char*>memchr(line + start, sc, n - start)
                if sp == NULL:
                    break
                i = sp - line
                if self.nf < self.fcap:
                    self.fs[self.nf] = start
                    self.fe[self.nf] = i
                    self.nf += 1
                else:
                    self._addfield(start, i)
                start = i + 1
        else:
            sp = <const char*>self._sep
            i = 0
            while i <= n - sl:
                if line[i] == sc and memcmp(line + i, sp, sl) == 0:
                    self._addfield(start, i)
                    i += sl
                    start = i
                else:
                    i += 1
        self._addfield(start, n)
        return 0

    # -- errors --------------------------------------------------------------
    def _fieldname(self, int c):
        return self.dtname if c < 0 else self.names[c]

    cdef object _text_of(self, const char* line, Py_ssize_t a, Py_ssize_t b):
        return (line + a)[:b - a].decode(self._encoding, 'replace')

    cdef object _count_error(self, const char* line, Py_ssize_t n, str field, int col):
        text = line[:n].decode(self._encoding, 'replace')
        return CSVFieldCountError(
            '%s, line %d, field %r (column %d): the row has only %d field%s: %r'
            % (self.name, self.lineno, field, col, self.nf,
               '' if self.nf == 1 else 's', text),
            self.name, self.lineno, field, col, text)

    cdef object _value_error(self, str field, int col, text, str what):
        return CSVParseError(
            '%s, line %d, field %r (column %d): %s: %r'
            % (self.name, self.lineno, field, col, what, text),
            self.name, self.lineno, field, col, text)

    # -- conversion ----------------------------------------------------------
    cdef int64_t _parse_dt(self, const char* line, Layout* L) except? -1:
        cdef int col = L.dtcol
        cdef int tcol = L.tmcol
        cdef const char* tok
        cdef Py_ssize_t tlen
        cdef int64_t comps[NCOMP]
        cdef int64_t ns = 0, iv
        cdef double dv
        cdef bint ok = False
        if col < 0:
            col += self.nf
            if col < 0:
                raise self._count_error(line, self.fe[self.nf - 1], self.dtname, L.dtcol)
        if col >= self.nf:
            raise self._count_error(line, self.fe[self.nf - 1], self.dtname, col)
        if tcol >= self.nf:
            raise self._count_error(line, self.fe[self.nf - 1], 'time', tcol)
        tok = line + self.fs[col]
        tlen = self.fe[col] - self.fs[col]
        if self.dtmode == DT_FORMAT:
            init_comps(comps)
            ok = self.dfmt.match(tok, tlen, comps)
            if ok and tcol >= 0:
                ok = self.tfmt.match(line + self.fs[tcol], self.fe[tcol] - self.fs[tcol], comps)
            if ok:
                ok = comps_to_ns(comps, &ns)
        elif self.dtmode == DT_EPOCH_DEC:
            ok = fast_epoch_decimal(tok, tlen, self.epoch_unit, &ns)
        elif self.dtmode == DT_EPOCH_INT:
            if fast_int(tok, tlen, &iv) and -9200000000LL < iv < 9200000000LL:
                ns = iv * _NS_SEC
                ok = True
        elif self.dtmode == DT_EPOCH_FLOAT:
            if fast_double(tok, tlen, &dv):
                ok = epoch_float_to_ns(dv, &ns)
        if not ok:
            ns = self._dt_python(line, col, tcol)
        if tcol < 0:
            ns += L.timeoffset
        return ns

    cdef int64_t _dt_python(self, const char* line, int col, int tcol) except? -1:
        """Per-row Python conversion of the datetime field(s)."""
        text = self._text_of(line, self.fs[col], self.fe[col])
        if self._dtfallback is None:
            raise self._value_error(self.dtname, col, text,
                                    'cannot parse a datetime with %s' % self._dtdesc)
        try:
            if tcol >= 0:
                ttext = self._text_of(line, self.fs[tcol], self.fe[tcol])
                res = self._dtfallback(text, ttext)
                text = (text, ttext)
            else:
                res = self._dtfallback(text)
            return to_ns(res)
        except Exception as exc:
            raise self._value_error(self.dtname, col, text,
                                    'cannot parse a datetime with %s (%s)'
                                    % (self._dtdesc, exc)) from exc

    cdef double _parse_value(self, const char* line, Layout* L, int c) except? -1.0:
        cdef int col = L.cols[c]
        cdef const char* tok
        cdef Py_ssize_t tlen
        cdef double v
        if col < 0:
            return self.nullvalue
        if col >= self.nf:
            if self.has_lenient[c]:
                return self.lenient_val[c]
            raise self._count_error(line, self.fe[self.nf - 1], self.names[c], col)
        tok = line + self.fs[col]
        tlen = self.fe[col] - self.fs[col]
        if tlen == 0:
            if self.has_lenient[c]:
                return self.lenient_val[c]
            if self.allow_empty:
                if not self.null_ok:
                    raise self._value_error(self.names[c], col, '',
                                            'empty field and nullvalue is not a number (%s)'
                                            % self._nullerr)
                return self.nullvalue
        if short_decimal(tok, tlen, &v) or fast_double(tok, tlen, &v):
            return v
        text = self._text_of(line, self.fs[col], self.fe[col])
        try:
            return float(text)
        except ValueError:
            if self.has_lenient[c]:
                return self.lenient_val[c]
            raise self._value_error(self.names[c], col, text,
                                    'cannot convert to a number') from None

    cdef int _parse_row(self, const char* line, Py_ssize_t n, Py_ssize_t row) except -1:
        """Convert one line into slot ``row`` of the outputs; 0 if dropped."""
        cdef Py_ssize_t j
        cdef Layout* L
        cdef int c
        cdef const char* st
        cdef Py_ssize_t stl
        self._tokenize(line, n)
        if self.nf == 0:
            return 0
        if self._skiptok is not None:
            st = <const char*>self._skiptok
            stl = len(self._skiptok)
            for j in range(self.skip_from, self.nf):
                if self.fe[j] - self.fs[j] == stl and memcmp(line + self.fs[j], st, stl) == 0:
                    return 0
        if self.alt_nfields >= 0 and self.nf == self.alt_nfields:
            L = &self.lay[1]
        else:
            L = &self.lay[0]
        if self.dtmode != DT_NONE:
            self.dtp[row] = self._parse_dt(line, L)
        if self.linep != NULL:
            self.linep[row] = self.lineno
        for c in range(self.ncols):
            self.outp[c][row] = self._parse_value(line, L, c)
        return 1

    # -- blocks --------------------------------------------------------------
    cdef void _alloc(self, Py_ssize_t n) except *:
        """Fresh output columns for up to ``n`` rows."""
        cdef Buffer buf
        cdef int c
        self._outbufs = []
        for c in range(self.ncols):
            buf = new_buffer(n, F64)
            self._outbufs.append(buf)
            self.outp[c] = buf.f64()
        self._dtbuf = None
        self.dtp = NULL
        if self.dtmode != DT_NONE:
            buf = new_buffer(n, I64)
            self._dtbuf = buf
            self.dtp = buf.i64()
        if self.want_linenos:
            buf = new_buffer(n, I64)
            self._linebuf = buf
            self.linep = buf.i64()

    cdef dict _package(self, Py_ssize_t n):
        """The filled columns cut to ``n`` rows, as a block of Buffers."""
        cdef dict out = {}
        if self._dtbuf is not None:
            out[self.dtname] = self._dtbuf
        for c in range(self.ncols):
            out[self.names[c]] = self._outbufs[c]
        if self.want_linenos:
            out['_lineno'] = self._linebuf
        for buf in out.values():
            (<Buffer>buf).shrink(n)
        self._release()
        return out

    cdef void _release(self):
        self._outbufs = []
        self._dtbuf = None
        self._linebuf = None
        self.dtp = NULL
        self.linep = NULL

    cdef dict _deliver(self, dict block):
        """A block as the caller asked for it (numpy arrays or Buffers)."""
        if self.as_numpy:
            for k, buf in block.items():
                block[k] = (<Buffer>buf).numpy()
        return block

    cdef dict _next_block(self, Py_ssize_t cap):
        """Next block of up to ``cap`` rows as Buffers, None at the end."""
        cdef Py_ssize_t row = 0, ls = 0, le = 0, i
        cdef const char* line
        cdef bint blank
        if self._f is None and self.bpos >= self.bend:
            return None
        self._alloc(cap)
        while row < cap:
            if not self._next_line(&ls, &le):
                break
            if self.skip_left > 0:
                self.skip_left -= 1
                continue
            line = self.buf + ls
            blank = True
            for i in range(le - ls):
                if not isws(line[i]):
                    blank = False
                    break
            if blank:
                continue
            row += self._parse_row(line, le - ls, row)
        self.rows_read += row
        if row == 0:
            self._release()
            self.close()
            return None
        return self._package(row)

    def read_block(self, nrows=None):
        """Next block of up to ``nrows`` (default ``blocksize``) rows.

        Returns a dict ``{name: column}`` (the datetime under ``dtname`` as
        int64 ns, value columns as float64, all of the same length), or None
        when the input is exhausted.
        """
        block = self._next_block(self.blocksize if nrows is None else max(int(nrows), 1))
        return None if block is None else self._deliver(block)

    def read_all(self):
        """All remaining rows as one dict of columns (empty ones if none)."""
        blocks = []
        while True:
            b = self._next_block(self.blocksize)
            if b is None:
                break
            blocks.append(b)
        if len(blocks) == 1:
            return self._deliver(blocks[0])
        keys = [(self.dtname, 'q')] if self.dtmode != DT_NONE else []
        keys += [(name, 'd') for name in self.names]
        return self._deliver({k: _concat([b.pop(k) for b in blocks], kind)
                              for k, kind in keys})

    def parse_line(self, line, lineno=None):
        """Convert one line of text (without its newline) as a 1-row block.

        Returns the block dict, or None if the line is blank or dropped by
        ``skip_token``.  ``lineno`` is used in error messages.
        """
        cdef bytes b = line.encode(self._encoding) if isinstance(line, str) else bytes(line)
        cdef Py_ssize_t n = len(b)
        cdef Py_ssize_t saved = self.lineno
        cdef int got
        while n > 0 and (b[n - 1] == 10 or b[n - 1] == 13):
            n -= 1
        if not b[:n].strip():
            return None
        if lineno is not None:
            self.lineno = int(lineno)
        self._alloc(1)
        try:
            got = self._parse_row(<const char*>b, n, 0)
        finally:
            self.lineno = saved
        if not got:
            self._release()
            return None
        return self._deliver(self._package(1))


def read_csv(source, columns=(), **kwargs):
    """Read a whole CSV file into a dict of numpy arrays (see :class:`CSVReader`)."""
    reader = CSVReader(source, columns, **kwargs)
    try:
        return reader.read_all()
    finally:
        reader.close()
