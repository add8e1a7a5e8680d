# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Bybit v5 order-book synchronisation, compiled: ``orderbook.N`` snapshots/deltas, trades.

The rules are described in ``backtrader.hft.normalize.bybit``; this module holds their only
implementation.
"""
from collections import deque

from libc.stdint cimport int64_t

from backtrader.hft._cy.eventsink cimport (
    EventSink, EV_BID_DEPTH, EV_ASK_DEPTH, EV_BID_SNAPSHOT, EV_ASK_SNAPSHOT, EV_CLEAR_ALL,
    EV_BUY_TRADE, EV_SELL_TRADE)
from backtrader.hft._cy.idring cimport RING_SIZE, ring_clear, ring_push, ring_has
from backtrader.hft._cy.jsonlines cimport LineSource

from backtrader.hft._cy.eventsink import GridError

cdef int64_t MS = 1000000
_FIELD_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError)


cdef class BybitSync:
    """Synchronise one Bybit v5 recording into an ``EventSink``.

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
        self.topic = None
        self.clear_on_gap = clear_on_gap
        self.synced = self.ever_synced = False
        self.book_u = 0
        self.applied = 0
        self.open_gaps = []
        ring_clear(&self.recent)
        self.recent_trades = deque(maxlen=RING_SIZE)

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

    cdef int message(self, dict msg, int64_t line, int64_t ts) except -1:
        topic = msg.get('topic')
        if topic is None:
            self.report.drop('control' if ('op' in msg or 'success' in msg) else 'unsupported')
        elif topic.startswith('orderbook.'):
            self.book(msg, line, ts, topic)
        elif topic.startswith('publicTrade.'):
            self.trades(msg, line, ts)
        else:
            self.report.drop('unsupported')
        return 0

    cdef bint symbol_ok(self, object s) except -1:
        if s == self.symbol:
            return True
        if self.symbol is None:
            self.symbol = s
            return True
        self.report.drop('other_symbol')
        return False

    cdef int book(self, dict msg, int64_t line, int64_t ts, object topic) except -1:
        cdef dict data = msg['data']
        cdef int64_t u = data['u'], exch
        cdef int kb, ka
        typ = msg['type']
        b = data['b']
        a = data['a']
        s = data['s']
        cts = msg.get('cts')
        exch = cts if cts is not None else msg['ts']
        exch *= MS
        if typ != 'snapshot' and typ != 'delta':
            raise ValueError("type %r is neither 'snapshot' nor 'delta'" % (typ,))
        if not self.symbol_ok(s):
            return 0
        if self.topic is None:
            self.topic = topic
        elif topic != self.topic:
            self.report.drop('other_stream')
            return 0
        if typ == 'snapshot' or u == 1:        # u == 1: the service restarted, a full book
            self.sink.add_raw(EV_CLEAR_ALL, exch, ts, 0.0, 0.0, 0, 0)
            if self.ever_synced and not self.synced:
                self.report.resyncs += 1
            for g in self.open_gaps:
                g['resync_line'] = line
            self.open_gaps = []
            self.ever_synced = self.synced = True
            ring_clear(&self.recent)
            kb, ka = EV_BID_SNAPSHOT, EV_ASK_SNAPSHOT
        elif not self.synced:
            self.report.drop('unsynced')
            return 0
        elif u <= self.book_u:
            self.report.drop('duplicate' if ring_has(&self.recent, u) else 'stale')
            return 0
        elif u != self.book_u + 1:
            self.synced = False
            self.open_gaps.append(self.report.add_gap(line, ts, 'orderbook', self.book_u + 1, u))
            if self.clear_on_gap:
                self.sink.add_raw(EV_CLEAR_ALL, exch, ts, 0.0, 0.0, 0, 0)
            self.report.drop('gap')
            return 0
        else:
            kb, ka = EV_BID_DEPTH, EV_ASK_DEPTH
        if b:
            self.sink.add_levels(kb, exch, ts, b, line, 'b')
        if a:
            self.sink.add_levels(ka, exch, ts, a, line, 'a')
        self.book_u = u
        ring_push(&self.recent, u)
        self.applied += 1
        return 0

    cdef int trades(self, dict msg, int64_t line, int64_t ts) except -1:
        cdef list trades = msg['data']
        cdef dict t
        cdef int64_t T
        if not trades:
            raise ValueError('a publicTrade message without trades')
        for t in trades:               # every field present before anything is written
            t['T'], t['S'], t['p'], t['v'], t['s']
        if not self.symbol_ok((<dict>trades[0])['s']):
            return 0
        first_id = (<dict>trades[0]).get('i')
        if first_id is not None and first_id in self.recent_trades:
            self.report.drop('duplicate')
            return 0
        for t in trades:
            T = t['T']
            self.sink.add(EV_BUY_TRADE if t['S'] == 'Buy' else EV_SELL_TRADE, T * MS, ts,
                          t['p'], t['v'], line, 'p', 'v')
            self.recent_trades.append(t.get('i'))
        self.applied += 1
        return 0
