# Interface of the order-param descriptors (used by backtrader/order.py).

cdef class ParamAttr:
    """Non-data descriptor reading ``obj.p.<name>`` (an attribute set on the
    instance takes precedence, as with a ``__getattr__`` fallback)."""
    cdef readonly str name
