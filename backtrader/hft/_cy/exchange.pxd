# Interface of the compiled matching engine behind bt.hft.BidAskBroker (one per data).
#
# The engine replays the data's records flagged EXCH_EVENT at exch_ts on its own OrderBook, keeps
# our resting orders with their queue positions, and carries requests to the exchange (arriving
# after the entry latency) and responses back (arriving after the response latency) on two
# first-in-first-out buses. Sizes are int64 lots, prices int64 ticks inside.
from libc.stdint cimport int64_t, int32_t
from backtrader.hft._cy.book cimport OrderBook, L2Event
from backtrader.hft._cy.queuemodel cimport QueueModel, QueuePos
from backtrader.hft._cy.latency cimport OrderLatency
from backtrader.hft._cy.fees cimport FeeModel
from backtrader.hft._cy.pagerelease cimport PageRelease

# order kinds and times in force
cdef enum:
    OK_MARKET = 0
    OK_LIMIT = 1

cdef enum:
    TIF_GTC = 0
    TIF_IOC = 1
    TIF_FOK = 2
    TIF_GTX = 3

# where an order stands at the exchange
cdef enum:
    XS_FREE = 0         # slot unused
    XS_SENT = 1         # reserved by the strategy, the request not processed yet
    XS_RESTING = 2      # in the book
    XS_DONE = 3         # no longer at the exchange (the slot waits for reuse)

# request kinds
cdef enum:
    REQ_NEW = 0
    REQ_CANCEL = 1

# response kinds
cdef enum:
    R_ACK = 0           # accepted by the exchange
    R_FILL = 1          # a fill (qty lots at px)
    R_CANCELED = 2      # cancelled on request
    R_EXPIRED = 3       # ended by the exchange with a size left (IOC/market remainder)
    R_REJECTED = 4      # refused (reason)
    R_CANCEL_REJECTED = 5   # a cancel found the order no longer at the exchange

# rejection reasons
cdef enum:
    RS_NONE = 0
    RS_GTX_TAKE = 1     # post-only order would take
    RS_FOK = 2          # FOK cannot fill whole
    RS_NO_DEPTH = 3     # market order without enough displayed depth (no_partial) / none at all
    RS_LATENCY = 4      # the latency model rejected the request
    RS_IOC = 5          # IOC with nothing to take (or a remainder), R_EXPIRED
    RS_UNFILLED = 6     # a market order's remainder beyond the displayed depth, R_EXPIRED
    RS_CLEARED = 7      # the book side it rested on was cleared (L3 data), R_EXPIRED


cdef struct XOrder:
    int64_t oid         # the broker's order id (order.ref)
    int64_t tick        # limit price in ticks (market: unused)
    int64_t leaves      # lots not yet filled
    int32_t side        # +1 buy, -1 sell
    int32_t kind        # OK_*
    int32_t tif         # TIF_*
    int32_t state       # XS_*
    int32_t next        # next order of the same hash bucket / free list, -1 none
    int32_t prev        # previous order of the same hash bucket, -1 none
    QueuePos q


cdef struct Request:
    int64_t ts          # arrival at the exchange
    int64_t oid
    int32_t slot
    int32_t kind        # REQ_*


cdef struct Response:
    int64_t recv_ts     # receipt by the strategy
    int64_t exch_ts     # time of the exchange's answer
    int64_t oid
    double px           # fill price (R_FILL)
    double fee          # fill fee, money (R_FILL)
    int64_t qty         # fill lots (R_FILL)
    int64_t leaves      # lots left after it
    int32_t kind        # R_*
    int32_t reason      # RS_*
    int32_t side
    int32_t maker


cdef struct FillRow:
    # one row of BidAskBroker.fill_log()
    int64_t exch_ts
    int64_t local_ts
    int64_t order
    int64_t side
    double px
    double qty
    int64_t maker
    double fee


cdef class Exchange:
    cdef const L2Event* ev          # the records
    cdef const int64_t* ptick       # per-record ticks, or NULL
    cdef const int64_t* qlot        # per-record lots, or NULL
    cdef readonly Py_ssize_t n
    cdef readonly Py_ssize_t pos    # next record to look at
    cdef object _keep
    cdef PageRelease pages          # releases the mapped records' pages behind ``pos``
    cdef readonly OrderBook book    # the exchange's book
    cdef readonly QueueModel queue_model
    cdef readonly OrderLatency latency
    cdef readonly FeeModel fees
    cdef readonly bint partial      # partial fills allowed
    cdef readonly bint take_best    # no_partial takers: whole size at the best price (hftbacktest)
    cdef double tick_size, lot_size, inv_tick, inv_lot
    cdef readonly int64_t now       # time processed up to (ns)

    cdef XOrder* ords
    cdef int32_t cap, free_head
    cdef int32_t nrest[2]           # resting orders per side (0 buy, 1 sell)
    cdef int32_t* bucket            # 2 * NBUCKET heads: (side, tick) -> first order

    cdef Request* rq
    cdef Py_ssize_t rq_head, rq_n, rq_cap
    cdef int64_t rq_last
    cdef Response* rs
    cdef Py_ssize_t rs_head, rs_n, rs_cap
    cdef int64_t rs_last

    cdef FillRow* fl
    cdef Py_ssize_t fl_n, fl_cap

    cdef int64_t* lv_ticks          # scratch for level walks
    cdef int64_t* lv_lots
    cdef Py_ssize_t lv_cap

    cdef readonly int64_t n_fills, n_rejected, n_expired, n_cancelled

    # -- strategy side ------------------------------------------------------------------------
    cdef int32_t submit_c(self, int64_t oid, int side, int kind, int tif, int64_t tick,
                          int64_t lots, int64_t local_ts) except -2
    cdef int cancel_c(self, int32_t slot, int64_t oid, int64_t local_ts) except -1
    cdef int advance_c(self, int64_t t) except -1
    cdef bint pop_c(self, int64_t t, Response* out) noexcept
    cdef bint receive_c(self, int64_t t, Response* out) except -1
    cpdef object send(self, int64_t oid, int side, int exectype, object price, double size,
                      object tif, int64_t local_ts)

    # -- exchange side ------------------------------------------------------------------------
    cdef int _record(self, Py_ssize_t i) except -1
    cdef int _request(self, Request* r) except -1
    cdef int _new(self, int32_t slot, int64_t ts) except -1
    cdef int _cancel(self, int32_t slot, int64_t oid, int64_t ts) except -1
    cdef int _take(self, int32_t slot, int64_t ts) except -1
    cdef int _rest(self, int32_t slot, int64_t ts) except -1
    cdef int _trade(self, int side, int64_t tick, double qty, int64_t ts) except -1
    cdef int _cross(self, int side, int64_t best, int64_t ts) except -1
    cdef int _level_changed(self, int side, int64_t tick, double prev_qty,
                            double new_qty) noexcept
    cdef int _fill(self, int32_t slot, int64_t ts, double px, int64_t lots, bint maker) except -1
    cdef int _end(self, int32_t slot) noexcept
    cdef int _respond(self, int64_t ts, int64_t oid, int kind, int reason, int side) except -1
    cdef Response* _push_resp(self, int64_t recv_ts) except NULL
    cdef Response* _answer(self, int64_t recv_ts, int64_t exch_ts, int64_t oid, int kind,
                           int reason, int side, int64_t leaves) except NULL
    cdef int32_t _alloc(self) except -1
    cdef Py_ssize_t _next_exch(self, Py_ssize_t i) noexcept
    cdef int32_t* _head(self, int side, int64_t tick) noexcept
    cdef int _push_req(self, int64_t ts, int64_t oid, int32_t slot, int kind) except -1
    cdef int _log(self, Response* r) except -1
    cdef void _link(self, int32_t slot) noexcept
    cdef void _unlink(self, int32_t slot) noexcept
    cdef Py_ssize_t _levels(self, int side, Py_ssize_t need) except -1
