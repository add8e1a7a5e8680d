"""Order-book indicators: spread, mid, weighted mid, microprice, book imbalance and order flow
imbalance, on a quote feed (QuoteTickData) or an L2 feed (L2EventData; several levels need
L2EventData, whose book is read at every step).

Undefined quotes (a side without a price, no size on either side for the size-weighted forms)
are NaN inputs: by default they give NaN for that bar (``nan_policy='propagate'``)."""
from backtrader.hft._cy.microbook import QuoteCore, OFICore
from backtrader.hft.indicators.base import MicroIndicator, quote_inputs

__all__ = ['Spread', 'SpreadBps', 'Mid', 'WeightedMid', 'Microprice', 'BookImbalance',
           'BookImbalanceRatio', 'OFI', 'MultiLevelOFI']


def _book_source(ind, levels):
    """``(src, book)`` kernel sources of the top ``levels`` levels of ``ind.data``."""
    if levels == 1:
        return quote_inputs(ind.data), None
    if not hasattr(type(ind.data), 'book'):
        raise ValueError('%s: levels=%r needs an L2EventData (a quote feed has one level)'
                         % (type(ind).__name__, levels))
    return (), ind.data


class _Quote(MicroIndicator):
    _kind = None
    _nan_policy = 'propagate'
    params = (('levels', 1),)

    def __init__(self):
        core = self._core(QuoteCore, self._kind, levels=self.p.levels)
        src, book = _book_source(self, self.p.levels)
        self._attach(core, src=src, book=book, levels=self.p.levels if book is not None else 0)


class Spread(_Quote):
    """Quoted spread ``ask - bid`` of the best levels."""
    lines = ('spread',)
    _kind = 'spread'


class SpreadBps(_Quote):
    """Spread in basis points of the mid: ``(ask - bid) / ((ask + bid) / 2) * 1e4``."""
    lines = ('spreadbps',)
    _kind = 'spread_bps'


class Mid(_Quote):
    """Mid price ``(bid + ask) / 2``."""
    lines = ('mid',)
    _kind = 'mid'
    plotinfo = dict(subplot=False)


class WeightedMid(_Quote):
    """Depth-weighted mid: ``(bid * B + ask * A) / (B + A)``, B and A the sizes of the best
    ``levels`` levels of each side: each touch price weighted by its own side's size (it leans
    towards the heavier side; compare :class:`Microprice`)."""
    lines = ('wmid',)
    _kind = 'weighted_mid'
    plotinfo = dict(subplot=False)


class Microprice(_Quote):
    """Imbalance-weighted mid (Stoikov's "weighted mid-price", 2018): with ``I = B / (B + A)``,
    ``microprice = I * ask + (1 - I) * bid = (bid * A + ask * B) / (B + A)``. A heavy bid pulls
    it towards the ask (the next move is more likely up)."""
    lines = ('microprice',)
    _kind = 'microprice'
    plotinfo = dict(subplot=False)


class BookImbalance(_Quote):
    """Book imbalance over the best ``levels`` levels: ``(B - A) / (B + A)`` in [-1, 1], B and A
    the summed sizes (Cartea, Jaimungal & Penalva's volume imbalance)."""
    lines = ('imbalance',)
    _kind = 'imbalance'
    plotinfo = dict(plotyhlines=[0.0])


class BookImbalanceRatio(_Quote):
    """NautilusTrader's book imbalance ratio: ``min(B, A) / max(B, A)`` in [0, 1] (1: balanced),
    B and A the summed sizes of the best ``levels`` levels (Nautilus uses the best level)."""
    lines = ('ratio',)
    _kind = 'imbalance_ratio'


class OFI(MicroIndicator):
    """Order flow imbalance at the best level (Cont, Kukanov & Stoikov, "The price impact of
    order book events", 2014, eq. 2). Between consecutive bars n-1 and n, with P/q the best
    prices and sizes::

        e_n = [Pb_n >= Pb_n-1] qb_n - [Pb_n <= Pb_n-1] qb_n-1
              - [Pa_n <= Pa_n-1] qa_n + [Pa_n >= Pa_n-1] qa_n-1

    The line is the sum of ``e`` over the last ``period`` bars (1: ``e_n`` itself) or over those of
    the last ``window`` (ns or a duration). On an L2 feed stepped per event (``step='event'``)
    ``e_n`` is the paper's per-event contribution; batched steps give the flow between the
    batches' end states. NaN sizes: skipped (``nan_policy='skip'``).
    """
    lines = ('ofi',)
    params = (('period', 1), ('window', None))
    plotinfo = dict(plotyhlines=[0.0])
    _levels = 1

    def __init__(self):
        levels = getattr(self.p, 'levels', self._levels)
        core = self._core(OFICore, levels=levels, period=self.p.period, span=self._span())
        src, book = _book_source(self, levels)
        mp = 1 + self.p.period if self.p.window is None else 2
        self._attach(core, src=src, book=book, levels=levels if book is not None else 0,
                     minperiods=[mp])


class MultiLevelOFI(OFI):
    """Order flow imbalance summed over the best ``levels`` levels (the multi-level OFI of Xu,
    Gould & Howison, 2019, with equal weights): ``e_n`` of :class:`OFI` computed for the m-th best
    level of each side (a level missing before or after counts 0) and added over m = 1..levels.
    Needs an L2EventData when ``levels > 1``."""
    params = (('levels', 5),)
