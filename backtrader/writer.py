"""Writers: a run's report as text (``bt.WriterFile``, ``bt.WriterStringIO``).

A writer added with ``cerebro.addwriter`` (or ``Cerebro(writer=True)``) gets,
with ``csv=True``, one CSV row per bar with the values of the datas and of the
strategies' observers and indicators (those whose ``csv`` attribute is true),
and at the end a nested section per data, strategy, observer, indicator and
analyzer (``writedict``). ``Analyzer.print`` uses the same layout.
"""
import io
import itertools
import sys
from collections.abc import Iterable

from backtrader.metabase import ParamsBase

__all__ = ['WriterBase', 'WriterFile', 'WriterStringIO']


class WriterBase(ParamsBase):
    """Base class of writers: a params-carrying object."""


def _is_lineseries_class(value):
    from backtrader.lineseries import LineSeries
    return isinstance(value, type) and issubclass(value, LineSeries)


def _blank_nan(value):
    """NaN becomes an empty field; everything else is kept."""
    return '' if value != value else value


class WriterFile(WriterBase):
    """Writes CSV rows during the run and a nested text summary at its end.

    Params
    ------
    out : None, str or stream
        ``None``: ``sys.stdout``; a string: the name of a file, opened for
        writing (and closed by ``stop``); else a stream with ``write``.
    close_out : bool (False)
        Close a stream given as ``out`` in ``stop``.
    csv : bool (False)
        Write a CSV row per bar (and the header row at ``start``).
    csvsep : str (',')
        CSV field separator.
    csv_filternan : bool (True)
        Write NaN values as empty fields.
    csv_counter : bool (True)
        Start each CSV row with the row number (``Id`` in the header).
    indent : int (2)
        Spaces per nesting level of the summary.
    separators : list of str
        Characters of the separator lines, one per nesting level (cycled).
    seplen : int (79)
        Length of a separator line, indentation included.
    rounding : int or None
        Decimal places floats are rounded to in the summary (None: as is).
    """
    params = (
        ('out', None),
        ('close_out', False),
        ('csv', False),
        ('csvsep', ','),
        ('csv_filternan', True),
        ('csv_counter', True),
        ('indent', 2),
        ('separators', ['=', '-', '+', '*', '.', '~', '"', '^', '#']),
        ('seplen', 79),
        ('rounding', None),
    )

    def __init__(self):
        self._rows = itertools.count(1)
        self.headers = []
        self.values = []

    # -- the output stream ------------------------------------------------------------
    def _start_output(self):
        """Resolve ``out`` into ``self.out`` (once) and ``self.close_out``."""
        if getattr(self, 'out', None):
            return
        target = self.p.out
        if target is None:
            self.out, self.close_out = sys.stdout, False
        elif isinstance(target, str):
            try:
                self.out = open(target, 'w')
            except OSError as exc:
                raise OSError(exc.errno, '%s: cannot open the output file %r for '
                              'writing: %s' % (type(self).__name__, target,
                                               exc.strerror)) from exc
            self.close_out = True
        else:
            self.out, self.close_out = target, self.p.close_out

    def start(self):
        """Open the output; with ``csv``, write a separator and the header row."""
        self._start_output()
        if self.p.csv:
            self.writelineseparator()
            self.writeiterable(self.headers, counter='Id')

    def stop(self):
        """Close the output if the writer owns it."""
        if self.close_out:
            self.out.close()

    # -- CSV rows ---------------------------------------------------------------------
    def addheaders(self, headers):
        """Append column names to the header row (with ``csv`` only)."""
        if self.p.csv:
            self.headers.extend(headers)

    def addvalues(self, values):
        """Append values to the current row (with ``csv`` only)."""
        if self.p.csv:
            if self.p.csv_filternan:
                values = map(_blank_nan, values)
            self.values.extend(values)

    def next(self):
        """Write the current row (with ``csv``) and start a new one."""
        if self.p.csv:
            self.writeiterable(self.values, func=str, counter=next(self._rows))
            self.values = []

    def writeiterable(self, iterable, func=None, counter=''):
        """Write ``iterable`` as one ``csvsep``-joined line, led by ``counter``
        when ``csv_counter`` is on, each field passed through ``func`` if given."""
        fields = itertools.chain((counter,), iterable) if self.p.csv_counter else iterable
        if func is not None:
            fields = map(func, fields)
        self.writeline(self.p.csvsep.join(fields))

    # -- text -------------------------------------------------------------------------
    def writeline(self, line):
        """Write ``line`` and a newline."""
        self.out.write(line + '\n')

    def writelines(self, lines):
        """Write each of ``lines`` followed by a newline."""
        for line in lines:
            self.writeline(line)

    def writelineseparator(self, level=0):
        """A separator line for nesting ``level``: indented, ``seplen`` long."""
        seps = self.p.separators
        margin = level * self.p.indent
        self.writeline(' ' * margin + seps[level % len(seps)] * (self.p.seplen - margin))

    def writedict(self, dct, level=0, recurse=False):
        """Write the mapping ``dct`` as ``key: value`` lines; nested mappings
        become indented blocks (entries marked ``- ``) after a separator."""
        if not recurse:
            self.writelineseparator(level)
        head = ' ' * (level * self.p.indent) + ('- ' if recurse else '')
        for key, val in dct.items():
            label = '%s%s:' % (head, key)
            if isinstance(val, dict):
                if recurse:
                    self.writelineseparator(level=level)
                self.writeline(label)
                self.writedict(val, level=level + 1, recurse=True)
            else:
                self.writeline(label + ' ' + self._text(val))

    def _text(self, val):
        """How a non-mapping value is shown after its key."""
        if _is_lineseries_class(val):
            return val.__name__
        if isinstance(val, str):
            return val
        if isinstance(val, float):
            if self.p.rounding is not None:
                val = round(val, self.p.rounding)
            return str(val)
        if isinstance(val, int):
            return str(val)
        if isinstance(val, Iterable):
            return ', '.join(map(str, val))
        return str(val)


class WriterStringIO(WriterFile):
    """A ``WriterFile`` into a fresh ``io.StringIO`` (``self.out``), left at
    its start by ``stop`` so that it can be read at once.

    Params
    ------
    out : callable (``io.StringIO``)
        Factory of the in-memory stream.
    """
    params = (
        ('out', io.StringIO),
    )

    def _start_output(self):
        if getattr(self, 'out', None) is None:
            self.out, self.close_out = self.p.out(), self.p.close_out

    def stop(self):
        super(WriterStringIO, self).stop()
        self.out.seek(0)
