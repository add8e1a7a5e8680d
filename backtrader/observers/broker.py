"""Observers of the broker's cash and value."""
from backtrader._cy.hooktwins import BrokerLines
from backtrader._cy.steps import twin
from backtrader.observer import Observer

__all__ = ['Cash', 'Value', 'Broker', 'CashValue', 'FundValue', 'FundShareValue',
           'FundVal', 'FundShares']


def _fundmode(observer):
    fund = observer.p.fund
    return observer._owner.broker.fundmode if fund is None else fund


class Cash(Observer):
    """The broker's cash, once per strategy bar."""
    _stclock = True
    lines = ('cash',)
    plotinfo = dict(plot=True, subplot=True)

    _l_cash = None

    @twin(BrokerLines, cash='cash', fund=False)
    def next(self):
        lcash = self._l_cash
        if lcash is None:
            lcash = self._l_cash = self.lines.cash
        lcash[0] = self._owner.broker.getcash()


class Value(Observer):
    """The portfolio value (cash included), once per strategy bar.

    Params
    ------
    fund : bool or None
        Record the fund value (True), the net asset value (False) or whatever
        the broker's ``fundmode`` says (None).
    """
    _stclock = True
    params = (
        ('fund', None),
    )
    lines = ('value',)
    plotinfo = dict(plot=True, subplot=True)

    _l_value = None

    def start(self):
        self._fundmode = _fundmode(self)

    @twin(BrokerLines, value='value')
    def next(self):
        lvalue = self._l_value
        if lvalue is None:
            lvalue = self._l_value = self.lines.value
        broker = self._owner.broker
        lvalue[0] = broker.fundvalue if self._fundmode else broker.getvalue()


class Broker(Observer):
    """The broker's cash and portfolio value, once per strategy bar (in fund
    mode only ``value``, holding the fund value).

    Params
    ------
    fund : bool or None
        As in ``Value``.
    """
    _stclock = True
    params = (
        ('fund', None),
    )
    alias = ('CashValue',)
    lines = ('cash', 'value')
    plotinfo = dict(plot=True, subplot=True)

    _l_cash = _l_value = None

    def start(self):
        self._fundmode = _fundmode(self)
        if self._fundmode:
            self.plotlines.cash._plotskip = True
            self.plotlines.value._name = 'FundValue'

    @twin(BrokerLines, value='value', cash='cash')
    def next(self):
        lvalue = self._l_value
        if lvalue is None:
            lvalue = self._l_value = self.lines.value
            self._l_cash = self.lines.cash
        broker = self._owner.broker
        if self._fundmode:
            lvalue[0] = broker.fundvalue
        else:
            lvalue[0] = broker.getvalue()
            self._l_cash[0] = broker.getcash()


class FundValue(Observer):
    """The broker's fund value (value of one fund share), per strategy bar."""
    _stclock = True
    alias = ('FundShareValue', 'FundVal')
    lines = ('fundval',)
    plotinfo = dict(plot=True, subplot=True)

    @twin(BrokerLines, value='fundval', fund=True)
    def next(self):
        self.lines.fundval[0] = self._owner.broker.fundvalue


class FundShares(Observer):
    """The broker's number of fund shares, per strategy bar."""
    _stclock = True
    lines = ('fundshares',)
    plotinfo = dict(plot=True, subplot=True)

    def next(self):
        self.lines.fundshares[0] = self._owner.broker.fundshares
