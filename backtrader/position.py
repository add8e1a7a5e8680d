"""The size and average price held in one asset."""

__all__ = ['Position']


class Position(object):
    """Size and average price of a holding, independent of any asset.

    ``size`` is positive when long and negative when short; ``price`` is the
    average entry price of what is currently held (``0.0`` when flat).
    ``upopened`` / ``upclosed`` tell how much of the last update opened or
    closed the position (same sign as that update). ``adjbase`` is the price
    to which futures-like cash was last marked. ``len(position)`` is the
    absolute size and a position is true when it is not flat.
    """

    def __init__(self, size=0, price=0.0):
        self.size = size
        self.price = price if size else 0.0
        self.price_orig = self.price
        self.adjbase = None
        self.upopened = 0
        self.upclosed = 0
        self.updt = None

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

    __nonzero__ = __bool__

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

    def pseudoupdate(self, size, price):
        """What :meth:`update` would return, leaving this position untouched."""
        return Position(self.size, self.price).update(size, price)

    def update(self, size, price, dt=None):
        """Apply an execution of ``size`` (negative sells) at ``price``.

        Returns ``(size, price, opened, closed)``: the new size and average
        price, and the parts of ``size`` that opened/increased and that
        closed/reduced the position (both carry the sign of ``size``). A
        reversal closes the old position entirely and opens the rest at
        ``price``; a reduction keeps the average price; going flat sets the
        price to ``0.0``.
        """
        self.datetime = dt
        self.price_orig = self.price
        old = self.size
        new = old + size
        self.size = new

        if not new:  # flat now
            opened, closed = 0, size
            self.price = 0.0
        elif not old:  # fresh position
            opened, closed = size, 0
            self.price = price
        elif (size > 0 and old > 0) or (size < 0 and old < 0):
            # same direction: the position grows, average the price
            opened, closed = size, 0
            self.price = (self.price * old + size * price) / new
        elif (new > 0) == (old > 0):  # reduced, still on the same side
            opened, closed = 0, size
        else:  # crossed zero: all of the old closed, the rest opened
            opened, closed = new, -old
            self.price = price

        self.upopened = opened
        self.upclosed = closed
        return new, self.price, opened, closed
