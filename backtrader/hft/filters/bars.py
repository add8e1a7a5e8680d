"""Tick, volume and dollar bars as data filters.

The rule shared by the three: a bar takes ticks in order until its measure (the tick count, the
summed size, the summed ``price * size``) reaches the threshold; the tick that reaches or passes
it closes the bar and belongs to it whole. Ticks are never split, so a volume or dollar bar can end
above its threshold (a tick larger than the threshold makes a bar of its own). A bar's lines:
``open``, ``high``, ``low``, ``close`` of the trade prices, ``volume`` the summed size, ``vwap``
(when the data has that line, as :class:`~backtrader.hft.feeds.ticks.TradeTickData` does) the
volume-weighted price (NaN for a bar of zero volume), and ``datetime`` the exact stamp of its last
tick. ``partial`` (default True) delivers the unfinished bar at the end of the data; False drops it.

The tick is read from the data's ``close`` (the trade price) and ``volume`` (the size) lines.
On a feed with a block loader (the tick feeds of :mod:`backtrader.hft.feeds`) the bars are made in
compiled code over whole columns; on any other feed tick by tick, by the same kernel.
"""
from backtrader import metabase
from backtrader._cy.buffer import full
from backtrader.hft._cy.tickbars import BAR_COLUMNS, BarAggregator

__all__ = ['TickBars', 'VolumeBars', 'DollarBars']


class _ThresholdBars(metabase.ParamsBase):
    """Common machinery; subclasses name their measure (``_kind``) and its param."""
    _kind = None
    _param = None

    def __init__(self, data):
        self._agg = BarAggregator(self._kind, getattr(self.p, self._param))
        self._vwap = 'vwap' in data.getlinealiases()
        self._columns = False       # the data hands its ticks over as columns

    @property
    def bars(self):
        """Bars completed so far."""
        return self._agg.bars_closed

    # -- bar by bar (feeds without a block loader) --------------------------------------
    def __call__(self, data):
        if self._columns:
            return False        # the bar was made from the columns already
        bar = self._agg.push(data.lines.datetime.ns(0), data.lines.close[0],
                             data.lines.volume[0])
        if bar is None:
            data.backwards()
            return True         # the tick went into the open bar
        self._write(data, bar)
        return False

    def last(self, data):
        """At the end of the data: deliver the unfinished bar (``partial``)."""
        bar = self._agg.flush()
        if bar is None or not self.p.partial:
            return 0
        data.forward()
        self._write(data, bar)
        return 1

    def _write(self, data, bar):
        lines = data.lines
        lines.datetime.set_ns(bar[0])
        lines.open[0], lines.high[0], lines.low[0], lines.close[0], lines.volume[0] = bar[1:6]
        if self._vwap:
            lines.vwap[0] = bar[6]

    # -- whole columns (feeds with a block loader) ----------------------------------------
    def filter_block(self, data, block):
        """The bars completed by a block of ticks; ``block`` None: the end of the data."""
        self._columns = True
        if block is not None:
            return self._agg.aggregate(block['datetime'], block['close'], block['volume'])
        bar = self._agg.flush()
        if bar is None or not self.p.partial:
            return None
        return dict((name, full(1, value, 'q' if name == 'datetime' else 'd'))
                    for name, value in zip(BAR_COLUMNS, bar))


class TickBars(_ThresholdBars):
    """Bars of ``count`` trades each (see the module docstring)."""
    params = (('count', 100), ('partial', True))
    _kind = 'ticks'
    _param = 'count'


class VolumeBars(_ThresholdBars):
    """Bars closing once their summed trade size reaches ``volume``."""
    params = (('volume', 1.0), ('partial', True))
    _kind = 'volume'
    _param = 'volume'


class DollarBars(_ThresholdBars):
    """Bars closing once their traded value (sum of price * size) reaches ``value``."""
    params = (('value', 1.0), ('partial', True))
    _kind = 'value'
    _param = 'value'
