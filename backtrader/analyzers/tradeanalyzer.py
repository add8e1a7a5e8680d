"""Statistics of closed trades."""
import sys

from backtrader.analyzer import Analyzer
from backtrader.utils import AutoOrderedDict

__all__ = ['TradeAnalyzer']

MAXINT = sys.maxsize
_WONLOST = ('won', 'lost')
_LONGSHORT = ('long', 'short')


def _add(node, amount, count, best, zero):
    """Add ``amount`` to ``node['total']``, average it over ``count`` and keep
    in ``node['max']`` the ``best`` (max or min) single amount, from ``zero``."""
    node['total'] += amount
    node['average'] = node['total'] / count
    node['max'] = best(node['max'] or zero, amount)


def _lowest_nonzero(node, bars):
    """Keep in ``node['min']`` the fewest bars of a trade, zero not counted."""
    low = node['min'] or MAXINT
    node['min'] = min(low, bars or low)


class TradeAnalyzer(Analyzer):
    """Counts and profit/loss statistics of the trades of the strategy.

    ``get_analysis()`` is an ``AutoOrderedDict`` (dot access). With no trade
    it only holds ``total.total == 0``. Otherwise, as trades open and close:

    - ``total``: ``total``, ``open``, ``closed`` counts
    - ``streak.won`` / ``streak.lost``: ``current`` and ``longest`` runs
    - ``pnl.gross`` / ``pnl.net``: ``total`` and ``average`` per closed trade
    - ``won`` / ``lost``: ``total`` count, ``pnl.total/average/max``
    - ``long`` / ``short``: ``total``, ``pnl.total/average``,
      ``pnl.won/lost.total/average/max``, and ``won``/``lost`` counts
    - ``len``: bars in the market, ``total/average/max/min``, and the same
      for ``won``/``lost``, ``long``/``short`` and ``long.won`` etc.

    Net values (after commission) are used except under ``pnl.gross``. A
    ``min`` that never saw a trade stays at ``sys.maxsize``, as upstream.
    """

    def create_analysis(self):
        """Results start with ``total.total`` at 0; the rest appears with trades."""
        self.rets = rets = AutoOrderedDict()
        rets['total']['total'] = 0

    def stop(self):
        """Freeze the results: reading a missing entry now raises ``KeyError``."""
        super(TradeAnalyzer, self).stop()
        self.rets._close()

    # The results are read and written with item access (``d['key']``), not
    # attribute access: same entries, created in the same order, without a
    # Python-level ``__getattr__``/``__setattr__`` per access.
    def notify_trade(self, trade):
        if trade.justopened:
            total = self.rets['total']
            total['total'] += 1
            total['open'] += 1
        elif trade.status == trade.Closed:
            self._closed(trade)

    def _closed(self, trade):
        stats = self.rets
        pnlcomm = trade.pnlcomm
        barlen = trade.barlen
        won = int(pnlcomm >= 0.0)
        flags = {'won': won, 'lost': int(not won),
                 'long': trade.long, 'short': not trade.long}

        total = stats['total']
        total['open'] -= 1
        total['closed'] += 1
        nclosed = total['closed']

        # consecutive winners / losers
        for key in _WONLOST:
            hit = flags[key]
            streak = stats['streak'][key]
            streak['current'] *= hit
            streak['current'] += hit
            streak['longest'] = max(streak['longest'] or 0, streak['current'])

        # profit and loss of all closed trades
        pnl = stats['pnl']
        gross = pnl['gross']
        gross['total'] += trade.pnl
        gross['average'] = gross['total'] / nclosed
        net = pnl['net']
        net['total'] += pnlcomm
        net['average'] = net['total'] / nclosed

        # winners and losers
        for key in _WONLOST:
            hit = flags[key]
            group = stats[key]
            group['total'] += hit
            _add(group['pnl'], pnlcomm * hit, group['total'] or 1.0,
                 max if key == 'won' else min, 0.0)

        # long and short trades, split again in winners and losers
        for side in _LONGSHORT:
            sflag = flags[side]
            group = stats[side]
            group['total'] += sflag
            gpnl = group['pnl']
            gpnl['total'] += pnlcomm * sflag
            gpnl['average'] = gpnl['total'] / (group['total'] or 1.0)
            for key in _WONLOST:
                hit = flags[key]
                amount = pnlcomm * hit * sflag
                group[key] += hit * sflag
                _add(gpnl[key], amount, group[key] or 1.0,
                     max if key == 'won' else min, 0.0)

        # bars spent in the market
        length = stats['len']
        _add(length, barlen, nclosed, max, 0)
        length['min'] = min(length['min'] or MAXINT, barlen)

        for key in _WONLOST:
            bars = barlen * flags[key]
            sub = length[key]
            _add(sub, bars, stats[key]['total'] or 1.0, max, 0)
            if bars:
                sub['min'] = min(sub['min'] or MAXINT, bars)

        for side in _LONGSHORT:
            bars = barlen * flags[side]
            sub = length[side]
            _add(sub, bars, stats[side]['total'] or 1.0, max, 0)
            _lowest_nonzero(sub, bars)
            for key in _WONLOST:
                bars2 = barlen * flags[side] * flags[key]
                subsub = sub[key]
                _add(subsub, bars2, stats[side][key] or 1.0, max, 0)
                _lowest_nonzero(subsub, bars2)
