# cython: language_level=3
"""The records of an order: ``backtrader.order.OrderExecutionBit`` and
``OrderData`` (order.py derives the public classes from these, adding no
instance dict).

An order keeps two records (``created``, ``executed``) and every notification
snapshot of it one more, and a backtest keeps them all: they are kept small,
with fixed fields, no per-instance dict, not tracked by the cyclic garbage
collector (they hold numbers only), and the deque of fills made only when a
fill arrives or someone looks at it.
"""
cimport cython

from collections import deque as _deque
from itertools import islice as _islice

# names in the order in which upstream's instances list them in vars()
BIT_FIELDS = ('dt', 'size', 'price', 'closed', 'opened', 'closedvalue',
              'openedvalue', 'closedcomm', 'openedcomm', 'value', 'comm',
              'pnl', 'psize', 'pprice')
DATA_FIELDS = ('pclose', 'exbits', 'p1', 'p2', 'dt', 'size', 'remsize',
               'price', 'pricelimit', 'trailamount', 'trailpercent',
               '_plimit', 'value', 'comm', 'margin', 'pnl', 'psize', 'pprice')


def _fields_of(obj, tuple names):
    """``vars()`` of a record: its field values in upstream's order, as a
    new dict (assigning to it changes nothing)."""
    return {name: getattr(obj, name) for name in names}


def _get_plimit(self):
    return self._plimit


def _set_plimit(self, value):
    self._plimit = value


PLIMIT = property(_get_plimit, _set_plimit,
                  doc="The limit price of a StopLimit order (``_plimit``).")


@cython.no_gc
cdef class OrderExecutionBit:
    """One fill of an order.

    ``dt`` (float day number), ``size`` and ``price`` of the fill; the parts
    that ``closed`` / ``opened`` a position with their values and
    commissions; ``value`` and ``comm`` for the whole fill; ``pnl`` realized
    by the closing part; ``psize`` / ``pprice`` of the position afterwards.

    The fields are fixed (no other attributes can be set). Backtests keep
    these records by the thousands: they are not tracked by the cyclic
    garbage collector (they hold numbers, nothing that could refer back).
    """

    def __init__(self, dt=None, size=0, price=0.0,
                 closed=0, closedvalue=0.0, closedcomm=0.0,
                 opened=0, openedvalue=0.0, openedcomm=0.0,
                 pnl=0.0, psize=0, pprice=0.0):
        self._set(dt, size, price, closed, closedvalue, closedcomm,
                  opened, openedvalue, openedcomm, pnl, psize, pprice)

    cdef void _set(self, dt, size, price, closed, closedvalue, closedcomm,
                   opened, openedvalue, openedcomm, pnl, psize, pprice) except *:
        # the fill, and the position it left behind
        self.dt, self.size, self.price = dt, size, price
        self.psize, self.pprice, self.pnl = psize, pprice, pnl
        # the part that reduced the position, the part that grew it, and the
        # two together
        self.closed, self.closedvalue, self.closedcomm = closed, closedvalue, closedcomm
        self.opened, self.openedvalue, self.openedcomm = opened, openedvalue, openedcomm
        self.value = closedvalue + openedvalue
        self.comm = closedcomm + openedcomm

    @property
    def __dict__(self):
        return _fields_of(self, BIT_FIELDS)

    def __reduce__(self):
        return (type(self), (), (self.dt, self.size, self.price,
                                 self.closed, self.opened, self.closedvalue,
                                 self.openedvalue, self.closedcomm,
                                 self.openedcomm, self.value, self.comm,
                                 self.pnl, self.psize, self.pprice))

    def __setstate__(self, state):
        (self.dt, self.size, self.price, self.closed, self.opened,
         self.closedvalue, self.openedvalue, self.closedcomm, self.openedcomm,
         self.value, self.comm, self.pnl, self.psize, self.pprice) = state


@cython.no_gc
cdef class OrderData:
    """Creation request or execution outcome of an order.

    For ``order.created``: ``dt``, ``size``, ``price`` (the reference close
    when no price was given), ``pricelimit`` (StopLimit), ``pclose`` (close
    at creation), ``trailamount``, ``trailpercent``. For ``order.executed``:
    running totals over the fills in ``exbits`` (``size``, average
    ``price``, ``value``, ``comm``, ``pnl``, ``remsize`` still to fill,
    ``margin``, ``psize``/``pprice``). ``len()`` and indexing give the fills;
    ``iterpending``/``getpending`` the fills since the previous notification
    (``markpending`` moves that window, ``clone`` marks it and copies).

    The fields are fixed (no other attributes can be set); like
    :class:`OrderExecutionBit` the records are not tracked by the cyclic
    garbage collector. The fills live in a deque that is shared by a record and its copies
    (``clone``, ``copy.copy``), as upstream's shallow copies share it. It is
    made on the first fill or the first read of ``exbits``; a copy taken
    before that remembers the record it was taken from (``_root``) and
    reads the deque through it, so it sees the same fills.
    """

    def __init__(self, dt=None, size=0, price=0.0, pricelimit=0.0, remsize=0,
                 pclose=0.0, trailamount=0.0, trailpercent=0.0):
        self._fill(dt, size, remsize, price, pricelimit, pclose, trailamount,
                   trailpercent)

    cdef int _fill(self, dt, size, remsize, price, pricelimit, pclose,
                   trailamount, trailpercent) except -1:
        """Set every field of a new record: the request as given (a missing
        limit falls back to the price, a missing price to the limit), no
        fill yet, nothing notified."""
        self.dt, self.size, self.remsize, self.pclose = dt, size, remsize, pclose
        self.price = price if (price or not pricelimit) else pricelimit
        self.pricelimit = pricelimit if pricelimit else price
        self._plimit = pricelimit  # the ``plimit`` property
        self.trailamount, self.trailpercent = trailamount, trailpercent
        # totals over the fills, and the position after the last one
        self.pnl = self.comm = self.value = 0.0
        self.margin = None
        self.pprice = self.psize = 0
        self.p1 = self.p2 = 0  # [p1, p2) are the fills not yet notified
        return 0

    # -- the fills
    cdef object _bits(self, bint make):
        """The deque of fills (made if ``make`` and missing, else None)."""
        cdef OrderData root
        if self._exbits is not None:
            return self._exbits
        root = self._root
        if root is not None:
            if root._ghost is not None:
                return root._ghost
            return root._bits(make)
        if make:
            self._exbits = _deque()
        return self._exbits

    cdef Py_ssize_t _nbits(self) except -1:
        bits = self._bits(False)
        return 0 if bits is None else len(bits)

    @property
    def exbits(self):
        """The fills (``OrderExecutionBit``) in a ``collections.deque``."""
        return self._bits(True)

    @exbits.setter
    def exbits(self, value):
        # copies reading the fills through this record keep the deque they
        # shared so far
        if self._ghost is None:
            self._ghost = self._bits(True)
        self._exbits = value
        self._root = None

    plimit = PLIMIT

    @property
    def __dict__(self):
        return _fields_of(self, DATA_FIELDS)

    def __len__(self):
        return self._nbits()

    def __getitem__(self, key):
        return self._bits(True)[key]

    def add(self, dt, size, price,
            closed=0, closedvalue=0.0, closedcomm=0.0,
            opened=0, openedvalue=0.0, openedcomm=0.0,
            pnl=0.0, psize=0, pprice=0.0):
        """Record a fill given by its fields."""
        self.addfill(dt, size, price, closed, closedvalue, closedcomm,
                     opened, openedvalue, openedcomm, pnl, psize, pprice)

    cdef int addfill(self, dt, size, price, closed, closedvalue, closedcomm,
                     opened, openedvalue, openedcomm, pnl, psize,
                     pprice) except -1:
        cdef OrderExecutionBit bit = OrderExecutionBit.__new__(OrderExecutionBit)
        bit._set(dt, size, price, closed, closedvalue, closedcomm,
                 opened, openedvalue, openedcomm, pnl, psize, pprice)
        if type(self) is OrderData:
            self._addbit(bit)
        else:
            self.addbit(bit)  # a subclass may override it
        return 0

    def addbit(self, exbit):
        """Record a fill and fold it into the running totals."""
        self._addbit(exbit)

    cdef int _addbit(self, exbit) except -1:
        self._bits(True).append(exbit)
        esize = exbit.size
        self.remsize -= esize
        self.dt = exbit.dt
        total = self.size * self.price + esize * exbit.price
        self.size += esize
        self.price = total / self.size
        self.value += exbit.value
        self.comm += exbit.comm
        self.pnl += exbit.pnl
        self.psize = exbit.psize
        self.pprice = exbit.pprice
        return 0

    # -- notification window
    def iterpending(self):
        """The fills added between the last two marks (notifications)."""
        return _islice(self._bits(True), self.p1, self.p2)

    def getpending(self):
        """:meth:`iterpending` as a list."""
        return list(self.iterpending())

    cdef int _markpending(self) except -1:
        p2 = self.p2
        self.p2 = self._nbits()
        self.p1 = p2
        return 0

    def markpending(self):
        """Move the pending window to the fills added since the last mark."""
        self._markpending()

    # -- copies
    cdef OrderData _twin(self):
        """Shallow copy: same field values, same fills."""
        cdef OrderData twin = OrderData.__new__(type(self))
        twin.pclose = self.pclose
        twin.p1 = self.p1
        twin.p2 = self.p2
        twin.dt = self.dt
        twin.size = self.size
        twin.remsize = self.remsize
        twin.price = self.price
        twin.pricelimit = self.pricelimit
        twin.trailamount = self.trailamount
        twin.trailpercent = self.trailpercent
        twin._plimit = self._plimit
        twin.value = self.value
        twin.comm = self.comm
        twin.margin = self.margin
        twin.pnl = self.pnl
        twin.psize = self.psize
        twin.pprice = self.pprice
        if self._exbits is not None:
            twin._exbits = self._exbits
        elif self._root is not None:
            twin._root = self._root
        else:
            twin._root = self
        return twin

    def clone(self):
        """Snapshot for a notification: marks the pending window, then a
        shallow copy (the fills are shared)."""
        self._markpending()
        return self._twin()

    def __copy__(self):
        return self._twin()

    def __reduce__(self):
        return (type(self), (), (
            self.pclose, self.p1, self.p2, self.dt, self.size, self.remsize,
            self.price, self.pricelimit, self.trailamount, self.trailpercent,
            self._plimit, self.value, self.comm, self.margin, self.pnl,
            self.psize, self.pprice, self._exbits, self._root, self._ghost))

    def __setstate__(self, state):
        (self.pclose, self.p1, self.p2, self.dt, self.size, self.remsize,
         self.price, self.pricelimit, self.trailamount, self.trailpercent,
         self._plimit, self.value, self.comm, self.margin, self.pnl,
         self.psize, self.pprice, self._exbits, self._root,
         self._ghost) = state


def new_executed(cls, remsize):
    """``cls(remsize=remsize)`` (an ``OrderData``) without parsing
    arguments: the ``executed`` record every order starts with."""
    return make_executed(cls, remsize)


cdef OrderData make_executed(object cls, object remsize):
    """:func:`new_executed` for compiled callers."""
    cdef OrderData d = OrderData.__new__(cls)
    d._fill(None, 0, remsize, 0.0, 0.0, 0.0, 0.0, 0.0)
    return d
