"""``bt.filters`` against upstream backtrader 1.9.78.123.

Each case of ``diffscripts/flt_bars.py`` (session filters and fillers on
minute bars with pre/post-market bars and gaps, calendar-day filling,
Heikin-Ashi, Renko, the open/close splitters with and without replay,
``DataFilter``, user-written filters given every way) runs on both engines;
the bars every data shows at each ``next`` (length, stamp, OHLCV, open
interest), an SMA(3) over them, the strategy's length and its orders must be
the same.

Where upstream fails, the tests say what is compared instead:

* ``exactbars=1`` with a filter that stacks bars (calendar days, the open
  replayer, a user stacker) fails on both engines (an index error while the
  stacked bar is written into the bounded buffer): the failure is asserted.
* Renko without preloading: upstream's ``Filter.__call__`` drops the answer of
  ``next``, so a removed bar is reported as delivered and upstream stops with
  an IndexError; ours delivers the bricks, compared with upstream's preloaded
  run (the bricks do not depend on the mode).
* ``DataFilter``: upstream's starts its source without ``_start`` and stops
  with an AttributeError; ours is compared with upstream running the same
  predicate through ``addfilter_simple`` (case ``data_filter_ref``).
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import upstream  # noqa: E402

SCRIPT = upstream.DIFFSCRIPTS / 'flt_bars.py'
sys.path.insert(0, str(upstream.DIFFSCRIPTS))
from flt_bars import CASES  # noqa: E402

MODES = {'once': (1, 1, 0), 'next': (0, 1, 0), 'nopreload': (0, 0, 0), 'exact1': (0, 1, 1)}
# run by default: every case in once mode; these in the other modes too
DEFAULT_ALL_MODES = {'session_filler', 'day_splitter', 'bar_replayer_open', 'renko',
                     'calendar_close', 'user_stacker'}
# cases whose stacking makes both engines fail with exactbars=1
BOTH_FAIL_EXACT = {'calendar_close', 'calendar_mid', 'calendar_fixed', 'bar_replayer_open',
                   'day_steps', 'user_stacker'}
# the oracle case (and mode) a case is compared with, where upstream's own run fails
ORACLE = {'data_filter': 'data_filter_ref'}
RENKO = {'renko', 'renko_hilo', 'renko_auto', 'renko_dynamic'}
# session_filler_raw: a session-closing bar before the next session start is
# answered "removed" without being taken out (upstream's SessionFiller), so one
# load moves the data two bars; upstream's next-mode SMA then sums the buffer's
# last 3 values while ours (an O(1) running window) never saw the skipped one
NEXT_SMA_SKIP = {('session_filler_raw', 'nopreload'), ('session_filler_raw', 'exact1')}


def _params():
    for case in sorted(CASES):
        if case == 'data_filter_ref':
            continue
        for mode in MODES:
            marks = []
            if mode != 'once' and case not in DEFAULT_ALL_MODES:
                marks.append(pytest.mark.slow)
            if (case, mode) in NEXT_SMA_SKIP:
                marks.append(pytest.mark.xfail(strict=True, reason='SMA over a bar the '
                                               'clock skipped (see module note)'))
            yield pytest.param(case, mode, marks=marks, id='%s-%s' % (case, mode))


def _mode(name):
    runonce, preload, exactbars = MODES[name]
    return {'runonce': runonce, 'preload': preload, 'exactbars': exactbars}


def _first_difference(ref, got):
    for i, (a, b) in enumerate(zip(ref, got)):
        if a != b:
            return 'row %d:\n upstream %s\n ours     %s' % (i, a, b)
    return 'lengths %d (upstream) and %d (ours)' % (len(ref), len(got))


@pytest.mark.parametrize('case,mode', list(_params()))
def test_filtered_bars_match_upstream(case, mode):
    args = ['--case', case]
    if case in BOTH_FAIL_EXACT and mode == 'exact1':
        for engine in ('upstream', 'ours'):
            with pytest.raises(upstream.ScriptError, match='IndexError'):
                upstream.run_script(SCRIPT, engine, _mode(mode), args=args)
        return
    ref_mode = mode
    if case in RENKO and mode in ('nopreload', 'exact1'):
        with pytest.raises(upstream.ScriptError, match='IndexError'):
            upstream.run_cached(SCRIPT, 'upstream', _mode(mode), cache_args=args)
        ref_mode = 'next'
    ref_args = ['--case', ORACLE.get(case, case)]
    ref = upstream.run_cached(SCRIPT, 'upstream', _mode(ref_mode), cache_args=ref_args)
    got = upstream.run_script(SCRIPT, 'ours', _mode(mode), args=args)
    assert len(ref['bars']) > 50, 'the scenario recorded too few bars'
    assert got['bars'] == ref['bars'], _first_difference(ref['bars'], got['bars'])
    assert got['orders'] == ref['orders'], _first_difference(ref['orders'], got['orders'])
    assert got['value'] == ref['value']


def test_upstream_datafilter_fails_where_ours_runs():
    """The reason ``data_filter`` has a separate oracle: upstream's DataFilter
    does not run at all."""
    with pytest.raises(upstream.ScriptError, match='_tzinput'):
        upstream.run_cached(SCRIPT, 'upstream', _mode('once'), cache_args=['--case', 'data_filter'])
