"""Online estimators of the market-making models: the volatility of the mid and the
order-arrival intensity ``lambda(delta) = A * exp(-k * delta)``.

Both are compiled streaming objects (``backtrader/hft/_cy/estimators.pyx``) fed at each step:
:class:`MidVolatility` with the mid sampled on a time grid, :class:`ArrivalIntensity` with the
trades between steps (measured against the mid of the step before), which a :class:`TradeCursor`
reads straight from an :class:`~backtrader.hft.L2EventData`'s records. Each has a ``ready`` flag:
a strategy uses its own fallback until it is set (see
:class:`~backtrader.hft.strategies.AvellanedaStoikov`).

As indicators on an order-book feed (lines ``sigma2``, ``sigma``, ``ready`` and ``A``, ``k``,
``ready``) they are :class:`bt.hft.indicators.MidVolatility` and
:class:`bt.hft.indicators.ArrivalIntensity`, which run these same objects.
"""
from backtrader.hft._cy.estimators import ArrivalIntensity, MidVolatility, TradeCursor

__all__ = ['MidVolatility', 'ArrivalIntensity', 'TradeCursor', 'trade_cursor']


def trade_cursor(data, tick_size=None):
    """A :class:`TradeCursor` over the records of ``data`` (an L2EventData), on the data's
    timestamp side and tick grid (``tick_size`` None: the data's)."""
    load = getattr(data, '_load_records', None)
    if load is None:
        raise ValueError('%s has no event records: the arrival intensity is estimated from an '
                         'L2EventData' % type(data).__name__)
    records = load()[0]
    tick = float(data.p.tick_size if tick_size is None else tick_size)
    return TradeCursor(records, tick, data.p.timestamp == 'local',
                       bool(getattr(data, '_mapped', False)))
