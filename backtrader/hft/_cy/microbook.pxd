# Interface of the order-book cores of bt.hft.indicators (see microcore.pxd for the contract).
#
# Input record of every core here: ``levels`` groups of four doubles, best level first:
# bid price, bid size, ask price, ask size (a missing level: NaN price, size 0).
from libc.stdint cimport int64_t
from backtrader.hft._cy.microcore cimport MicroCore, Ring, Window, DD

# what a QuoteCore computes
cdef enum:
    Q_SPREAD = 0            # ask - bid
    Q_SPREAD_BPS = 1        # (ask - bid) / mid * 1e4
    Q_MID = 2               # (bid + ask) / 2
    Q_WEIGHTED_MID = 3      # (bid * B + ask * A) / (B + A), B/A the summed sizes of the levels
    Q_MICROPRICE = 4        # (bid * A + ask * B) / (B + A): leans to the thinner side
    Q_IMBALANCE = 5         # (B - A) / (B + A)
    Q_IMBALANCE_RATIO = 6   # min(B, A) / max(B, A)


cdef class QuoteCore(MicroCore):
    cdef readonly int kind
    cdef readonly int levels


cdef class OFICore(MicroCore):
    # Cont-Kukanov-Stoikov order flow imbalance per level, summed over ``levels`` levels and
    # over a window of records.
    cdef readonly int levels
    cdef Window win
    cdef Ring ring                  # per record: its summed contribution e
    cdef DD sum                     # sum of e over the window
    cdef double* prev               # the previous record (4 * levels doubles)
    cdef bint hasprev
    cdef int64_t first_ts          # stamp of the first contribution (NO_TS: none yet)

    cdef void _evict(self, int64_t now) noexcept


cdef class StoikovCore(MicroCore):
    # mid + a fitted adjustment looked up by spread (ticks) and imbalance bucket
    cdef readonly double tick
    cdef int nspread                # rows: spreads of 1..nspread ticks
    cdef int nimb                   # columns: imbalance buckets
    cdef double* edges              # nimb + 1 bucket edges over [0, 1]
    cdef double* adj                # nspread * nimb adjustments, in ticks
