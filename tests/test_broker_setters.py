"""BackBroker's setters store upstream's params, by position or by keyword."""
import pytest

import backtrader as bt


@pytest.mark.parametrize('name,value', [('coc', True), ('coo', True), ('int2pnl', False),
                                        ('shortcash', False), ('checksubmit', False),
                                        ('eosbar', True), ('fundstartval', 42.0),
                                        ('filler', 'a filler')])
def test_one_param_setters(name, value):
    by_position, by_keyword = bt.brokers.BackBroker(), bt.brokers.BackBroker()
    getattr(by_position, 'set_' + name)(value)
    getattr(by_keyword, 'set_' + name)(**{name: value})
    assert getattr(by_position.p, name) == value == getattr(by_keyword.p, name)
    assert getattr(bt.brokers.BackBroker, 'set_' + name).__name__ == 'set_' + name


@pytest.mark.parametrize('call', [lambda b: b.set_coc(), lambda b: b.set_coc(True, False),
                                  lambda b: b.set_coc(coo=True)])
def test_one_param_setter_refuses_other_arguments(call):
    with pytest.raises(TypeError, match=r'set_coc\(\) takes one argument, coc'):
        call(bt.brokers.BackBroker())


def test_seteosbar_is_set_eosbar():
    broker = bt.brokers.BackBroker()
    broker.seteosbar(True)
    assert broker.p.eosbar is True and bt.brokers.BackBroker.seteosbar is bt.brokers.BackBroker.set_eosbar


def test_slippage_setters_store_all_six_params():
    broker = bt.brokers.BackBroker()
    broker.set_slippage_perc(0.01)
    p = broker.p
    assert (p.slip_perc, p.slip_fixed, p.slip_open, p.slip_limit, p.slip_match,
            p.slip_out) == (0.01, 0.0, True, True, True, False)
    broker.set_slippage_fixed(0.5, slip_open=False, slip_limit=False, slip_match=False,
                              slip_out=True)
    assert (p.slip_perc, p.slip_fixed, p.slip_open, p.slip_limit, p.slip_match,
            p.slip_out) == (0.0, 0.5, False, False, False, True)


def test_fundmode_property_and_start_value():
    broker = bt.brokers.BackBroker()
    assert broker.fundmode is False and broker.get_fundmode() is False
    broker.set_fundmode(True, 20.0)
    assert broker.fundmode is True and broker.p.fundstartval == 20.0
    broker.fundmode = False
    assert broker.p.fundmode is False and broker.p.fundstartval == 20.0


def test_cash_and_fund_readers():
    broker = bt.brokers.BackBroker(cash=5000.0)
    broker.start()
    assert broker.getcash() == broker.get_cash() == 5000.0
    broker.setcash(7000.0)
    assert (broker.cash, broker.startingcash, broker.p.cash) == (7000.0, 7000.0, 7000.0)
    # fund mode: 5000 cash at the default share value of 100 is 50 shares
    assert broker.fundshares == broker.get_fundshares() == 50.0
    assert broker.fundvalue == broker.get_fundvalue() == 100.0
