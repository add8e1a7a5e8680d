"""The recording line format, its decoders and the ``on_error`` policy.

A recording is a text file (optionally gzip-compressed, ``.gz``) with one exchange message per
line::

    <local receive time, integer nanoseconds since the epoch> <one space> <the message as JSON>

for example ``1700000000123456789 {"e":"aggTrade","E":1700000000123,...}``.  Blank lines are
skipped; receive times must not go back.  The JSON is decoded by orjson or msgspec when one of them
is installed (the ``fastjson`` extra), otherwise by the standard library.  The lines are split
and checked by the compiled ``backtrader/hft/_cy/jsonlines.pyx``.
"""
import gzip
import json

from .report import RecordingError

DECODERS = ('auto', 'orjson', 'msgspec', 'json')


def get_decoder(name='auto'):
    """``(name, loads)`` of a decoder of ``DECODERS`` ('auto' takes the fastest one installed), or
    of any callable turning the bytes of one JSON message into a dict (named 'custom')."""
    if callable(name):
        return 'custom', name
    if name not in DECODERS:
        raise ValueError('decoder must be one of %s, not %r' % (', '.join(DECODERS), name))
    if name in ('auto', 'orjson'):
        try:
            import orjson
            return 'orjson', orjson.loads
        except ImportError:
            if name == 'orjson':
                raise
    if name in ('auto', 'msgspec'):
        try:
            import msgspec
            return 'msgspec', msgspec.json.decode
        except ImportError:
            if name == 'msgspec':
                raise
    return 'json', json.loads


def open_recording(path):
    """Open a recording for binary line reading (gzip when the name ends in ``.gz``)."""
    path = str(path)
    if path.endswith('.gz'):
        return gzip.open(path, 'rb')
    return open(path, 'rb')


class LineErrors:
    """The ``on_error`` policy: 'raise' a RecordingError, or 'count' the line as malformed."""

    def __init__(self, path, report, on_error):
        if on_error not in ('raise', 'count'):
            raise ValueError("on_error must be 'raise' or 'count', not %r" % (on_error,))
        self.path = path
        self.report = report
        self.raising = on_error == 'raise'

    def bad(self, lineno, field, what, reason='malformed'):
        """Handle one bad line."""
        if self.raising:
            raise RecordingError(self.path, lineno, field, what)
        if reason == 'malformed':
            self.report.add_bad_line(lineno, field, what)
        else:
            self.report.drop(reason)

    def bad_message(self, lineno, exc):
        """Handle an exception raised while reading the fields of a decoded message."""
        if isinstance(exc, KeyError):
            self.bad(lineno, exc.args[0], 'missing field')
        else:
            self.bad(lineno, 'msg', '%s: %s' % (type(exc).__name__, exc))


class Normalizer:
    """What the exchange normalizers share: the settings every one takes and the reading of a
    recording through the exchange's compiled synchroniser (made by :meth:`_sync`).

    Parameters
    ----------
    symbol : str or None
        The symbol to keep; None takes the first one seen.  Messages of others: ``other_symbol``.
    on_error : 'raise' or 'count'
        Malformed lines and missing fields raise ``RecordingError`` or are counted ``malformed``.
        Values off the tick/lot grid, NaN or negative always raise.
    clear_on_gap : bool
        Emit a DEPTH_CLEAR record where a gap invalidates the book.
    decoder : 'auto', 'orjson', 'msgspec', 'json' or a callable (bytes -> dict)
    """

    exchange = None  # the name the registry knows the exchange by

    def __init__(self, symbol=None, on_error='raise', clear_on_gap=True, decoder='auto'):
        self.symbol = symbol.upper() if symbol else None
        self.on_error = on_error
        self.clear_on_gap = bool(clear_on_gap)
        self.decoder, self.loads = get_decoder(decoder)

    def _sync(self, sink, report):
        """The exchange's synchroniser writing into ``sink`` and counting in ``report``."""
        raise NotImplementedError

    def run(self, path, sink, report):
        """Normalise the recording at ``path`` into ``sink`` (an ``EventSink``), counting in
        ``report``."""
        sync = self._sync(sink, report)
        with open_recording(path) as f:
            sync.run(f, self.loads, LineErrors(path, report, self.on_error))
