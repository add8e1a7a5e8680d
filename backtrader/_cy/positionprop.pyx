# cython: language_level=3
"""``Strategy.position`` as a compiled descriptor."""
from backtrader._cy.cpython_private cimport class_attr


cdef class PositionProperty:
    """``Strategy.position``: ``strategy.getposition()``, the position held
    in the strategy's first data.

    When neither the strategy's class overrides ``getposition`` (the
    function given as ``getposition``) nor the broker's class overrides
    ``getposition`` (``broker_getposition``), the position is read straight
    from ``broker.positions``, without the two Python calls; otherwise the
    methods are called. Read-only, like the property it replaces.
    """
    def __init__(self, getposition, broker_getposition):
        self.getposition = getposition
        self.broker_getposition = broker_getposition

    def __get__(self, strat, objtype):
        if strat is None:
            return self
        if class_attr(strat, 'getposition') is not self.getposition:
            return strat.getposition()
        broker = strat.broker
        data = strat.datas[0]
        if class_attr(broker, 'getposition') is not self.broker_getposition:
            return broker.getposition(data)
        return broker.positions[data]

    def __set__(self, strat, value):
        raise AttributeError("can't set attribute 'position'")
