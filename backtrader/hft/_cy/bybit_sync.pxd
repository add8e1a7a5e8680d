# Interface of the compiled Bybit v5 synchroniser (rules: backtrader/hft/normalize/bybit.py).
from libc.stdint cimport int64_t

from backtrader.hft._cy.eventsink cimport EventSink
from backtrader.hft._cy.idring cimport IdRing


cdef class BybitSync:
    cdef EventSink sink                 # where the records go
    cdef object report                  # the NormalizeReport (drops, gaps, resyncs)
    cdef readonly object symbol         # the symbol kept (None until the first message)
    cdef readonly object topic          # the orderbook topic kept (None until the first)
    cdef bint clear_on_gap              # emit a whole-book clear where a gap invalidates the book
    cdef bint synced                    # the book follows the exchange's
    cdef bint ever_synced
    cdef int64_t book_u                 # update id of the book
    cdef int64_t applied                # messages applied
    cdef list open_gaps                 # report entries of gaps not yet re-synced
    cdef IdRing recent                  # update ids applied lately
    cdef object recent_trades           # trade ids seen lately (a bounded deque: ids are strings)

    cdef int message(self, dict msg, int64_t line, int64_t ts) except -1
    cdef bint symbol_ok(self, object s) except -1
    cdef int book(self, dict msg, int64_t line, int64_t ts, object topic) except -1
    cdef int trades(self, dict msg, int64_t line, int64_t ts) except -1
