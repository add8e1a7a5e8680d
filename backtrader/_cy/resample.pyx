# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Resampling to second, minute and daily bars over whole columns.

:class:`TimeBars` is the compiled twin of ``resamplerfilter.Resampler`` for the
cases it takes over (see ``Resampler.filter_block``): a feed with a block
loader, no time zone, no trading calendar, no date window, ``bar2edge`` on.
It makes the same decisions as the Python filter, on the same day numbers:

* an input's day number is ``ns_to_num`` of its stamp, and its time of day the
  one ``num2date`` reads from that number (``num_to_ns``), so inputs fall in
  the same blocks even where the float loses sub-microsecond detail;
* a block closes when an input lies on its edge (closing it) or in a later
  block, the session end closes every bar (daily bars: every ``compression``
  session ends), inputs not later than the bar delivered last are late;
* a bar keeps its last input's exact nanoseconds, unless it is moved to its
  block's edge / session end or made late: then its stamp is a day number,
  and its nanoseconds are those a datetime line holds for that number
  (``num_to_ns``, whole microseconds). Those give the day number back
  (``ns_to_num``) for any date from the year 359 on, where day numbers
  (above 2**17) lie 2.5 microseconds or more apart.

Output columns: ``datetime`` (int64 ns), the OHLCV and ``openinterest``
(float64).
"""
from libc.math cimport NAN, INFINITY
from libc.stdint cimport int64_t

from backtrader._cy.buffer cimport Buffer, as_buffer, new_buffer, F64, I64
from backtrader._cy.timeconv cimport ns_to_num, num_to_ns, NS_PER_DAY, NS_PER_SEC

# the columns a block of bars carries, in this order
COLUMNS = ('datetime', 'open', 'high', 'low', 'close', 'volume', 'openinterest')
_VALUES = COLUMNS[1:7]
_UNITS = {'seconds': 1, 'minutes': 60, 'days': 0}
# upstream's shift of a late bar's stamp past the bar delivered before it (days)
cdef double LATE_STEP = 0.000001


cdef inline int64_t _day_start(int64_t ns) noexcept nogil:
    cdef int64_t d = ns // NS_PER_DAY
    if d * NS_PER_DAY > ns:
        d -= 1
    return d * NS_PER_DAY


cdef class TimeBars:
    """Second, minute or daily bars from finer bars or ticks.

    Parameters
    ----------
    unit : {'seconds', 'minutes', 'days'}
        The time frame of the bars made.
    compression : int
        Units per bar (>= 1).
    adjust : bool
        Stamp a bar with its block's edge (intraday) or the session end (days)
        when that is later than its last input (``bar2edge and adjbartime``).
    rightedge : bool
        The block's right edge (else its left one).
    boundoff : int
        Shift of the blocks, in units (>= 0).
    takelate : bool
        Fold late inputs into the forming bar (else drop them).
    sessionend_ns : int
        The session end's time of day, nanoseconds after midnight.
    """

    def __init__(self, unit, int compression, bint adjust=True, bint rightedge=True,
                 int64_t boundoff=0, bint takelate=True, int64_t sessionend_ns=0):
        if unit not in _UNITS:
            raise ValueError('TimeBars: unit must be one of %s, not %r' % (sorted(_UNITS), unit))
        if compression < 1:
            raise ValueError('TimeBars: compression must be >= 1, not %r' % compression)
        if boundoff < 0:
            raise ValueError('TimeBars: boundoff must be >= 0, not %r' % boundoff)
        if not 0 <= sessionend_ns < NS_PER_DAY:
            raise ValueError('TimeBars: sessionend_ns must lie within a day, not %r'
                             % sessionend_ns)
        self.timeframe = {'seconds': 3, 'minutes': 4, 'days': 5}[unit]
        self.intraday = unit != 'days'
        self.unit_ns = _UNITS[unit] * NS_PER_SEC
        self.compression = compression
        self.adjust = adjust
        self.rightedge = rightedge
        self.boundoff = boundoff
        self.takelate = takelate
        self.sessionend_ns = sessionend_ns
        self.bars_made = 0
        self.eos_set = False
        self.has_last_eos = False
        self.last_eos_num = NAN
        self.delivered = False
        self.ncounted = 0
        self._clear()

    # -- the forming bar ---------------------------------------------------------------
    cdef void _clear(self) noexcept:
        self.bar.open = self.bar.close = NAN
        self.bar.high = -INFINITY
        self.bar.low = INFINITY
        self.bar.volume = self.bar.oi = 0.0
        self.bar.num = INFINITY
        self.bar.ns = 0
        self.bar.exact = False
        self.bar_point_ok = False

    cdef void _fold(self, double o, double h, double l, double c, double v, double oi,
                    double num, int64_t ns) noexcept:
        cdef Forming* b = &self.bar
        if b.open != b.open:
            b.open = o
        if h > b.high:
            b.high = h
        if l < b.low:
            b.low = l
        b.close = c
        b.volume += v
        b.oi = oi
        b.num = num
        b.ns = ns
        b.exact = True
        self.bar_point_ok = False

    cdef void _deliver(self) noexcept:
        """The forming bar is done: keep it in ``done``, remember what the data
        will show, start a new one."""
        cdef Forming* d = &self.done
        d[0] = self.bar
        if not d.exact:
            # a datetime line set to a day number holds these nanoseconds
            d.ns = num_to_ns(d.num)
        self.delivered = True
        self.last_ns = d.ns
        self.last_num = d.num
        self.bars_made += 1
        self._clear()

    # -- session ends --------------------------------------------------------------------
    cdef void _set_eos(self, double num) noexcept:
        """The first session end not before the bar of day number ``num``."""
        cdef int64_t at = num_to_ns(num)
        cdef int64_t eos = num_to_ns(ns_to_num(_day_start(at) + self.sessionend_ns))
        while at > eos:
            eos += NS_PER_DAY
        self.eos_ns = eos
        self.eos_num = ns_to_num(eos)
        self.eos_set = True

    cdef bint _eos_reached(self, double now, bint exact) noexcept:
        """``now`` is the session end, or (not ``exact``) past it with the
        forming bar before it; reaching it moves on to the next one."""
        cdef bint hit
        if not self.eos_set:
            self._set_eos(now)
        if now == self.eos_num:
            hit = True
        elif now > self.eos_num and not exact:
            hit = self.bar.open == self.bar.open and self.bar.num <= self.eos_num
        else:
            hit = False
        if hit:
            self.last_eos_num = self.eos_num
            self.has_last_eos = True
            self.eos_set = False
        return hit

    # -- blocks of the day -----------------------------------------------------------------
    cdef int64_t _point(self, double num, int64_t* rest) noexcept:
        """Units since midnight (plus ``boundoff``) of the time ``num2date`` reads
        from ``num``; ``rest`` gets what lies below the unit."""
        cdef int64_t at = num_to_ns(num)
        cdef int64_t tod = at - _day_start(at)
        rest[0] = tod % self.unit_ns
        return tod // self.unit_ns + self.boundoff

    cdef bint _passed(self, double now, int64_t theirs) noexcept:
        """An intraday input (at block point ``theirs``) beyond the forming
        bar's block (or session)."""
        cdef int64_t rest, mine
        if self._eos_reached(now, False):
            return True
        if now < self.bar.num:
            return False
        if self.bar_point_ok:
            mine = self.bar_point
        else:
            mine = self._point(self.bar.num, &rest)
        if theirs <= mine:
            return False
        return self.compression == 1 or (theirs // self.compression
                                         > mine // self.compression)

    cdef double _edge_num(self) noexcept:
        """Day number of the forming bar's edge: the session end just reached,
        the coming session end (days) or its block's edge (intraday)."""
        cdef int64_t rest, point, day
        if not self.eos_set:
            return self.last_eos_num
        day = _day_start(num_to_ns(self.bar.num))
        if not self.intraday:
            return ns_to_num(day + self.eos_ns - _day_start(self.eos_ns))
        point = self._point(self.bar.num, &rest)
        point = (point // self.compression + self.rightedge) * self.compression
        return ns_to_num(day + point * self.unit_ns)

    # -- one input -----------------------------------------------------------------------
    cdef bint _step(self, int64_t ns, double o, double h, double l, double c, double v,
                    double oi) noexcept:
        """Take one input bar; True when it completes a bar (then in ``done``)."""
        cdef double num = ns_to_num(ns), edge
        cdef bint onedge = False, complete = False
        cdef int64_t rest = 0, point = 0
        if self.intraday and self.delivered and ns <= self.last_ns:
            if self.takelate:
                self._fold(o, h, l, c, v, oi, num, ns)
                self.bar.num = self.last_num + LATE_STEP
                self.bar.exact = False
            return False
        if self.intraday:
            point = self._point(num, &rest)
        if self._eos_reached(num, True):
            onedge = True
        elif self.intraday:
            onedge = rest == 0 and point % self.compression == 0
        if onedge:
            self._fold(o, h, l, c, v, oi, num, ns)
        if self.bar.open == self.bar.open:
            if onedge:
                complete = True
            elif self.intraday:
                complete = self._passed(num, point)
            elif self._eos_reached(num, False):
                self.ncounted += 1
                complete = self.ncounted % self.compression == 0
        if complete:
            if self.adjust and not onedge:
                edge = self._edge_num()
                if edge > self.bar.num:
                    self.bar.num = edge
                    self.bar.exact = False
            self._deliver()
        if not onedge:
            self._fold(o, h, l, c, v, oi, num, ns)
            self.bar_point = point      # the bar's stamp is this input's now
            self.bar_point_ok = self.intraday
        return complete

    # -- columns -------------------------------------------------------------------------
    def aggregate(self, block):
        """The bars a block of inputs completes, as a dict of :data:`COLUMNS`
        Buffers. ``block`` maps ``'datetime'`` (int64 ns) and the OHLCV /
        ``openinterest`` names to columns; a missing one reads as NaN. The
        forming bar carries over to the next call (see :meth:`flush`)."""
        cdef Buffer t = as_buffer(block['datetime'], I64)
        cdef Py_ssize_t n = t.n, i, k = 0, j
        cdef double* src[6]
        cdef double* dst[6]
        cdef double vals[6]
        cdef list keep = []
        cdef Buffer col
        for j, name in enumerate(_VALUES):
            got = block.get(name)
            col = None if got is None else as_buffer(got, F64)
            if col is not None and col.n != n:
                raise ValueError('TimeBars.aggregate: column %r has %d rows, datetime %d'
                                 % (name, col.n, n))
            keep.append(col)
            src[j] = NULL if col is None else col.f64()
        cdef Buffer o_t = new_buffer(n, I64)
        cdef list outs = [new_buffer(n, F64) for _ in range(6)]
        for j in range(6):
            dst[j] = (<Buffer>outs[j]).f64()
        cdef int64_t* tt = t.i64()
        cdef int64_t* ot = o_t.i64()
        for i in range(n):
            for j in range(6):
                vals[j] = src[j][i] if src[j] != NULL else NAN
            if self._step(tt[i], vals[0], vals[1], vals[2], vals[3], vals[4], vals[5]):
                self._write(ot, dst, k)
                k += 1
        o_t.shrink(k)
        for j in range(6):
            (<Buffer>outs[j]).shrink(k)
        return dict(zip(COLUMNS, [o_t] + outs))

    cdef void _write(self, int64_t* ot, double** dst, Py_ssize_t k) noexcept:
        cdef Forming* d = &self.done
        ot[k] = d.ns
        dst[0][k] = d.open
        dst[1][k] = d.high
        dst[2][k] = d.low
        dst[3][k] = d.close
        dst[4][k] = d.volume
        dst[5][k] = d.oi

    def flush(self):
        """At the end of the data: the forming bar (stamped with its edge when
        ``adjust``) as ``(num, ns, open, high, low, close, volume,
        openinterest)``, ``ns`` None when the day number rules; None when it
        holds nothing."""
        if self.bar.open != self.bar.open:
            return None
        if self.adjust:
            self.bar.num = self._edge_num()
            self.bar.exact = False
        cdef bint exact = self.bar.exact
        self._deliver()
        cdef Forming* d = &self.done
        return (d.num, d.ns if exact else None, d.open, d.high, d.low, d.close, d.volume,
                d.oi)
