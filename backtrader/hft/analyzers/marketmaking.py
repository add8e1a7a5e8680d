"""The MarketMaking analyzer: what a market maker's fills earned and why.

With every fill of the analysed data (``broker.fill_log``: side ``s`` = +1 buy / -1 sell, size
``x``, price ``p``, fee ``f``), ``m_f`` the mid the feed showed at the fill's exchange time (the
last step at or before it) and ``m_T`` the last mid, the PnL (start flat) splits exactly into

- spread capture ``sum s * x * (m_f - p)``: what each fill gained against the mid of its time,
- inventory PnL ``sum s * x * (m_T - m_f)``: what the position made while the mid moved,
- fees ``sum f`` (negative: rebates),

``pnl = spread + inventory - fees``. The markout of a fill is ``s * (m_h - m_f)`` with ``m_h``
the mid ``markout`` later; ``adverse_selection = -sum s * x * (m_h - m_f)`` is what the mid's
moves right after our fills cost. The position over time is the fills received (``local_ts``) by
each step; its statistics are weighted by the steps' durations; ``time_at_max`` is the share of
time with ``|position| >= max_inventory``.

Quotes: for the Avellaneda-Stoikov family (strategies with a ``quoter``) the analyzer records the
working bid and ask prices after every wake-up, for :meth:`MarketMaking.plot`.
"""
from collections import OrderedDict

from backtrader.analyzer import Analyzer
from backtrader.order import Order

__all__ = ['MarketMaking']

_ALIVE = (Order.Created, Order.Submitted, Order.Accepted, Order.Partial)
_NAN = float('nan')


class MarketMaking(Analyzer):
    """PnL split, fills and inventory of a market maker (see
    :mod:`backtrader.hft.analyzers.marketmaking`).

    Params: ``data`` (None: the strategy's first data), ``markout`` ('1s': the horizon of the
    adverse-selection markout, ns or a duration), ``max_inventory`` (None: the strategy's
    ``max_inventory`` param; the position counted as "at max").

    ``get_analysis()`` keys: pnl, spread, inventory_pnl, fees, adverse_selection, markout_ticks
    (mean per fill), fills, maker_fills, taker_fills, volume, maker_share (of the volume), quotes
    (orders the strategy sent), fill_ratio (fills / quotes), position (final), inventory (mean,
    mean_abs, std, min, max), time_at_max, and filled_by: the broker's ``describe()`` (its
    exchange, queue, latency and fee models), so the result always says how it was filled.
    """
    params = (
        ('data', None),
        ('markout', '1s'),
        ('max_inventory', None),
    )

    def start(self):
        from backtrader.hft.indicators.base import span_of
        name = type(self).__name__
        self._markout = span_of('%s: param markout' % name, self.p.markout)
        cap = self.p.max_inventory
        if cap is None:
            cap = getattr(self.strategy.p, 'max_inventory', None)
        if isinstance(cap, bool) or not isinstance(cap, (int, float)) or not cap > 0:
            raise ValueError('%s: param max_inventory must be a positive number (the strategy '
                             'has none), not %r' % (name, cap))
        self._cap = float(cap)
        self._data = self.p.data if self.p.data is not None else self.strategy.data
        self._t = []
        self._bid = []
        self._ask = []
        self._quoter = None

    def next(self):
        q = self._quoter
        if q is None:
            q = self._quoter = getattr(self.strategy, 'quoter', False)
        if q is False:
            return
        self._t.append(self._data.datetime.ns(0))
        b = q.bid
        a = q.ask
        self._bid.append(b.px if b.order is not None and b.order.status in _ALIVE else _NAN)
        self._ask.append(a.px if a.order is not None and a.order.status in _ALIVE else _NAN)

    def series(self):
        """The run as numpy arrays: ``t`` and ``mid`` of every step, ``position`` after each
        step, the fills (``fill_log``), and ``quote_t`` / ``bid`` / ``ask`` (prices, NaN: no
        quote) of every wake-up of a quoting strategy."""
        import numpy as np
        data = self._data
        n = len(data)
        dt = data.lines.datetime
        if dt.buflen() < n:
            raise ValueError('%s: the data keeps only its last %d steps (exactbars): the '
                             'analyzer needs all %d' % (type(self).__name__, dt.buflen(), n))
        t = np.asarray(dt.ns_array[:n], dtype=np.int64)
        mid = np.asarray(data.lines.close.array[:n], dtype=float)
        fills = self.strategy.broker.fill_log(data)
        order = np.argsort(fills['local_ts'], kind='stable')
        signed = (fills['side'] * fills['qty'])[order]
        held = np.concatenate(([0.0], np.cumsum(signed)))
        position = held[np.searchsorted(fills['local_ts'][order], t, side='right')]
        tick = float(data.p.tick_size)
        return dict(t=t, mid=mid, position=position, fills=fills,
                    quote_t=np.asarray(self._t, dtype=np.int64),
                    bid=np.asarray(self._bid, dtype=float) * tick,
                    ask=np.asarray(self._ask, dtype=float) * tick)

    def stop(self):
        import numpy as np
        s = self.series()
        t, mid, fills, position = s['t'], s['mid'], s['fills'], s['position']
        rets = self.rets
        tick = float(self._data.p.tick_size)

        def mid_at(ts):
            return mid[np.clip(np.searchsorted(t, ts, side='right') - 1, 0, len(t) - 1)]

        side = fills['side'].astype(float)
        qty = fills['qty']
        signed = side * qty
        m_f = mid_at(fills['exch_ts'])
        m_h = mid_at(fills['exch_ts'] + self._markout)
        m_T = mid[-1] if len(mid) else _NAN
        spread = float(np.sum(signed * (m_f - fills['px'])))
        inventory = float(np.sum(signed * (m_T - m_f))) if len(fills) else 0.0
        fees = float(np.sum(fills['fee']))
        rets['pnl'] = spread + inventory - fees
        rets['spread'] = spread
        rets['inventory_pnl'] = inventory
        rets['fees'] = fees
        rets['adverse_selection'] = -float(np.sum(signed * (m_h - m_f)))
        rets['markout_ticks'] = float(np.mean(side * (m_h - m_f))) / tick if len(fills) \
            else _NAN
        maker = fills['maker']
        rets['fills'] = len(fills)
        rets['maker_fills'] = int(maker.sum())
        rets['taker_fills'] = int((~maker).sum())
        volume = float(qty.sum())
        rets['volume'] = volume
        rets['maker_share'] = float(qty[maker].sum()) / volume if volume else _NAN
        quotes = getattr(self.strategy, 'submitted', None)
        if quotes is None:
            quotes = self.strategy.broker.counts()['submitted']
        rets['quotes'] = quotes
        rets['fill_ratio'] = len(fills) / quotes if quotes else _NAN
        rets['position'] = float(signed.sum())
        w = np.diff(t).astype(float)
        pos = position[:-1]
        total = w.sum()
        if total > 0:
            mean = float(np.sum(w * pos) / total)
            rets['inventory'] = OrderedDict(
                mean=mean, mean_abs=float(np.sum(w * np.abs(pos)) / total),
                std=float(np.sqrt(np.sum(w * (pos - mean) ** 2) / total)),
                min=float(position.min()), max=float(position.max()))
            rets['time_at_max'] = float(np.sum(w[np.abs(pos) >= self._cap * (1 - 1e-9)])
                                        / total)
        else:
            rets['inventory'] = OrderedDict(mean=_NAN, mean_abs=_NAN, std=_NAN, min=_NAN,
                                            max=_NAN)
            rets['time_at_max'] = _NAN
        describe = getattr(self.strategy.broker, 'describe', None)
        rets['filled_by'] = describe() if describe is not None else None

    def plot(self, filename=None):
        """Mid, quotes and fills (top) and the position (bottom) over time with matplotlib;
        saved to ``filename`` when given. Returns the figure."""
        try:
            import matplotlib
            if filename is not None:
                matplotlib.use('Agg')
            import matplotlib.pyplot as plt
        except ImportError:
            raise ImportError('MarketMaking.plot needs matplotlib (pip install matplotlib)') \
                from None
        s = self.series()
        t0 = s['t'][0] if len(s['t']) else 0
        sec = (s['t'] - t0) / 1e9
        fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(11, 6),
                                          gridspec_kw=dict(height_ratios=(3, 1)))
        top.plot(sec, s['mid'], color='black', lw=0.8, label='mid')
        qt = (s['quote_t'] - t0) / 1e9
        top.step(qt, s['bid'], where='post', color='tab:green', lw=0.6, label='bid quote')
        top.step(qt, s['ask'], where='post', color='tab:red', lw=0.6, label='ask quote')
        f = s['fills']
        ft = (f['exch_ts'] - t0) / 1e9
        buy = f['side'] > 0
        top.scatter(ft[buy], f['px'][buy], marker='^', s=12, color='tab:green', label='buy fill')
        top.scatter(ft[~buy], f['px'][~buy], marker='v', s=12, color='tab:red',
                    label='sell fill')
        top.set_ylabel('price')
        top.legend(loc='upper left', fontsize='small')
        bottom.step(sec, s['position'], where='post', color='tab:blue')
        bottom.axhline(self._cap, color='grey', lw=0.5, ls='--')
        bottom.axhline(-self._cap, color='grey', lw=0.5, ls='--')
        bottom.set_ylabel('position')
        bottom.set_xlabel('seconds')
        fig.tight_layout()
        if filename is not None:
            fig.savefig(filename)
        return fig
