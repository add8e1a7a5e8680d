"""An ``OrderedDict`` with a ``defaultdict``-style factory for missing keys."""
from collections import OrderedDict

from .py3 import iteritems


class OrderedDefaultdict(OrderedDict):
    """``OrderedDefaultdict(factory, *args, **kwargs)``: missing keys get
    ``factory()`` (no factory or None: ``KeyError``)."""

    def __init__(self, *args, **kwargs):
        factory = None
        if args:
            factory, args = args[0], args[1:]
            if factory is not None and not callable(factory):
                raise TypeError('first argument must be callable or None')
        self.default_factory = factory
        super(OrderedDefaultdict, self).__init__(*args, **kwargs)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        self[key] = value = self.default_factory()
        return value

    def __reduce__(self):
        args = (self.default_factory,) if self.default_factory else ()
        return self.__class__, args, None, None, iteritems(self)
