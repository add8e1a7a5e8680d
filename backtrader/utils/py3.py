"""Python 2/3 compatibility names kept for code written against upstream.

Only Python 3 is supported; the names map to the builtins and the standard
library.
"""
import queue
import sys
from io import StringIO
from urllib.parse import quote as urlquote

try:
    import winreg
except ImportError:
    winreg = None

PY2 = False

MAXINT = sys.maxsize
MININT = -sys.maxsize - 1
MAXFLOAT = sys.float_info.max
MINFLOAT = sys.float_info.min

string_types = (str,)
integer_types = (int,)

filter = filter
map = map
range = range
zip = zip
long = int


def cmp(a, b):
    """-1, 0 or 1 as ``a`` is smaller than, equal to or larger than ``b``."""
    return (a > b) - (a < b)


def bytes(x):
    """UTF-8 encoding of a text string."""
    return x.encode('utf-8')


def bstr(x):
    return str(x)


def iterkeys(d):
    return iter(d.keys())


def itervalues(d):
    return iter(d.values())


def iteritems(d):
    return iter(d.items())


def keys(d):
    return list(d.keys())


def values(d):
    return list(d.values())


def items(d):
    return list(d.items())


def with_metaclass(meta, *bases):
    """Base class whose subclasses are built by ``meta`` (py2/py3 syntax-neutral).

    The returned placeholder class is replaced, at the moment a class derives
    from it, by a class created with ``meta`` from ``bases``.
    """
    class _Bootstrap(meta):
        def __new__(mcls, name, this_bases, namespace):
            return meta(name, bases, namespace)

    return type.__new__(_Bootstrap, 'temporary_class', (), {})


_URLLIB_REQUEST_NAMES = ('urlopen', 'ProxyHandler', 'build_opener', 'install_opener')


def __getattr__(name):
    # urllib.request is slow to import and only online feeds use it
    if name in _URLLIB_REQUEST_NAMES:
        import urllib.request
        return getattr(urllib.request, name)
    raise AttributeError(name)
