"""Accounting of a normalised exchange recording.

Every input message ends in exactly one bucket: *applied* (it produced events) or *dropped* with a
reason.  ``NormalizeReport.check()`` proves ``messages_in == applied + sum(dropped.values())``.

Drop reasons (the same names for every exchange):

``duplicate``           the same update was already applied (a replayed message)
``stale``               older than the book's state: it predates the snapshot in force, or arrived
                        after a newer message (out of order)
``gap``                 a delta that revealed a sequence gap and cannot be applied (the book is
                        invalid until the next snapshot)
``unsynced``            a delta received while the book was invalid that no later snapshot bridged
``snapshot_behind``     a snapshot older than the diffs buffered since the gap (cannot bridge them)
``other_symbol``        a message for another symbol than the one normalised
``other_stream``        a message of a second stream carrying the same information (Binance's
                        ``trade`` when ``aggTrade`` is used or the reverse, a second Bybit
                        ``orderbook.N`` depth): using both would count it twice
``off_book_trade``      a trade not matched in the order book (Binance futures' ``trade`` stream
                        with ``X`` other than ``MARKET``: insurance fund, auto-deleveraging)
``control``             a subscription acknowledgement, pong or other non-data message
``unsupported``         a data message of a stream kind the normaliser does not turn into events
``malformed``           a line that is not ``<ns> <json>`` or lacks a field (``on_error='count'``)
``time_backwards``      a line whose receive time is earlier than the previous line's
                        (``on_error='count'``)
"""

REASONS = ('duplicate', 'stale', 'gap', 'unsynced', 'snapshot_behind', 'other_symbol',
           'other_stream', 'off_book_trade', 'control', 'unsupported', 'malformed',
           'time_backwards')

# how many bad lines / gaps are kept verbatim in the report (all are counted)
MAX_LISTED = 100


class RecordingError(ValueError):
    """A recording that cannot be normalised; the message names the file, line and field."""

    def __init__(self, path, line, field, what):
        self.path, self.line, self.field = path, line, field
        where = '%s:%d' % (path, line) if line else str(path)
        if field:
            where += ": field '%s'" % field
        super().__init__('%s: %s' % (where, what))


class NormalizeReport:
    """What a normaliser did with every message of one recording.

    Attributes
    ----------
    source, exchange : str
        The file and the exchange format.
    messages_in : int
        Non-blank lines read.
    applied : int
        Messages that produced events.
    dropped : dict
        reason -> count (every reason of ``REASONS``, zeros included).
    gaps : list of dict
        One entry per sequence gap: ``line``, ``local_ts``, ``stream``, ``expected``, ``got`` and
        ``resync_line`` (the line of the snapshot that re-synced the book, or None).
    bad_lines : list of dict
        Lines counted under ``on_error='count'``: ``line``, ``field``, ``error``.
    resyncs : int
        Snapshots that re-synced the book after it had been valid once.
    events : dict
        Event kind name -> number of output records.
    """

    def __init__(self, source, exchange):
        self.source = str(source)
        self.exchange = exchange
        self.messages_in = 0
        self.applied = 0
        self.dropped = dict.fromkeys(REASONS, 0)
        self.gaps = []
        self.n_gaps = 0
        self.bad_lines = []
        self.resyncs = 0
        self.events = {}
        self.records = 0

    def drop(self, reason, n=1):
        """Count ``n`` messages dropped for ``reason``."""
        self.dropped[reason] += n

    def add_gap(self, line, local_ts, stream, expected, got):
        """Record a sequence gap; returns its entry (its ``resync_line`` is filled in later)."""
        self.n_gaps += 1
        entry = {'line': line, 'local_ts': local_ts, 'stream': stream,
                 'expected': expected, 'got': got, 'resync_line': None}
        if len(self.gaps) < MAX_LISTED:
            self.gaps.append(entry)
        return entry

    def add_bad_line(self, line, field, error):
        """Count a malformed line kept out of the output (``on_error='count'``)."""
        self.dropped['malformed'] += 1
        if len(self.bad_lines) < MAX_LISTED:
            self.bad_lines.append({'line': line, 'field': field, 'error': error})

    def check(self):
        """Raise AssertionError unless every message is applied or dropped with a reason."""
        total = self.applied + sum(self.dropped.values())
        if total != self.messages_in:
            raise AssertionError('%s: %d messages in, but %d applied + %d dropped'
                                 % (self.source, self.messages_in, self.applied,
                                    total - self.applied))
        return True

    def as_dict(self):
        """The report as plain Python data."""
        return {
            'source': self.source, 'exchange': self.exchange,
            'messages_in': self.messages_in, 'applied': self.applied,
            'dropped': dict(self.dropped), 'gaps': [dict(g) for g in self.gaps],
            'n_gaps': self.n_gaps, 'resyncs': self.resyncs,
            'bad_lines': list(self.bad_lines), 'events': dict(self.events),
            'records': self.records,
        }

    def __str__(self):
        out = ['%s recording %s' % (self.exchange, self.source),
               '  messages in   %d' % self.messages_in,
               '  applied       %d' % self.applied]
        for reason in REASONS:
            n = self.dropped[reason]
            if n:
                out.append('  dropped %-22s %d' % (reason, n))
        out.append('  gaps          %d (re-synced %d)' % (self.n_gaps, self.resyncs))
        for g in self.gaps[:10]:
            out.append('    line %d %s: expected %s, got %s; re-synced at line %s'
                       % (g['line'], g['stream'], g['expected'], g['got'], g['resync_line']))
        for b in self.bad_lines[:10]:
            out.append("    bad line %d field '%s': %s" % (b['line'], b['field'], b['error']))
        out.append('  records out   %d %s' % (self.records, ' '.join(
            '%s=%d' % kv for kv in sorted(self.events.items()))))
        return '\n'.join(out)

    __repr__ = __str__
