# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Bars built from trade ticks: one state machine for tick-count, volume and dollar bars.

A bar collects ticks until its *measure* (the number of ticks, the summed size, or the summed
``price * size``) reaches the threshold; the tick that makes it reach or pass the threshold is the
bar's last one and belongs to it whole (ticks are never split, so a volume or dollar bar may end
above its threshold). The bar carries the stamp of that last tick.

The same :meth:`BarAggregator.add` step serves the per-tick path (``push``) and the column path
(``aggregate``), so both give the same bars.
"""
from libc.math cimport NAN
from libc.stdint cimport int64_t

from backtrader._cy.buffer cimport Buffer, as_buffer, new_buffer, F64, I64

_KINDS = {'ticks': BAR_TICKS, 'volume': BAR_VOLUME, 'value': BAR_VALUE}
# the columns of a block of bars, in output order
BAR_COLUMNS = ('datetime', 'open', 'high', 'low', 'close', 'volume', 'vwap')


cdef inline double _vwap(const OpenBar* b) noexcept:
    return b.notional / b.volume if b.volume > 0.0 else NAN


cdef class BarAggregator:
    """Aggregate ticks into bars closing at a threshold.

    Parameters
    ----------
    kind : {'ticks', 'volume', 'value'}
        What the threshold counts: ticks, summed size, or summed ``price * size``.
    threshold : float
        A bar closes with the tick that brings its measure to at least this (> 0).
    """

    def __init__(self, kind, double threshold):
        if kind not in _KINDS:
            raise ValueError("BarAggregator: kind must be one of %s, not %r"
                             % (sorted(_KINDS), kind))
        if not threshold > 0.0:
            raise ValueError('BarAggregator: threshold must be > 0, not %r' % (threshold,))
        self.kind = _KINDS[kind]
        self.threshold = threshold
        self.bars_closed = 0
        self.restart()

    cdef void restart(self) noexcept:
        self.bar.nticks = 0
        self.bar.volume = 0.0
        self.bar.notional = 0.0
        self.bar.measure = 0.0

    cdef bint add(self, int64_t ns, double price, double size) noexcept:
        """Add one tick; True when it completes the bar (read it, then ``restart``)."""
        cdef OpenBar* b = &self.bar
        if b.nticks == 0:
            b.open = b.high = b.low = price
        elif price > b.high:
            b.high = price
        elif price < b.low:
            b.low = price
        b.close = price
        b.last_ns = ns
        b.nticks += 1
        b.volume += size
        b.notional += price * size
        if self.kind == BAR_TICKS:
            b.measure += 1.0
        elif self.kind == BAR_VOLUME:
            b.measure += size
        else:
            b.measure += price * size
        if b.measure >= self.threshold:
            self.bars_closed += 1
            return True
        return False

    # -- Python API -----------------------------------------------------------------------
    @property
    def pending(self):
        """Ticks in the bar being built (0 when none is open)."""
        return self.bar.nticks

    def push(self, int64_t ns, double price, double size):
        """Add one tick; the completed bar as a tuple
        ``(ns, open, high, low, close, volume, vwap)``, or None while the bar is open."""
        if not self.add(ns, price, size):
            return None
        out = self._current()
        self.restart()
        return out

    def _current(self):
        cdef OpenBar* b = &self.bar
        return (b.last_ns, b.open, b.high, b.low, b.close, b.volume, _vwap(b))

    def flush(self):
        """The incomplete bar as such a tuple (and start afresh), or None if no tick is pending."""
        if self.bar.nticks == 0:
            return None
        out = self._current()
        self.restart()
        return out

    def aggregate(self, ns, price, size):
        """Feed columns of ticks (int64 ns, float64 price and size); returns the bars they
        complete as a dict of :data:`BAR_COLUMNS` Buffers. An incomplete bar carries over to the
        next call (see :meth:`flush`)."""
        cdef Buffer tns = as_buffer(ns, I64)
        cdef Buffer tpx = as_buffer(price, F64)
        cdef Buffer tsz = as_buffer(size, F64)
        cdef Py_ssize_t n = tns.n, i, k = 0, cap
        if tpx.n != n or tsz.n != n:
            raise ValueError('BarAggregator.aggregate: columns of different lengths (%d, %d, %d)'
                             % (n, tpx.n, tsz.n))
        cdef int64_t* t = tns.i64()
        cdef double* p = tpx.f64()
        cdef double* s = tsz.f64()
        # a bar needs at least one tick; tick bars need exactly `threshold` of them
        cap = n + 1
        cdef Buffer o_ns = new_buffer(cap, I64)
        cdef list outs = [new_buffer(cap, F64) for _ in range(6)]
        cdef double* o_op = (<Buffer>outs[0]).f64()
        cdef double* o_hi = (<Buffer>outs[1]).f64()
        cdef double* o_lo = (<Buffer>outs[2]).f64()
        cdef double* o_cl = (<Buffer>outs[3]).f64()
        cdef double* o_vo = (<Buffer>outs[4]).f64()
        cdef double* o_vw = (<Buffer>outs[5]).f64()
        cdef int64_t* o_t = o_ns.i64()
        cdef OpenBar* b = &self.bar
        for i in range(n):
            if self.add(t[i], p[i], s[i]):
                o_t[k] = b.last_ns
                o_op[k] = b.open
                o_hi[k] = b.high
                o_lo[k] = b.low
                o_cl[k] = b.close
                o_vo[k] = b.volume
                o_vw[k] = _vwap(b)
                k += 1
                self.restart()
        o_ns.shrink(k)
        for buf in outs:
            (<Buffer>buf).shrink(k)
        return dict(zip(BAR_COLUMNS, [o_ns] + outs))
