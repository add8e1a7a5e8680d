# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The queue value pieces of AS+++ (see ``queuevalue.pxd``), compiled because ASQVI runs them for
both sides at every wake-up."""
from libc.math cimport exp, floor


cpdef double fill_probability(double depth, double queue, double size, double A, double k,
                              double horizon, double trade_size):
    """Chance that a resting quote ``depth`` ticks from the mid, behind ``queue`` of displayed
    size, fills within ``horizon`` seconds: market orders reaching that depth arrive as a Poisson
    process of rate ``A * exp(-k * depth)`` per second, each of ``trade_size``; the quote fills
    when ``n = floor((queue + size) / trade_size - 1e-9) + 1`` of them arrive, i.e.
    ``P(N >= n)`` for ``N`` Poisson of mean ``A * exp(-k * depth) * horizon``."""
    cdef double mu = A * exp(-k * (depth if depth > 0.0 else 0.0)) * horizon
    cdef long long n = <long long>floor((queue + size) / trade_size - 1e-9) + 1, j
    cdef double term, below = 0.0, p
    if not mu > 0.0:
        return 0.0
    # P(N < n) summed term by term, stopped once the terms past the mean no longer count
    term = exp(-mu)
    for j in range(n):
        below += term
        term *= mu / (j + 1)
        if term < 1e-300 * (below + 1.0) and j > mu:
            break
    p = 1.0 - below
    return p if p > 0.0 else 0.0


cdef class QueueWatch:
    """``QueueWatch(model, lot_size, alive)``: our working quote's place in its level's queue on
    one side, estimated at each wake-up with the queue ``model`` (bound to ``lot_size``) from the
    level's displayed size and the step's last trade. ``alive``: the order statuses of a working
    order."""

    def __init__(self, QueueModel model not None, double lot_size, alive):
        model.bind(lot_size)
        self.model = model
        self.alive = frozenset(alive)
        self.order = None
        self.px = None
        self.level = 0.0

    cpdef update(self, object slot, int side, object book, double tick, double trade_px,
                 double trade_qty):
        """Follow ``slot``'s order (``slot.order``, ``slot.px`` in ticks) on ``side`` of ``book``:
        a new order joins the back of its level; a trade of ``trade_qty`` at ``trade_px`` (ticks)
        and a change of the level's size move the ones already watched."""
        cdef double qty
        o = slot.order
        if o is None or o.status not in self.alive:
            self.order = None
            return
        qty = book.qty_at(side, slot.px * tick)
        if o is not self.order:
            self.order = o
            self.px = slot.px
            self.model.new_order(&self.pos, qty)
        else:
            if trade_qty > 0.0 and trade_px == self.px:
                self.model.trade(&self.pos, trade_qty)
            if qty != self.level:
                self.model.depth(&self.pos, self.level, qty)
        self.level = qty

    cpdef object ahead(self, object px):
        """The size ahead of a quote at ``px`` ticks: ours if it rests there, else None."""
        if self.order is not None and self.px == px:
            return self.pos.front
        return None
