# Interface of the compiled Bybit v5 synchroniser (rules: backtrader/hft/normalize/bybit.py).
from libc.stdint cimport int64_t

from backtrader.hft._cy.streamsync cimport StreamSync


cdef class BybitSync(StreamSync):
    cdef readonly object topic          # the orderbook topic kept (None until the first)
    cdef int64_t book_u                 # update id of the book
    cdef object recent_trades           # trade ids seen lately (a bounded deque: ids are strings)

    cdef int book(self, dict msg, int64_t line, int64_t ts, object topic) except -1
    cdef int trades(self, dict msg, int64_t line, int64_t ts) except -1
