"""Extensions of the Avellaneda-Stoikov market maker, each a subclass changing the base model
(:mod:`backtrader.hft.strategies.avellaneda`) through its hooks. Prices and spreads are in ticks,
``q`` is the inventory in the base model's unit (orders by default), ``a`` below a signal in
[-1, 1].

- :class:`ASInventoryPenalty` (AS++): reservation price ``r = r_AS - penalty * q``; the side that
  adds to the inventory moves ``skew * |q|`` further away; a hard per-side limit: a quote never
  takes the position beyond ``max_long`` / ``-max_short`` (its size is cut to fit).
- :class:`ASAdverseSelection` (ASAS, on AS++): ``r = r_AS++ + flow_skew * a`` with ``a`` the recent
  order flow (trade imbalance, or OFI over the touch sizes); half spread ``delta = delta_AS +
  flow_widen * tox + drift_weight * max(D, 0)``, ``tox = |a|`` (or VPIN) and ``D`` the mean
  adverse mid move ``drift_horizon`` after our fills (an EWMA over fills).
- :class:`ASQVI` (AS+++, on ASAS): a side is quoted only while its queue value
  ``QVI = P_fill * (edge - max(D, 0) + rebate)`` is at least ``qvi_min`` (with ``qvi_min`` 0: while
  the fill value ``edge - max(D, 0) + rebate`` is not negative), with ``edge`` the quote's
  distance from the mid, ``rebate = -maker_fee * mid`` and ``P_fill`` the chance that the market
  orders reaching the quote within ``qvi_horizon`` eat the queue ahead of it and the quote
  (:func:`fill_probability`; the queue ahead is tracked with the broker's queue model, both
  compiled in ``_cy/queuevalue.pyx``; until ``A`` and ``k`` are fitted only the sign of the fill
  value decides). Hedge zone ``(lo, hi)`` in base units: with ``lo < |position| <= hi`` only the
  side reducing the inventory is quoted (QVI or not); beyond ``hi`` a market order sheds
  ``hedge_ratio`` of the position.
- :class:`ASMicroprice` (ASMP): the model centres on the microprice (imbalance-weighted, or
  Stoikov's fitted micro-price) instead of the mid.
"""
import collections
import copy
import math

from backtrader.order import Order
from backtrader.hft._cy.queuevalue import QueueWatch, fill_probability
from backtrader.hft.strategies.avellaneda import AvellanedaStoikov
from backtrader.hft.strategies.hedger import hedge_size

__all__ = ['ASInventoryPenalty', 'ASAdverseSelection', 'ASQVI', 'ASMicroprice',
           'fill_probability']

_ALIVE = (Order.Created, Order.Submitted, Order.Accepted, Order.Partial)
_FLOWS = ('trade', 'ofi')


def _number(strat, pname, low=0.0, strict=False, none=False):
    """Param ``pname`` of ``strat`` checked to be a number >= ``low`` (> with ``strict``;
    None allowed with ``none``)."""
    v = getattr(strat.p, pname)
    if none and v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not (
            v > low if strict else v >= low):
        raise ValueError('%s: param %r must be a number %s %g%s, not %r' % (
            type(strat).__name__, pname, '>' if strict else '>=', low,
            ' or None' if none else '', v))
    return float(v)


class ASInventoryPenalty(AvellanedaStoikov):
    """AS++: the base model plus an explicit inventory penalty and a hard per-side inventory
    limit (see :mod:`backtrader.hft.strategies.as_family`).

    Params (besides the base model's):

    - ``penalty`` (0.5): ticks the reservation price moves per unit of ``q``, against it
    - ``skew`` (0.5): ticks per unit of ``|q|`` the inventory-increasing side moves away
    - ``max_long`` / ``max_short`` (None: ``max_inventory``): hard limits of the position, base
      units; a quote's size is cut so that its fill stays within them
    """
    params = (
        ('penalty', 0.5),
        ('skew', 0.5),
        ('max_long', None),
        ('max_short', None),
    )

    def __init__(self):
        super().__init__()
        self._check_penalty()

    def _check_penalty(self):
        self._penalty = _number(self, 'penalty')
        self._skew = _number(self, 'skew')
        self._max_long = _number(self, 'max_long', strict=True, none=True)
        self._max_short = _number(self, 'max_short', strict=True, none=True)

    def start(self):
        super().start()
        cap = float(self.p.max_inventory)
        self._long = cap if self._max_long is None else self._max_long
        self._short = cap if self._max_short is None else self._max_short
        self._lot = float(self.data.p.lot_size)

    def reservation_price(self, st):
        return super().reservation_price(st) - self._penalty * st.q

    def quotes(self, st):
        bid, ask = super().quotes(st)
        q = st.q
        if bid is not None and q > 0.0:
            bid -= self._skew * q
        if ask is not None and q < 0.0:
            ask -= self._skew * q
        return bid, ask

    def should_quote(self, side, st):
        if side > 0:
            return st.position < self._long
        return st.position > -self._short

    def quote_sizes(self, st):
        bid, ask = super().quote_sizes(st)
        lot = self._lot
        room_bid = math.floor((self._long - st.position) / lot + 1e-9) * lot
        room_ask = math.floor((self._short + st.position) / lot + 1e-9) * lot
        return max(0.0, min(bid, room_bid)), max(0.0, min(ask, room_ask))


class ASAdverseSelection(ASInventoryPenalty):
    """ASAS: AS++ whose quotes lean with the recent order flow and widen with its toxicity and
    with the adverse mid drift seen after our fills (see
    :mod:`backtrader.hft.strategies.as_family`).

    Params (besides AS++'s):

    - ``flow`` ('trade'): the signal ``a``: ``'trade'`` (:class:`TradeImbalance` over
      ``flow_window``) or ``'ofi'`` (:class:`OFI` over ``flow_window`` divided by the touch sizes,
      clipped to [-1, 1])
    - ``flow_window`` ('1s'): the signal's time window
    - ``flow_skew`` (1.0): ticks the reservation price moves towards the flow per unit of ``a``
    - ``flow_widen`` (1.0): ticks added to the half spread per unit of toxicity
    - ``vpin`` (False): toxicity from :class:`VPIN` (``vpin_bucket`` size, ``vpin_buckets``)
      instead of ``|a|``
    - ``drift_horizon`` ('1s'): how long after a fill its mid drift is measured
    - ``drift_alpha`` (0.1): weight of the newest fill's drift in ``D``
    - ``drift_weight`` (1.0): ticks added to the half spread per tick of ``max(D, 0)``
    """
    params = (
        ('flow', 'trade'),
        ('flow_window', '1s'),
        ('flow_skew', 1.0),
        ('flow_widen', 1.0),
        ('vpin', False),
        ('vpin_bucket', None),
        ('vpin_buckets', 50),
        ('drift_horizon', '1s'),
        ('drift_alpha', 0.1),
        ('drift_weight', 1.0),
    )

    def __init__(self):
        super().__init__()
        from backtrader.hft.indicators import OFI, VPIN, TradeImbalance
        from backtrader.hft.indicators.base import span_of
        p = self.p
        name = type(self).__name__
        if p.flow not in _FLOWS:
            raise ValueError("%s: param flow must be 'trade' or 'ofi', not %r" % (name, p.flow))
        self._flow_skew = _number(self, 'flow_skew')
        self._flow_widen = _number(self, 'flow_widen')
        self._drift_weight = _number(self, 'drift_weight')
        alpha = _number(self, 'drift_alpha', strict=True)
        if alpha > 1.0:
            raise ValueError('%s: param drift_alpha must be in (0, 1], not %r' % (name, alpha))
        self._alpha = alpha
        self._horizon_ns = span_of('%s: param drift_horizon' % name, p.drift_horizon)
        if p.flow == 'trade':
            self._flow = TradeImbalance(self.data, window=p.flow_window).imbalance
        else:
            self._flow = OFI(self.data, window=p.flow_window).ofi
        self._vpin = VPIN(self.data, bucket=p.vpin_bucket, nbuckets=p.vpin_buckets).vpin \
            if p.vpin else None

    def start(self):
        super().start()
        self._pending = collections.deque()     # (due ns, side, mid at the fill)
        self._drift = 0.0                       # D, ticks
        self._last_pos = 0.0

    def flow_signal(self, st):
        """The order-flow signal ``a`` in [-1, 1] now (0 while it warms up)."""
        a = self._flow[0]
        if self.p.flow == 'ofi':
            depth = self.data.bidsize[0] + self.data.asksize[0]
            a = a / depth if depth > 0 else 0.0
        if a != a:
            return 0.0
        return -1.0 if a < -1.0 else (1.0 if a > 1.0 else a)

    def toxicity(self, st):
        """The toxicity in [0, 1] that widens the quotes: ``|a|``, or VPIN with ``vpin=True``."""
        if self._vpin is None:
            return abs(self.flow_signal(st))
        v = self._vpin[0]
        return 0.0 if v != v else v

    @property
    def drift(self):
        """``D``: the EWMA of the adverse mid move after our fills, ticks."""
        return self._drift

    def on_wake(self, st):
        super().on_wake(st)
        # a change of position is a fill seen since the last wake: watch the mid after it
        moved = st.position - self._last_pos
        self._last_pos = st.position
        pend = self._pending
        if moved != 0.0:
            pend.append((st.time + self._horizon_ns, 1.0 if moved > 0 else -1.0, st.mid))
        a = self._alpha
        while pend and pend[0][0] <= st.time:
            _, side, mid0 = pend.popleft()
            self._drift = (1.0 - a) * self._drift - a * side * (st.mid - mid0)

    def reservation_price(self, st):
        return super().reservation_price(st) + self._flow_skew * self.flow_signal(st)

    def half_spread(self, st):
        d = self._drift
        return (super().half_spread(st) + self._flow_widen * self.toxicity(st)
                + self._drift_weight * (d if d > 0.0 else 0.0))


class ASQVI(ASAdverseSelection):
    """AS+++: ASAS quoting a side only when its queue value condition holds, with a hedge zone
    (see :mod:`backtrader.hft.strategies.as_family`). Needs a ``bt.hft.BidAskBroker`` (its queue
    model estimates the queue ahead of our quotes).

    Params (besides ASAS's):

    - ``qvi_min`` (0.3): the least queue value (ticks per unit, >= 0) a quote must have
    - ``qvi_horizon`` (None: the wake-up interval): the fill window, ns or a duration
    - ``trade_size`` (None: the running mean of the feed's trade sizes, ``order_size`` until a
      trade is seen): the size of one market order, base units
    - ``maker_fee`` (0.0): the maker fee rate on traded value (negative: a rebate)
    - ``hedge_zone`` (None): ``(lo, hi)`` in base units, ``0 <= lo < hi``; None: no hedging
    - ``hedge_ratio`` (1.0): fraction of the position a taker hedge sheds, in (0, 1]
    - ``A`` ('auto' here): the order-arrival scale of ``P_fill``. With ``qvi_min`` 0 only the sign
      of ``edge - max(D, 0) + rebate`` decides; a positive ``qvi_min`` needs ``A`` in its real
      scale (given, or fitted; until the first fit the sign rule stands in)
    - the fit, here: ``arrivals`` ('trades': every market order is an arrival, as ``P_fill``
      counts them) over ``intensity_window`` ('1min': the recent rate the queue meets)
    """
    params = (
        ('A', 'auto'),
        ('arrivals', 'trades'),
        ('intensity_window', '1min'),
        ('qvi_min', 0.3),
        ('qvi_horizon', None),
        ('trade_size', None),
        ('maker_fee', 0.0),
        ('hedge_zone', None),
        ('hedge_ratio', 1.0),
    )

    def __init__(self):
        super().__init__()
        from backtrader.hft.indicators.base import span_of
        p = self.p
        name = type(self).__name__
        self._qvi_min = _number(self, 'qvi_min')
        self._trade_size = _number(self, 'trade_size', strict=True, none=True)
        if isinstance(p.maker_fee, bool) or not isinstance(p.maker_fee, (int, float)):
            raise ValueError('%s: param maker_fee must be a number, not %r' % (name, p.maker_fee))
        self._fill_window = None if p.qvi_horizon is None else span_of(
            '%s: param qvi_horizon' % name, p.qvi_horizon) / 1e9
        zone = p.hedge_zone
        if zone is not None:
            ok = isinstance(zone, (tuple, list)) and len(zone) == 2 and all(
                isinstance(z, (int, float)) and not isinstance(z, bool) for z in zone)
            if not ok or not 0 <= zone[0] < zone[1]:
                raise ValueError('%s: param hedge_zone must be None or (lo, hi) with 0 <= lo < hi '
                                 '(base units), not %r' % (name, zone))
        self._ratio = _number(self, 'hedge_ratio', strict=True)
        if self._ratio > 1.0:
            raise ValueError('%s: param hedge_ratio must be in (0, 1], not %r'
                             % (name, p.hedge_ratio))

    def start(self):
        super().start()
        from backtrader.hft.models import ProbQueue, PowerProb
        name = type(self).__name__
        model = getattr(self.broker.p, 'queue_model', False)
        if model is False:
            raise ValueError('%s needs a bt.hft.BidAskBroker (its queue model estimates the '
                             'queue ahead of the quotes), not %s'
                             % (name, type(self.broker).__name__))
        # our own copy: binding it must not touch the broker's
        model = ProbQueue(PowerProb(3)) if model is None else copy.deepcopy(model)
        self._watch = {1: QueueWatch(model, self._lot, _ALIVE),
                       -1: QueueWatch(model, self._lot, _ALIVE)}
        if self._fill_window is None:
            self._fill_window = self._wake_ns / 1e9
        self._sizes = 0.0
        self._ntrades = 0
        self._hedge = None
        self.hedges = 0
        self.gated = 0          # quotes left out by the QVI condition

    def on_wake(self, st):
        super().on_wake(st)
        if self._qvi_min > 0.0:
            self._follow_queues(st)
        zone = self.p.hedge_zone
        if zone is not None:
            h = self._hedge
            if h is None or h.status not in _ALIVE:
                size = hedge_size(st.position, zone[1], self._ratio, self._lot)
                if size != 0.0:
                    place = self.buy if size > 0 else self.sell
                    self._hedge = place(size=abs(size), exectype=Order.Market)
                    self.hedges += 1

    def _follow_queues(self, st):
        """Update the queue estimates of our quotes and the mean trade size."""
        data = self.data
        vol = data.lines.volume[0]
        trade_px = trade_qty = 0.0
        if vol > 0.0:
            trade_qty = vol
            trade_px = round(data.lines.price[0] / st.tick)
            self._sizes += data.lines.size[0]
            self._ntrades += 1
        book = data.book
        quoter = self.quoter
        self._watch[1].update(quoter.bid, 1, book, st.tick, trade_px, trade_qty)
        self._watch[-1].update(quoter.ask, -1, book, st.tick, trade_px, trade_qty)

    def mean_trade(self, st):
        """The size of one market order used by the QVI, base units."""
        if self._trade_size is not None:
            return self._trade_size
        return self._sizes / self._ntrades if self._ntrades else st.order_size

    def fill_value(self, side, px, st):
        """What a fill of a quote at ``px`` ticks on ``side`` (+1 bid, -1 ask) is worth, ticks
        per unit: ``edge - max(D, 0) + rebate``."""
        d = self._drift
        return side * (st.mid - px) - (d if d > 0.0 else 0.0) - self.p.maker_fee * st.mid

    def queue_value(self, side, px, size, st):
        """QVI of a quote of ``size`` at ``px`` ticks on ``side``: ``P_fill * fill_value``
        (see :mod:`backtrader.hft.strategies.as_family`)."""
        ahead = self._watch[side].ahead(px)
        if ahead is None:
            ahead = self.data.book.qty_at(side, px * st.tick)
        prob = fill_probability(side * (st.mid - px), ahead, size, st.A, st.k,
                                self._fill_window, self.mean_trade(st))
        return prob * self.fill_value(side, px, st)

    def _worth(self, side, px, st):
        """Whether a quote at ``px`` meets the QVI condition (``P_fill`` is computed only when
        the sign of the fill value does not decide; before the fit the sign rule stands in)."""
        value = self.fill_value(side, px, st)
        qmin = self._qvi_min
        if qmin == 0.0 or not st.ready:
            return value >= 0.0
        return value > 0.0 and self.queue_value(side, px, st.order_size, st) >= qmin

    def round_quotes(self, bid, ask, st):
        bid, ask = super().round_quotes(bid, ask, st)
        zone = self.p.hedge_zone
        pos = st.position
        if zone is not None and abs(pos) > zone[0]:
            # reduce the inventory by quoting: only the reducing side, whatever its QVI
            return (bid, None) if pos < 0 else (None, ask)
        if bid is not None and not self._worth(1, min(bid, st.best_bid), st):
            bid = None
            self.gated += 1
        if ask is not None and not self._worth(-1, max(ask, st.best_ask), st):
            ask = None
            self.gated += 1
        return bid, ask


class ASMicroprice(AvellanedaStoikov):
    """ASMP: the base model centred on the microprice instead of the mid (see
    :mod:`backtrader.hft.strategies.as_family`).

    Params (besides the base model's):

    - ``table`` (None): a :class:`StoikovTable` (``bt.hft.indicators.fit_stoikov``) for Stoikov's
      micro-price; None: the imbalance-weighted microprice of the best ``levels`` levels
    - ``levels`` (1): levels of the imbalance-weighted microprice
    """
    params = (
        ('table', None),
        ('levels', 1),
    )

    def __init__(self):
        super().__init__()
        from backtrader.hft.indicators import Microprice, StoikovMicroprice
        if self.p.table is not None:
            self._micro = StoikovMicroprice(self.data, table=self.p.table).microprice
        else:
            self._micro = Microprice(self.data, levels=self.p.levels).microprice

    def fair_price(self, st):
        m = self._micro[0]
        return st.mid if m != m else m / st.tick
