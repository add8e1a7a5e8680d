"""Resampling and replay against upstream backtrader 1.9.78.123.

Each case of ``diffscripts/rs_bars.py`` (sources of daily, minute, second
and tick bars; resampled and replayed to larger time frames with each
param switched; mixed with the source in one strategy) runs on both
engines; the bars every data shows at each ``next`` (length, stamp, OHLCV),
an SMA(3) over each, the strategy's length and its orders must be the same.
Resampling switches preloading off (upstream does the same), so the run
modes that differ are the ``exactbars`` settings.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import upstream  # noqa: E402

SCRIPT = upstream.DIFFSCRIPTS / 'rs_bars.py'
sys.path.insert(0, str(upstream.DIFFSCRIPTS))
from rs_bars import CASES  # noqa: E402

# cases also run with exactbars=1 by default (all of them under slow)
EXACT_DEFAULT = {'days_mixed', 'min_mixed', 'ticks_sec', 'replay_min_15', 'replay_mixed'}


def _params():
    for case in sorted(CASES):
        for exactbars in (0, 1, -1):
            slow = exactbars == -1 or (exactbars == 1 and case not in EXACT_DEFAULT)
            yield pytest.param(case, exactbars, marks=[pytest.mark.slow] if slow else [],
                               id='%s-exactbars%d' % (case, exactbars))


def _first_difference(ref, got):
    for i, (a, b) in enumerate(zip(ref, got)):
        if a != b:
            return 'row %d:\n upstream %s\n ours     %s' % (i, a, b)
    return 'lengths %d (upstream) and %d (ours)' % (len(ref), len(got))


@pytest.mark.parametrize('case,exactbars', list(_params()))
def test_resampled_bars_match_upstream(case, exactbars):
    mode = {'runonce': 1, 'preload': 1, 'exactbars': exactbars}
    args = ['--case', case]
    ref = upstream.run_cached(SCRIPT, 'upstream', mode, cache_args=args)
    got = upstream.run_script(SCRIPT, 'ours', mode, args=args)
    assert ref['bars'], 'the scenario recorded no bars'
    assert got['datas'] == ref['datas']
    assert got['bars'] == ref['bars'], _first_difference(ref['bars'], got['bars'])
    assert got['orders'] == ref['orders'], _first_difference(ref['orders'], got['orders'])
    assert got['value'] == ref['value']
