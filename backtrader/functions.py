"""Line functions usable in ``__init__``: ``bt.And``, ``bt.Or``, ``bt.If``,
``bt.Max``, ``bt.Min``, ``bt.Sum``, ``bt.Any``, ``bt.All``, ``bt.Cmp``, ...

Each builds a lazy line whose value at every bar is the function applied to the
arguments' values at that bar. Arguments may be lines, line series or numbers.
The element-wise ones loop over ``memoryview``s; the vectorized ones (``Cmp``,
``CmpEx``, ``If``, ``And``, ``Or``) import numpy when they first run.
"""
import functools
import math

from backtrader.linebuffer import PyLineActions, PseudoArray

__all__ = ['List', 'Logic', 'DivByZero', 'DivZeroByZero', 'Cmp', 'CmpEx', 'If',
           'MultiLogic', 'MultiLogicReduce', 'Reduce', 'And', 'Or', 'Max', 'Min',
           'Sum', 'Any', 'All']


def _cmp(a, b):
    return (a > b) - (a < b)


def _window(arg, start, end):
    """The values of a line argument over ``start:end`` (a memoryview), or the
    constant itself (it answers any index)."""
    if isinstance(arg, PseudoArray):
        return arg
    return arg.memview[start:end]


def _values(arg, start, end):
    """numpy slice of a line argument, or the constant broadcast."""
    import numpy as np
    if isinstance(arg, PseudoArray):
        return np.full(end - start, arg.wrapped, dtype=np.float64)
    return arg.array[start:end]


class List(list):
    """A list whose membership test compares identity hashes (lines override ==)."""

    def __contains__(self, other):
        return any(x.__hash__() == other.__hash__() for x in self)


class Logic(PyLineActions):
    """Base: keeps the arguments as array-like objects in ``self.args``."""

    def __init__(self, *args):
        PyLineActions.__init__(self)
        self.args = [self.arrayize(arg) for arg in args]


class DivByZero(Logic):
    """``a / b``, or ``zero`` where ``b`` is 0."""

    def __init__(self, a, b, zero=0.0):
        Logic.__init__(self, a, b)
        self.a, self.b = self.args
        self.zero = zero

    def next(self):
        b = self.b[0]
        self[0] = self.a[0] / b if b else self.zero

    def once(self, start, end):
        dst, a, b, zero = self.memview, self.a.memview, self.b.memview, self.zero
        for i in range(start, end):
            dst[i] = a[i] / b[i] if b[i] else zero


class DivZeroByZero(Logic):
    """``a / b``; ``single`` for x/0 and ``dual`` for 0/0."""

    def __init__(self, a, b, single=float('inf'), dual=0.0):
        Logic.__init__(self, a, b)
        self.a, self.b = self.args
        self.single = single
        self.dual = dual

    def _div(self, a, b):
        if b == 0.0:
            return self.dual if a == 0.0 else self.single
        return a / b

    def next(self):
        self[0] = self._div(self.a[0], self.b[0])

    def once(self, start, end):
        dst, a, b = self.memview, self.a.memview, self.b.memview
        for i in range(start, end):
            dst[i] = self._div(a[i], b[i])


class Cmp(Logic):
    """-1, 0 or 1 as ``a`` is below, equal to or above ``b``."""

    def __init__(self, a, b):
        Logic.__init__(self, a, b)
        self.a, self.b = self.args

    def next(self):
        self[0] = _cmp(self.a[0], self.b[0])

    def once(self, start, end):
        import numpy as np
        a, b = _values(self.a, start, end), _values(self.b, start, end)
        self.array[start:end] = np.sign(a - b)


class CmpEx(Logic):
    """``r1``, ``r2`` or ``r3`` as ``a`` is below, equal to or above ``b``."""

    def __init__(self, a, b, r1, r2, r3):
        Logic.__init__(self, a, b, r1, r2, r3)
        self.a, self.b, self.r1, self.r2, self.r3 = self.args

    def next(self):
        self[0] = _cmp(self.a[0], self.b[0])

    def once(self, start, end):
        import numpy as np
        a, b = _values(self.a, start, end), _values(self.b, start, end)
        r1, r2, r3 = (_values(x, start, end) for x in (self.r1, self.r2, self.r3))
        self.array[start:end] = np.where(a < b, r1, np.where(a > b, r3, r2))


class If(Logic):
    """``a`` where ``cond`` is true, else ``b``."""

    def __init__(self, cond, a, b):
        Logic.__init__(self, a, b)
        self.a, self.b = self.args
        self.cond = self.arrayize(cond)

    def next(self):
        self[0] = self.a[0] if self.cond[0] else self.b[0]

    def once(self, start, end):
        import numpy as np
        cond = _values(self.cond, start, end)
        a, b = _values(self.a, start, end), _values(self.b, start, end)
        # NaN counts as true, as bool(float('nan')) does
        self.array[start:end] = np.where(cond != 0.0, a, b)


class MultiLogic(Logic):
    """``flogic(values of all arguments)`` at every bar."""

    def next(self):
        self[0] = self.flogic([arg[0] for arg in self.args])

    def once(self, start, end):
        dst = self.memview
        cols = [_window(arg, start, end) for arg in self.args]
        flogic = self.flogic
        for k, i in enumerate(range(start, end)):
            dst[i] = flogic([col[k] for col in cols])


class MultiLogicReduce(MultiLogic):
    """``functools.reduce(flogic, values)`` at every bar."""

    def __init__(self, *args, **kwargs):
        MultiLogic.__init__(self, *args)
        if 'initializer' in kwargs:
            self.flogic = functools.partial(functools.reduce, self.flogic,
                                            kwargs['initializer'])
        else:
            self.flogic = functools.partial(functools.reduce, self.flogic)


class Reduce(MultiLogicReduce):
    """Reduce the arguments with a user function."""

    def __init__(self, flogic, *args, **kwargs):
        self.flogic = flogic
        MultiLogicReduce.__init__(self, *args, **kwargs)


def _andlogic(x, y):
    return bool(x and y)


def _orlogic(x, y):
    return bool(x or y)


class And(MultiLogicReduce):
    """1.0 where all arguments are true, else 0.0."""
    flogic = staticmethod(_andlogic)

    def once(self, start, end):
        import numpy as np
        result = np.ones(end - start, dtype=bool)
        for arg in self.args:
            result &= _values(arg, start, end) != 0.0
        self.array[start:end] = result


class Or(MultiLogicReduce):
    """1.0 where any argument is true, else 0.0."""
    flogic = staticmethod(_orlogic)

    def once(self, start, end):
        import numpy as np
        result = np.zeros(end - start, dtype=bool)
        for arg in self.args:
            result |= _values(arg, start, end) != 0.0
        self.array[start:end] = result


def _per_bar(name, fn, doc):
    """A ``MultiLogic`` class applying ``fn`` to the arguments' values of each bar."""
    return type(MultiLogic)(name, (MultiLogic,),
                            {'flogic': fn, '__doc__': doc, '__module__': __name__})


Max = _per_bar('Max', max, 'The largest of the arguments at every bar.')
Min = _per_bar('Min', min, 'The smallest of the arguments at every bar.')
Sum = _per_bar('Sum', math.fsum, 'The (correctly rounded) sum of the arguments at every bar.')
Any = _per_bar('Any', any, '1.0 where any argument is true.')
All = _per_bar('All', all, '1.0 where all arguments are true.')
