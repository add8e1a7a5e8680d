"""Trade-flow indicators on a trade feed (TradeTickData) or an L2 feed (L2EventData, whose steps
without a trade have volume 0 and only move the clock).

Trade sides (``classify``): ``'auto'`` takes the aggressor flag of the feed (the ``side`` line,
+1/-1) and, for unflagged trades, the quote rule (above the mid a buy, below a sell; needs a feed
with quotes) and then the tick test (Lee & Ready 1991: above the last different price a buy,
below a sell); ``'quote'`` ignores the flag; ``'tick'`` uses the tick test only. On an L2 feed
stepped per timestamp a step's trades are taken as one trade of the step's volume at the last
trade's price and side; ``step='event'`` sees each trade.

NaN policy (default ``'skip'``): a trade with a NaN/inf price or size is dropped and counted.
"""
from backtrader.hft._cy.microflow import TradeFlowCore, CVDCore, KyleCore, VPINCore
from backtrader.hft.indicators.base import MicroIndicator, trade_inputs

__all__ = ['TradeImbalance', 'AggressiveRatio', 'TradeIntensity', 'VWAP', 'CVD', 'KyleLambda',
           'VPIN']


class _Flow(MicroIndicator):
    _kind = None
    params = (('period', 100), ('window', None), ('classify', 'auto'))

    def __init__(self):
        src, withmid = trade_inputs(self.data)
        core = self._core(TradeFlowCore, self._kind, period=self.p.period, span=self._span(),
                          classify=self.p.classify, withmid=withmid, **self._extra())
        self._attach(core, src=src)

    def _extra(self):
        return {}


class TradeImbalance(_Flow):
    """Trade (volume) imbalance ``(B - S) / (B + S)`` of the buyer- and seller-initiated volume of
    the last ``period`` trades or of the trades in the last ``window``."""
    lines = ('imbalance',)
    _kind = 'imbalance'
    plotinfo = dict(plotyhlines=[0.0])


class AggressiveRatio(_Flow):
    """Share of the aggressive (taker) flow that buys: ``B / (B + S)`` in [0, 1] over the window
    (``bycount=True``: the share of buyer-initiated trades by count)."""
    lines = ('ratio',)
    params = (('bycount', False),)
    _kind = 'buy_share'
    plotinfo = dict(plotyhlines=[0.5])

    def _extra(self):
        return dict(bycount=bool(self.p.bycount))


class TradeIntensity(_Flow):
    """Trades per second over the last ``window`` (a time window is required, default 1 s)."""
    lines = ('intensity',)
    params = (('window', '1s'),)
    _kind = 'intensity'


class VWAP(_Flow):
    """Volume-weighted average trade price ``sum(p * q) / sum(q)`` of the last ``period`` trades or
    of the trades in the last ``window``."""
    lines = ('vwap',)
    _kind = 'vwap'
    plotinfo = dict(subplot=False)


class CVD(MicroIndicator):
    """Cumulative volume delta: ``sum(sign * size)`` over every trade since the start (sides by
    ``classify``, see the module docstring)."""
    lines = ('cvd',)
    params = (('classify', 'auto'),)
    plotinfo = dict(plotyhlines=[0.0])

    def __init__(self):
        src, withmid = trade_inputs(self.data)
        self._attach(self._core(CVDCore, classify=self.p.classify, withmid=withmid), src=src)


class KyleLambda(MicroIndicator):
    """Kyle's lambda (price impact): the rolling least-squares slope, with intercept, of the price
    change between consecutive trades on the signed square root of the trade size (Kyle 1985;
    the square-root form of Hasbrouck 2009)::

        dp_t = a + lambda * sign_t * sqrt(q_t) + e_t

    over the last ``period`` trades or the trades of the last ``window``."""
    lines = ('kyle',)
    params = (('period', 100), ('window', None), ('classify', 'auto'))

    def __init__(self):
        src, withmid = trade_inputs(self.data)
        core = self._core(KyleCore, period=self.p.period, span=self._span(),
                          classify=self.p.classify, withmid=withmid)
        self._attach(core, src=src)


class VPIN(MicroIndicator):
    """Volume-synchronised probability of informed trading (Easley, Lopez de Prado & O'Hara,
    2012) with bulk volume classification: each trade's volume is split into buys and sells by
    ``Z(dp / sigma)`` (``Z`` the normal CDF, ``dp`` the change from the previous trade price,
    ``sigma`` the given one or the running sample std of the changes) and fills buckets of
    ``bucket`` volume; ``VPIN = sum |V_buy - V_sell| / (nbuckets * bucket)`` over the last
    ``nbuckets`` completed buckets."""
    lines = ('vpin',)
    params = (('bucket', None), ('nbuckets', 50), ('sigma', None))

    def __init__(self):
        src, withmid = trade_inputs(self.data)
        core = self._core(VPINCore, self.p.bucket, nbuckets=self.p.nbuckets, sigma=self.p.sigma,
                          withmid=withmid)
        self._attach(core, src=src)
