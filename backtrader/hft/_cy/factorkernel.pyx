# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The compiled kernel of bt.hft.FactorIndicator: a factor graph fed every record of an
L2EventData between strategy wake-ups, by the feed's own replay when streaming, by a private one
when the feed is preloaded (see ``factorkernel.pxd``)."""
from libc.math cimport NAN
from libc.stdlib cimport malloc, free

from backtrader._cy.kernels cimport Kernel, _bind
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader.hft._cy.factorgraph cimport GraphCore
from backtrader.hft._cy.l2replay cimport L2Replay, L2FeedState


cdef class FactorKernel(Kernel):
    """``FactorKernel(graph, outs, dt, data)``: run ``graph`` (a GraphCore) on the records of
    ``data`` (an L2EventData, datetime line ``dt``) and write its published values into the
    lines ``outs``."""

    def __cinit__(self, *args, **kwargs):
        self.row = NULL

    def __dealloc__(self):
        free(self.row)

    def __init__(self, GraphCore graph, outs, LineBuffer dt, data):
        self.graph = graph
        self.data = data
        self.dt = dt
        self.outs = list(outs)
        self.npub = graph.npublished
        if len(self.outs) != self.npub:
            raise ValueError('FactorKernel: the graph publishes %d values, %d lines given'
                             % (self.npub, len(self.outs)))
        self.row = <double*>malloc(max(self.npub, 1) * sizeof(double))
        if self.row == NULL:
            raise MemoryError()
        _bind(self, (dt,), tuple(self.outs), (1,) * self.npub)
        self._attach()

    def _attach(self):
        """Make the graph a sink of the feed's own replay when that has not stepped yet (a
        streaming run; the graph then costs no second replay of the book)."""
        state = getattr(self.data, '_l2state', None)
        if state is None:
            return
        rep = (<L2FeedState>state).rep
        if rep.steps or rep.sink is not None:
            return
        self.start = self.graph.state()
        rep.sink = self.graph
        self.rep = rep
        self.state = <L2FeedState>state
        self.shared = True

    cdef void _detach(self) noexcept:
        """Stop listening to the feed's replay: from the next bar on the graph runs on a private
        replay from its starting state."""
        if self.shared and self.rep.sink is self.graph:
            self.rep.sink = None
        self.shared = False
        self.rep = None

    def _begin(self):
        """A fresh private replay with the graph as its sink, the graph at its starting state."""
        from backtrader.hft.book import OrderBook
        state = getattr(self.data, '_l2state', None)
        if state is None:
            raise ValueError('FactorIndicator: the data has not started')
        if self.start is None:
            self.start = self.graph.state()
        else:
            self.graph.load_state(self.start)
        p = self.data.p
        self.rep = (<L2FeedState>state).rep.fresh(
            OrderBook(float(p.tick_size), float(p.lot_size), crossed=p.crossed))
        self.rep.sink = self.graph
        self.state = <L2FeedState>state

    cdef void _write(self, Py_ssize_t i, bint oncemode) noexcept:
        cdef int c
        cdef LineBuffer line
        self.graph.publish(self.row)
        for c in range(self.npub):
            line = <LineBuffer>self.outs[c]
            line.data[i if oncemode else line.idx] = self.row[c]

    cdef void next(self) noexcept:
        cdef Py_ssize_t bar = self.o0.lencount
        if bar <= 0 or bar == self.lastbar:
            return
        if self.shared:
            if bar > self.lastbar and self.rep.steps == self.state.warmup + self.dt.lencount:
                self._write(0, False)
                self.lastbar = bar
                return
            # the feed's replay is not at this bar (the clock took a bar back): go private
            self._detach()
        if self.rep is None or bar < self.lastbar:
            try:
                self._begin()
            except Exception:
                self.rep = None
                return
        self.rep.step_to(self.state.warmup + self.dt.lencount)
        self._write(0, False)
        self.lastbar = bar

    cdef void once(self, Py_ssize_t start, Py_ssize_t end) noexcept:
        cdef Py_ssize_t i
        if end <= start:
            return
        self._detach()
        try:
            self._begin()
        except Exception:
            self.rep = None
            return
        self.rep.step_to(self.state.warmup)
        for i in range(end):
            self.rep.step(False)
            if i >= start:
                self._write(i, True)
        self.lastbar = end

    cpdef reset(self):
        """Start over at the next bar (the graph back to its starting state)."""
        self._detach()
        self.lastbar = 0
