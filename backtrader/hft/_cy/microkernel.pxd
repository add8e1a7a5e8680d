# Interface of the adapter that runs a streaming microstructure core (microcore.MicroCore) as the
# compiled kernel of a backtrader indicator: ``next()`` feeds the core the current bar in O(1),
# ``once(start, end)`` feeds it every bar of the preloaded columns in one C loop. Both read the
# same inputs in the same order, so the two modes give identical lines.
#
# A core's input record is assembled per bar from up to three sources, in this order:
#   1. lines of the indicator's clock data (their value at the bar);
#   2. "aligned" lines of another data with its own datetime line: the value of its last bar
#      stamped at or before the bar's time (held until its next update; NaN before its first);
#   3. the top ``levels`` levels of the clock data's order book (an L2EventData), four doubles
#      per level, best first: bid price, bid size, ask price, ask size (NaN price, 0 size for a
#      missing level).
# The record is stamped with the clock data's datetime in ns.
from cpython.object cimport PyObject
from libc.stdint cimport int64_t

from backtrader._cy.kernels cimport Kernel
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader.hft._cy.microcore cimport MicroCore, MAXOUT
from backtrader.hft._cy.book cimport OrderBook

cdef enum:
    MAXLEVELS = 16


cdef class MicroKernel(Kernel):
    cdef readonly MicroCore core
    cdef double* x                      # the input record (core.nin doubles)
    cdef LineBuffer dt                  # datetime line of the clock data (None: stamps are 0)
    cdef list src                       # clock-data input lines
    cdef list asrc                      # aligned input lines
    cdef PyObject* srcv[64]             # the same, borrowed (the lists keep them alive)
    cdef PyObject* asrcv[64]
    cdef Py_ssize_t nsrc, nasrc
    cdef Py_ssize_t alen                # once mode: bars of the aligned data
    cdef LineBuffer adt                 # datetime line of the aligned data
    cdef Py_ssize_t apos                # once mode: aligned bars at or before the current bar
    cdef object bookdata                # the L2EventData whose book is read (None: no book)
    cdef int levels                     # book levels read
    cdef object state                   # bookdata's running state (resolved per run)
    cdef object oncerep                 # once mode: the private replay walking the book
    cdef list outs                      # output lines
    cdef double res[MAXOUT]
    cdef Py_ssize_t mps[MAXOUT]         # first bar (1-based) of each output line
    cdef public bint replays            # a replayed bar may come again: keep a snapshot per bar
    cdef bytes saved                    # the core's state before the current bar (replays)

    cdef void _record(self, Py_ssize_t i, bint oncemode, OrderBook book) noexcept
    cdef void _book_record(self, OrderBook book) noexcept
    cdef int64_t _stamp(self, Py_ssize_t i, bint oncemode) noexcept
