"""The Gueant-Lehalle-Fernandez-Tapia market maker: the closed-form asymptotic quotes of
Gueant, "Optimal market making" (2017), equations 4.6 and 4.7, as hftbacktest's GLFT example
applies them.

With the order-arrival intensity ``A * exp(-k * delta)`` (``A`` per second, ``k`` per tick), the
mid volatility ``sigma`` (ticks per sqrt(second)), the risk aversion ``gamma``, the aversion ``xi``
of the objective (``gamma`` by default) and the quote size ``Delta`` (``delta``, in units of ``q``):

- ``c1 = ln(1 + xi * Delta / k) / (xi * Delta)``
- ``c2 = sqrt(gamma / (2 * A * Delta * k) * (1 + xi * Delta / k) ** (k / (xi * Delta) + 1))``
- half spread ``(c1 + Delta / 2 * c2 * sigma) * spread_scale``, skew ``c2 * sigma * skew_scale``
- bid ``s - half - skew * q``, ask ``s + half - skew * q``, each rounded to the nearest tick
  (halves to even), then clamped to the book as every AvellanedaStoikov quote is.

There is no terminal time: the horizon is infinite. By default ``A``, ``k`` and ``sigma`` are
estimated online (see :mod:`backtrader.hft.estimators`): ``A_warmup``, ``kappa_warmup`` and the
weighted-mean volatility stand in while they warm up.
"""
import math

from backtrader.hft.strategies.avellaneda import AvellanedaStoikov, _number

__all__ = ['GLFT', 'glft_coefficients']


def glft_coefficients(gamma, xi, delta, A, k):
    """``(c1, c2)`` of the GLFT closed form (see the module docstring)."""
    x = xi * delta
    c1 = math.log(1.0 + x / k) / x
    c2 = math.sqrt(gamma / (2.0 * A * delta * k) * (1.0 + x / k) ** (k / x + 1.0))
    return c1, c2


def _nearest(v):
    return round(v) if v is not None and math.isfinite(v) else None


class GLFT(AvellanedaStoikov):
    """Gueant-Lehalle-Fernandez-Tapia market maker on ``data0`` (see
    :mod:`backtrader.hft.strategies.glft`); it takes every :class:`AvellanedaStoikov` param.

    Params beyond the base's (whose defaults it changes to ``gamma`` 0.05, ``kappa``, ``A`` and
    ``sigma`` ``'auto'``, ``horizon`` ``'infinite'``):

    - ``xi`` (None): the aversion of the objective; None takes ``gamma``
    - ``delta`` (1.0): the quote size ``Delta`` in units of ``q`` (one order by default)
    - ``spread_scale`` (1.0), ``skew_scale`` (1.0): factors on the half spread and the skew
    """
    params = (
        ('gamma', 0.05),
        ('kappa', 'auto'),
        ('A', 'auto'),
        ('sigma', 'auto'),
        ('horizon', 'infinite'),
        ('xi', None),
        ('delta', 1.0),
        ('spread_scale', 1.0),
        ('skew_scale', 1.0),
    )

    def _check(self):
        super()._check()
        p = self.p
        if p.xi is not None and not (_number(p.xi) and p.xi > 0):
            self._fail('xi', 'None (gamma) or a positive number', p.xi)
        if not (_number(p.delta) and p.delta > 0):
            self._fail('delta', 'a positive number', p.delta)
        for pname in ('spread_scale', 'skew_scale'):
            v = getattr(p, pname)
            if not (_number(v) and v >= 0):
                self._fail(pname, 'a number >= 0', v)

    def start(self):
        super().start()
        p = self.p
        self._xi = float(p.gamma if p.xi is None else p.xi)
        self._delta = float(p.delta)
        self._scales = float(p.spread_scale), float(p.skew_scale)

    def half_spread_and_skew(self, st):
        """``(half_spread, skew)`` in ticks for the state's ``A``, ``k`` and ``sigma2``."""
        c1, c2 = glft_coefficients(st.gamma, self._xi, self._delta, st.A, st.k)
        sigma = math.sqrt(st.sigma2)
        spread_scale, skew_scale = self._scales
        return ((c1 + 0.5 * self._delta * c2 * sigma) * spread_scale,
                c2 * sigma * skew_scale)

    def reservation_price(self, st):
        """``fair - skew * q``, ticks."""
        return st.fair - self.half_spread_and_skew(st)[1] * st.q

    def half_spread(self, st):
        """The GLFT half spread, ticks."""
        return self.half_spread_and_skew(st)[0]

    def quotes(self, st):
        """``(bid, ask)``: the reservation price -/+ the half spread (no terminal time)."""
        half, skew = self.half_spread_and_skew(st)
        r = st.fair - skew * st.q
        return r - half, r + half

    def round_quotes(self, bid, ask, st):
        """Both quotes to the nearest tick (halves to even)."""
        return _nearest(bid), _nearest(ask)
