# cython: language_level=3
"""The size and average price held in one asset (``backtrader.Position``).

A compiled class so that the broker's per-bar kernels read and write its
fields without attribute lookups; for Python code it is an ordinary object
(its fields are attributes, other attributes may be added, it can be
subclassed, copied and pickled).
"""
from backtrader._cy.linebuffer import _num2date as _line_num2date

cdef object _UNSET = object()


cdef tuple update_figures(oldsize, oldprice, size, price):
    """``(newsize, newprice, opened, closed)`` of applying an execution of
    ``size`` at ``price`` to a position of ``oldsize`` at ``oldprice``."""
    new = oldsize + size
    if not new:  # flat now
        return new, 0.0, 0, size
    if not oldsize:  # fresh position
        return new, price, size, 0
    if (size > 0 and oldsize > 0) or (size < 0 and oldsize < 0):
        # same direction: the position grows, average the price
        return new, (oldprice * oldsize + size * price) / new, size, 0
    if (new > 0) == (oldsize > 0):  # reduced, still on the same side
        return new, oldprice, 0, size
    # crossed zero: all of the old closed, the rest opened
    return new, price, new, -oldsize


cdef class Position:
    """Size and average price of a holding, independent of any asset.

    ``size`` is positive when long and negative when short; ``price`` is the
    average entry price of what is currently held (``0.0`` when flat).
    ``upopened`` / ``upclosed`` tell how much of the last update opened or
    closed the position (same sign as that update). ``adjbase`` is the price
    to which futures-like cash was last marked. ``datetime`` is the time of
    the last update (or of the last bar the broker charged interest for).
    ``len(position)`` is the absolute size and a position is true when it is
    not flat.
    """
    # A broker may stamp ``datetime`` lazily: ``_dtnum`` (a float day number)
    # and ``_dttz`` (the time zone of the data's datetime line) are turned
    # into the datetime object only when it is read.

    def __cinit__(self, *args, **kwargs):
        self._dtval = _UNSET

    def __init__(self, size=0, price=0.0):
        self.size = size
        self.price = price if size else 0.0
        self.price_orig = self.price
        self.adjbase = None
        self.upopened = 0
        self.upclosed = 0
        self.updt = None

    @property
    def datetime(self):
        num = self._dtnum
        if num is not None:
            self._dtval = _line_num2date(num, self._dttz, True)
            self._dtnum = None
        if self._dtval is _UNSET:
            raise AttributeError("'%s' object has no attribute 'datetime'"
                                 % type(self).__name__)
        return self._dtval

    @datetime.setter
    def datetime(self, value):
        self._dtval = value
        self._dtnum = None

    @datetime.deleter
    def datetime(self):
        lazy = self._dtnum is not None
        self._dtnum = None
        unset = self._dtval is _UNSET
        self._dtval = _UNSET
        if unset and not lazy:
            raise AttributeError('datetime')

    def __reduce__(self):
        dtval = None if self._dtval is _UNSET else (self._dtval,)
        state = (self.size, self.price, self.price_orig, self.adjbase,
                 self.upopened, self.upclosed, self.updt, self._dtnum,
                 self._dttz, dtval, getattr(self, '__dict__', None))
        return (_rebuild, (type(self), state))

    def __str__(self):
        return '\n'.join((
            '--- Position Begin',
            '- Size: {}'.format(self.size),
            '- Price: {}'.format(self.price),
            '- Price orig: {}'.format(self.price_orig),
            '- Closed: {}'.format(self.upclosed),
            '- Opened: {}'.format(self.upopened),
            '- Adjbase: {}'.format(self.adjbase),
            '--- Position End',
        ))

    def __len__(self):
        return abs(self.size)

    def __bool__(self):
        return self.size != 0

    def __nonzero__(self):
        return self.size != 0

    def fix(self, size, price):
        """Overwrite size and price; True if the size did not change."""
        unchanged = size == self.size
        self.size = size
        self.price = price
        return unchanged

    def set(self, size, price):
        """Jump to an absolute ``size``/``price``, recording what the jump
        opened and closed. Returns ``(size, price, opened, closed)``."""
        old = self.size
        if old > 0:
            if size > old:
                opened, closed = size - old, 0
            else:
                opened, closed = min(0, size), min(old, old - size)
        elif old < 0:
            if size < old:
                opened, closed = size - old, 0
            else:
                opened, closed = max(0, size), max(old, old - size)
        else:
            opened, closed = old, 0
        self.upopened, self.upclosed = opened, closed
        self.size = size
        self.price_orig = self.price
        self.price = price if size else 0.0
        return self.size, self.price, self.upopened, self.upclosed

    def clone(self):
        """A new position with the same size and price."""
        return Position(size=self.size, price=self.price)

    cpdef tuple pseudoupdate(self, size, price):
        """What :meth:`update` would return, leaving this position untouched."""
        oldsize = self.size
        # a fresh Position(size, price) is flat-priced when size is 0
        return update_figures(oldsize, self.price if oldsize else 0.0,
                              size, price)

    cpdef tuple update(self, size, price, dt=None):
        """Apply an execution of ``size`` (negative sells) at ``price``.

        Returns ``(size, price, opened, closed)``: the new size and average
        price, and the parts of ``size`` that opened/increased and that
        closed/reduced the position (both carry the sign of ``size``). A
        reversal closes the old position entirely and opens the rest at
        ``price``; a reduction keeps the average price; going flat sets the
        price to ``0.0``.
        """
        self._dtval = dt
        self._dtnum = None
        self.price_orig = oldprice = self.price
        figures = update_figures(self.size, oldprice, size, price)
        self.size, self.price, self.upopened, self.upclosed = figures
        return figures


def _rebuild(cls, tuple state):
    """Unpickle / copy a :class:`Position` (see ``Position.__reduce__``)."""
    cdef Position pos = cls.__new__(cls)
    (pos.size, pos.price, pos.price_orig, pos.adjbase, pos.upopened,
     pos.upclosed, pos.updt, pos._dtnum, pos._dttz, dtval, extra) = state
    if dtval is not None:
        pos._dtval = dtval[0]
    if extra:
        getattr(pos, '__dict__').update(extra)
    return pos
