# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""What the exchange synchronisers share: their settings and sync state, the reading of a
recording message by message (a message that lacks a field or holds one of the wrong type is
handed to the ``on_error`` policy), and the rule that keeps one symbol.

An exchange's synchroniser (``binance_sync``, ``bybit_sync``) subclasses :class:`StreamSync` and
implements ``message`` (and ``finish`` when something can be left over at the end).
"""
from backtrader.hft._cy.idring cimport ring_clear
from backtrader.hft._cy.jsonlines cimport LineSource

from backtrader.hft._cy.eventsink import GridError

# what a message of a readable kind may raise when a field is missing or of the wrong type
_FIELD_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError)


cdef class StreamSync:
    """Synchronise one exchange recording into an ``EventSink`` (a base class).

    Parameters
    ----------
    sink : EventSink
    report : NormalizeReport
    symbol : str or None
    clear_on_gap : bool
    """

    def __init__(self, EventSink sink, report, symbol=None, bint clear_on_gap=True):
        self.sink = sink
        self.report = report
        self.symbol = symbol
        self.clear_on_gap = clear_on_gap
        self.synced = self.ever_synced = False
        self.applied = 0
        self.open_gaps = []
        ring_clear(&self.recent)

    def run(self, f, loads, errors):
        """Read every line of the binary file ``f``; counts go to the report."""
        cdef LineSource src = LineSource(f, loads, errors)
        while True:
            msg = src.next_message()
            if msg is None:
                break
            try:
                self.message(<dict>msg, src.line, src.ts)
            except GridError:
                raise
            except _FIELD_ERRORS as exc:
                errors.bad_message(src.line, exc)
        self.report.messages_in += src.messages_in
        self.report.applied += self.applied
        self.finish()

    cdef int message(self, dict msg, int64_t line, int64_t ts) except -1:
        raise NotImplementedError('%s.message' % type(self).__name__)

    cdef int finish(self) except -1:
        return 0

    cdef bint symbol_ok(self, object s) except -1:
        """Whether ``s`` is the symbol kept (the first one seen when none was asked); a message
        of another symbol is counted ``other_symbol``."""
        if s == self.symbol:
            return True
        if self.symbol is None:
            self.symbol = s
            return True
        self.report.drop('other_symbol')
        return False

    cdef int resynced(self, int64_t line) except -1:
        """A snapshot at ``line`` makes the book follow the exchange's again: a resync is
        counted when the book had been synced before, the open gaps end there."""
        if self.ever_synced and not self.synced:
            self.report.resyncs += 1
        for g in self.open_gaps:
            g['resync_line'] = line
        self.open_gaps = []
        self.ever_synced = self.synced = True
        return 0
