"""PushFeed: a live-style tick feed that Cerebro consumes in arrival order.

Events come either from other threads (``push_trade``, ``push_quote``, ``push_depth``, then
``end_stream()`` to end the stream) or from an iterable given as ``source``. The feed is live
(``islive()``), so Cerebro runs it without preloading, one event per step.
"""
import math
import numbers
import queue

from backtrader import feed
from backtrader.dataseries import TimeFrame
from backtrader.hft.events import DEPTH_BBO_EVENT, DEPTH_EVENT, TRADE_EVENT

__all__ = ['PushFeed']

_END = object()             # end of the stream
_KINDS = {'trade': TRADE_EVENT, 'quote': DEPTH_BBO_EVENT, 'depth': DEPTH_EVENT}
_KIND_NAMES = dict((v, k) for k, v in _KINDS.items())
_SIDES = {1: 1, -1: -1, 0: 0, 'buy': 1, 'sell': -1, 'bid': 1, 'ask': -1, 'b': 1, 's': -1,
          None: 0}
_FIELDS = {TRADE_EVENT: ('price', 'size', 'side'),
           DEPTH_BBO_EVENT: ('bid', 'ask', 'bidsize', 'asksize'),
           DEPTH_EVENT: ('side', 'price', 'qty')}
# accepted event tuple lengths (kind and timestamp included; trailing fields may be left out:
# a trade's side, a quote's sizes)
_ARITY = {TRADE_EVENT: (4, 5), DEPTH_BBO_EVENT: (4, 5, 6), DEPTH_EVENT: (5,)}


class PushFeed(feed.DataBase):
    """Ticks pushed in while the backtest (or live run) is going.

    Each pushed event is one step (``TimeFrame.Ticks``), delivered in arrival order:

    - ``push_trade(ts_ns, price, size, side=0)``: a trade (side +1 buyer-initiated, -1
      seller-initiated, 0 unknown; 'buy'/'sell' accepted);
    - ``push_quote(ts_ns, bid, ask, bidsize=nan, asksize=nan)``: a top-of-book quote;
    - ``push_depth(ts_ns, side, price, qty)``: the new total size of one level of the order book
      (qty 0 deletes it; needs ``tick_size`` and ``lot_size``); ``data.book`` is the book.

    ``end_stream()`` ends the stream. With ``source`` (an iterable of tuples ``('trade', ts, price,
    size, side)``, ``('quote', ts, bid, ask, bidsize, asksize)`` or ``('depth', ts, side, price,
    qty)``) the feed reads its events from there and ends with it.

    Lines: ``datetime`` (exact ns); the last quote (or the book's top) ``bid``, ``ask``,
    ``bidsize``, ``asksize``, ``spread``; the last trade ``price``, ``volume`` (alias ``qty``: its
    size) and ``side``; ``kind`` of this step's event (2 trade, 5 quote, 1 depth: the event kinds of
    :mod:`backtrader.hft.events`); ``close`` (alias ``mid``; ``open``, ``high`` and ``low`` carry it
    too) is the mid once both sides are known, the last trade price before.

    Bad events stop the run with a ``ValueError`` naming the feed, the event number and the field:
    a timestamp earlier than the previous event's, a NaN price, a NaN or negative size, an unknown
    side, a crossed quote (unless ``crossed='keep'``). Pushing after ``end_stream()`` or after such an
    error raises ``RuntimeError``.

    Params: ``source`` (None), ``wait`` (0.1 s: how long one step waits for an event before
    telling Cerebro that none is there yet; in Cerebro's live loop this is the feed's
    ``qcheck``: the loop shortens it by the time the other datas took, and makes it 0 while
    another data has events waiting and not every data is LIVE), ``maxsize`` (0: unbounded
    queue; else ``push_*`` blocks while it is full), ``tick_size``, ``lot_size`` (for
    ``push_depth``), ``crossed``
    ('raise' or 'keep').
    """
    lines = ('bid', 'ask', 'bidsize', 'asksize', 'spread', 'price', 'side', 'kind')
    linealias = dict(close='mid', volume='qty')
    params = (
        ('timeframe', TimeFrame.Ticks),
        ('source', None),
        ('wait', 0.1),
        ('maxsize', 0),
        ('tick_size', None),
        ('lot_size', None),
        ('crossed', 'raise'),
    )

    def __init__(self):
        if self.p.crossed not in ('raise', 'keep'):
            raise ValueError("PushFeed: crossed must be 'raise' or 'keep', not %r"
                             % (self.p.crossed,))
        self._queue = queue.Queue(self.p.maxsize)
        self._closed = False
        self.book = None
        if self.p.tick_size is not None or self.p.lot_size is not None:
            from backtrader.hft.book import OrderBook
            self.book = OrderBook(tick_size=self.p.tick_size, lot_size=self.p.lot_size)

    # -- producer side --------------------------------------------------------------------
    def push_trade(self, ts_ns, price, size, side=0):
        """Queue a trade."""
        self._put((TRADE_EVENT, ts_ns, price, size, side))

    def push_quote(self, ts_ns, bid, ask, bidsize=float('nan'), asksize=float('nan')):
        """Queue a top-of-book quote."""
        self._put((DEPTH_BBO_EVENT, ts_ns, bid, ask, bidsize, asksize))

    def push_depth(self, ts_ns, side, price, qty):
        """Queue the new total size of one book level (qty 0 deletes the level)."""
        if self.book is None:
            raise ValueError('PushFeed.push_depth needs the tick_size and lot_size params')
        self._put((DEPTH_EVENT, ts_ns, side, price, qty))

    def end_stream(self):
        """End the stream: Cerebro finishes after the events already pushed (the method cannot
        be called ``close``: that is the feed's close line)."""
        if not self._closed:
            self._closed = True
            self._queue.put(_END)

    def _put(self, event):
        if self._closed:
            raise RuntimeError('PushFeed %s: the stream is closed' % self._label())
        self._queue.put(event)

    # -- feed protocol ----------------------------------------------------------------------
    def islive(self):
        return True

    def haslivedata(self):
        return not self._queue.empty()

    def do_qcheck(self, onoff, qlapse):
        """How long the next step may wait for an event: ``wait`` less ``qlapse`` when
        Cerebro lets the datas wait (``onoff``), else not at all."""
        self._qcheck = max(0.0, (self.p.wait if onoff else 0.0) - qlapse)

    def start(self):
        super(PushFeed, self).start()
        self._events = 0
        self._lastts = None
        self._ended = False
        self._trade = (math.nan, math.nan, 0.0)            # price, size, side
        self._quote = (math.nan, math.nan, math.nan, math.nan)
        src = self.p.source
        self._iter = iter(src) if src is not None else None
        self._qcheck = self.p.wait
        self.put_notification(self.LIVE)

    def _label(self):
        return repr(self._name) if self._name else '(unnamed)'

    def _next_event(self):
        """The next event, _END at the end, None when none arrived within ``wait``."""
        if self._iter is not None:
            item = next(self._iter, _END)
            if item is _END:
                return _END
            if not isinstance(item, (tuple, list)) or not item or item[0] not in _KINDS:
                raise ValueError("PushFeed %s, event %d: expected a tuple starting with 'trade', "
                                 "'quote' or 'depth', got %r" % (self._label(), self._events + 1,
                                                                 item))
            return (_KINDS[item[0]],) + tuple(item[1:])
        try:
            return self._queue.get(timeout=self._qcheck)
        except queue.Empty:
            return None

    def _load(self):
        if self._ended:
            return False
        event = self._next_event()
        if event is None:
            return None
        if event is _END:
            self._ended = self._closed = True
            self.put_notification(self.DISCONNECTED)
            return False
        self._events += 1
        try:
            self._apply(event)
        except Exception:
            self._ended = self._closed = True
            raise
        return True

    # -- one event into the lines -----------------------------------------------------------
    def _fail(self, kind, field, what):
        return ValueError('PushFeed %s, event %d (%s), field %r: %s'
                          % (self._label(), self._events, _KIND_NAMES[kind], field, what))

    def _number(self, kind, field, value, nonneg=False, nan_ok=False):
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise self._fail(kind, field, 'not a number (%r)' % (value,)) from None
        if math.isnan(v):
            if nan_ok:
                return v
            raise self._fail(kind, field, 'value is NaN')
        if math.isinf(v) or (nonneg and v < 0):
            raise self._fail(kind, field, 'invalid value %r' % (value,))
        return v

    def _side(self, kind, value):
        key = value.lower() if isinstance(value, str) else value
        try:
            return _SIDES[key]
        except (KeyError, TypeError):
            raise self._fail(kind, 'side', 'unknown side %r (expected +1/-1/0 or buy/sell)'
                             % (value,)) from None

    def _apply(self, event):
        kind = event[0]
        if len(event) not in _ARITY[kind]:
            raise self._fail(kind, 'event', 'expected the fields timestamp, %s, got %r'
                             % (', '.join(_FIELDS[kind]), event[1:]))
        ts = event[1]
        if not isinstance(ts, numbers.Integral) or isinstance(ts, bool):
            raise self._fail(kind, 'timestamp', 'expected integer nanoseconds, got %r' % (ts,))
        ts = int(ts)
        if self._lastts is not None and ts < self._lastts:
            raise self._fail(kind, 'timestamp', 'timestamp %d goes back in time (the previous '
                             'event has %d)' % (ts, self._lastts))
        if kind == TRADE_EVENT:
            side = self._side(kind, event[4]) if len(event) > 4 else 0
            self._trade = (self._number(kind, 'price', event[2]),
                           self._number(kind, 'size', event[3], nonneg=True), float(side))
        elif kind == DEPTH_BBO_EVENT:
            bid = self._number(kind, 'bid', event[2])
            ask = self._number(kind, 'ask', event[3])
            if bid > ask and self.p.crossed == 'raise':
                raise self._fail(kind, 'ask', 'crossed quote: ask %r below bid %r' % (ask, bid))
            extra = tuple(self._number(kind, f, v, nonneg=True, nan_ok=True)
                          for f, v in zip(('bidsize', 'asksize'), event[4:6]))
            self._quote = (bid, ask) + extra + (math.nan,) * (2 - len(extra))
        else:
            side = self._side(kind, event[2])
            if side == 0:
                raise self._fail(kind, 'side', 'a depth update needs a side (bid or ask)')
            price = self._number(kind, 'price', event[3])
            qty = self._number(kind, 'qty', event[4], nonneg=True)
            book = self.book
            try:
                book.update(side, price, qty)
            except ValueError as exc:
                raise self._fail(kind, 'price', str(exc)) from None
            self._quote = (book.best_bid, book.best_ask, book.best_bid_qty, book.best_ask_qty)
        self._lastts = ts
        self._write(ts, kind)

    def _write(self, ts, kind):
        lines = self.lines
        bid, ask, bsz, asz = self._quote
        price, size, side = self._trade
        mid = (bid + ask) * 0.5
        close = price if math.isnan(mid) else mid
        lines.datetime.set_ns(ts)
        lines.open[0] = lines.high[0] = lines.low[0] = lines.close[0] = close
        lines.bid[0] = bid
        lines.ask[0] = ask
        lines.bidsize[0] = bsz
        lines.asksize[0] = asz
        lines.spread[0] = ask - bid
        lines.price[0] = price
        lines.volume[0] = size
        lines.side[0] = side
        lines.kind[0] = kind
