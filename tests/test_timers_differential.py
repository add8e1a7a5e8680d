"""Timers and trading calendars against upstream backtrader 1.9.78.123.

Each case of ``diffscripts/tm_timers.py`` (every timer param switched, timers
of Cerebro and of the strategy, cheat timers with ``cheat_on_open``, trading
calendars with holidays and an early close cutting daily, weekly, monthly and
yearly bars and giving the session end) runs on both engines in runonce and
in next mode: the timer calls (owner, id, ``when``, the strategy's length
and the data stamps at the call, extra arguments), the bars of every
``next``, the orders and the final value must be the same.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import upstream  # noqa: E402

SCRIPT = upstream.DIFFSCRIPTS / 'tm_timers.py'
sys.path.insert(0, str(upstream.DIFFSCRIPTS))
from tm_timers import CASES  # noqa: E402

# cases run in both modes by default; the others run next mode under slow
BOTH_DEFAULT = {'repeat', 'tzdata', 'cheat', 'monthdays', 'calendar_eos', 'calendar_weeks'}


def _params():
    for case in sorted(CASES):
        for runonce in (1, 0):
            slow = runonce == 0 and case not in BOTH_DEFAULT
            yield pytest.param(case, runonce, marks=[pytest.mark.slow] if slow else [],
                               id='%s-runonce%d' % (case, runonce))


def _first_difference(ref, got):
    for i, (a, b) in enumerate(zip(ref, got)):
        if a != b:
            return 'row %d:\n upstream %s\n ours     %s' % (i, a, b)
    return 'lengths %d (upstream) and %d (ours)' % (len(ref), len(got))


@pytest.mark.parametrize('case,runonce', list(_params()))
def test_timer_calls_and_bars_match_upstream(case, runonce):
    mode = {'runonce': runonce, 'preload': runonce, 'exactbars': 0}
    args = ['--case', case]
    ref = upstream.run_cached(SCRIPT, 'upstream', mode, cache_args=args)
    got = upstream.run_script(SCRIPT, 'ours', mode, args=args)
    assert ref['bars'], 'the scenario recorded no bars'
    if CASES[case][3]:
        assert ref['calls'], 'the scenario recorded no timer call'
    assert got['calls'] == ref['calls'], _first_difference(ref['calls'], got['calls'])
    assert got['bars'] == ref['bars'], _first_difference(ref['bars'], got['bars'])
    assert got['orders'] == ref['orders'], _first_difference(ref['orders'], got['orders'])
    assert got['value'] == ref['value']
