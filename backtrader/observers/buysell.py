"""Observer of the buy and sell executions on one data feed."""
import math

from backtrader.observer import Observer

__all__ = ['BuySell']


_MARK = dict(markersize=8.0, fillstyle='full', ls='')


def _average(current, count, prices):
    """The average of ``prices`` and of the ``count`` executions a replayed
    bar already holds (``current``, NaN when none), with the new count; NaN
    when there is no execution at all."""
    if current != current:
        current = 0.0
        count = 0
    count += len(prices)
    return (current + math.fsum(prices)) / float(count or 'NaN'), count


class BuySell(Observer):
    """Average execution price of the buys and of the sells on the data,
    per bar (NaN on bars without executions).

    Params
    ------
    barplot : bool (False)
        Instead of the average price, mark executions just below the bar's low
        (buys) / above its high (sells).
    bardist : float (0.015)
        Relative distance of those marks to the low / high.
    """
    lines = ('buy', 'sell',)
    _idle_without = ('_orderspending',)

    plotinfo = dict(plot=True, subplot=False, plotlinelabels=True)
    # filled triangles on the price chart, pointing the way of the trade
    plotlines = dict(buy=dict(_MARK, marker='^', color='lime'),
                     sell=dict(_MARK, marker='v', color='red'))

    params = (
        ('barplot', False),
        ('bardist', 0.015),
    )

    # the lines, looked up once (multi-data observers get no ``_start`` call)
    _l_buy = _l_sell = None
    # executions already averaged into the current bar's buy / sell value
    curbuylen = curselllen = 0

    def next(self):
        lbuy = self._l_buy
        if lbuy is None:
            lbuy = self._l_buy = self.lines.buy
            self._l_sell = self.lines.sell
        lsell = self._l_sell
        pending = self._owner._orderspending
        curbuy = lbuy[0]
        cursell = lsell[0]
        if not pending and curbuy != curbuy and cursell != cursell:
            # nothing executed and nothing recorded on this bar yet: the
            # freshly advanced lines already hold NaN
            self.curbuylen = self.curselllen = 0
            return

        buys = []
        sells = []
        data = self.data
        for order in pending:
            if order.data is not data or not order.executed.size:
                continue
            (buys if order.isbuy() else sells).append(order.executed.price)

        avg, self.curbuylen = _average(curbuy, self.curbuylen, buys)
        if not self.p.barplot:
            lbuy[0] = avg
        elif avg == avg:
            lbuy[0] = data.low[0] * (1 - self.p.bardist)

        avg, self.curselllen = _average(cursell, self.curselllen, sells)
        if not self.p.barplot:
            lsell[0] = avg
        elif avg == avg:
            lsell[0] = data.high[0] * (1 + self.p.bardist)
