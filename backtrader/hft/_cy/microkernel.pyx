# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The compiled kernel adapter of bt.hft.indicators: a streaming core driven by lines (see
``microkernel.pxd`` for how the input record of a bar is assembled)."""
from libc.math cimport NAN
from libc.stdint cimport int64_t
from libc.stdlib cimport malloc, free

from backtrader._cy.kernels cimport Kernel, _bind
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader.hft._cy.microcore cimport MicroCore, MAXOUT
from backtrader.hft._cy.book cimport (OrderBook, SIDE_BID, SIDE_ASK, ticks_to_price,
                                      lots_to_qty)
from backtrader.hft._cy.l2replay cimport L2Replay, L2FeedState


cdef inline double _at(LineBuffer line, Py_ssize_t i, bint oncemode) noexcept:
    return line.data[i] if oncemode else line.data[line.idx]


cdef class MicroKernel(Kernel):
    """``MicroKernel(core, outs, src=(), dt=None, aligned=None, book=None, levels=0,
    minperiods=None)``: run ``core`` as an indicator kernel.

    ``outs``: the output lines (``core.nout`` of them); ``src``: lines of the clock data; ``dt``:
    the clock data's datetime line; ``aligned``: ``(datetime line, lines...)`` of another data;
    ``book``/``levels``: an L2EventData and the number of book levels read; ``minperiods``: the
    first bar (1-based) of each output line.
    """

    def __cinit__(self, *args, **kwargs):
        self.x = NULL
        self.levels = 0
        self.apos = 0
        self.replays = False

    def __dealloc__(self):
        free(self.x)

    def __init__(self, MicroCore core, outs, src=(), dt=None, aligned=None, book=None,
                 int levels=0, minperiods=None):
        kname = type(core).__name__
        self.core = core
        self.src = list(src)
        self.dt = dt
        self.asrc = []
        self.adt = None
        if aligned is not None:
            self.adt = aligned[0]
            self.asrc = list(aligned[1:])
        self.bookdata = book
        if book is not None and not 1 <= levels <= MAXLEVELS:
            raise ValueError('%s: levels must be 1..%d, not %r' % (kname, MAXLEVELS, levels))
        self.levels = levels if book is not None else 0
        nin = len(self.src) + len(self.asrc) + 4 * self.levels
        if nin != core.nin:
            raise ValueError('%s: the core takes %d inputs, the kernel was given %d'
                             % (kname, core.nin, nin))
        outs = tuple(outs)
        if len(outs) != core.nout:
            raise ValueError('%s: the core makes %d outputs, the kernel was given %d lines'
                             % (kname, core.nout, len(outs)))
        for line in self.src + self.asrc + list(outs):
            if not isinstance(line, LineBuffer):
                raise TypeError('%s: inputs and outputs must be lines, got %s'
                                % (kname, type(line).__name__))
        self.outs = list(outs)
        if nin > 64:
            raise ValueError('%s: at most 64 inputs, not %d' % (kname, nin))
        self.nsrc = len(self.src)
        self.nasrc = len(self.asrc)
        for k in range(self.nsrc):
            self.srcv[k] = <PyObject*>self.src[k]
        for k in range(self.nasrc):
            self.asrcv[k] = <PyObject*>self.asrc[k]
        self.x = <double*>malloc((nin + 1) * sizeof(double))
        if self.x == NULL:
            raise MemoryError()
        if minperiods is None:
            minperiods = [1] * len(outs)
        # Kernel's bookkeeping (py_once checks these lines hold the bars asked for)
        ins = tuple(self.src) + ((self.dt,) if self.dt is not None else ())
        _bind(self, ins, outs, tuple(minperiods))
        for k in range(len(outs)):
            self.mps[k] = minperiods[k]

    # -- one bar's record -----------------------------------------------------------------------
    cdef void _record(self, Py_ssize_t i, bint oncemode, OrderBook book) noexcept:
        cdef Py_ssize_t k, n, j
        cdef LineBuffer line
        cdef int64_t ts = 0
        for k in range(self.nsrc):
            self.x[k] = _at(<LineBuffer>self.srcv[k], i, oncemode)
        if self.adt is not None:
            if self.dt is not None and self.dt.nsdata != NULL:
                ts = self.dt.nsdata[i] if oncemode else self.dt.nsdata[self.dt.idx]
            if oncemode:
                n = self.alen
                while self.apos < n and self.adt.nsdata[self.apos] <= ts:
                    self.apos += 1
                j = self.apos - 1
            else:
                # the current bar of the other data, or the last one not after the clock's
                # (a data may show a later bar at a step of the clock that it does not share)
                j = self.adt.idx
                n = self.adt.lencount
                while n > 0 and j >= 0 and self.adt.nsdata[j] > ts:
                    j -= 1
                    n -= 1
                if n <= 0 or j < 0:
                    j = -1
            for k in range(self.nasrc):
                line = <LineBuffer>self.asrcv[k]
                self.x[self.nsrc + k] = line.data[j] if j >= 0 else NAN
        if self.levels:
            self._book_record(book)

    cdef void _book_record(self, OrderBook book) noexcept:
        cdef int64_t ticks[MAXLEVELS]
        cdef int64_t lots[MAXLEVELS]
        cdef Py_ssize_t base = self.nsrc + self.nasrc, m, l
        cdef int s, off
        for s in range(2):
            off = 0 if s == 0 else 2
            m = book.levels_c(SIDE_BID if s == 0 else SIDE_ASK, self.levels, ticks, lots) \
                if book is not None else 0
            for l in range(self.levels):
                if l < m:
                    self.x[base + 4 * l + off] = ticks_to_price(book, <double>ticks[l])
                    self.x[base + 4 * l + off + 1] = lots_to_qty(book, <double>lots[l])
                else:
                    self.x[base + 4 * l + off] = NAN
                    self.x[base + 4 * l + off + 1] = 0.0

    cdef int64_t _stamp(self, Py_ssize_t i, bint oncemode) noexcept:
        if self.dt is None or self.dt.nsdata == NULL:
            return 0
        return self.dt.nsdata[i] if oncemode else self.dt.nsdata[self.dt.idx]

    # -- Kernel -----------------------------------------------------------------------------------
    cdef void next(self) noexcept:
        cdef Py_ssize_t bar = self.o0.lencount, k
        cdef LineBuffer line
        cdef OrderBook book = None
        if bar <= 0:
            return
        if bar == self.lastbar:
            if not self.replays or self.saved is None:
                return
            try:
                self.core.restore(self.saved)     # the bar changed in place: compute it again
            except Exception:
                return
        else:
            if bar < self.lastbar or self.lastbar == 0:
                self.core.reset()
                self.state = None
            if self.replays:
                self.saved = self.core.snapshot()
            self.lastbar = bar
        if self.levels:
            if self.state is None:
                self.state = getattr(self.bookdata, '_l2state', None)
            if self.state is not None:
                book = (<L2FeedState>self.state).book_now()
        self._record(0, False, book)
        self.core.feed(self._stamp(0, False), self.x, self.res)
        for k in range(self.nout):
            line = <LineBuffer>self.outs[k]
            if bar >= self.mps[k]:
                line.data[line.idx] = self.res[k]

    cdef void once(self, Py_ssize_t start, Py_ssize_t end) noexcept:
        cdef Py_ssize_t i, k
        cdef LineBuffer line
        cdef L2Replay rep = None
        cdef OrderBook book = None
        if end <= start:
            return
        self.core.reset()
        self.apos = 0
        self.alen = self.adt.buflen() if self.adt is not None else 0
        if self.levels:
            try:
                rep = self._once_replay()
            except Exception:
                rep = None
            if rep is not None:
                book = rep.book
        for i in range(end):
            if rep is not None:
                rep.step(False)
            self._record(i, True, book)
            self.core.feed(self._stamp(i, True), self.x, self.res)
            if i >= start:
                for k in range(self.nout):
                    if i + 1 >= self.mps[k]:
                        line = <LineBuffer>self.outs[k]
                        line.data[i] = self.res[k]
        self.lastbar = end
        self.oncerep = None

    def _once_replay(self):
        """A private replay of the book data, placed before its first delivered step."""
        from backtrader.hft.book import OrderBook as PyOrderBook
        state = getattr(self.bookdata, '_l2state', None)
        if state is None:
            raise ValueError('the book data has not started')
        p = self.bookdata.p
        rep = (<L2FeedState>state).rep.fresh(PyOrderBook(float(p.tick_size), float(p.lot_size),
                                                        crossed=p.crossed))
        rep.skip((<L2FeedState>state).warmup)
        self.oncerep = rep
        return rep

    cpdef reset(self):
        """Forget the core's state."""
        self.core.reset()
        self.lastbar = 0
        self.state = None
        self.saved = None
