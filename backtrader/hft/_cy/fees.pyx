# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Fee models: the money one fill costs (negative: a rebate paid to the trader).

* :class:`MakerTakerFee` -- a rate on the traded value ``|price * qty|``, one rate for fills that
  provided liquidity (maker) and one for fills that took it (taker).
* :class:`PerQtyFee` -- a rate per unit of traded quantity ``|qty|``.
* :class:`FlatFee` -- a fixed amount per fill.

Calling a model from Python, ``model(price, qty, maker)``, evaluates it.
"""
from libc.math cimport fabs, isfinite


cdef double _rate(str owner, str name, value) except? -1.0:
    cdef double v
    if isinstance(value, bool):
        raise TypeError("%s: %s must be a number, not %r" % (owner, name, value))
    try:
        v = value
    except TypeError:
        raise TypeError("%s: %s must be a number, not %r" % (owner, name, value)) from None
    if not isfinite(v):
        raise ValueError("%s: %s must be finite, not %r" % (owner, name, value))
    return v


cdef class FeeModel:
    """Base of the fee models: a maker and a taker parameter, applied by the subclass."""

    # what the rate applies to, in describe()
    _BASIS = ''

    def __init__(self, maker, taker=None):
        if type(self) is FeeModel:
            raise TypeError("FeeModel is abstract: use MakerTakerFee, PerQtyFee or FlatFee")
        name = type(self).__name__
        self.maker = _rate(name, 'maker', maker)
        self.taker = self.maker if taker is None else _rate(name, 'taker', taker)

    cdef double fee(self, double price, double qty, bint maker) noexcept:
        return 0.0

    def __call__(self, double price, double qty, bint maker=False):
        return self.fee(price, qty, maker)

    def describe(self):
        """A short text naming the model and its parameters."""
        return '%s(maker=%r, taker=%r, %s)' % (type(self).__name__, self.maker, self.taker,
                                                self._BASIS)

    def __repr__(self):
        return self.describe()

    def __reduce__(self):
        return (type(self), (self.maker, self.taker))


cdef class MakerTakerFee(FeeModel):
    """``rate * |price * qty|`` with ``rate`` = ``maker`` or ``taker`` (a negative maker rate is a
    rebate). ``MakerTakerFee(-0.00005, 0.0007)``: -0.5 bp for makers, 7 bp for takers.
    ``taker`` defaults to ``maker``."""

    _BASIS = 'on traded value'

    cdef double fee(self, double price, double qty, bint maker) noexcept:
        return (self.maker if maker else self.taker) * fabs(price * qty)


cdef class PerQtyFee(FeeModel):
    """``rate * |qty|`` with ``rate`` = ``maker`` or ``taker`` (money per unit of quantity).
    ``taker`` defaults to ``maker``."""

    _BASIS = 'per unit of quantity'

    cdef double fee(self, double price, double qty, bint maker) noexcept:
        return (self.maker if maker else self.taker) * fabs(qty)


cdef class FlatFee(FeeModel):
    """A fixed ``maker`` or ``taker`` amount per fill, whatever its size. ``taker`` defaults to
    ``maker``."""

    _BASIS = 'per fill'

    cdef double fee(self, double price, double qty, bint maker) noexcept:
        return self.maker if maker else self.taker
