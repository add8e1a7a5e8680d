"""``BinanceRecordingData``: a recorded Binance stream (spot or USD-M futures) as an order-book
feed.

The recording format, the messages understood and the synchronisation rules are described in
``backtrader.hft.normalize.binance``.
"""
from backtrader.hft.feeds.recording import RecordingData

__all__ = ['BinanceRecordingData']


class BinanceRecordingData(RecordingData):
    """Order-book feed of a Binance recording (``TimeFrame.Ticks``).

    Params: those of ``L2EventData`` (``tick_size`` and ``lot_size`` required, ``step``,
    ``crossed``, ``bbo`` to apply bookTicker updates to the book, ...) and the normaliser's:

    - ``symbol`` (None): the symbol to keep (default: the first seen)
    - ``on_error`` ('raise'): malformed lines raise ``RecordingError`` naming the file, line and
      field, or with ``'count'`` are counted and skipped
    - ``clear_on_gap`` (True): empty the book where a sequence gap makes it invalid, until the
      next snapshot re-syncs it
    - ``trade_stream`` (None): ``'aggTrade'`` or ``'trade'`` (default: the first seen)
    - ``decoder`` ('auto'): JSON decoder, ``'orjson'``, ``'msgspec'`` or ``'json'``

    ``data.report()`` accounts for every record and, under ``'recording'``, for every message.
    """
    params = (
        ('symbol', None),
        ('on_error', 'raise'),
        ('clear_on_gap', True),
        ('trade_stream', None),
        ('decoder', 'auto'),
    )
    exchange = 'binance'
    options = ('symbol', 'on_error', 'clear_on_gap', 'trade_stream', 'decoder')
