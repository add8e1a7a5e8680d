# Interface of the compiled L2 (market-by-price) order book.
#
# Prices are int64 ticks and sizes int64 lots. Each side is stored in "key"
# space, key = sign * tick with sign +1 for bids and -1 for asks, so that the
# best level of either side is its largest key and one routine serves both.
# Levels whose key lies in the side's dense window [lo, lo + cap) live in a
# flat array indexed by key - lo; the few that fall outside it live in a small
# sorted overflow array. The window is re-centred (and grown) around the best
# level when the best level leaves it, so updates near the touch never
# allocate.
from libc.stdint cimport int64_t, uint64_t

# Sides (also the sign of a side's keys)
cdef enum:
    SIDE_BID = 1
    SIDE_ASK = -1

# Crossed-update policies
cdef enum:
    CROSS_FIX = 0      # hide the opposite levels the new level crosses (hftbacktest)
    CROSS_FLAG = 1     # keep the crossed book and count it
    CROSS_RAISE = 2    # refuse the update with ValueError

# Sentinels of the public best ticks: no bid is INT64_MIN, no ask INT64_MAX
cdef extern from "<stdint.h>":
    const int64_t NO_BID "INT64_MIN"
    const int64_t NO_ASK "INT64_MAX"


cdef packed struct L2Event:
    # One 64-byte record of hftbacktest's event_dtype.
    uint64_t ev
    int64_t exch_ts
    int64_t local_ts
    double px
    double qty
    uint64_t order_id
    int64_t ival
    double fval


cdef struct BookSide:
    int64_t* q          # dense window: q[key - lo] = lots at that key (0: no level)
    int64_t lo          # key of q[0]
    int64_t cap         # window length in ticks
    int64_t nwin        # non-zero slots in the window
    int64_t* okey       # overflow: keys outside the window, ascending
    int64_t* oqty       # overflow: their lots (never 0)
    int64_t on          # overflow entries used
    int64_t ocap        # overflow entries allocated
    bint has_best       # the side shows a best level
    int64_t best        # key of the best level (valid when has_best)
    int64_t floor       # lowest key set since the side last became empty
                        # (the bound of the next-best scans, as hftbacktest's
                        # low_bid_tick / high_ask_tick)


cdef class OrderBook:
    cdef readonly double tick_size          # price of one tick
    cdef readonly double lot_size           # size of one lot
    cdef readonly int64_t best_bid_tick     # NO_BID when the bid side is empty
    cdef readonly int64_t best_ask_tick     # NO_ASK when the ask side is empty
    cdef readonly int64_t best_bid_qlot     # 0 when the bid side is empty
    cdef readonly int64_t best_ask_qlot     # 0 when the ask side is empty
    cdef readonly int crossed_policy        # CROSS_FIX, CROSS_FLAG or CROSS_RAISE
    cdef readonly int64_t n_crossed         # updates that crossed or locked the book
    cdef readonly int64_t n_hidden          # opposite levels hidden by 'fix'
    cdef readonly int64_t n_rejected        # updates refused by 'raise'
    cdef BookSide bid
    cdef BookSide ask
    cdef double inv_tick
    cdef double inv_lot
    cdef double tick_div                    # N when tick_size is 1/N for a whole N, else 0;
                                            # prices are then tick / N (100.03, not
                                            # 100.03000000000001)
    cdef double lot_div                     # the same for lot_size and sizes

    # -- mutation (ticks and lots) ------------------------------------------
    cdef int update_tick(self, int side, int64_t ptick, int64_t qlot) except -1   # qlot 0 deletes
    cdef int clear_tick(self, int side, int64_t up_to_tick) except -1   # side 0 = both sides
    cdef int clear_all(self) except -1
    # applies DEPTH / DEPTH_SNAPSHOT / DEPTH_CLEAR records, skips TRADE and DEPTH_BBO ones
    cdef int64_t apply_events_c(self, const L2Event* ev, Py_ssize_t n) except -1

    # -- queries -----------------------------------------------------------
    cdef int64_t qlot_at_tick(self, int side, int64_t ptick) noexcept
    cdef double imbalance_c(self, int n) noexcept            # top-n levels, NaN when both empty
    cdef int64_t cum_qlot(self, int side, int n) noexcept     # lots in the top-n levels
    # top-n visible levels, best first, into ticks (may be NULL) and qlots; returns the count
    cdef Py_ssize_t levels_c(self, int side, Py_ssize_t n, int64_t* ticks, int64_t* qlots) noexcept
    cdef int64_t price_to_tick(self, double price) except? -1  # checks grid, raises ValueError
    cdef int64_t qty_to_lot(self, double qty) except? -1       # checks grid and sign

    # -- internal ------------------------------------------------------------
    cdef void _refresh(self) noexcept                          # best_* fields from the sides
    cdef int _raise_crossed(self, int side, int64_t ptick) except -1
    cdef int _bad_record(self, const L2Event* ev, Py_ssize_t i) except -1


cdef inline double ticks_to_price(OrderBook b, double ticks) noexcept:
    """Price of a (possibly fractional) number of ticks."""
    return ticks / b.tick_div if b.tick_div != 0 else ticks * b.tick_size


cdef inline double lots_to_qty(OrderBook b, double lots) noexcept:
    """Size of a (possibly fractional) number of lots."""
    return lots / b.lot_div if b.lot_div != 0 else lots * b.lot_size


# A side given as 1/-1 or a name ('bid'/'buy'/'b', 'ask'/'sell'/'a'/'s') -> SIDE_BID/SIDE_ASK;
# ValueError naming ``where`` otherwise.
cdef int parse_side(object side, str where) except 0
