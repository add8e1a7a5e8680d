"""Which path runs the broker's money rules, and that the two paths agree.

``BackBroker.describe()`` reports the route that ``backtrader._cy.brokerroute``
decides once per set of settings: the compiled path for the stock commission
schemes, the Python path (the scheme's own methods) for user schemes, volume
fillers and brokers that override ``_execute``. A debug log line names the
route when it is decided. A broker whose schemes are ``tests/brokerref.PyScheme``
(a user scheme computing the stock formulas in Python) runs the Python path
and must give, bit for bit, what the compiled path gives for the stock scheme.
"""
import logging

import pytest

import backtrader as bt
from backtrader.comminfo import CommInfoBase

import test_broker_kernels as tbk
from brokerref import PyScheme


class PySchemeBroker(bt.brokers.BackBroker):
    """A BackBroker whose schemes are PyScheme instances."""

    def __init__(self):
        super(PySchemeBroker, self).__init__()
        self.comminfo[None] = PyScheme()

    def setcommission(self, commission=0.0, margin=None, mult=1.0,
                      commtype=None, percabs=True, stocklike=False,
                      interest=0.0, interest_long=False, leverage=1.0,
                      automargin=False, name=None):
        self.comminfo[name] = PyScheme(
            commission=commission, margin=margin, mult=mult, commtype=commtype,
            stocklike=stocklike, percabs=percabs, interest=interest,
            interest_long=interest_long, leverage=leverage, automargin=automargin)


@pytest.mark.parametrize('name', sorted(set(tbk.SCENARIOS) - {'overriding'}))
def test_user_scheme_reproducing_stock_matches_compiled(name):
    setup, kw = tbk.SCENARIOS[name]
    compiled = tbk.run(False, setup, **kw)
    python = tbk.run(PySchemeBroker, setup, **kw)
    assert sum(1 for row in compiled if row[0] == 'ORD') > 20
    assert compiled == python


def _broker(setup=None):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(tbk.Bars(nbars=5), name='d0')
    if setup is not None:
        setup(cerebro.broker)
    return cerebro.broker


def test_stock_schemes_run_compiled():
    info = _broker(lambda b: b.setcommission(commission=2.0, margin=100.0, mult=5.0)).describe()
    assert (info['fill'], info['bar']) == ('compiled', 'compiled')
    assert info['fill_reason'] == info['bar_reason'] == 'the commission schemes are stock ones'


def test_user_scheme_runs_python_and_says_why():
    class Halved(CommInfoBase):
        def getcommission(self, size, price):
            return super(Halved, self).getcommission(size, price) / 2

    b = _broker(lambda b: b.addcommissioninfo(Halved(), name='d0'))
    info = b.describe()
    assert (info['fill'], info['bar']) == ('python', 'python')
    assert info['fill_reason'] == "the scheme for 'd0' (Halved) overrides getcommission"
    # the route follows the map: back to a stock scheme, back to C
    b.setcommission(commission=0.001, name='d0')
    assert b.describe()['fill'] == 'compiled'


def test_filler_and_overridden_execute_send_fills_to_python():
    b = _broker(lambda b: b.set_filler(bt.broker.fillers.FixedSize(size=1)))
    info = b.describe()
    assert (info['fill'], info['bar']) == ('python', 'compiled')
    assert info['fill_reason'] == 'a volume filler is set (p.filler)'

    class Own(bt.brokers.BackBroker):
        def _execute(self, *args, **kwargs):
            return super(Own, self)._execute(*args, **kwargs)
    info = Own().describe()
    assert info['fill'] == 'python'
    assert info['fill_reason'] == "the broker's class overrides _execute"
    assert info['rounds'] == "compiled, calling the broker's own methods"


def test_broker_with_python_state_runs_python():
    class PropCash(bt.brokers.BackBroker):
        cash = property(lambda self: self.__dict__.get('_c', 0.0),
                        lambda self, v: self.__dict__.__setitem__('_c', v))
    info = PropCash().describe()
    assert (info['fill'], info['bar']) == ('python', 'python')
    assert 'redefines one of its state attributes' in info['bar_reason']


def test_route_is_decided_once_per_run_and_logged(caplog):
    setup, kw = tbk.SCENARIOS['stock']
    with caplog.at_level(logging.DEBUG, logger='backtrader.broker'):
        tbk.run(False, setup, **kw)
    lines = [rec.getMessage() for rec in caplog.records if rec.name == 'backtrader.broker']
    # one line when the route is first decided; it is decided again only
    # when settings or positions change, and logged only if it changed
    assert lines == ['broker route: Route(fill=compiled: the commission schemes '
                     'are stock ones; bar=compiled: the commission schemes are '
                     'stock ones)']
