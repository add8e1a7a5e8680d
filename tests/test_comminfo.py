"""Commission schemes: legacy rules, percentages, fixed costs, futures
margin, automargin, leverage, interest and the ready-made classes.

Expected values were recorded by running the same calls on upstream
backtrader 1.9.78.123. Each row is::

    [_stocklike, _commtype, stocklike, margin, p.commission, _creditrate,
     get_margin(52), get_leverage(), getsize(52, 10000), getsize(52, 100),
     getoperationcost(-3, 52), getvaluesize(-3, 52), getvaluesize(3, 52),
     getvalue(Position(-4, 50), 45), getvalue(Position(3, 50), 45),
     getcommission(-3, 52), confirmexec(3, 52), _getcommission(3, 52, False),
     profitandloss(-3, 50, 52), cashadjust(-3, 50, 52)]
"""
import datetime

import pytest

import backtrader as bt
import backtrader.commissions as cm

from test_broker_support import same

EXPECTED = {
    'default': [True, 0, True, None, 0.0, 0.0, None, 1.0, 192, 1, 156.0, -156.0, 156.0, -220.0, 135.0, 0.0, 0.0, 0.0, -6.0, 0.0],
    'perc_pct': [True, 0, True, None, 0.005, 0.0, None, 1.0, 192, 1, 156.0, -156.0, 156.0, -220.0, 135.0, 0.78, 0.78, 0.78, -6.0, 0.0],
    'perc_abs': [True, 0, True, None, 0.005, 0.0, None, 1.0, 192, 1, 156.0, -156.0, 156.0, -220.0, 135.0, 0.78, 0.78, 0.78, -6.0, 0.0],
    'legacy_ci': [True, 0, True, None, 0.005, 0.0, None, 1.0, 192, 1, 156.0, -156.0, 156.0, -220.0, 135.0, 0.78, 0.78, 0.78, -6.0, 0.0],
    'legacy_margin': [False, 1, False, 1000.0, 2.0, 0.0, 1000.0, 1.0, 10, 0, 3000.0, 3000.0, 3000.0, 4000.0, 3000.0, 6.0, 6.0, 6.0, -60.0, -60.0],
    'fixed_stock': [True, 1, True, None, 1.5, 0.0, None, 1.0, 192, 1, 156.0, -156.0, 156.0, -220.0, 135.0, 4.5, 4.5, 4.5, -6.0, 0.0],
    'perc_fut': [False, 0, False, 1.0, 0.001, 0.0, 1.0, 1.0, 10000, 100, 3.0, 3.0, 3.0, 4.0, 3.0, 0.156, 0.156, 0.156, -30.0, -30.0],
    'auto_neg': [False, 1, False, 100.0, 0.0, 0.0, 156.0, 1.0, 64, 0, 468.0, 468.0, 468.0, 540.0, 405.0, 0.0, 0.0, 0.0, -18.0, -18.0],
    'auto_pos': [False, 1, False, 100.0, 0.0, 0.0, 13.0, 1.0, 769, 7, 39.0, 39.0, 39.0, 45.0, 33.75, 0.0, 0.0, 0.0, -6.0, -6.0],
    'lever': [True, 0, True, None, 0.0, 0.00019999999999999998, None, 3.0, 576, 3, 156.0, -156.0, 156.0, -220.0, 135.0, 0.0, 0.0, 0.0, -6.0, 0.0],
    'int_fixed_comm': [True, 1, True, None, 2, 0.0, None, 1.0, 192, 1, 156.0, -156.0, 156.0, -220.0, 135.0, 6, 6, 6, -6.0, 0.0],
    'CommInfo': [True, 0, True, None, 0.002, 0.0, None, 1.0, 192, 1, 156.0, -156.0, 156.0, -220.0, 135.0, 0.312, 0.312, 0.312, -6.0, 0.0],
    'Fut': [True, 0, True, None, 0.002, 0.0, None, 1.0, 192, 1, 156.0, -156.0, 156.0, -220.0, 135.0, 0.312, 0.312, 0.312, -6.0, 0.0],
    'FutPerc': [False, 0, False, 2000.0, 0.002, 0.0, 2000.0, 1.0, 5, 0, 6000.0, 6000.0, 6000.0, 8000.0, 6000.0, 0.312, 0.312, 0.312, -6.0, -6.0],
    'FutFixed': [False, 1, False, 1.0, 0.2, 0.0, 1.0, 1.0, 10000, 100, 3.0, 3.0, 3.0, 4.0, 3.0, 0.6000000000000001, 0.6000000000000001, 0.6000000000000001, -6.0, -6.0],
    'Stocks': [True, 0, True, None, 0.002, 0.0, None, 1.0, 192, 1, 156.0, -156.0, 156.0, -220.0, 135.0, 0.312, 0.312, 0.312, -6.0, 0.0],
    'StocksPerc': [True, 0, True, None, 0.002, 0.0, None, 1.0, 192, 1, 156.0, -156.0, 156.0, -220.0, 135.0, 0.312, 0.312, 0.312, -6.0, 0.0],
    'StocksFixed': [True, 1, True, None, 0.2, 0.0, None, 1.0, 192, 1, 156.0, -156.0, 156.0, -220.0, 135.0, 0.6000000000000001, 0.6000000000000001, 0.6000000000000001, -6.0, 0.0],
}

INTEREST = [0.05999999999999999, 0.0, 0.0, 0.05999999999999999, 0.05999999999999999]

PARAMS = [['commission', 'mult', 'margin', 'commtype', 'stocklike', 'percabs', 'interest', 'interest_long', 'leverage', 'automargin'], [0.0, 1.0, None, None, False, False, 0.0, False, 1.0, False], [0.0, 1.0, None, None, False, True, 0.0, False, 1.0, False], 0, 1]

SCHEMES = {
    'default': lambda: bt.CommInfoBase(),
    'perc_pct': lambda: bt.CommInfoBase(commission=0.5),
    'perc_abs': lambda: bt.CommInfoBase(commission=0.005, percabs=True),
    'legacy_ci': lambda: bt.CommissionInfo(commission=0.005),
    'legacy_margin': lambda: bt.CommissionInfo(commission=2.0, margin=1000.0, mult=10.0),
    'fixed_stock': lambda: bt.CommInfoBase(commission=1.5,
                                           commtype=bt.CommInfoBase.COMM_FIXED,
                                           stocklike=True),
    'perc_fut': lambda: bt.CommInfoBase(commission=0.1, commtype=bt.CommInfoBase.COMM_PERC,
                                        stocklike=False, mult=5),
    'auto_neg': lambda: bt.CommInfoBase(margin=100.0, automargin=-1, mult=3.0),
    'auto_pos': lambda: bt.CommInfoBase(margin=100.0, automargin=0.25),
    'lever': lambda: bt.CommInfoBase(leverage=3.0, interest=0.073),
    'int_fixed_comm': lambda: bt.CommInfoBase(commission=2, commtype=1, stocklike=True),
    'CommInfo': lambda: cm.CommInfo(commission=0.2),
    'Fut': lambda: cm.CommInfo_Futures(commission=0.2),
    'FutPerc': lambda: cm.CommInfo_Futures_Perc(commission=0.2, margin=2000.0),
    'FutFixed': lambda: cm.CommInfo_Futures_Fixed(commission=0.2),
    'Stocks': lambda: cm.CommInfo_Stocks(commission=0.2),
    'StocksPerc': lambda: cm.CommInfo_Stocks_Perc(commission=0.2),
    'StocksFixed': lambda: cm.CommInfo_Stocks_Fixed(commission=0.2),
}


def _row(c):
    short = bt.Position(-4, 50.0)
    long_ = bt.Position(3, 50.0)
    return [c._stocklike, c._commtype, c.stocklike, c.margin, c.p.commission, c._creditrate,
            c.get_margin(52.0), c.get_leverage(), c.getsize(52.0, 10000.0),
            c.getsize(52.0, 100.0), c.getoperationcost(-3, 52.0), c.getvaluesize(-3, 52.0),
            c.getvaluesize(3, 52.0), c.getvalue(short, 45.0), c.getvalue(long_, 45.0),
            c.getcommission(-3, 52.0), c.confirmexec(3, 52.0), c._getcommission(3, 52.0, False),
            c.profitandloss(-3, 50.0, 52.0), c.cashadjust(-3, 50.0, 52.0)]


@pytest.mark.parametrize('name', sorted(SCHEMES))
def test_scheme_matches_upstream(name):
    same(_row(SCHEMES[name]()), EXPECTED[name], name)


def test_hand_checks():
    # 0.5 given as XX% is 0.005: 3 units at 52 cost 3 * 52 * 0.005 = 0.78
    assert EXPECTED['perc_pct'][15] == pytest.approx(0.78)
    # with a margin the legacy scheme is futures-like with a fixed commission
    c = bt.CommissionInfo(commission=2.0, margin=1000.0, mult=10.0)
    assert not c.stocklike and c.getcommission(3, 52.0) == 6.0
    assert c.getsize(52.0, 10500.0) == 10
    # a stock short of 4 from 50 to 45 is worth -200 + 20 = -220
    assert bt.CommInfoBase().getvalue(bt.Position(-4, 50.0), 45.0) == -220.0


def test_credit_interest():
    c = bt.CommInfoBase(interest=0.0365)
    short = bt.Position(-10, 20.0)
    short.datetime = datetime.datetime(2020, 1, 1, 15)
    long_ = bt.Position(10, 20.0)
    long_.datetime = datetime.datetime(2020, 1, 1, 15)
    both = bt.CommInfoBase(interest=0.0365, interest_long=True)
    got = [c.get_credit_interest(None, short, datetime.datetime(2020, 1, 4, 10)),
           c.get_credit_interest(None, short, datetime.datetime(2020, 1, 1, 23)),
           c.get_credit_interest(None, long_, datetime.datetime(2020, 1, 4, 10)),
           both.get_credit_interest(None, long_, datetime.datetime(2020, 1, 4, 10)),
           c._get_credit_interest(None, -10, 20.0, 3, None, None)]
    same(got, INTEREST)
    # by hand: 3 days * 0.0365 / 365 * 10 * 20 = 0.06
    assert INTEREST[0] == pytest.approx(0.06)


def test_params_and_constants():
    same([list(bt.CommInfoBase.params._getkeys()), list(bt.CommInfoBase.params._getdefaults()),
          list(bt.CommissionInfo.params._getdefaults()), bt.CommInfoBase.COMM_PERC,
          bt.CommInfoBase.COMM_FIXED], PARAMS)


def test_overridable_commission_hook():
    class PerTrade(bt.CommInfoBase):
        params = (('stocklike', True), ('commtype', bt.CommInfoBase.COMM_FIXED))

        def _getcommission(self, size, price, pseudoexec):
            return 5.0 if not pseudoexec else 4.0

    c = PerTrade()
    assert c.getcommission(100, 1.0) == 4.0 and c.confirmexec(100, 1.0) == 5.0
