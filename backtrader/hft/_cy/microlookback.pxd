# Interface of the look-back cores of bt.hft.indicators (see microcore.pxd for the contract):
# values compared with those of an earlier record, the record ``period`` records back or the
# last one stamped at or before ``now - span`` (the slower series held until its next update).
from libc.stdint cimport int64_t
from backtrader.hft._cy.microcore cimport MicroCore, Ring, Window

cdef enum:
    L_RETURN = 0            # input: price;      output: ln(p / p_base)
    L_OIDELTA = 1           # input: OI;         outputs: oi - oi_base, (oi - oi_base) / oi_base
    L_REGIME = 2            # inputs: price, OI; outputs: regime code, price change, OI change

# market regimes (signs of the relative price and OI changes beyond their neutral bands)
cdef enum:
    R_NEUTRAL = 0
    R_LONG_BUILDUP = 1      # price up, OI up
    R_SHORT_BUILDUP = 2     # price down, OI up
    R_LONG_UNWINDING = 3    # price down, OI down
    R_SHORT_COVERING = 4    # price up, OI down


cdef class LookbackCore(MicroCore):
    cdef readonly int kind
    cdef Window win
    cdef Ring ring                  # the records that may still be a base
    cdef readonly double price_band # |relative price change| at or below it is no change
    cdef readonly double oi_band    # the same for OI
