# Interface of what the exchange synchronisers share (binance_sync, bybit_sync): the settings,
# the sync state every exchange keeps, and the reading of a recording message by message.
from libc.stdint cimport int64_t

from backtrader.hft._cy.eventsink cimport EventSink
from backtrader.hft._cy.idring cimport IdRing


cdef class StreamSync:
    cdef EventSink sink                 # where the records go
    cdef object report                  # the NormalizeReport (drops, gaps, resyncs)
    cdef readonly object symbol         # the symbol kept (None until the first message)
    cdef bint clear_on_gap              # emit a whole-book clear where a gap invalidates the book
    cdef bint synced                    # the book follows the exchange's
    cdef bint ever_synced
    cdef int64_t applied                # messages applied
    cdef list open_gaps                 # report entries of gaps not yet re-synced
    cdef IdRing recent                  # update ids applied lately

    cdef int message(self, dict msg, int64_t line, int64_t ts) except -1   # one message
    cdef int finish(self) except -1     # the end of the recording (counts what is left)
    cdef bint symbol_ok(self, object s) except -1
    cdef int resynced(self, int64_t line) except -1
