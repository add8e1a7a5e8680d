# Interface of the compiled evaluation of a factor graph (bt.hft.factors builds and checks the
# graph in Python, then hands its nodes here in topological order).
#
# Values: every node writes its outputs into one array of doubles (``vals``), at its own offset;
# a node's input record is gathered from that array through a list of slot indices. Sources come
# first: the book (``levels`` levels, four values each: bid price, bid size, ask price, ask size,
# missing levels NaN / 0), the trades (price, size, aggressor +1/-1; the size reads 0 again from
# the record after a trade, so a node that also takes other inputs never counts a trade twice)
# and the open interest (a side series merged by time). Change marks are per value: for each
# applied record the source values that changed are marked (a book source marks only the levels
# that moved), then every other node with a marked input value is fed its record (its core's NaN
# policy applies) and marks all its outputs when it took the value or its outputs moved. Nodes
# without a marked input are not touched.
from libc.stdint cimport int64_t, uint64_t
from backtrader.hft._cy.book cimport OrderBook, L2Event
from backtrader.hft._cy.l2replay cimport RecordSink, L2Replay

# node kinds
cdef enum:
    NK_CORE = 0             # a streaming core (microcore.MicroCore)
    NK_BOOK = 1
    NK_TRADES = 2
    NK_OI = 3


cdef struct NodeRec:
    int kind                # NK_*
    void* core              # NK_CORE: the MicroCore (owned by GraphCore.cores)
    int nin                 # values in its input record
    int* inidx              # their slots in vals
    int nout
    int outoff              # its first slot in vals
    int levels              # NK_BOOK: levels read
    int64_t* shadow         # NK_BOOK: ticks and lots of the last read (4 * levels)
    int64_t warmup          # updates needed before the node is ready
    int64_t updates         # values taken (sources: changes)


cdef class GraphCore(RecordSink):
    cdef int nnodes
    cdef int nbook                  # the book sources: booknodes[:nbook]
    cdef int* booknodes
    cdef NodeRec* nodes
    cdef readonly int nvals
    cdef double* vals
    cdef int nwords                 # 64-bit words of a node set (bit j % 64 of word j // 64)
    cdef uint64_t* dirty            # the nodes with an input value changed in this record
    cdef uint64_t* cmask            # per value v: the nodes reading it (cmask[v * nwords:])
    cdef uint64_t* omask            # per node j: the nodes reading any of its outputs
    cdef double* x                  # input record buffer
    cdef double* res                # output buffer
    cdef list cores                 # the MicroCore objects (keeps them alive)
    cdef int trade_node             # -1: none
    cdef bint trade_pending         # the last record was a trade (its size reads 0 next)
    cdef int oi_node                # -1: none
    cdef object oi_keep             # the OI series (ts int64, values float64)
    cdef const int64_t* oi_ts
    cdef const double* oi_v
    cdef Py_ssize_t oi_n, oi_pos
    cdef int64_t oi_last            # stamp of the last OI value taken (NO_TS: none)
    cdef readonly int64_t records   # records seen
    cdef readonly int64_t last_ts
    cdef int nouts
    cdef int* outnodes              # the published nodes

    cdef int on_record(self, const L2Event* e, int64_t ts, OrderBook book) except -1
    cdef void _read_book(self, int j, OrderBook book, int sides) noexcept    # 1 bid, 2 ask
    cdef void _take_oi(self, int64_t ts) noexcept
    cdef void _propagate(self, int64_t ts) noexcept
    cdef bint _ready(self, int j) noexcept
    cdef bint publish(self, double* row) noexcept   # output values, NaN while not ready;
                                                    # whether every output node is ready
    cdef bint all_ready(self) noexcept
