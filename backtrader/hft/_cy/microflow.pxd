# Interface of the trade-flow cores of bt.hft.indicators (see microcore.pxd for the contract).
#
# Input record: price, size, aggressor flag (+1 buy, -1 sell, 0 unknown) and, when the core is
# built with ``withmid``, the mid price of the book for the quote rule. A record with size 0 is a
# step without a trade: only the clock moves. Sides are classified by microcore's Signer.
from libc.stdint cimport int64_t
from backtrader.hft._cy.microcore cimport MicroCore, Ring, Window, DD, Signer

# what a TradeFlowCore computes from the trades of its window
cdef enum:
    F_IMBALANCE = 0         # (buy - sell) / (buy + sell) volume
    F_BUY_SHARE = 1         # buy / (buy + sell) volume (or trade count with ``bycount``)
    F_INTENSITY = 2         # trades per second (time windows only)
    F_VWAP = 3              # sum(price * size) / sum(size)


cdef class _TradeCore(MicroCore):
    cdef Signer signer
    cdef bint withmid
    cdef int _trade(self, const double* x, double* sign) noexcept    # PUSH_* of the record
    cdef _init_trade(self, str owner, classify, bint withmid, nan_policy)
    cdef void _clear_signer(self) noexcept


cdef class _RingTradeCore(_TradeCore):
    cdef Ring ring                  # the records of the window (each core says what they hold)
    cdef void _clear_ring(self) noexcept    # the signer and the ring


cdef class TradeFlowCore(_RingTradeCore):
    cdef readonly int kind
    cdef bint bycount
    cdef Window win                 # ring per trade: signed size, classified size, price * size,
                                    # size
    cdef DD sums[4]                 # their sums over the window
    cdef int64_t first_ts
    cdef void _evict(self, int64_t now) noexcept


cdef class CVDCore(_TradeCore):
    cdef DD cvd                     # running sum of signed sizes


cdef class KyleCore(_RingTradeCore):
    cdef Window win                 # ring: per trade signed sqrt size s, price change d
    cdef DD ss, sd, s2, sdd         # sums of s, d, s*s and s*d
    cdef double lastpx
    cdef int64_t first_ts
    cdef void _evict(self, int64_t now) noexcept


cdef class VPINCore(_RingTradeCore):
    cdef readonly double bucket     # volume of one bucket
    cdef readonly int nbuckets      # buckets averaged (ring: per completed bucket |buy - sell|)
    cdef double sigma               # fixed std of price changes (NaN: estimated)
    cdef DD imb                     # sum over the ring
    cdef double fill, buy, sell     # the bucket being filled
    cdef double lastpx
    cdef DD n, sdp, sdp2            # price-change count, sum, sum of squares (sigma estimate)
    cdef double _buyfrac(self, double dp) noexcept
