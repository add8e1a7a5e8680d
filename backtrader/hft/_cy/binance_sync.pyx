# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Binance's local-order-book synchronisation, compiled: diffs, snapshots, trades, bookTicker.

The rules (spot and USD-M futures) are described in ``backtrader.hft.normalize.binance``; this
module holds their only implementation.  Diffs are ``(line, ts, exch_ns, U, u, pu, b, a)`` tuples
only while they wait in the buffer; the common case (the next diff of a synced book, the next
trade) writes records straight into the sink.
"""
from libc.stdint cimport int64_t

from backtrader.hft._cy.eventsink cimport (
    EventSink, EV_BID_DEPTH, EV_ASK_DEPTH, EV_BID_SNAPSHOT, EV_ASK_SNAPSHOT, EV_CLEAR_ALL,
    EV_BUY_TRADE, EV_SELL_TRADE, EV_BID_BBO, EV_ASK_BBO)
from backtrader.hft._cy.idring cimport ring_clear, ring_push, ring_has
from backtrader.hft._cy.streamsync cimport StreamSync

cdef int64_t MS = 1000000
# the trade streams
cdef enum:
    NO_TRADES = 0
    AGG_TRADE = 1
    RAW_TRADE = 2

_TRADE_STREAMS = {None: NO_TRADES, 'aggTrade': AGG_TRADE, 'trade': RAW_TRADE}
_TRADE_NAMES = ('', 'aggTrade', 'trade')


cdef inline object _exchange_ms(dict msg):
    """The exchange time of a message in ms: ``T`` (futures' matching-engine time), else ``E``
    (the event time), else None (spot snapshots and bookTicker carry neither)."""
    T = msg.get('T')
    return T if T is not None else msg.get('E')


cdef class BinanceSync(StreamSync):
    """Synchronise one Binance recording into an ``EventSink``.

    Parameters: those of ``StreamSync``, and ``trade_stream`` (None, 'aggTrade' or 'trade').
    """

    def __init__(self, EventSink sink, report, symbol=None, bint clear_on_gap=True,
                 trade_stream=None):
        StreamSync.__init__(self, sink, report, symbol, clear_on_gap)
        self.trades = _TRADE_STREAMS[trade_stream]
        self.first = False
        self.book_id = 0
        self.buffer = []
        ring_clear(&self.recent_trades)
        self.has_next_trade = self.has_bbo = False

    cdef int finish(self) except -1:
        self.report.drop('unsynced', len(self.buffer))
        self.buffer = []
        return 0

    cdef int message(self, dict msg, int64_t line, int64_t ts) except -1:
        cdef int64_t E, U, u, pu = 0, bid
        cdef bint has_pu
        e = msg.get('e')
        if e is None:
            data = msg.get('data')
            if type(data) is dict:
                msg = <dict>data
                e = msg.get('e')
        if e == 'depthUpdate':
            t = _exchange_ms(msg)
            if t is None:
                raise KeyError('E')
            E = t
            E *= MS
            U = msg['U']
            u = msg['u']
            pu_o = msg.get('pu')
            has_pu = pu_o is not None
            if has_pu:
                pu = pu_o
            b = msg['b']
            a = msg['a']
            s = msg['s']
            if self.synced and not self.first and s == self.symbol:
                bid = self.book_id
                if u > bid and ((pu == bid) if has_pu else (U <= bid + 1)):
                    return self.apply(line, E, ts, b, a, u)
            if self.symbol_ok(s):
                self.diff((line, ts, E, U, u, pu_o, b, a), ts)
        elif e == 'aggTrade':
            self.trade(msg, line, ts, AGG_TRADE)
        elif e == 'trade':
            self.trade(msg, line, ts, RAW_TRADE)
        elif e == 'bookTicker' or (e is None and 'B' in msg and 'A' in msg):
            self.book_ticker(msg, line, ts)
        elif e is None and 'lastUpdateId' in msg:
            self.snapshot(msg, line, ts)
        elif e is None and ('result' in msg or 'id' in msg):
            self.report.drop('control')
        else:
            self.report.drop('unsupported')
        return 0

    # -- depth --------------------------------------------------------------------------------
    cdef int apply(self, int64_t line, int64_t exch, int64_t local, object b, object a,
                   int64_t u) except -1:
        if b:
            self.sink.add_levels(EV_BID_DEPTH, exch, local, b, line, 'b')
        if a:
            self.sink.add_levels(EV_ASK_DEPTH, exch, local, a, line, 'a')
        self.book_id = u
        self.first = False
        ring_push(&self.recent, u)
        self.applied += 1
        return 0

    cdef int old(self, bint duplicate) except -1:
        self.report.drop('duplicate' if duplicate else 'stale')
        return 0

    cdef int gap(self, tuple d, int64_t now, int64_t expected, int64_t got) except -1:
        cdef int64_t line = d[0]
        self.synced = False
        self.open_gaps.append(self.report.add_gap(line, d[1], 'depth', expected, got))
        if self.clear_on_gap:
            self.sink.add_raw(EV_CLEAR_ALL, d[2], now, 0.0, 0.0, 0, 0)
        self.buffer = [d]
        return 0

    cdef int diff(self, tuple d, int64_t now) except -1:
        """One diff, in arrival order or replayed from the buffer at a snapshot."""
        cdef int64_t line = d[0], ts = d[1], U = d[3], u = d[4], pu = 0, last_u, bid
        cdef bint has_pu = d[5] is not None
        cdef list buf
        if has_pu:
            pu = d[5]
        if not self.synced:
            buf = self.buffer
            if buf:
                last_u = (<tuple>buf[len(buf) - 1])[4]
                if not ((pu == last_u) if has_pu else (U <= last_u + 1 and last_u < u)):
                    if u <= last_u:
                        return self.old(any((<tuple>x)[4] == u for x in buf))
                    # the chain is broken: nothing buffered can be bridged to what follows
                    self.report.drop('unsynced', len(buf))
                    self.report.add_gap(line, ts, 'depth (unsynced)',
                                        last_u if has_pu else last_u + 1, pu if has_pu else U)
                    del buf[:]
            buf.append(d)
            return 0
        bid = self.book_id
        if not has_pu:                              # spot
            if u <= bid:
                return self.old(ring_has(&self.recent, u))
            if U > bid + 1:
                return self.gap(d, now, bid + 1, U)
        elif self.first:                            # futures, the first diff after a snapshot
            if u < bid:
                return self.old(ring_has(&self.recent, u))
            if U > bid and pu != bid:
                return self.gap(d, now, bid, U)
        else:                                       # futures
            if u <= bid:
                return self.old(ring_has(&self.recent, u))
            if pu != bid:
                return self.gap(d, now, bid, pu)
        return self.apply(line, d[2], now if now > ts else ts, d[6], d[7], u)

    cdef int snapshot(self, dict msg, int64_t line, int64_t ts) except -1:
        cdef int64_t L = msg['lastUpdateId'], exch = ts
        cdef Py_ssize_t i = 0
        cdef list rest = []
        cdef tuple d
        bids = msg['bids']
        asks = msg['asks']
        E = _exchange_ms(msg)
        if E is not None:
            exch = E
            exch *= MS
        if self.synced and L < self.book_id:
            return self.old(False)
        if not self.synced:
            buf = self.buffer
            while i < len(buf):
                d = buf[i]
                if not ((d[4] < L) if d[5] is not None else (d[4] <= L)):
                    break
                i += 1
            self.report.drop('stale', i)
            rest = buf[i:]
            if rest:
                d = rest[0]
                if d[3] > (L if d[5] is not None else L + 1) and d[5] != L:
                    self.report.drop('snapshot_behind')
                    self.buffer = rest
                    return 0
        self.sink.add_raw(EV_CLEAR_ALL, exch, ts, 0.0, 0.0, 0, 0)
        if bids:
            self.sink.add_levels(EV_BID_SNAPSHOT, exch, ts, bids, line, 'bids')
        if asks:
            self.sink.add_levels(EV_ASK_SNAPSHOT, exch, ts, asks, line, 'asks')
        self.applied += 1
        self.resynced(line)
        self.book_id = L
        self.first = True
        ring_clear(&self.recent)
        self.buffer = []
        for d in rest:
            self.diff(d, ts)
        return 0

    # -- trades and top of book ---------------------------------------------------------------
    cdef int trade(self, dict msg, int64_t line, int64_t ts, int kind) except -1:
        cdef int64_t tid = msg['a'] if kind == AGG_TRADE else msg['t']
        cdef int64_t T = msg['T']
        p = msg['p']
        q = msg['q']
        cdef int ev = EV_SELL_TRADE if msg['m'] else EV_BUY_TRADE
        X = msg.get('X')                    # futures' trade stream: the trade's origin
        s = msg['s']
        if not (s == self.symbol or self.symbol_ok(s)):
            return 0
        if self.trades == NO_TRADES:
            self.trades = kind
        elif kind != self.trades:
            self.report.drop('other_stream')
            return 0
        if self.has_next_trade and tid != self.next_trade:
            if tid < self.next_trade:
                return self.old(ring_has(&self.recent_trades, tid))
            self.report.add_gap(line, ts, _TRADE_NAMES[kind], self.next_trade, tid)
        self.has_next_trade = True
        self.next_trade = tid + 1
        ring_push(&self.recent_trades, tid)
        if X is not None and X != 'MARKET':
            self.report.drop('off_book_trade')
            return 0
        self.sink.add(ev, T * MS, ts, p, q, line, 'p', 'q')
        self.applied += 1
        return 0

    cdef int book_ticker(self, dict msg, int64_t line, int64_t ts) except -1:
        cdef int64_t u = msg['u'], exch = ts
        b, B, a, A = msg['b'], msg['B'], msg['a'], msg['A']
        s = msg['s']
        E = _exchange_ms(msg)
        if E is not None:
            exch = E
            exch *= MS
        if not self.symbol_ok(s):
            return 0
        if self.has_bbo and u <= self.last_bbo:
            return self.old(u == self.last_bbo)
        self.has_bbo = True
        self.last_bbo = u
        self.sink.add(EV_BID_BBO, exch, ts, b, B, line, 'b', 'B')
        self.sink.add(EV_ASK_BBO, exch, ts, a, A, line, 'a', 'A')
        self.applied += 1
        return 0
