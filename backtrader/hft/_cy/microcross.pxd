# Interface of the cross-asset cores of bt.hft.indicators (see microcore.pxd for the contract).
# Input record: a value of each series at the same time (the indicator holds the slower one).
from libc.stdint cimport int64_t
from backtrader.hft._cy.microcore cimport MicroCore, Ring, Window, DD

cdef enum:
    P_CORRELATION = 0       # Pearson correlation of a and b
    P_BETA = 1              # least-squares slope of a on b
    P_SPREAD = 2            # a - hedge * b, hedge = slope of a on b (outputs: spread, hedge)


cdef class PairCore(MicroCore):
    cdef readonly int kind
    cdef readonly bint returns      # use log returns between consecutive records (else levels)
    cdef Window win
    cdef Ring ring                  # per record: a, b (or their returns)
    cdef DD sa, sb, saa, sbb, sab
    cdef double preva, prevb
    cdef int64_t first_ts
    cdef void _move(self, double a, double b, double sign) noexcept


cdef class ZScoreCore(MicroCore):
    cdef Window win
    cdef Ring ring
    cdef DD s, s2
    cdef int64_t first_ts
