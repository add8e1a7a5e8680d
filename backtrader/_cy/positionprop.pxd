# Interface of Strategy.position as a compiled descriptor (used by
# backtrader/strategy.py).

cdef class PositionProperty:
    cdef object getposition          # Strategy.getposition
    cdef object broker_getposition   # BackBroker.getposition
