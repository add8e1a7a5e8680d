# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Queue-position models for resting orders on L2 (market-by-price) data.

An L2 feed shows only the total size of a price level, not who is in it, so where our resting
order stands in its level's queue has to be estimated. Each model keeps a :c:type:`QueuePos` per
order: ``front``, the quantity believed to be ahead of us, and ``cum_trade``, what has traded at
the level since its size last changed. The exchange calls the model on every event of the
order's level; once ``front`` falls below zero, the excess (in whole lots) is the quantity of our
order that the market has reached, and the exchange fills it.

* :class:`RiskAverseQueue` -- only trades move us forward; a fall of the level's size never
  does, it only caps ``front`` at the new size (we assume cancellations come from behind us).
* :class:`ProbQueue` -- a fall of the level's size that trades do not explain is split between
  the queue ahead and the queue behind us according to a :class:`Probability` function of the
  two (the model of hftbacktest, after Rigtorp's estimate).

Quantities are in the instrument's units (as hftbacktest uses them), so the probability
functions see the same numbers as there. :class:`QueueTracker` drives one order's position from
Python (tests, notebooks); the exchange uses the ``cdef`` methods directly.
"""
from libc.math cimport isfinite, isinf, log, pow, round as c_round


cdef class Described:
    """Base of the models here: ``describe()`` names the model and its parameters (none by
    default), ``repr`` is the same, and pickling rebuilds it from its class (and parameters)."""

    def describe(self):
        """A short text naming the model and its parameters."""
        return type(self).__name__ + '()'

    def __repr__(self):
        return self.describe()

    def __reduce__(self):
        return (type(self), ())


cdef class QueueModel(Described):
    """Base of the L2 queue models: one order's place in its level's queue.

    Subclasses decide how a change of the level's size moves the order; joining the level,
    trades and the fill rule are common to all of them.
    """

    def __init__(self):
        if type(self) is QueueModel:
            raise TypeError("QueueModel is abstract: use RiskAverseQueue or ProbQueue(...)")

    cpdef bind(self, double lot_size):
        """Set the lot size that :meth:`filled` rounds to (the exchange calls it once)."""
        if not (isfinite(lot_size) and lot_size > 0.0):
            raise ValueError("%s.bind: lot_size must be a finite number > 0, not %r"
                             % (type(self).__name__, lot_size))
        self.lot_size = lot_size

    cdef void new_order(self, QueuePos* q, double level_qty) noexcept:
        # the whole displayed level is ahead of an order that joins it
        q.front = level_qty
        q.cum_trade = 0.0

    cdef void trade(self, QueuePos* q, double qty) noexcept:
        # a trade at our price consumes the queue from its head
        q.front -= qty
        q.cum_trade += qty

    cdef void depth(self, QueuePos* q, double prev_qty, double new_qty) noexcept:
        # the level cannot hold more ahead of us than it shows
        q.cum_trade = 0.0
        if new_qty < q.front:
            q.front = new_qty

    cdef double filled(self, QueuePos* q) noexcept:
        # past the head of the queue by at least half a lot: what lies beyond it, rounded to
        # whole lots, fills (hftbacktest 2.4.4 rounds, half a lot counting as one)
        cdef double lot = self.lot_size
        if lot > 0.0 and c_round(q.front / lot) < 0.0:
            return c_round(-q.front / lot) * lot
        return 0.0



cdef class RiskAverseQueue(QueueModel):
    """Conservative queue model: only trades at the order's price advance it.

    The order starts behind the whole displayed level. A trade at its price reduces the quantity
    ahead by the traded quantity; a fall of the level's size only caps the quantity ahead at the
    new size (cancellations are assumed to come from behind the order).
    """


cdef class Probability(Described):
    """Base of the probability functions of :class:`ProbQueue`.

    ``prob(front, back)`` is the share of an unexplained fall of the level's size that is taken
    from *behind* the order, given the quantity ``front`` ahead of it and ``back`` behind it.
    Calling the object from Python evaluates it.
    """

    def __init__(self):
        if type(self) is Probability:
            raise TypeError("Probability is abstract: use PowerProb, PowerProb2, PowerProb3, "
                            "LogProb or LogProb2")

    cdef double prob(self, double front, double back) noexcept:
        return 0.0

    def __call__(self, double front, double back):
        return self.prob(front, back)


cdef double _check_power(str name, n) except? -1.0:
    cdef double v
    try:
        v = n
    except TypeError:
        raise TypeError("%s: n must be a number, not %r" % (name, n)) from None
    if not (isfinite(v) and v > 0.0):
        raise ValueError("%s: n must be a finite number > 0, not %r" % (name, n))
    return v


cdef class PowerForm(Probability):
    """Base of the power forms: holds the exponent ``n`` of ``f(x) = x ** n``."""

    def __init__(self, n=3.0):
        if type(self) is PowerForm:
            raise TypeError("PowerForm is abstract: use PowerProb, PowerProb2 or PowerProb3")
        self.n = _check_power(type(self).__name__, n)

    def describe(self):
        return '%s(n=%r)' % (type(self).__name__, self.n)

    def __reduce__(self):
        return (type(self), (self.n,))


cdef class PowerProb(PowerForm):
    """``f(back) / (f(back) + f(front))`` with ``f(x) = x ** n`` (``n > 0``, default 3)."""

    cdef double prob(self, double front, double back) noexcept:
        cdef double fb = pow(back, self.n)
        return fb / (fb + pow(front, self.n))


cdef class PowerProb2(PowerForm):
    """``f(back) / f(back + front)`` with ``f(x) = x ** n`` (``n > 0``, default 3)."""

    cdef double prob(self, double front, double back) noexcept:
        return pow(back, self.n) / pow(back + front, self.n)


cdef class PowerProb3(PowerForm):
    """``1 - f(front / (front + back))`` with ``f(x) = x ** n`` (``n > 0``, default 3)."""

    cdef double prob(self, double front, double back) noexcept:
        return 1.0 - pow(front / (front + back), self.n)


cdef class LogProb(Probability):
    """``f(back) / (f(back) + f(front))`` with ``f(x) = log(1 + x)``."""

    cdef double prob(self, double front, double back) noexcept:
        cdef double fb = log(1.0 + back)
        return fb / (fb + log(1.0 + front))


cdef class LogProb2(Probability):
    """``f(back) / f(back + front)`` with ``f(x) = log(1 + x)``."""

    cdef double prob(self, double front, double back) noexcept:
        return log(1.0 + back) / log(1.0 + back + front)


cdef class ProbQueue(QueueModel):
    """Probabilistic queue model: unexplained size falls are shared between front and back.

    Trades at the order's price reduce the quantity ahead and are remembered. When the level's
    size changes, the part of the fall not explained by those trades, ``chg``, is split with
    ``p = func(front, back)`` (``back`` the quantity behind the order): the queue ahead loses
    ``(1 - p) * chg``, and whatever the queue behind cannot absorb of ``p * chg`` is taken from
    the front too. A size increase (or a fall fully explained by trades) only caps the quantity
    ahead at the new size. The estimate never exceeds the new size.

    Parameters
    ----------
    func : Probability
        ``PowerProb(n)``, ``PowerProb2(n)``, ``PowerProb3(n)``, ``LogProb()`` or ``LogProb2()``.
    """

    def __init__(self, func):
        if not isinstance(func, Probability) or type(func) is Probability:
            raise TypeError("ProbQueue: func must be a probability function such as "
                            "PowerProb(3), not %r" % (func,))
        self.func = func

    cdef void depth(self, QueuePos* q, double prev_qty, double new_qty) noexcept:
        cdef double chg = prev_qty - new_qty - q.cum_trade
        cdef double front, back, p, spill
        q.cum_trade = 0.0
        if chg < 0.0:
            if new_qty < q.front:
                q.front = new_qty
            return
        front = q.front
        back = prev_qty - front
        p = self.func.prob(front, back)
        if isinf(p):
            p = 1.0
        spill = back - p * chg            # negative: the back cannot absorb its share
        front = front - (1.0 - p) * chg + (spill if spill < 0.0 else 0.0)
        q.front = front if front < new_qty else new_qty

    def describe(self):
        return 'ProbQueue(%s)' % self.func.describe()

    def __reduce__(self):
        return (ProbQueue, (self.func,))


cdef class QueueTracker:
    """One order's queue position under a model, driven from Python (tests, exploration).

    Parameters
    ----------
    model : QueueModel
    lot_size : float
        The instrument's lot size (``model.bind`` is called with it).
    """
    def __init__(self, QueueModel model not None, double lot_size):
        model.bind(lot_size)
        self.model = model

    @property
    def front(self):
        """Quantity estimated ahead of the order."""
        return self.pos.front

    @property
    def cum_trade(self):
        """Quantity traded at the level since its size last changed."""
        return self.pos.cum_trade

    def new_order(self, double level_qty):
        """The order joins a level showing ``level_qty``."""
        self.model.new_order(&self.pos, level_qty)

    def trade(self, double qty):
        """A trade of ``qty`` printed at the order's price."""
        self.model.trade(&self.pos, qty)

    def depth(self, double prev_qty, double new_qty):
        """The level's displayed size changed from ``prev_qty`` to ``new_qty``."""
        self.model.depth(&self.pos, prev_qty, new_qty)

    def filled(self):
        """Quantity of the order executable now (whole lots), 0.0 if none."""
        return self.model.filled(&self.pos)
