"""The high-frequency layer (``bt.hft``): order books, tick and depth feeds, bars from ticks and a
nanosecond clock.

Every public name loads its module on first use, so ``import backtrader`` stays fast.
"""
import importlib

# public name -> module that defines it
_NAMES = {
    # the compiled L2 book
    'OrderBook': 'backtrader.hft.book',
    # event records (hftbacktest's layout)
    'event_dtype': 'backtrader.hft.events',
    # feeds
    'L2EventData': 'backtrader.hft.feeds.l2event',
    'TradeTickData': 'backtrader.hft.feeds.ticks',
    'QuoteTickData': 'backtrader.hft.feeds.ticks',
    'PushFeed': 'backtrader.hft.feeds.push',
    'BinanceRecordingData': 'backtrader.hft.feeds.binance',
    'BybitRecordingData': 'backtrader.hft.feeds.bybit',
    # time
    'HighPrecisionClock': 'backtrader.hft.clock',
}

_SUBMODULES = ('book', 'events', 'feeds', 'filters', 'clock', 'convert', 'normalize')

__all__ = sorted(_NAMES) + list(_SUBMODULES)


def __getattr__(name):
    modname = _NAMES.get(name)
    if modname is not None:
        value = getattr(importlib.import_module(modname), name)
    elif name in _SUBMODULES:
        value = importlib.import_module('backtrader.hft.' + name)
    else:
        raise AttributeError("module 'backtrader.hft' has no attribute %r" % name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
