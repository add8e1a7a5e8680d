"""Bybit v5 public-stream recordings -> event records.

Messages understood:

- ``orderbook.{depth}.{symbol}``: ``type`` ``snapshot`` or ``delta``, ``ts`` (ms), ``cts``
  matching-engine time (ms, when sent), ``data`` with ``s``, ``b``/``a`` ``[price, size]`` string
  pairs (size 0 deletes the level), ``u`` update id and ``seq`` cross sequence.  A snapshot (or any
  message with ``u == 1``, which Bybit sends after a service restart) replaces the book: a
  DEPTH_CLEAR record (whole book) and a DEPTH_SNAPSHOT per level.  A delta must carry
  ``u == previous u + 1``; it becomes one DEPTH record per level;
- ``publicTrade.{symbol}``: ``data`` is a list of trades with ``T`` (ms), ``s``, ``S`` taker side
  (``Buy``/``Sell``), ``v`` size, ``p`` price, ``i`` trade id -> one TRADE record per trade.

``exch_ts`` is ``cts`` (else ``ts``) for the book and ``T`` for trades, in ns; ``local_ts`` is the
receive time.  Bybit has no REST bridging: deltas before the first snapshot are ``unsynced``.  A
delta that skips ids is a gap: it is reported and dropped (``gap``), the book is invalid (a
DEPTH_CLEAR record is emitted when ``clear_on_gap``) and later deltas are ``unsynced`` until the
next snapshot.  A delta whose id is not newer than the book is a ``duplicate`` (applied lately) or
``stale``.  The first ``orderbook`` topic seen is used; others (another depth of the same symbol)
are ``other_stream``.  Trades are emitted whatever the book's state; a trade message whose first
trade id was seen lately is a ``duplicate``.  Subscription replies and pongs are ``control``,
other topics ``unsupported``.

The rules run compiled (``backtrader/hft/_cy/bybit_sync.pyx``); prices and sizes are converted
exactly from their decimal strings to ticks and lots (``backtrader/hft/_cy/eventsink.pyx``).
"""

from .reader import Normalizer


class BybitNormalizer(Normalizer):
    """Normalise Bybit v5 recordings (see the module docstring for the rules).  Parameters: those of
    :class:`~.reader.Normalizer`.
    """

    exchange = 'bybit'

    def _sync(self, sink, report):
        from backtrader.hft._cy.bybit_sync import BybitSync
        return BybitSync(sink, report, self.symbol, self.clear_on_gap)
