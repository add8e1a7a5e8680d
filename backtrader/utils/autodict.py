"""Dictionaries that create missing entries on access (used for analysis results)."""
from collections import OrderedDict, defaultdict
import operator as _operator


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


class _Vivifying(object):
    """What both auto dicts share: a missing key reads as a new empty child
    of the class's ``_childtype``, unless the tree has been frozen."""
    _closed = False

    def _close(self):
        """Freeze this level and the auto dicts below it (missing keys then
        raise ``KeyError``)."""
        self._closed = True
        for child in self.values():
            if isinstance(child, _Vivifying):
                child._close()

    def _open(self):
        """Unfreeze this level."""
        self._closed = False

    def __missing__(self, key):
        if self._closed:
            raise KeyError(key)
        child = self[key] = self._childtype()
        return child


def _from_neutral(op):
    """In-place ``op`` on an auto-created entry: it acts as the neutral value
    of the operand's type (``d.x += 3`` gives 3, ``d.x -= 3`` gives -3)."""
    def inplace(self, other):
        if type(other) is type(self):
            raise TypeError('unsupported operand types for %s: two %s'
                            % (op.__name__, type(self).__name__))
        return op(type(other)(), other)
    return inplace


class AutoDict(_Vivifying, dict):
    """Nested dict: reading a missing key creates an ``AutoDict`` there.
    Keys are also attributes (attribute writes, even ``_x``, are keys)."""

    def __getattr__(self, key):
        return self[key]

    def __setattr__(self, key, value):
        self[key] = value


class AutoOrderedDict(_Vivifying, OrderedDict):
    """Insertion-ordered :class:`AutoDict`; names starting with ``_`` stay
    real attributes. In-place arithmetic on an entry starts from the neutral
    value of the other operand's type (``d.x.y += 3`` gives 3)."""

    def __getattr__(self, key):
        if key.startswith('_'):
            raise AttributeError(key)
        return self[key]

    def __setattr__(self, key, value):
        if key.startswith('_'):
            self.__dict__[key] = value
        else:
            self[key] = value

    __iadd__ = _from_neutral(_operator.add)
    __isub__ = _from_neutral(_operator.sub)
    __imul__ = _from_neutral(_operator.mul)
    __itruediv__ = _from_neutral(_operator.truediv)

    def lvalues(self):
        """The values as a list."""
        return list(self.values())


AutoDict._childtype = AutoDict
AutoOrderedDict._childtype = AutoOrderedDict
