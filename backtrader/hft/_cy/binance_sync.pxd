# Interface of the compiled Binance synchroniser (rules: backtrader/hft/normalize/binance.py).
from libc.stdint cimport int64_t

from backtrader.hft._cy.idring cimport IdRing
from backtrader.hft._cy.streamsync cimport StreamSync


cdef class BinanceSync(StreamSync):
    cdef bint first                     # the next diff is the first after a snapshot
    cdef int64_t book_id                # final update id applied (or the snapshot's)
    cdef list buffer                    # diffs waiting for a snapshot (one continuous chain)
    cdef int trades                     # trade stream used: 0 not yet, 1 aggTrade, 2 trade
    cdef bint has_next_trade
    cdef int64_t next_trade             # the id the next trade should carry
    cdef IdRing recent_trades
    cdef bint has_bbo
    cdef int64_t last_bbo               # update id of the last bookTicker

    cdef int diff(self, tuple d, int64_t now) except -1
    cdef int apply(self, int64_t line, int64_t exch, int64_t local, object b, object a,
                   int64_t u) except -1
    cdef int gap(self, tuple d, int64_t now, int64_t expected, int64_t got) except -1
    cdef int old(self, bint duplicate) except -1     # count a message not newer than the state
    cdef int snapshot(self, dict msg, int64_t line, int64_t ts) except -1
    cdef int trade(self, dict msg, int64_t line, int64_t ts, int kind) except -1
    cdef int book_ticker(self, dict msg, int64_t line, int64_t ts) except -1
