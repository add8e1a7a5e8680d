# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Growable event records in hftbacktest's 64-byte layout, with exact ticks and lots beside.

The compiled normalisers write one record per book change or trade; prices and sizes are
converted exactly to the instrument's tick and lot grids (``gridconv``), and a record's ``px``
and ``qty`` are their grid values.
"""
from libc.stdint cimport int64_t, uint64_t
from cpython.list cimport PyList_GET_SIZE
from cpython.tuple cimport PyTuple_GET_SIZE

import numpy as np

from backtrader.hft._cy.gridconv cimport (CONV_OK, CONV_OFF, CONV_RANGE, Grid,
                                          make_grid, convert, exact_units, grid_value)
from backtrader.hft._cy.eventkinds cimport EXCH_EVENT, LOCAL_EVENT


class GridError(ValueError):
    """A price or size the sink refused; ``line`` and ``field`` say where it came from."""

    def __init__(self, line, field, what):
        self.line, self.field, self.what = line, field, what
        super().__init__('line %d, field %r: %s' % (line, field, what))


cdef int _refuse(int rc, object value, str what, str sign, str grid, double step, int64_t line,
                 object field) except -1:
    """Raise the GridError of a ``what`` (price or size) that ``convert`` refused with
    outcome ``rc`` (CONV_OK: it has the wrong sign)."""
    if rc == CONV_OFF:
        why = 'is off the %s grid' % grid
    elif rc == CONV_RANGE:
        why = 'is beyond the exactly convertible range of the %s grid' % grid
    else:
        raise GridError(line, field, '%s %r is not %s number' % (what, value, sign))
    raise GridError(line, field, '%s %r %s (%s_size=%r)' % (what, value, why, grid, step))


cdef class EventSink:
    """Event records on a tick / lot grid, filled by the compiled normalisers.

    Records are written in hftbacktest's 64-byte layout, with their exact ticks and lots beside.

    Parameters
    ----------
    tick_size, lot_size : float
        The price and size grids (decimals such as 0.01 or 0.5).
    expected : int
        Records to allocate room for at first (the columns grow as needed).
    """

    def __init__(self, double tick_size, double lot_size, Py_ssize_t expected=4096):
        make_grid(&self.tick, tick_size)
        make_grid(&self.lot, lot_size)
        self.n = 0
        self.cap = 0
        for i in range(8):
            self.kinds[i] = 0
        self.reserve(max(expected, 16))

    cdef int reserve(self, Py_ssize_t extra) except -1:
        cdef Py_ssize_t cap
        if self.n + extra <= self.cap:
            return 0
        cap = max(2 * self.cap, self.n + extra)
        buf = np.empty(cap * sizeof(L2Event), np.uint8)
        ptick = np.empty(cap, np.int64)
        qlot = np.empty(cap, np.int64)
        if self.n:
            buf[:self.n * sizeof(L2Event)] = self.buf[:self.n * sizeof(L2Event)]
            ptick[:self.n] = self.ptick_arr[:self.n]
            qlot[:self.n] = self.qlot_arr[:self.n]
        self.buf, self.ptick_arr, self.qlot_arr = buf, ptick, qlot
        self.rec = <L2Event*><size_t>buf.ctypes.data
        self.ptick = <int64_t*><size_t>ptick.ctypes.data
        self.qlot = <int64_t*><size_t>qlot.ctypes.data
        self.cap = cap
        return 0

    cdef int add_raw(self, uint64_t ev, int64_t exch, int64_t local, double px, double qty,
                     int64_t ptick, int64_t qlot) except -1:
        cdef Py_ssize_t i = self.n
        cdef L2Event* r
        if i == self.cap:
            self.reserve(1)
        r = &self.rec[i]
        self.kinds[ev & 7] += 1
        r.ev = ev | EXCH_EVENT | LOCAL_EVENT
        r.exch_ts = exch
        r.local_ts = local
        r.px = px
        r.qty = qty
        r.order_id = 0
        r.ival = 0
        r.fval = 0.0
        self.ptick[i] = ptick
        self.qlot[i] = qlot
        self.n = i + 1
        return 0

    cdef int add(self, uint64_t ev, int64_t exch, int64_t local, object price, object size,
                 int64_t line, object pfield, object qfield) except -1:
        cdef double p, q
        cdef int64_t pt, ql
        cdef int rc = convert(price, &self.tick, &p, &pt)
        if rc != CONV_OK or pt <= 0:
            _refuse(rc, price, 'price', 'a positive', 'tick', self.tick.step, line, pfield)
        rc = convert(size, &self.lot, &q, &ql)
        if rc != CONV_OK or ql < 0:
            _refuse(rc, size, 'size', 'a non-negative', 'lot', self.lot.step, line, qfield)
        return self.add_raw(ev, exch, local, p, q, pt, ql)

    cdef int add_levels(self, uint64_t ev, int64_t exch, int64_t local, object levels,
                        int64_t line, object field) except -1:
        if type(levels) is not list:
            raise GridError(line, field, 'expected a list of [price, size] pairs, got %r'
                            % (levels,))
        self.reserve(PyList_GET_SIZE(levels))
        for lv in <list>levels:
            if type(lv) is list and PyList_GET_SIZE(lv) == 2:
                self.add(ev, exch, local, (<list>lv)[0], (<list>lv)[1], line, field, field)
            elif type(lv) is tuple and PyTuple_GET_SIZE(lv) == 2:
                self.add(ev, exch, local, (<tuple>lv)[0], (<tuple>lv)[1], line, field, field)
            else:
                raise GridError(line, field, 'level %r is not a [price, size] pair' % (lv,))
        return 0

    def result(self):
        """``(records, ptick, qlot)``: the records written as bytes (``n * 64``, view them as
        ``event_dtype``) and their int64 ticks and lots, views of the sink's buffers (room never
        written to takes address space, not memory).

        A record's ``px`` and ``qty`` are its grid values ``ptick * tick_size`` and
        ``qlot * lot_size`` correctly rounded: for a decimal string on the grid, the double
        nearest to it."""
        cdef Py_ssize_t n = self.n, i
        cdef L2Event* r
        for i in range(n):                     # the grid values, correctly rounded
            r = &self.rec[i]
            if exact_units(self.ptick[i], &self.tick):
                r.px = grid_value(self.ptick[i], &self.tick)
            if exact_units(self.qlot[i], &self.lot):
                r.qty = grid_value(self.qlot[i], &self.lot)
        return self.buf[:n * sizeof(L2Event)], self.ptick_arr[:n], self.qlot_arr[:n]

    def kind_counts(self):
        """Records written per kind: a list indexed by the kind (``ev & 0xFF``), 0 to 7."""
        return [self.kinds[i] for i in range(8)]
