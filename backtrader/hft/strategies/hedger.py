"""The Hedger: keeps the position held in one data (the quoted instrument) hedged with orders in
another (a perpetual against its spot, or a correlated instrument).

At every wake-up, with ``q`` the position in the quoted data, ``h`` the position in the hedge data
and ``c`` the hedge units per quoted unit:

- ``c = beta`` (``notional='units'``) or ``c = beta * Pq / Ph`` (``notional='value'``: the same
  money exposure scaled by beta; ``Pq``, ``Ph`` the two mids); ``beta`` is a number or
  ``'rolling'``, the rolling beta of the quoted data's returns on the hedge data's
  (:class:`bt.hft.indicators.RollingBeta`);
- the unhedged exposure, in quoted units, is ``u = q + h / c``;
- when ``|u| > threshold`` a hedge order of ``-ratio * u * c`` hedge units (rounded towards zero
  to the hedge data's lot) is sent: a market order (``mode='taker'``) or a post-only limit at the
  hedge data's touch (``mode='passive'``: the best bid to buy, the best ask to sell; re-placed when
  the touch moves away from it).

At most one hedge order is alive at a time; the exposure is measured again once it has ended.
Hedge costs are reported apart from the quoting: :meth:`Hedger.report`.
"""
import math

from backtrader.order import Order
from backtrader.strategy import Strategy

__all__ = ['Hedger', 'hedge_size']

_MODES = ('taker', 'passive')
_NOTIONALS = ('units', 'value')
_ALIVE = (Order.Created, Order.Submitted, Order.Accepted, Order.Partial)


def hedge_size(exposure, threshold, ratio, lot):
    """Signed size of the order that hedges ``exposure`` (in the units of the traded instrument):
    0 while ``|exposure| <= threshold``, else ``-ratio * exposure`` rounded towards zero to a
    whole number of ``lot``."""
    if not abs(exposure) > threshold:
        return 0.0
    lots = math.floor(abs(ratio * exposure) / lot + 1e-9)
    return -math.copysign(lots * lot, exposure)


def pick_data(strategy, which, pname):
    """The data of ``strategy`` named by param ``pname``: an index, a data name or a data."""
    datas = strategy.datas
    if isinstance(which, int) and not isinstance(which, bool):
        if 0 <= which < len(datas):
            return datas[which]
    elif isinstance(which, str):
        for d in datas:
            if d._name == which:
                return d
    elif any(d is which for d in datas):
        return which
    raise ValueError('%s: param %s=%r names none of the %d datas (an index, a data name or the '
                     'data itself)' % (type(strategy).__name__, pname, which, len(datas)))


class Hedger(Strategy):
    """Hedges the position of data ``quoted`` with orders in data ``hedge`` (see
    :mod:`backtrader.hft.strategies.hedger`). Add it to Cerebro beside the strategy that trades
    the quoted data; both share the broker's positions.

    Params:

    - ``quoted`` (0), ``hedge`` (1): the two datas (index, name or data); the hedge data needs an
      order book (an ``L2EventData``)
    - ``beta`` (1.0): hedge units per quoted unit (a positive number) or ``'rolling'``
    - ``beta_period`` (100), ``beta_window`` (None): the rolling beta's window (bars or a duration)
    - ``notional`` ('units'): ``'units'`` or ``'value'`` (see the module docstring)
    - ``threshold`` (0.0): hedge once the unhedged exposure (quoted units) is beyond it
    - ``ratio`` (1.0): the fraction of the exposure each hedge order covers, in (0, 1]
    - ``mode`` ('taker'): market orders, or ``'passive'`` post-only limits at the touch
    """
    params = (
        ('quoted', 0),
        ('hedge', 1),
        ('beta', 1.0),
        ('beta_period', 100),
        ('beta_window', None),
        ('notional', 'units'),
        ('threshold', 0.0),
        ('ratio', 1.0),
        ('mode', 'taker'),
    )

    def __init__(self):
        p = self.p
        name = type(self).__name__
        self.quoted = pick_data(self, p.quoted, 'quoted')
        self.hedged = pick_data(self, p.hedge, 'hedge')
        if self.hedged is self.quoted:
            raise ValueError('%s: params quoted and hedge name the same data' % name)
        if not hasattr(type(self.hedged), 'book') or not hasattr(self.hedged.p, 'lot_size'):
            raise ValueError('%s: param hedge: data %r has no order book to hedge on (it must '
                             'be an L2EventData)' % (name, self.hedged._name or p.hedge))
        if p.beta == 'rolling':
            from backtrader.hft.indicators import RollingBeta
            self._beta = RollingBeta(self.quoted, self.hedged, period=p.beta_period,
                                     window=p.beta_window).beta
        elif isinstance(p.beta, bool) or not isinstance(p.beta, (int, float)) or not p.beta > 0:
            raise ValueError("%s: param beta must be a positive number or 'rolling', not %r"
                             % (name, p.beta))
        else:
            self._beta = None
        if p.notional not in _NOTIONALS:
            raise ValueError("%s: param notional must be 'units' or 'value', not %r"
                             % (name, p.notional))
        if isinstance(p.threshold, bool) or not isinstance(p.threshold, (int, float)) \
                or not p.threshold >= 0:
            raise ValueError('%s: param threshold must be a number >= 0, not %r'
                             % (name, p.threshold))
        if isinstance(p.ratio, bool) or not isinstance(p.ratio, (int, float)) \
                or not 0 < p.ratio <= 1:
            raise ValueError('%s: param ratio must be in (0, 1], not %r' % (name, p.ratio))
        if p.mode not in _MODES:
            raise ValueError("%s: param mode must be 'taker' or 'passive', not %r"
                             % (name, p.mode))
        self._working = None            # the hedge order alive, if any
        self._working_px = None         # the passive order's price
        self._mid_at = {}       # order ref -> the hedge data's mid when it was sent
        self.hedges = 0         # hedge orders sent

    def per_unit(self):
        """Hedge units per quoted unit now (NaN while the rolling beta warms up)."""
        beta = self.p.beta if self._beta is None else self._beta[0]
        if self.p.notional == 'value':
            beta *= self.quoted.close[0] / self.hedged.close[0]
        return beta

    def next(self):
        o = self._working
        hd = self.hedged
        if o is not None and o.status in _ALIVE:
            if self.p.mode == 'passive' and o.status != Order.Partial:
                touch = hd.bid[0] if o.isbuy() else hd.ask[0]
                if touch != self._working_px:
                    self.cancel(o)
            return
        c = self.per_unit()
        if not c > 0:     # no beta yet (NaN), or a non-positive one: nothing sensible to do
            return
        q = self.broker.getposition(self.quoted).size
        h = self.broker.getposition(hd).size
        size = hedge_size((q + h / c) * c, self.p.threshold * c, self.p.ratio,
                          float(hd.p.lot_size))
        if size == 0.0:
            return
        place = self.buy if size > 0 else self.sell
        if self.p.mode == 'taker':
            self._working = place(data=hd, size=abs(size), exectype=Order.Market)
        else:
            self._working_px = hd.bid[0] if size > 0 else hd.ask[0]
            self._working = place(data=hd, size=abs(size), price=self._working_px,
                                  exectype=Order.Limit, tif='GTX')
        self._mid_at[self._working.ref] = hd.close[0]
        self.hedges += 1

    def report(self):
        """Hedge costs, apart from the quoting: ``orders`` sent, ``fills``, ``volume``,
        ``slippage`` (what the fills paid beyond the hedge data's mid when each order was sent:
        the sum of ``side * qty * (px - mid)``), ``fees``, ``cost`` (slippage + fees), the hedge
        ``position`` and the hedge leg's ``pnl`` (its trades and position marked at the mid,
        fees included)."""
        log = self.broker.fill_log(self.hedged)
        mine = [i for i, ref in enumerate(log['order']) if int(ref) in self._mid_at]
        log = log[mine]
        mids = [self._mid_at[int(ref)] for ref in log['order']]
        signed = log['side'] * log['qty']
        slippage = float(sum(s * (px - m) for s, px, m in zip(signed, log['px'], mids)))
        fees = float(log['fee'].sum())
        position = float(signed.sum())
        pnl = float(-(signed * log['px']).sum()) + position * self.hedged.close[0] - fees
        return dict(orders=self.hedges, fills=len(log), volume=float(log['qty'].sum()),
                    slippage=slippage, fees=fees, cost=slippage + fees, position=position,
                    pnl=pnl)
