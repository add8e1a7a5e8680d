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
from backtrader.hft._cy.streamsync cimport StreamSync

cdef int64_t MS = 1000000


cdef class BybitSync(StreamSync):
    """Synchronise one Bybit v5 recording into an ``EventSink`` (parameters: those of
    ``StreamSync``)."""

    def __init__(self, EventSink sink, report, symbol=None, bint clear_on_gap=True):
        StreamSync.__init__(self, sink, report, symbol, clear_on_gap)
        self.topic = None
        self.book_u = 0
        self.recent_trades = deque(maxlen=RING_SIZE)

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
            self.resynced(line)
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
