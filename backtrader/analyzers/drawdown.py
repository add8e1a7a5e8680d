"""Drawdown statistics of the portfolio value."""
from backtrader._cy.hooktwins import DrawDownFund, DrawDownNext
from backtrader._cy.steps import twin
from backtrader.analyzer import (Analyzer, TimeFrameAnalyzerBase, followed_value,
                                 fundmode_of)
from backtrader.utils import AutoOrderedDict

__all__ = ['DrawDown', 'TimeDrawDown']


class DrawDown(Analyzer):
    """Drawdown of the value below its running peak, bar by bar.

    ``get_analysis()`` is an ``AutoOrderedDict``: ``len`` (bars in the current
    drawdown), ``drawdown`` (percent), ``moneydown`` (money), and ``max.len``,
    ``max.drawdown``, ``max.moneydown`` for the worst seen.

    Params
    ------
    fund : bool or None
        The value followed: see :func:`backtrader.analyzer.fundmode_of`.
    """
    params = (
        ('fund', None),
    )

    def create_analysis(self):
        rets = self.rets = AutoOrderedDict()
        rets.len = 0
        rets.drawdown = 0.0
        rets.moneydown = 0.0
        rets.max.len = 0.0
        rets.max.drawdown = 0.0
        rets.max.moneydown = 0.0
        self._maxvalue = float('-inf')

    def start(self):
        super(DrawDown, self).start()
        self._fundmode = fundmode_of(self)

    def stop(self):
        self.rets._close()

    @twin(DrawDownFund)
    def notify_fund(self, cash, value, fundvalue, shares):
        current = fundvalue if self._fundmode else value
        self._value = current
        if current > self._maxvalue:
            self._maxvalue = current

    @twin(DrawDownNext)
    def next(self):
        # item access on the results: no attribute hooks per bar
        rets = self.rets
        top = rets['max']
        peak = self._maxvalue
        money = peak - self._value
        pct = 100.0 * money / peak
        rets['moneydown'] = money
        rets['drawdown'] = pct
        # ``x if x > best else best`` keeps max()'s choice of the first on ties
        best = top['moneydown']
        top['moneydown'] = money if money > best else best
        best = top['drawdown']
        top['drawdown'] = pct if pct > best else best
        length = rets['len'] + 1 if pct else 0
        rets['len'] = length
        best = top['len']
        top['len'] = length if length > best else best


class TimeDrawDown(TimeFrameAnalyzerBase):
    """Drawdown measured once per period of ``timeframe``/``compression``.

    ``get_analysis()`` has ``maxdrawdown`` (percent) and ``maxdrawdownperiod``
    (periods); during the run ``dd``, ``maxdd`` and ``maxddlen`` are attributes.

    Params
    ------
    timeframe, compression : see ``TimeFrameAnalyzerBase``
    fund : bool or None
        As in ``DrawDown``.
    """
    params = (
        ('fund', None),
    )

    def start(self):
        super(TimeDrawDown, self).start()
        self._fundmode = fundmode_of(self)
        self.peak = float('-inf')           # no value seen yet: the first one is a peak
        self.dd = self.maxdd = 0.0
        self.ddlen = self.maxddlen = 0

    def on_dt_over(self):
        value = followed_value(self)
        if value > self.peak:
            self.peak = value
            self.ddlen = 0
        self.dd = dd = 100.0 * (self.peak - value) / self.peak
        self.ddlen += bool(dd)
        self.maxdd = max(self.maxdd, dd)
        self.maxddlen = max(self.maxddlen, self.ddlen)

    def stop(self):
        self.rets['maxdrawdown'] = self.maxdd
        self.rets['maxdrawdownperiod'] = self.maxddlen
