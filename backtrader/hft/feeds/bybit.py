"""``BybitRecordingData``: a recorded Bybit v5 public stream as an order-book feed.

The recording format, the messages understood and the synchronisation rules are described in
``backtrader.hft.normalize.bybit``.
"""
from backtrader.hft.feeds.recording import RecordingData

__all__ = ['BybitRecordingData']


class BybitRecordingData(RecordingData):
    """Order-book feed of a Bybit v5 recording (``TimeFrame.Ticks``).

    Params: those of ``L2EventData`` (``tick_size`` and ``lot_size`` required, ``step``,
    ``crossed``, ...) and the normaliser's:

    - ``symbol`` (None): the symbol to keep (default: the first seen)
    - ``on_error`` ('raise'): malformed lines raise ``RecordingError`` naming the file, line and
      field, or with ``'count'`` are counted and skipped
    - ``clear_on_gap`` (True): empty the book where a sequence gap makes it invalid, until the
      next snapshot re-syncs it
    - ``decoder`` ('auto'): JSON decoder, ``'orjson'``, ``'msgspec'`` or ``'json'``

    ``data.report()`` accounts for every record and, under ``'recording'``, for every message.
    """
    params = (
        ('symbol', None),
        ('on_error', 'raise'),
        ('clear_on_gap', True),
        ('decoder', 'auto'),
    )
    exchange = 'bybit'
    options = ('symbol', 'on_error', 'clear_on_gap', 'decoder')
