"""Binance spot and USD-M futures recordings -> event records.

Messages understood (raw stream payloads, or combined-stream wrappers
``{"stream": ..., "data": ...}``):

- ``depthUpdate`` (diff depth): ``E`` event time (ms), ``s`` symbol, ``U``/``u`` first/final
  update id, ``pu`` previous final update id (futures only), ``b``/``a`` ``[price, size]`` string
  pairs (size 0 deletes the level) -> one DEPTH record per level;
- the REST depth snapshot ``{"lastUpdateId": L, "bids": [...], "asks": [...]}`` (futures adds
  ``E``/``T``) -> a DEPTH_CLEAR record (no side flag: the whole book) and a DEPTH_SNAPSHOT per
  level;
- ``aggTrade`` (id ``a``) and ``trade`` (id ``t``): ``T`` trade time, ``p``, ``q``, ``m`` buyer is
  maker -> a TRADE record flagged SELL when ``m`` (the seller hit the bid), BUY otherwise;
- ``bookTicker``: ``u``, ``b``/``B`` best bid and size, ``a``/``A`` best ask and size (spot sends
  no ``e`` and no time) -> two DEPTH_BBO records.

``exch_ts`` is ``T`` (the matching engine's time: trades, and futures' depth, snapshot and
bookTicker), else ``E`` (the event time: spot depth), in ns; a message without either (spot
snapshot and bookTicker) gets its receive time.  ``local_ts`` is the receive
time.  Subscription replies are ``control``; other streams (klines, ...) ``unsupported``.

Synchronisation follows Binance's "how to manage a local order book" procedure.  Diffs received
while the book is not synchronised are buffered as one continuous chain (a diff that breaks the
chain drops what was buffered before it as ``unsynced`` and reports a gap).  When a snapshot with
``lastUpdateId`` L arrives, buffered diffs wholly before it are ``stale`` (spot: ``u <= L``;
futures: ``u < L``); the first remaining diff must straddle it (spot: ``U <= L + 1 <= u``;
futures: ``U <= L <= u``, or ``pu == L``: it starts right after the snapshot), otherwise the
snapshot is ``snapshot_behind`` and the buffer waits for the next one.  After the snapshot each
diff must continue the previous one (spot: ``U <= prev u + 1`` and ``u > prev u``; futures:
``pu == prev u``).  A diff that does not is a gap: it is reported, the book becomes invalid (a
DEPTH_CLEAR record is emitted when ``clear_on_gap``, so no stale book is shown) and diffs are
buffered again until a snapshot re-syncs.  Diffs applied at a snapshot take the snapshot's receive
time as ``local_ts``.  A diff whose final id is not newer than the book is a ``duplicate`` (its id
was applied lately) or ``stale``; diffs still buffered at the end are ``unsynced``.

The rules run compiled (``backtrader/hft/_cy/binance_sync.pyx``); prices and sizes are converted
exactly from their decimal strings to ticks and lots (``backtrader/hft/_cy/eventsink.pyx``).

Trades and bookTicker updates carry complete information of their own, so they are emitted
whether or not the depth book is synchronised; a trade id that repeats is a ``duplicate``, one
that goes back ``stale``, one that skips ids is reported as a gap of the trade stream (and
emitted).  A futures ``trade`` whose ``X`` is not ``MARKET`` (insurance fund, auto-deleveraging)
did not trade against the book: it is dropped as ``off_book_trade``.  Only one trade stream is
used: the first of ``aggTrade``/``trade`` seen (or ``trade_stream``); messages of the other are
dropped as ``other_stream``.
"""

from .reader import Normalizer


class BinanceNormalizer(Normalizer):
    """Normalise Binance recordings (see the module docstring for the rules).

    Parameters: those of :class:`~.reader.Normalizer`, and

    trade_stream : 'aggTrade', 'trade' or None
        The trade stream to use; None takes the first seen.
    """

    exchange = 'binance'

    def __init__(self, symbol=None, on_error='raise', clear_on_gap=True, trade_stream=None,
                 decoder='auto'):
        if trade_stream not in (None, 'aggTrade', 'trade'):
            raise ValueError("trade_stream must be 'aggTrade', 'trade' or None, not %r"
                             % (trade_stream,))
        super().__init__(symbol, on_error, clear_on_gap, decoder)
        self.trade_stream = trade_stream

    def _sync(self, sink, report):
        from backtrader.hft._cy.binance_sync import BinanceSync
        return BinanceSync(sink, report, self.symbol, self.clear_on_gap, self.trade_stream)
