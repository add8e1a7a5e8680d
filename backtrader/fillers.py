"""Volume fillers: how much of an order a bar can fill.

A filler is a callable ``filler(order, price, ago)`` returning the size
(>= 0) that can be executed at ``price`` on bar ``ago`` of ``order.data``.
Install one with ``broker.set_filler(...)`` or ``BackBroker(filler=...)``.
"""
import sys

from backtrader.metabase import ParamsBase

__all__ = ['FixedSize', 'FixedBarPerc', 'BarPointPerc']


class FixedSize(ParamsBase):
    """Fill at most ``size`` units per bar, and never more than the bar's
    volume or the order's remaining size.

    Params
    ------
    size : int or None (None)
        Cap per bar; a false value means no cap beyond the bar volume.
    """
    params = (('size', None),)

    def __call__(self, order, price, ago):
        cap = self.p.size or sys.maxsize
        return min((order.data.volume[ago], abs(order.executed.remsize), cap))


class FixedBarPerc(ParamsBase):
    """Fill up to ``perc`` percent of the bar's volume (rounded down).

    Params
    ------
    perc : float (100.0)
        Percentage (0.0 - 100.0) of the bar volume available to the order.
    """
    params = (('perc', 100.0),)

    def __call__(self, order, price, ago):
        available = (order.data.volume[ago] * self.p.perc) // 100
        return min(available, abs(order.executed.remsize))


class BarPointPerc(ParamsBase):
    """Spread the bar's volume evenly over its price range in steps of
    ``minmov`` and fill up to ``perc`` percent of one step's share.

    Params
    ------
    minmov : float or None (None)
        Price step partitioning ``high - low``; None means a single part.
    perc : float (100.0)
        Percentage (0.0 - 100.0) of the per-price volume to use.
    """
    params = (
        ('minmov', None),
        ('perc', 100.0),
    )

    def __call__(self, order, price, ago):
        data = order.data
        step = self.p.minmov
        parts = 1
        if step:
            # the range is inclusive at both ends, hence one extra step
            parts = (data.high[ago] - data.low[ago] + step) // step
        per_price = ((data.volume[ago] / parts) * self.p.perc) // 100.0
        return min(per_price, abs(order.executed.remsize))
