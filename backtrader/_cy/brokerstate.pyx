# cython: language_level=3
"""The state of a broker that its compiled kernels use on every bar.

``backtrader.broker.BrokerBase`` derives from :class:`BrokerState`: for Python
code its fields are ordinary attributes (``broker.cash``,
``broker.positions``, ...), while ``backtrader._cy.brokerkernels`` reads and
writes them as C fields, without attribute lookups. Every field starts as
None; ``BackBroker.init`` sets them.
"""


cdef class BrokerState:
    """C storage of the broker attributes the per-bar kernels use."""
