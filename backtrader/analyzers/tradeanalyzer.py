"""Statistics of closed trades."""
import sys

from backtrader.analyzer import Analyzer
from backtrader.utils import AutoOrderedDict

__all__ = ['TradeAnalyzer']

MAXINT = sys.maxsize
_WONLOST = ('won', 'lost')
_LONGSHORT = ('long', 'short')


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
            gpnl = group['pnl']
            amount = pnlcomm * hit
            gpnl['total'] += amount
            gpnl['average'] = gpnl['total'] / (group['total'] or 1.0)
            best = max if key == 'won' else min
            gpnl['max'] = best(gpnl['max'] or 0.0, amount)

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
                sub = gpnl[key]
                sub['total'] += amount
                sub['average'] = sub['total'] / (group[key] or 1.0)
                best = max if key == 'won' else min
                sub['max'] = best(sub['max'] or 0.0, amount)

        # bars spent in the market
        length = stats['len']
        length['total'] += barlen
        length['average'] = length['total'] / nclosed
        length['max'] = max(length['max'] or 0, barlen)
        length['min'] = min(length['min'] or MAXINT, barlen)

        for key in _WONLOST:
            bars = barlen * flags[key]
            sub = length[key]
            sub['total'] += bars
            sub['average'] = sub['total'] / (stats[key]['total'] or 1.0)
            sub['max'] = max(sub['max'] or 0, bars)
            if bars:
                sub['min'] = min(sub['min'] or MAXINT, bars)

        for side in _LONGSHORT:
            bars = barlen * flags[side]
            sub = length[side]
            sub['total'] += bars
            sub['average'] = sub['total'] / (stats[side]['total'] or 1.0)
            sub['max'] = max(sub['max'] or 0, bars)
            low = sub['min'] or MAXINT
            sub['min'] = min(low, bars or low)
            for key in _WONLOST:
                bars2 = barlen * flags[side] * flags[key]
                subsub = sub[key]
                subsub['total'] += bars2
                subsub['average'] = subsub['total'] / (stats[side][key] or 1.0)
                subsub['max'] = max(subsub['max'] or 0, bars2)
                low = subsub['min'] or MAXINT
                subsub['min'] = min(low, bars2 or low)
