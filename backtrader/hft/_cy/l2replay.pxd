# Interface of the compiled L2 event replay: walks an array of hftbacktest event records step by
# step (one event, one timestamp batch or one time interval per step), applies the depth events to
# an OrderBook and reports the top of book and the last trade after each step.
from libc.stdint cimport int64_t, uint64_t
from backtrader.hft._cy.book cimport OrderBook, L2Event
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.feedstep cimport FeedStep
from backtrader.hft._cy.pagerelease cimport PageRelease

# how records are grouped into steps
cdef enum:
    STEP_EVENT = 0          # one applied record per step
    STEP_TIMESTAMP = 1      # every applied record sharing a timestamp
    STEP_INTERVAL = 2       # everything up to the next interval boundary

# record classes (report accounting)
cdef enum:
    C_DEPTH = 0
    C_TRADE = 1
    C_CLEAR = 2
    C_SNAPSHOT = 3
    C_BBO = 4
    C_OTHER_SIDE = 5        # not flagged for the chosen timestamp side
    C_L3 = 6                # market-by-order kinds (10..13): not for an L2 book
    C_BBO_SKIPPED = 7       # DEPTH_BBO with bbo='skip' (hftbacktest's local book ignores them)
    N_CLASSES = 8


# the class (C_*, or a subclass's own) of a record for the timestamp side ``flag``; -1: unknown
ctypedef int (*Classifier)(const L2Event* e, uint64_t flag, bint bbo) noexcept

cdef enum:
    MAX_CLASSES = 16        # classes count_classes can count

# Counts of the classes of records lo..hi (exclusive); ``release``: release the pages behind.
cdef list count_classes(const unsigned char[::1] raw, Classifier classify_fn, int nclasses,
                        bint local, bint bbo, Py_ssize_t lo, Py_ssize_t hi, bint release)


cdef struct StepValues:
    int64_t ts              # time of the step, ns
    double bid, ask         # best prices, NaN when a side is empty
    double bidsize, asksize # sizes at the best prices, 0.0 when empty
    double mid, spread      # NaN unless both sides show a level
    double price, size      # last trade so far (NaN before the first)
    double side             # its aggressor: +1 buyer, -1 seller, 0 none / no trade yet
    double volume           # traded size within this step


cdef class RecordSink:
    # Told of every record a replay applies (L2Replay.sink), right after the book took it;
    # ``ts`` is the record's time on the replay's timestamp side.
    cdef int on_record(self, const L2Event* e, int64_t ts, OrderBook book) except -1


cdef class L2Replay:
    cdef public RecordSink sink     # told of every applied record (None: nobody listens)
    cdef const L2Event* ev          # the records
    cdef const int64_t* ptick       # per-record price in ticks, or NULL (computed from px)
    cdef const int64_t* qlot        # per-record size in lots, or NULL (computed from qty)
    cdef readonly Py_ssize_t n      # number of records
    cdef readonly Py_ssize_t pos    # next record to look at
    cdef object _keep               # the objects owning the memory above
    cdef readonly OrderBook book
    cdef uint64_t flag              # LOCAL_EVENT or EXCH_EVENT
    cdef bint local                 # timestamps from local_ts (else exch_ts)
    cdef readonly int mode          # STEP_*
    cdef readonly int64_t interval  # STEP_INTERVAL: length, ns
    cdef int64_t boundary           # STEP_INTERVAL: time of the next wake-up
    cdef bint bbo                   # apply DEPTH_BBO records
    cdef readonly int64_t steps     # steps made
    cdef StepValues vals            # values after the last step
    cdef double inv_tick, inv_lot
    cdef readonly bint release      # the records are a read-only file map: release behind pos
    cdef PageRelease pages          # the records' pages behind pos (off unless ``release``);
                                    # another cursor over the records copies it, see pagerelease

    cdef bint applies(self, Py_ssize_t i) noexcept
    cdef Py_ssize_t next_applied(self, Py_ssize_t i) noexcept
    cdef int apply(self, Py_ssize_t i) except -1
    cdef int take(self, Py_ssize_t i) except -1     # apply, then tell the sink
    cdef int64_t peek(self) noexcept
    cdef int step(self, bint dry) except -1
    cdef int64_t interval_steps_left(self) noexcept
    cdef int step_to(self, int64_t k) except -1
    cdef void fill(self) noexcept


cdef class L2FeedState(FeedStep):
    # What an L2EventData holds while it runs: the replay that produces its steps, a second
    # replay kept in step with what the strategies see (``data.book``), and its lines. Its
    # ``step`` (FeedStep) is the streaming data's ``next``.
    cdef readonly L2Replay rep      # producer: one step ahead at most (or at the end, preloaded)
    cdef readonly L2Replay live     # synced lazily to the delivered step for ``data.book``
    cdef LineBuffer dt              # the datetime line
    cdef LineBuffer l_close, l_open, l_high, l_low     # all hold the mid
    cdef LineBuffer l_volume, l_oi
    cdef LineBuffer l_bid, l_ask, l_bidsize, l_asksize, l_spread
    cdef LineBuffer l_price, l_size, l_side
    cdef list lines                 # every line of the data
    cdef int64_t from_ns, to_ns     # delivery window (steps before it only warm the book up)
    cdef readonly int64_t warmup    # steps made before from_ns
    cdef readonly bint ended

    cdef int step(self, object datamaster) except -2
    cdef OrderBook book_now(self)
    cdef void _push(self, StepValues* v) noexcept
