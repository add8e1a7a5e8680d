"""OpenInterestData: recorded exchange open-interest snapshots as a ``TimeFrame.Ticks`` feed.

One row per snapshot (Binance's ``/fapi/v1/openInterest`` polls, Bybit's ticker ``openInterest``,
...): a timestamp and the open interest. The value goes to the standard ``openinterest`` line
(``close``, ``open``, ``high`` and ``low`` carry it too, so the feed plots and resamples like any
data); ``volume`` is NaN. Sources and timestamp handling as :class:`~backtrader.hft.feeds.ticks.
TradeTickData` (CSV, npz/npy, Parquet, dict of columns, structured array, DataFrame).

Used with a trade or L2 feed by :class:`~backtrader.hft.indicators.OIDelta` and
:class:`~backtrader.hft.indicators.MarketRegime`, which hold each snapshot until the next one.
Bad input raises ``ValueError`` naming the source, the row and the field (a NaN or negative open
interest, a timestamp going back).
"""
from backtrader.hft.feeds.ticks import _TickColumnsData

__all__ = ['OpenInterestData']


class OpenInterestData(_TickColumnsData):
    """Open-interest snapshots (see the module docstring).

    Params: ``timestamp`` ('timestamp') and ``openinterest`` ('openinterest'): column names or
    0-based positions; ``timeunit``, ``dtformat``, ``headers``, ``separator``, ``blocksize`` as
    for TradeTickData.
    """
    params = (('openinterest', 'openinterest'),)
    _fields = (('openinterest', True),)

    def series(self):
        """``(stamps, values)``: the whole source as int64 ns and float64 numpy columns, read
        and checked afresh (the feed itself is not moved): the open-interest input of
        :meth:`FactorGraph.run <backtrader.hft.factors.FactorGraph.run>` and of
        :class:`~backtrader.hft.factors.FactorIndicator`."""
        import numpy as np
        if hasattr(self.p.dataname, 'read'):
            raise ValueError('OpenInterestData.series: the source is an open file (it can be '
                             'read once); give a path or in-memory columns')
        reader = type(self)(**self.p._getkwargs())
        reader.start()
        ts, vals = [], []
        try:
            block = reader._load_block()
            while block is not None:
                ts.append(block['datetime'])
                vals.append(block['openinterest'])
                block = reader._load_block()
        finally:
            reader.stop()
        if not ts:
            return np.zeros(0, np.int64), np.zeros(0, np.float64)
        return (np.concatenate(ts).astype(np.int64, copy=False),
                np.concatenate(vals).astype(np.float64, copy=False))

    def _make_block(self, ns, raw, linenos):
        import numpy as np
        oi = self._float(raw, 'openinterest', linenos, nonneg=True)
        bad = np.flatnonzero(~np.isfinite(oi))
        if len(bad):
            raise self._fail(int(bad[0]), linenos, 'openinterest',
                             'value %r is not finite' % oi[bad[0]])
        nan = np.full(len(ns), np.nan)
        return {'datetime': ns, 'open': oi, 'high': oi, 'low': oi, 'close': oi,
                'openinterest': oi, 'volume': nan}
