"""The clock skips a broker bar that would change nothing (``_cy/brokeridle.pyx``): no order in
any queue, no open position, the same cash, fund shares and settings as after the last bar run.

Proof that nothing changes: ``brokerscripts/idle_bars.py`` (long flat stretches with cash
additions, ``set_cash``, commission changes and fund mode between its trades) gives the same
per-bar cash, value, market value, fund value and fund shares as upstream backtrader 1.9.78.123,
and exactly the same figures as with a broker subclass that overrides ``next`` (the clock then
calls it every bar and skips nothing).
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import difftest  # noqa: E402
import upstream  # noqa: E402

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'brokerscripts',
                      'idle_bars.py')
MODES = [dict(runonce=True, preload=True, exactbars=0),
         dict(runonce=False, preload=True, exactbars=0),
         dict(runonce=False, preload=False, exactbars=1)]
IDS = ['once', 'next', 'stream']


@pytest.mark.parametrize('mode', MODES, ids=IDS)
def test_idle_bars_match_upstream(mode):
    ours = upstream.run_script(SCRIPT, 'ours', mode=mode)
    ref = upstream.run_cached(SCRIPT, 'upstream', mode=mode)
    assert len(ours['bars']) == 160
    difftest.assert_same(ref, ours)


@pytest.mark.parametrize('mode', MODES, ids=IDS)
def test_idle_bars_same_as_broker_run_every_bar(mode):
    skipping = upstream.run_script(SCRIPT, 'ours', mode=mode)
    every = upstream.run_script(SCRIPT, 'ours', mode=mode, args=['--ownnext', '1'])
    assert skipping['bars'] == every['bars']
    # the flat stretches do move the figures the test is about
    bars = {row[0]: row[1:] for row in skipping['bars']}
    assert bars[31][0] == bars[30][0] + 500.0                 # add_cash while flat
    assert bars[31][4] > bars[30][4]                          # ... issues fund shares
    assert bars[61][0] == pytest.approx(bars[60][0] + 123.5)  # set_cash while flat
    assert bars[101][4] < bars[100][4]                        # a withdrawal redeems shares
