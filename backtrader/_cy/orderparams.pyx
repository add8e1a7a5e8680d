# cython: language_level=3
"""How an order's params are read and filled.

Every order class exposes its params as attributes (``order.tradeid`` is
``order.p.tradeid`` unless the order has its own ``tradeid``): the classes
hold a :class:`ParamAttr` per param. :func:`fill_params` fills a params
object in declaration order without building a separate dict.
"""


cdef class ParamAttr:
    """``order.<name>`` read from ``order.p.<name>`` unless set on the order.

    Being a non-data descriptor, an instance attribute of the same name wins,
    which is what a ``__getattr__`` fallback to the params gives, only
    without raising and catching an AttributeError on every read.
    """

    def __init__(self, str name):
        self.name = name

    def __get__(self, obj, objtype):
        if obj is None:
            return self
        return getattr(obj.p, self.name)

    def __repr__(self):
        return 'ParamAttr(%r)' % (self.name,)


def fill_params(obj, tuple names, tuple defaults, dict kwargs):
    """``setattr(obj, name, kwargs.get(name, default))`` for every name in
    order (how a params object is filled). Attributes set one by one in a
    fixed order stay in the object itself: no instance dict is made."""
    cdef Py_ssize_t i, n = len(names)
    cdef object name, value
    if len(defaults) != n:
        raise ValueError('fill_params: %d names but %d defaults'
                         % (n, len(defaults)))
    for i in range(n):
        name = names[i]
        if kwargs:
            value = kwargs.get(name, defaults[i])
        else:
            value = defaults[i]
        setattr(obj, name, value)
