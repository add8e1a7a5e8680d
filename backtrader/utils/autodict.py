"""Dictionaries that create missing entries on access (used for analysis results)."""
from collections import OrderedDict, defaultdict

from .py3 import values as py3lvalues


def Tree():
    """A ``defaultdict`` whose missing entries are themselves trees."""
    return defaultdict(Tree)


class AutoDictList(dict):
    """A dict whose missing entries start as empty lists."""

    def __missing__(self, key):
        self[key] = fresh = []
        return fresh


class DotDict(dict):
    """A dict whose keys can also be read as attributes."""

    def __getattr__(self, key):
        if key.startswith('__'):
            return super(DotDict, self).__getattr__(key)
        return self[key]


class AutoDict(dict):
    """Nested dict: reading a missing key creates an ``AutoDict`` there.

    Keys are also attributes.  ``_close()`` freezes the whole tree (missing
    keys then raise ``KeyError``), ``_open()`` unfreezes this level.
    """
    _closed = False

    def _close(self):
        self._closed = True
        for val in self.values():
            if isinstance(val, (AutoDict, AutoOrderedDict)):
                val._close()

    def _open(self):
        self._closed = False

    def __missing__(self, key):
        if self._closed:
            raise KeyError
        self[key] = child = AutoDict()
        return child

    def __getattr__(self, key):
        return self[key]

    def __setattr__(self, key, value):
        self[key] = value


class AutoOrderedDict(OrderedDict):
    """Insertion-ordered :class:`AutoDict`; names starting with ``_`` stay
    real attributes.  In-place arithmetic on a still empty entry starts from
    the other operand (``d.x.y += 3`` gives 3)."""
    _closed = False

    def _close(self):
        self._closed = True
        for val in self.values():
            if isinstance(val, (AutoDict, AutoOrderedDict)):
                val._close()

    def _open(self):
        self._closed = False

    def __missing__(self, key):
        if self._closed:
            raise KeyError
        self[key] = child = AutoOrderedDict()
        return child

    def __getattr__(self, key):
        if key.startswith('_'):
            raise AttributeError(key)
        return self[key]

    def __setattr__(self, key, value):
        if key.startswith('_'):
            self.__dict__[key] = value
        else:
            self[key] = value

    # An auto-created (empty) entry behaves like the neutral start value of
    # the operand's type.  Upstream answers ``self + other`` for a same-type
    # operand in every operator; that quirk is kept.
    def __iadd__(self, other):
        if type(self) != type(other):
            return type(other)() + other
        return self + other

    def __isub__(self, other):
        if type(self) != type(other):
            return type(other)() - other
        return self - other

    def __imul__(self, other):
        if type(self) != type(other):
            return type(other)() * other
        return self + other

    def __idiv__(self, other):
        if type(self) != type(other):
            return type(other)() // other
        return self + other

    def __itruediv__(self, other):
        if type(self) != type(other):
            return type(other)() / other
        return self + other

    def lvalues(self):
        return py3lvalues(self)
