# The codes of the ``ev`` field of hftbacktest's event records, for every compiled module that
# reads or writes them (no module of its own: declarations and inline helpers only).
#
# ``ev`` holds the kind in its low byte and flags in its high bits. backtrader/hft/events.py
# gives Python the same names and values; tests/hft/test_event_codes.py checks that they agree.
from libc.stdint cimport uint64_t

# kinds (the low byte)
cdef enum:
    KIND_MASK = 0xFF
    DEPTH_EVENT = 1             # set a price level (qty 0 deletes it)
    TRADE_EVENT = 2             # a trade; the side flag names the aggressor
    DEPTH_CLEAR_EVENT = 3       # clear a side up to px (no side flag: the whole book)
    DEPTH_SNAPSHOT_EVENT = 4    # a level of a snapshot, applied as DEPTH
    DEPTH_BBO_EVENT = 5         # a best bid or offer
    ADD_ORDER_EVENT = 10        # market-by-order (L3) kinds: ADD_ORDER_EVENT..FILL_EVENT
    CANCEL_ORDER_EVENT = 11
    MODIFY_ORDER_EVENT = 12
    FILL_EVENT = 13

# flags (64-bit constants: bit 31 does not fit a C enum)
cdef extern from *:
    """
    #define BTHFT_EXCH_EVENT   (UINT64_C(1) << 31)
    #define BTHFT_LOCAL_EVENT  (UINT64_C(1) << 30)
    #define BTHFT_BUY_EVENT    (UINT64_C(1) << 29)
    #define BTHFT_SELL_EVENT   (UINT64_C(1) << 28)
    """
    const uint64_t EXCH_EVENT "BTHFT_EXCH_EVENT"      # the exchange processes it at exch_ts
    const uint64_t LOCAL_EVENT "BTHFT_LOCAL_EVENT"    # the strategy receives it at local_ts
    const uint64_t BUY_EVENT "BTHFT_BUY_EVENT"        # bid level, or buyer-initiated trade
    const uint64_t SELL_EVENT "BTHFT_SELL_EVENT"      # ask level, or seller-initiated trade


cdef inline int ev_kind(uint64_t ev) noexcept nogil:
    """The kind of a record (its low byte)."""
    return <int>(ev & KIND_MASK)


cdef inline int ev_side(uint64_t ev) noexcept nogil:
    """+1 for a BUY_EVENT record, -1 for a SELL_EVENT one, 0 for neither (book.pxd's SIDE_BID and
    SIDE_ASK have these values)."""
    if ev & BUY_EVENT:
        return 1
    if ev & SELL_EVENT:
        return -1
    return 0
