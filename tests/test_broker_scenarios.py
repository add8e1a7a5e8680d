"""The backtesting broker reproduces upstream bar by bar.

Every scenario of ``test_broker_support.SCENARIOS`` (market, close, limit,
stop, stop-limit and trailing orders, gaps, expiry, cancel, margin, bracket
and OCO groups, commissions, futures accounting, short cash, interest,
slippage, volume fillers, cheat-on-close/open, order and fund histories,
fund mode) is driven through our ``BackBroker`` and compared, value by value
and type by type, with what upstream backtrader 1.9.78.123 recorded for the
same bars and actions (``test_broker_expected.EXPECTED``).
"""
import pytest

import backtrader as bt

from test_broker_expected import EXPECTED
from test_broker_support import SCENARIOS, run_scenario, same


def test_every_scenario_has_expected_values():
    assert sorted(SCENARIOS) == sorted(EXPECTED)


@pytest.mark.parametrize('name', sorted(EXPECTED))
def test_scenario_matches_upstream(name):
    same(run_scenario(bt, name), EXPECTED[name], name)


def _notes(name, bar):
    return EXPECTED[name][bar - 1][1]


def test_market_order_fills_at_next_open():
    # spot checks of the recorded values, readable by hand
    rows = EXPECTED['market']
    completed = _notes('market', 2)[1]
    assert completed[1:6] == ['Completed', 'Market', 'B', 10, 101.5]  # bar 2 open
    assert rows[1][2] == 10000.0 - 10 * 101.5                          # cash
    assert rows[1][3] == rows[1][2] + 10 * 102.5                       # value at close


def test_futures_cash_is_marked_to_market():
    rows = EXPECTED['futures']
    # 2 contracts at 101.5, margin 1000 each, commission 2 each, mult 10:
    # cash = 10000 - 2000 - 4 + (102.5 - 101.5) * 2 * 10
    assert rows[1][2] == 10000.0 - 2000.0 - 4.0 + 20.0
    # value = cash + margin held
    assert rows[1][3] == rows[1][2] + 2000.0


def test_notification_order_submitted_accepted_completed():
    statuses = [n[1] for bar in (1, 2) for n in _notes('market', bar)]
    assert statuses == ['Submitted', 'Accepted', 'Completed']


def test_bracket_child_execution_cancels_sibling():
    notes = _notes('bracket', 4)
    assert [(n[0], n[1]) for n in notes] == [(3, 'Completed'), (2, 'Canceled')]
