"""Exchange recordings -> hftbacktest event records (``backtrader.hft.events.event_dtype``).

One module per exchange (``binance``, ``bybit``) documents the message formats and the exchange's
synchronisation rules (which run compiled in ``backtrader/hft/_cy/``); ``reader`` holds the line
format (``<receive time ns> <json>`` per line), the decoders and the ``on_error`` policy; ``report``
the accounting of every message.

>>> res = normalize('binance', 'btcusdt.jsonl', tick_size=0.01, lot_size=0.001)
>>> res.events, res.ptick, res.qlot       # records, int64 price ticks, int64 size lots
>>> print(res.report)                     # messages in = applied + dropped per reason
"""
import gc
import os

import numpy as np

from .report import NormalizeReport, RecordingError, REASONS

__all__ = ['normalize', 'NormalizeResult', 'NormalizeReport', 'RecordingError', 'REASONS',
           'EXCHANGES']

EXCHANGES = ('binance', 'bybit')

_KIND_NAMES = {1: 'depth', 2: 'trade', 3: 'clear', 4: 'snapshot', 5: 'bbo'}


class NormalizeResult:
    """The output of a normaliser.

    Attributes
    ----------
    events : numpy structured array of ``event_dtype``
    ptick, qlot : int64 arrays
        Price in ticks and size in lots of every record (exact, from the decimal strings).
    report : NormalizeReport
    decoder : str
        The JSON decoder used.
    """

    def __init__(self, events, ptick, qlot, report, decoder):
        self.events = events
        self.ptick = ptick
        self.qlot = qlot
        self.report = report
        self.decoder = decoder

    def save(self, path):
        """Write the records to an ``.npz`` (keys ``data``, ``ptick``, ``qlot``)."""
        np.savez(path, data=self.events, ptick=self.ptick, qlot=self.qlot)


def _normalizer(exchange, kwargs):
    if exchange == 'binance':
        from .binance import BinanceNormalizer
        return BinanceNormalizer(**kwargs)
    if exchange == 'bybit':
        from .bybit import BybitNormalizer
        return BybitNormalizer(**kwargs)
    raise ValueError('exchange must be one of %s, not %r' % (', '.join(EXCHANGES), exchange))


def normalize(exchange, path, tick_size, lot_size, **kwargs):
    """Normalise the recording ``path`` of ``exchange`` ('binance' or 'bybit').

    ``tick_size`` and ``lot_size`` are the instrument's price and size grids; other keyword
    arguments go to the exchange's normaliser (``symbol``, ``on_error``, ``clear_on_gap``,
    ``decoder``, ...).  Returns a ``NormalizeResult``; raises ``RecordingError`` naming the file,
    line and field of bad input.
    """
    from backtrader.hft._cy.eventsink import EventSink, GridError
    from backtrader.hft.events import event_dtype
    normalizer = _normalizer(exchange, kwargs)
    path = str(path)
    # at most one record per 24 bytes of JSON (a level ["67400.10","0.123"] and its punctuation),
    # up to 4M records (256 MB of address space; room never written to takes no memory); the sink
    # grows past the guess when needed
    try:
        expected = min(os.path.getsize(path) // 24, 1 << 22)
    except OSError:
        expected = 4096
    sink = EventSink(float(tick_size), float(lot_size), expected)
    report = NormalizeReport(path, exchange)
    # the run keeps many small acyclic containers alive (the decoded levels waiting in a buffer,
    # the decoder's output): pause the cyclic collector, which would rescan them again and again
    paused = gc.isenabled()
    gc.disable()
    try:
        normalizer.run(path, sink, report)
    except GridError as exc:
        raise RecordingError(path, exc.line, exc.field, exc.what) from None
    finally:
        if paused:
            gc.enable()
    raw, ptick, qlot = sink.result()
    events = raw.view(event_dtype)
    kinds = sink.kind_counts()
    report.events = {name: int(kinds[k]) for k, name in _KIND_NAMES.items() if kinds[k]}
    report.records = len(events)
    report.check()
    return NormalizeResult(events, ptick, qlot, report, normalizer.decoder)
