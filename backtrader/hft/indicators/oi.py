"""Open-interest analytics: the change of open interest and the price / OI market regime.

Both take two datas: the price data first (a trade or L2 feed: it is the indicator's clock) and
an :class:`~backtrader.hft.feeds.openinterest.OpenInterestData` (or any data with an
``openinterest`` line). The slower OI series is aligned to the price bars by time: at each price
bar the OI is the last snapshot stamped at or before it, held until the next one (NaN before the
first, and those bars are skipped). The comparison base is the bar ``period`` bars back or, with
``window`` (ns or a duration such as ``'5min'``), the last bar at or before ``t - window``.
"""
from backtrader.hft._cy.microlookback import LookbackCore
from backtrader.hft.indicators.base import MicroIndicator, datetime_line

__all__ = ['OIDelta', 'MarketRegime']


def _oi_aligned(ind):
    if len(ind.datas) < 2:
        raise ValueError('%s needs two datas: the price data, then the open-interest data'
                         % type(ind).__name__)
    oidata = ind.datas[1]
    if not hasattr(oidata.lines, 'openinterest'):
        raise ValueError('%s: the second data has no openinterest line' % type(ind).__name__)
    return (datetime_line(oidata), oidata.lines.openinterest)


class OIDelta(MicroIndicator):
    """Open-interest change over the window: ``delta = oi - oi_base`` and ``pct = delta /
    oi_base`` (a fraction)."""
    lines = ('delta', 'pct')
    params = (('period', 1), ('window', '5min'))
    plotinfo = dict(plotyhlines=[0.0])

    def __init__(self):
        core = self._core(LookbackCore, 'oidelta', period=self.p.period, span=self._span())
        self._attach(core, aligned=_oi_aligned(self))


class MarketRegime(MicroIndicator):
    """Market regime from the signs of the relative price change ``dp = p / p_base - 1`` and OI
    change ``doi = oi / oi_base - 1`` over the window, each beyond its neutral band
    (``price_band``, ``oi_band``, fractions)::

        regime  1 long build-up     dp > band,  doi > band   (new longs)
                2 short build-up    dp < -band, doi > band   (new shorts)
                3 long unwinding    dp < -band, doi < -band  (longs close)
                4 short covering    dp > band,  doi < -band  (shorts close)
                0 neutral           otherwise

    Lines ``regime``, ``pricechg`` (dp), ``oichg`` (doi). The price is the first data's ``close``
    (trade price or mid)."""
    lines = ('regime', 'pricechg', 'oichg')
    params = (('period', 1), ('window', '5min'), ('price_band', 0.001), ('oi_band', 0.005))
    NEUTRAL, LONG_BUILDUP, SHORT_BUILDUP, LONG_UNWINDING, SHORT_COVERING = range(5)
    NAMES = ('neutral', 'long build-up', 'short build-up', 'long unwinding', 'short covering')

    def __init__(self):
        core = self._core(LookbackCore, 'regime', period=self.p.period, span=self._span(),
                          price_band=self.p.price_band, oi_band=self.p.oi_band)
        self._attach(core, src=[self.data.lines.close], aligned=_oi_aligned(self))
