"""The Avellaneda-Stoikov market maker (the base model), quoting one bid and one ask.

At every wake-up (once per requote interval: the feed's ``step``), in price ticks:

- ``s`` the fair price (the mid of the best bid and ask unless a subclass says otherwise) and
  ``q`` the inventory: by default ``position / order_size`` (in orders); ``inventory='base'``
  takes the position itself, ``inventory='fraction'`` Hummingbot's normalised form
  ``(position - target) / total``, the total inventory ``total = value / price`` and the target
  ``inventory_target_base_pct * total``;
- ``sigma2`` the variance of the mid per second: given (``sigma`` squared); estimated online
  (``sigma=None``) as an exponentially weighted mean (weight ``alpha``) of the squared mid change
  between wake-ups, scaled from the interval to one second; or (``sigma='auto'``) the variance of
  the mid changes over the last ``vol_window``, the weighted mean standing in while it warms up;
- ``k`` (``kappa``) and ``A``: given, or (``'auto'``) fitted online from the trades between
  wake-ups, ``kappa_warmup`` and ``A_warmup`` standing in until the first fit. The ``'auto'``
  estimates are indicators the strategy makes in ``__init__``
  (:class:`bt.hft.indicators.MidVolatility`, :class:`bt.hft.indicators.ArrivalIntensity`:
  ``self.vol_estimate`` and ``self.intensity_estimate``, None when not used);
- ``tau`` the time left: with ``horizon='session'`` the fraction of the data's span still to come
  (1 at its first record, 0 at its last); with an end time (a ``datetime``, UTC) the fraction of
  the time from the first record to it still to come; with a rolling horizon of ``h`` ns, ``h``
  in seconds;
- reservation price ``r = s - q * gamma * sigma2 * tau``, half spread
  ``delta = gamma * sigma2 * tau / 2 + ln(1 + gamma / k) / gamma``, raw quotes ``r -/+ delta``;
- ``horizon='infinite'``: the stationary model of the paper (section 2.3), whose two reservation
  prices ``s + ln(1 + (1 - 2q) / D) / gamma`` (ask) and ``s + ln(1 - (1 + 2q) / D) / gamma``
  (bid), ``D = (q_max + 1)^2 - q^2`` with ``q_max`` the inventory limit in the unit of ``q``
  (the volatility cancels out of them), are moved out by ``ln(1 + gamma / k) / gamma`` each;
- the bid is floored and the ask ceiled onto the tick grid, kept at least ``min_spread / 2``
  ticks from the mid, then clamped to the book: the bid at most the best bid, the ask at least
  the best ask (a quote never crosses).

Sizes: ``order_size``, shaped by ``eta`` as Hummingbot does: the side that adds to an inventory
already beyond zero shrinks to ``order_size * exp(-eta * |q|)``, floored to the lot (a size of 0
is not quoted). A side stops quoting while ``|position| >= max_inventory``.

Requoting: with ``requote='on_change'`` a working quote is kept while its size is unchanged and
its price is the target's, or within ``order_refresh_tolerance`` (a fraction of its price) of it,
so it keeps its place in the queue; otherwise it is cancelled and replaced (a filled or rejected
quote is replaced at once). With ``'always'`` both are replaced at every wake-up. Quotes are
post-only limit orders (``tif='GTX'``).

Subclasses change the model through small hooks, each given the :class:`QuoteState` of the
wake-up: :meth:`~AvellanedaStoikov.fair_price`, :meth:`~AvellanedaStoikov.reservation_price`,
:meth:`~AvellanedaStoikov.half_spread`, :meth:`~AvellanedaStoikov.quotes`,
:meth:`~AvellanedaStoikov.round_quotes`, :meth:`~AvellanedaStoikov.quote_sizes`,
:meth:`~AvellanedaStoikov.should_quote` and :meth:`~AvellanedaStoikov.on_wake`.
"""
import datetime
import math

from backtrader.order import Order
from backtrader.strategy import Strategy

__all__ = ['AvellanedaStoikov', 'QuoteState', 'as_quotes', 'as_reservation_price',
           'as_half_spread', 'as_infinite_reservations']

_REQUOTE = ('on_change', 'always')
_TIFS = ('GTX', 'GTC', 'IOC', 'FOK')
_INVENTORY = ('orders', 'base', 'fraction')
_ARRIVALS = ('steps', 'trades')
_ALIVE = (Order.Created, Order.Submitted, Order.Accepted, Order.Partial)
_CANCELLABLE = (Order.Accepted, Order.Partial)
_LIMIT = Order.Limit
_EPOCH = datetime.datetime(1970, 1, 1)


# -- the formulas (prices in ticks) -------------------------------------------------------------
def as_reservation_price(mid, q, sigma2, tau, gamma):
    """``mid - q * gamma * sigma2 * tau``: the finite-horizon reservation price."""
    return mid - q * (gamma * sigma2 * tau)


def as_half_spread(sigma2, tau, gamma, kappa):
    """``gamma * sigma2 * tau / 2 + ln(1 + gamma / kappa) / gamma``: half the optimal spread."""
    return 0.5 * (gamma * sigma2 * tau) + math.log(1.0 + gamma / kappa) / gamma


def as_infinite_reservations(mid, q, q_max, gamma):
    """``(bid, ask)`` reservation prices of the stationary (infinite-horizon) model for an
    inventory ``q`` within ``|q| <= q_max`` (see the module docstring); a side whose logarithm
    has no argument left (at the limit) is -inf (bid) / +inf (ask)."""
    d = (q_max + 1.0) ** 2 - q * q
    xa = 1.0 + (1.0 - 2.0 * q) / d if d > 0 else 0.0
    xb = 1.0 - (1.0 + 2.0 * q) / d if d > 0 else 0.0
    ra = mid + math.log(xa) / gamma if xa > 0 else math.inf
    rb = mid + math.log(xb) / gamma if xb > 0 else -math.inf
    return rb, ra


def _outward(bid, ask):
    """Bid floored, ask ceiled onto the tick grid; a missing or infinite side is None."""
    return (math.floor(bid) if bid is not None and math.isfinite(bid) else None,
            math.ceil(ask) if ask is not None and math.isfinite(ask) else None)


def as_quotes(mid, best_bid, best_ask, q, sigma2, tau, gamma, kappa):
    """``(bid, ask)`` in ticks of the finite-horizon Avellaneda-Stoikov quotes (see the module
    docstring) for a mid ``mid`` and best prices ``best_bid`` / ``best_ask`` in ticks, inventory
    ``q`` in orders, mid variance ``sigma2`` in ticks^2 per second and time left ``tau``."""
    r = as_reservation_price(mid, q, sigma2, tau, gamma)
    delta = as_half_spread(sigma2, tau, gamma, kappa)
    bid, ask = _outward(r - delta, r + delta)
    return min(bid, best_bid), max(ask, best_ask)


# -- the per-strategy machinery -----------------------------------------------------------------
class QuoteState:
    """What the quoting hooks see at a wake-up (one object per strategy, updated in place).

    Prices in ticks: ``mid``, ``best_bid``, ``best_ask`` (ints), ``fair`` (the model's centre);
    ``time`` (ns); ``position`` (base units), ``q`` and ``q_max`` (inventory and its limit in the
    model's unit); ``sigma2`` (ticks^2 per second); ``tau`` (None with an infinite horizon);
    ``gamma``, ``k``, ``A``; ``order_size``; ``tick`` (price of a tick); ``ready`` (every
    ``'auto'`` estimate is past its warm-up)."""
    __slots__ = ('time', 'mid', 'best_bid', 'best_ask', 'fair', 'position', 'q', 'q_max',
                 'sigma2', 'tau', 'gamma', 'k', 'A', 'order_size', 'tick', 'ready')


class _Quote:
    """One side's working quote: its order, price in ticks and size."""
    __slots__ = ('place', 'order', 'px', 'size')

    def __init__(self, place):
        self.place = place      # the broker's buy or sell
        self.order = None
        self.px = None
        self.size = None

    def working(self, px, size, quoter):
        """Whether the quote keeps working as the target ``px`` / ``size`` (``px`` None: the
        side is not quoted): it does while its order is alive at that size and at that price or
        within the refresh tolerance of it; otherwise it is cancelled when it can be."""
        o = self.order
        if o is None or o.status not in _ALIVE:
            return False
        if px is not None and size == self.size:
            if px == self.px or abs(px - self.px) <= quoter.tolerance * self.px:
                return True
        if o.status in _CANCELLABLE:
            quoter.cancel(o)
            quoter.cancelled += 1
        return False

    def send(self, px, size, quoter):
        """Quote ``size`` at ``px`` ticks."""
        self.px = px
        self.size = size
        self.order = self.place(quoter.owner, quoter.data, size, price=px * quoter.tick,
                                exectype=_LIMIT, tif=quoter.tif)
        quoter.submitted += 1


class _Quoter:
    """The per-wake work of one AvellanedaStoikov (a plain object: its attributes are read
    without the strategy's line lookup)."""
    __slots__ = ('owner', 'state', 'bid_line', 'ask_line', 'dt_line', 'broker', 'data',
                 'cancel', 'bid', 'ask', 'inv_tick', 'tick', 'lot', 'size', 'max_pos', 'sigma2',
                 'alpha', 'per_second', 'tau_mode', 't1', 'span', 'tau_fixed', 'inv_mode',
                 'target_pct', 'eta', 'min_half', 'tolerance', 'always', 'tif', 'prev_mid',
                 'var_step', 'vol_sigma2', 'vol_ready', 'arr_A', 'arr_k', 'arr_ready', 'auto_k',
                 'auto_A', 'steps', 'submitted', 'cancelled', 'fair_price', 'on_wake', 'quotes',
                 'round_quotes', 'quote_sizes', 'should_quote')

    def wake(self):
        self.steps += 1
        bid = self.bid_line[0]
        ask = self.ask_line[0]
        if bid != bid or ask != ask:    # a side of the book is empty
            return
        st = self.state
        bb = round(bid * self.inv_tick)
        ba = round(ask * self.inv_tick)
        mid = 0.5 * (bb + ba)
        prev = self.prev_mid
        if prev == prev:
            dm = mid - prev
            self.var_step = (1.0 - self.alpha) * self.var_step + self.alpha * dm * dm
        self.prev_mid = mid
        t = self.dt_line.ns(0)
        sigma2 = self.sigma2
        if sigma2 is None:
            sigma2 = self.var_step * self.per_second
        ready = True
        if self.vol_ready is not None:
            if self.vol_ready[0]:
                sigma2 = self.vol_sigma2[0]
            else:
                ready = False
        if self.arr_ready is not None:
            if self.arr_ready[0]:
                if self.auto_k:
                    st.k = self.arr_k[0]
                if self.auto_A:
                    st.A = self.arr_A[0]
            else:
                ready = False
        mode = self.tau_mode
        if mode == 1:
            tau = (self.t1 - t) / self.span
            if tau < 0.0:
                tau = 0.0
        elif mode == 0:
            tau = self.tau_fixed
        else:
            tau = None
        pos = self.broker.getposition(self.data).size
        if self.inv_mode == 0:
            q = pos / self.size
            q_max = self.max_pos / self.size
        elif self.inv_mode == 1:
            q = pos
            q_max = self.max_pos
        else:
            total = self.broker.getvalue() / (mid * self.tick)
            if not total > 0:
                return          # nothing to hold an inventory fraction of
            q = (pos - self.target_pct * total) / total
            q_max = self.max_pos / total
        st.time = t
        st.mid = mid
        st.best_bid = bb
        st.best_ask = ba
        st.position = pos
        st.q = q
        st.q_max = q_max
        st.sigma2 = sigma2
        st.tau = tau
        st.ready = ready
        hook = self.fair_price
        st.fair = mid if hook is None else hook(st)
        hook = self.on_wake
        if hook is not None:
            hook(st)
        new_bid, new_ask = self.quotes(st)
        new_bid, new_ask = self.round_quotes(new_bid, new_ask, st)
        half = self.min_half
        if half:
            if new_bid is not None:
                new_bid = min(new_bid, math.floor(mid - half))
            if new_ask is not None:
                new_ask = max(new_ask, math.ceil(mid + half))
        size_bid, size_ask = self.quote_sizes(st)
        # cancels first, then the new quotes (the order the exchange receives them in)
        if new_bid is not None and size_bid > 0 and self.should_quote(1, st):
            new_bid = min(new_bid, bb)
        else:
            new_bid = None
        if new_ask is not None and size_ask > 0 and self.should_quote(-1, st):
            new_ask = max(new_ask, ba)
        else:
            new_ask = None
        keep = not self.always
        bid_on = self.bid.working(new_bid if keep else None, size_bid, self)
        ask_on = self.ask.working(new_ask if keep else None, size_ask, self)
        if new_bid is not None and not bid_on:
            self.bid.send(new_bid, size_bid, self)
        if new_ask is not None and not ask_on:
            self.ask.send(new_ask, size_ask, self)


def _number(v):
    return not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(v)


class AvellanedaStoikov(Strategy):
    """Avellaneda-Stoikov market maker on ``data0`` (an order-book feed woken at a fixed interval,
    e.g. ``L2EventData(step='100ms')``); see :mod:`backtrader.hft.strategies.avellaneda`.

    Params (prices and spreads in ticks, as the model's usual units):

    - ``gamma`` (0.01): risk aversion
    - ``kappa`` (0.5): the order-arrival decay ``k`` per tick, or ``'auto'`` (fitted online)
    - ``sigma`` (None): volatility of the mid in ticks per sqrt(second); None estimates it as a
      weighted mean of squared changes (weight ``alpha``, 0.02), ``'auto'`` over ``vol_window``
    - ``horizon`` ('session'): ``'session'``, an end time (``datetime``, UTC), a rolling horizon
      in ns, or ``'infinite'`` (the stationary model)
    - ``order_size`` (0.01): size of each quote; ``max_inventory`` (0.2): a side stops quoting
      while the position is this far on its side
    - ``requote`` ('on_change'): replace a quote only when it changed, or ``'always'``
    - ``tif`` ('GTX'): time in force of the quotes (post-only by default)
    - ``A`` (None): the order-arrival scale (per second), a number, ``'auto'`` or None (not used
      by this model; models such as GLFT need it)
    - ``inventory`` ('orders'): unit of ``q``: ``'orders'``, ``'base'`` or ``'fraction'`` (of the
      total inventory, around ``inventory_target_base_pct``, 0.5)
    - ``eta`` (0): order-size shaping by inventory; ``min_spread`` (0): least distance between
      the quotes, ticks; ``order_refresh_tolerance`` (0): price change (fraction) a working quote
      may lag its target by and be kept
    - estimators (``'auto'``): ``vol_window`` ('10min'); ``intensity_window`` ('10min'),
      ``refit`` ('5s'), ``depth_bin`` (0.5 ticks), ``depth_bins`` (70), ``arrivals`` ('steps':
      one arrival per wake-up, or 'trades'); ``kappa_warmup`` (0.5) and ``A_warmup`` (1.0) stand
      in until the first fit

    Counters after a run: ``steps`` (wake-ups), ``submitted`` (quotes sent), ``cancelled``
    (cancels sent). ``state`` is the :class:`QuoteState` of the last wake-up.
    """
    params = (
        ('gamma', 0.01),
        ('kappa', 0.5),
        ('sigma', None),
        ('alpha', 0.02),
        ('horizon', 'session'),
        ('order_size', 0.01),
        ('max_inventory', 0.2),
        ('requote', 'on_change'),
        ('tif', 'GTX'),
        ('A', None),
        ('inventory', 'orders'),
        ('inventory_target_base_pct', 0.5),
        ('eta', 0.0),
        ('min_spread', 0.0),
        ('order_refresh_tolerance', 0.0),
        ('vol_window', '10min'),
        ('intensity_window', '10min'),
        ('refit', '5s'),
        ('depth_bin', 0.5),
        ('depth_bins', 70),
        ('arrivals', 'steps'),
        ('kappa_warmup', 0.5),
        ('A_warmup', 1.0),
    )

    # -- the hooks ------------------------------------------------------------------------------
    def fair_price(self, st):
        """The price the model centres on, ticks (the mid)."""
        return st.mid

    def reservation_price(self, st):
        """The finite-horizon reservation price, ticks."""
        return as_reservation_price(st.fair, st.q, st.sigma2, st.tau, st.gamma)

    def half_spread(self, st):
        """Half the finite-horizon optimal spread, ticks."""
        return as_half_spread(st.sigma2, st.tau, st.gamma, st.k)

    def quotes(self, st):
        """``(bid, ask)`` raw quotes in ticks (None: that side is not quoted)."""
        if st.tau is None:
            rb, ra = as_infinite_reservations(st.fair, st.q, st.q_max, st.gamma)
            c = math.log(1.0 + st.gamma / st.k) / st.gamma
            return rb - c, ra + c
        r = self.reservation_price(st)
        delta = self.half_spread(st)
        return r - delta, r + delta

    def round_quotes(self, bid, ask, st):
        """Raw quotes onto the tick grid: ints or None (the bid floored, the ask ceiled)."""
        return _outward(bid, ask)

    def quote_sizes(self, st):
        """``(bid_size, ask_size)`` in base units (0: not quoted)."""
        size = self._quoter.size
        eta = self._quoter.eta
        if not eta or st.q == 0:
            return size, size
        shaped = size * math.exp(-eta * abs(st.q))
        lot = self._quoter.lot
        shaped = math.floor(shaped / lot + 1e-9) * lot
        return (shaped, size) if st.q > 0 else (size, shaped)

    def should_quote(self, side, st):
        """Whether ``side`` (+1 bid, -1 ask) may quote: not at the inventory limit."""
        if side > 0:
            return st.position < self._quoter.max_pos
        return st.position > -self._quoter.max_pos

    def on_wake(self, st):
        """Called at every wake-up once ``st`` is filled, before the quotes are computed."""

    # -- set-up ---------------------------------------------------------------------------------
    def __init__(self):
        self._check()
        self._wake_ns = self._interval(self.data)
        self._estimators(self.data, self._wake_ns)

    def _fail(self, pname, what, value):
        raise ValueError('%s: param %s must be %s, not %r'
                         % (type(self).__name__, pname, what, value))

    def _check(self):
        p = self.p
        for pname in ('gamma', 'order_size', 'max_inventory'):
            v = getattr(p, pname)
            if not (_number(v) and v > 0):
                self._fail(pname, 'a positive number', v)
        for pname in ('kappa', 'A'):
            v = getattr(p, pname)
            if v == 'auto' or (v is None and pname == 'A'):
                continue
            if not (_number(v) and v > 0):
                self._fail(pname, "a positive number or 'auto'", v)
        for pname in ('kappa_warmup', 'A_warmup'):
            v = getattr(p, pname)
            if not (_number(v) and v > 0):
                self._fail(pname, 'a positive number', v)
        if p.sigma is not None and p.sigma != 'auto' and not (_number(p.sigma) and p.sigma >= 0):
            self._fail('sigma', "None (estimated online), 'auto' or a number >= 0", p.sigma)
        if not (_number(p.alpha) and 0 < p.alpha <= 1):
            self._fail('alpha', 'in (0, 1]', p.alpha)
        h = p.horizon
        if h not in ('session', 'infinite') and not isinstance(h, datetime.datetime) and (
                isinstance(h, bool) or not isinstance(h, int) or h <= 0):
            self._fail('horizon', "'session', 'infinite', an end datetime or a positive whole "
                       'number of ns', h)
        for pname, allowed in (('requote', _REQUOTE), ('tif', _TIFS),
                               ('inventory', _INVENTORY), ('arrivals', _ARRIVALS)):
            v = getattr(p, pname)
            if v not in allowed:
                self._fail(pname, 'one of %s' % ', '.join(map(repr, allowed)), v)
        if not (_number(p.inventory_target_base_pct) and 0 <= p.inventory_target_base_pct <= 1):
            self._fail('inventory_target_base_pct', 'in [0, 1]', p.inventory_target_base_pct)
        for pname in ('eta', 'min_spread'):
            v = getattr(p, pname)
            if not (_number(v) and v >= 0):
                self._fail(pname, 'a number >= 0', v)
        if not (_number(p.order_refresh_tolerance) and 0 <= p.order_refresh_tolerance < 1):
            self._fail('order_refresh_tolerance', 'a fraction in [0, 1)',
                       p.order_refresh_tolerance)
        if not (_number(p.depth_bin) and p.depth_bin > 0):
            self._fail('depth_bin', 'a positive number of ticks', p.depth_bin)
        if isinstance(p.depth_bins, bool) or not isinstance(p.depth_bins, int) \
                or p.depth_bins < 3:
            self._fail('depth_bins', 'a whole number >= 3', p.depth_bins)

    def _interval(self, data):
        """The data's wake-up interval in ns (its ``step`` must be one)."""
        from backtrader.hft.indicators.estimators import step_interval
        interval = step_interval(data)
        if interval is None:
            raise ValueError('%s: the data must wake the strategy at a fixed interval (e.g. '
                             "L2EventData(step='100ms')), its step is %r"
                             % (type(self).__name__, getattr(data.p, 'step', None)))
        return interval

    def _span_param(self, pname, interval):
        """A duration param in ns, at least the wake-up interval."""
        from backtrader.hft.indicators.base import span_of
        name = type(self).__name__
        try:
            ns = span_of('%s: param %s' % (name, pname), getattr(self.p, pname))
        except ValueError as exc:
            raise ValueError(str(exc)) from None
        if ns < interval:
            raise ValueError('%s: param %s (%d ns) is shorter than the wake-up interval (%d ns)'
                             % (name, pname, ns, interval))
        return ns

    def _horizon(self, st, data):
        """Sets the quoter's time-left mode: 0 rolling, 1 to an end time, 2 infinite."""
        h = self.p.horizon
        name = type(self).__name__
        st.t1 = st.span = 0
        st.tau_fixed = 0.0
        if h == 'infinite':
            st.tau_mode = 2
            return
        if isinstance(h, int):
            st.tau_mode = 0
            st.tau_fixed = h / 1e9
            return
        st.tau_mode = 1
        span = getattr(data, 'span', None)
        if span is None:
            raise ValueError('%s: horizon %r needs a data that knows its span (L2EventData); '
                             'give a rolling horizon in ns' % (name, h))
        t0, t1 = span()
        if isinstance(h, datetime.datetime):
            if h.tzinfo is not None:
                h = h.astimezone(datetime.timezone.utc).replace(tzinfo=None)
            end = (h - _EPOCH) // datetime.timedelta(microseconds=1) * 1000
            if end <= t0:
                raise ValueError('%s: param horizon %s is in the past: the data starts at %d ns'
                                 % (name, self.p.horizon, t0))
            t1 = end
        st.t1 = t1
        st.span = t1 - t0
        if st.span <= 0:
            raise ValueError("%s: horizon='session': the data's span is empty (%d to %d ns)"
                             % (name, t0, t1))

    def _estimators(self, data, interval):
        """The indicators of the ``'auto'`` estimates (None when not used)."""
        p = self.p
        self.vol_estimate = self.intensity_estimate = None
        if p.sigma == 'auto':
            from backtrader.hft.indicators.estimators import MidVolatility
            self.vol_estimate = MidVolatility(
                data, interval=interval, window=self._span_param('vol_window', interval))
        if p.kappa == 'auto' or p.A == 'auto':
            from backtrader.hft.indicators.estimators import ArrivalIntensity
            self.intensity_estimate = ArrivalIntensity(
                data, interval=interval, window=self._span_param('intensity_window', interval),
                refit=self._span_param('refit', interval), bin=float(p.depth_bin),
                nbins=p.depth_bins, arrivals=p.arrivals)

    def _estimate_lines(self, st):
        """The quoter reads the estimates' lines."""
        p = self.p
        st.auto_k = p.kappa == 'auto'
        st.auto_A = p.A == 'auto'
        st.vol_sigma2 = st.vol_ready = st.arr_A = st.arr_k = st.arr_ready = None
        vol, arr = self.vol_estimate, self.intensity_estimate
        if vol is not None:
            st.vol_sigma2, st.vol_ready = vol.lines.sigma2, vol.lines.ready
        if arr is not None:
            st.arr_A, st.arr_k, st.arr_ready = arr.lines.A, arr.lines.k, arr.lines.ready

    def start(self):
        p = self.p
        data = self.data
        tick = float(data.p.tick_size)
        interval = self._wake_ns
        st = _Quoter()
        st.owner = self
        st.bid_line = data.lines.bid
        st.ask_line = data.lines.ask
        st.dt_line = data.lines.datetime
        broker = self.broker
        st.broker = broker
        st.data = data
        # straight to the broker: the size is given, no sizer or data lookup is needed
        st.bid = _Quote(broker.buy)
        st.ask = _Quote(broker.sell)
        st.cancel = broker.cancel
        st.tick = tick
        st.inv_tick = 1.0 / tick
        st.lot = float(getattr(data.p, 'lot_size', None) or 0.0) or float(p.order_size)
        st.size = float(p.order_size)
        st.max_pos = float(p.max_inventory)
        st.sigma2 = None if p.sigma in (None, 'auto') else float(p.sigma) ** 2
        st.alpha = float(p.alpha)
        st.per_second = 1e9 / interval
        self._horizon(st, data)
        st.inv_mode = _INVENTORY.index(p.inventory)
        st.target_pct = float(p.inventory_target_base_pct)
        if st.inv_mode == 2 and not broker.getvalue() > 0:
            raise ValueError("%s: inventory='fraction' needs a broker holding value (cash > 0), "
                             'it holds %r' % (type(self).__name__, broker.getvalue()))
        st.eta = float(p.eta)
        st.min_half = 0.5 * float(p.min_spread)
        st.tolerance = float(p.order_refresh_tolerance)
        st.always = p.requote == 'always'
        st.tif = p.tif
        st.prev_mid = float('nan')
        st.var_step = 0.0
        self._estimate_lines(st)
        st.steps = st.submitted = st.cancelled = 0
        for hook in ('fair_price', 'on_wake', 'quotes', 'round_quotes', 'quote_sizes',
                     'should_quote'):
            setattr(st, hook, getattr(self, hook))
        # the base's identity hooks are skipped rather than called at every wake-up
        cls = type(self)
        if cls.fair_price is AvellanedaStoikov.fair_price:
            st.fair_price = None
        if cls.on_wake is AvellanedaStoikov.on_wake:
            st.on_wake = None
        qs = QuoteState()
        qs.gamma = float(p.gamma)
        qs.k = float(p.kappa_warmup if p.kappa == 'auto' else p.kappa)
        qs.A = float(p.A_warmup if p.A in (None, 'auto') else p.A)
        qs.order_size = st.size
        qs.tick = tick
        qs.ready = False
        st.state = qs
        self._quoter = st

    def next(self):
        self._quoter.wake()

    @property
    def quoter(self):
        """The per-wake worker: ``quoter.bid`` / ``quoter.ask`` hold each side's working quote
        (``order``, ``px`` in ticks, ``size``)."""
        return self._quoter

    @property
    def state(self):
        """The :class:`QuoteState` of the last wake-up."""
        return self._quoter.state

    @property
    def steps(self):
        """Wake-ups so far."""
        return self._quoter.steps

    @property
    def submitted(self):
        """Quotes sent so far."""
        return self._quoter.submitted

    @property
    def cancelled(self):
        """Cancels sent so far."""
        return self._quoter.cancelled
