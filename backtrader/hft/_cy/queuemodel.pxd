# Interface of the L2 (market-by-price) queue-position models.
#
# The exchange keeps one QueuePos per resting order and calls the model on the
# events of that order's price level: new_order when the order joins the level,
# trade when a trade prints at its price, depth when the level's displayed size
# changes. filled() then says how much of the order the queue lets execute.
# Quantities are in the instrument's units (not lots), as hftbacktest uses, so
# the probability functions see the same numbers.

cdef struct QueuePos:
    double front       # quantity ahead of our order at its price level (estimate)
    double cum_trade   # quantity traded at the level since the level's size last changed


cdef class Described:                  # describe(), repr and pickling by class
    pass


cdef class QueueModel(Described):
    cdef readonly double lot_size            # set by bind(); filled() rounds to it
    cpdef bind(self, double lot_size)        # called once by the exchange before use
    cdef void new_order(self, QueuePos* q, double level_qty) noexcept
    cdef void trade(self, QueuePos* q, double qty) noexcept
    cdef void depth(self, QueuePos* q, double prev_qty, double new_qty) noexcept
    cdef double filled(self, QueuePos* q) noexcept


cdef class RiskAverseQueue(QueueModel):
    pass


cdef class Probability(Described):
    cdef double prob(self, double front, double back) noexcept


cdef class PowerForm(Probability):      # the power forms, f(x) = x**n
    cdef readonly double n


cdef class PowerProb(PowerForm):        # f(back) / (f(back) + f(front))
    pass


cdef class PowerProb2(PowerForm):       # f(back) / f(back + front)
    pass


cdef class PowerProb3(PowerForm):       # 1 - f(front / (front + back))
    pass


cdef class LogProb(Probability):        # f(x) = log(1 + x); f(back) / (f(back) + f(front))
    pass


cdef class LogProb2(Probability):       # f(x) = log(1 + x); f(back) / f(back + front)
    pass


cdef class ProbQueue(QueueModel):
    cdef readonly Probability func


cdef class QueueTracker:                # one order's position, driven from Python
    cdef readonly QueueModel model
    cdef QueuePos pos
