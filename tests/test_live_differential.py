"""Live-style feeds and Cerebro's live loop against upstream backtrader 1.9.78.123.

Each case of ``diffscripts/live_feed.py`` (a user-written queue-fed live feed with gaps of
"nothing yet", statuses at chosen points, two live datas with ``qcheck``, a live data beside a
static one, ``Cerebro(live=True)``, resampling and replay of a live data, a stop on a status)
runs on both engines with Cerebro's defaults (runonce and preload on, which a live run switches
off): the event log (every ``_load`` with the ``qcheck`` wait it was given, every
``notify_data`` of the strategy, of Cerebro and of ``adddatacb`` callbacks, every
``next``/``prenext`` with the datas' bars, statuses and SMA, every order notification), the
final value and cash and the run mode must be the same.

With ``exactbars=1`` upstream fails as soon as a live data returns None after a bar (its ring
buffer of one value loses the current bar when the empty slot is given back); ours keeps one
slot more per data in a live run and gives the same events as both engines without
``exactbars``.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import upstream  # noqa: E402

SCRIPT = upstream.DIFFSCRIPTS / 'live_feed.py'
sys.path.insert(0, str(upstream.DIFFSCRIPTS))
from live_feed import CASES  # noqa: E402

DEFAULTS = {'runonce': 1, 'preload': 1, 'exactbars': 0}
BOUNDED = {'runonce': 1, 'preload': 1, 'exactbars': 1}
# cases upstream runs with exactbars=1 (no gap after a bar): compared directly
BOUNDED_BOTH = ('resample_5min', 'resample_mixed', 'resample_sec_nogaps', 'replay_5min')
# cases where upstream fails with exactbars=1: ours must give its exactbars=0 events
BOUNDED_UPSTREAM_FAILS = ('gaps', 'statuses', 'late_start', 'cerebro_live',
                          'stop_on_disconnect')
UPSTREAM_FAILS = {'resample_mixed_gaps': r'min\(\) arg is an empty sequence'}


def _first_difference(ref, got):
    for i, (a, b) in enumerate(zip(ref, got)):
        if a != b:
            return 'event %d:\n upstream %s\n ours     %s' % (i, a, b)
    return 'lengths %d (upstream) and %d (ours)' % (len(ref), len(got))


def _same(ref, got):
    assert got['events'] == ref['events'], _first_difference(ref['events'], got['events'])
    assert got['value'] == ref['value']
    assert got['cash'] == ref['cash']
    assert got['mode'] == ref['mode']


def _run(case, engine, mode):
    args = ['--case', case]
    if engine == 'upstream':
        return upstream.run_cached(SCRIPT, engine, mode, cache_args=args)
    return upstream.run_script(SCRIPT, engine, mode, args=args)


@pytest.mark.parametrize('case', sorted(set(CASES) - set(UPSTREAM_FAILS)))
def test_live_run_matches_upstream(case):
    ref = _run(case, 'upstream', DEFAULTS)
    got = _run(case, 'ours', DEFAULTS)
    kinds = set(e[0] for e in ref['events'])
    assert {'load', 'next', 'strat.notify_data', 'cerebro.notify_data', 'datacb'} <= kinds \
        or case in ('resample_mixed', 'resample_sec_nogaps', 'cerebro_live'), kinds
    assert ref['mode'] == [False, False], 'a live run switches runonce and preload off'
    _same(ref, got)


@pytest.mark.parametrize('case', BOUNDED_BOTH)
def test_live_run_with_exactbars_matches_upstream(case):
    _same(_run(case, 'upstream', BOUNDED), _run(case, 'ours', BOUNDED))


@pytest.mark.parametrize('case', BOUNDED_UPSTREAM_FAILS)
def test_live_gaps_with_exactbars_keep_the_current_bar(case):
    with pytest.raises(upstream.ScriptError, match='IndexError'):
        _run(case, 'upstream', BOUNDED)
    _same(_run(case, 'upstream', DEFAULTS), _run(case, 'ours', BOUNDED))


def test_resampled_clone_with_source_gaps_runs_where_upstream_fails():
    """When only the resampled clone has a bar (its source has nothing yet) upstream's loop
    finds no master stamp; ours lets the resampled bar lead, and every source bar still
    reaches the strategy once, in order."""
    case = 'resample_mixed_gaps'
    with pytest.raises(upstream.ScriptError, match=UPSTREAM_FAILS[case]):
        _run(case, 'upstream', DEFAULTS)
    got = _run(case, 'ours', DEFAULTS)
    # the same bars without the gaps, as upstream delivers them
    ref = _run('resample_mixed', 'upstream', DEFAULTS)

    def source_bars(res):
        rows = [e[2] for e in res['events'] if e[0] in ('next', 'prenext')]
        return [r[1:3] for i, r in enumerate(rows) if i == 0 or r[1] != rows[i - 1][1]]
    assert source_bars(got) == source_bars(ref)
    assert [r[0] for r in source_bars(got)] == list(range(1, 46))
