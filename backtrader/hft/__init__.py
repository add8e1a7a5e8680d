"""The high-frequency layer (``bt.hft``): order books, tick and depth feeds, bars from ticks and a
nanosecond clock.

Every public name loads its module on first use, so ``import backtrader`` stays fast.
"""
from backtrader.utils.lazyload import lazy_attributes

# module (relative to this package) -> the public names it defines
_MODULES = {
    # the compiled L2 book
    'book': ('OrderBook',),
    # event records (hftbacktest's layout)
    'events': ('event_dtype',),
    # feeds
    'feeds.l2event': ('L2EventData',),
    'feeds.l3event': ('L3EventData',),
    'feeds.ticks': ('TradeTickData', 'QuoteTickData'),
    'feeds.push': ('PushFeed',),
    'feeds.binance': ('BinanceRecordingData',),
    'feeds.bybit': ('BybitRecordingData',),
    'feeds.openinterest': ('OpenInterestData',),
    # time
    'clock': ('HighPrecisionClock',),
    # fills against the book
    'broker': ('BidAskBroker',),
    # the streaming factor engine
    'factors.graph': ('FactorGraph',),
    'factors.indicator': ('FactorIndicator',),
    # market making
    'strategies.avellaneda': ('AvellanedaStoikov',),
    'strategies.glft': ('GLFT',),
    'strategies.as_family': ('ASInventoryPenalty', 'ASAdverseSelection', 'ASQVI', 'ASMicroprice'),
    'strategies.hedger': ('Hedger',),
}

_SUBMODULES = ('book', 'events', 'feeds', 'filters', 'clock', 'convert', 'normalize', 'models',
               'strategies', 'estimators', 'indicators', 'factors', 'research', 'analyzers')

__getattr__, __dir__, __all__ = lazy_attributes(globals(), _MODULES, _SUBMODULES)
__all__ += _SUBMODULES
