# cython: language_level=3
"""Per-bar steps: what the clock calls on every bar instead of Python methods.

A :class:`Step` is one such call. A hook a user overrides runs as a
:class:`PyStep`; a standard hook marked with :func:`twin` is replaced by its
compiled twin (``backtrader._cy.hooktwins``), which changes the same
attributes, results and lines the Python method would.
"""


def twin(factory, **kwargs):
    """Decorator: ``factory(owner, **kwargs)`` builds a :class:`Step` doing
    what the decorated hook does, for the clock to call in its place."""
    def mark(fn):
        fn._twin = (factory, kwargs)
        return fn
    return mark


def twin_step(fn, owner):
    """The compiled twin of hook ``fn`` (a function) for ``owner``, or None
    when ``fn`` has none (user code)."""
    spec = getattr(fn, '_twin', None)
    if spec is None:
        return None
    factory, kwargs = spec
    return factory(owner, **kwargs)


cdef class Step:

    cdef int step(self) except -1:
        return 0

    cdef int fund(self, object cash, object value, object fundvalue,
                  object shares) except -1:
        return 0


cdef class PyStep(Step):
    """A Python hook: ``fn()`` (nargs 0), ``fn(cash, value)`` (2) or
    ``fn(cash, value, fundvalue, shares)`` (4)."""

    def __init__(self, fn, int nargs=0):
        self.fn = fn
        self.nargs = nargs
        if nargs == 2:
            self.needs = NEED_CASH | NEED_VALUE
        elif nargs == 4:
            self.needs = NEED_CASH | NEED_VALUE | NEED_FUNDVALUE | NEED_SHARES

    cdef int step(self) except -1:
        self.fn()
        return 0

    cdef int fund(self, object cash, object value, object fundvalue,
                  object shares) except -1:
        if self.nargs == 2:
            self.fn(cash, value)
        else:
            self.fn(cash, value, fundvalue, shares)
        return 0
