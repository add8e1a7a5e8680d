"""Pivot points of a resampled data coupled to the faster data, against
upstream backtrader 1.9.78.123.

With ``_autoplot`` (the default) a pivot point registers with its strategy a
coupler that repeats its levels on the clock of the resampled data's source:
``diffscripts/ind_coupled.py`` records, on every strategy bar, the length and
the line values of every indicator of the strategy, couplers included (they
come before their pivot and so show each new level one bar later), and what
``ind.p`` is on these indicators whose first line is called ``p``: the
params, as upstream gives. The results must be identical.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import upstream  # noqa: E402

SCRIPT = 'ind_coupled.py'
MODES = {
    'runonce': {'runonce': True, 'preload': True, 'exactbars': 0},
    'next': {'runonce': False, 'preload': True, 'exactbars': 0},
    'exactbars1': {'runonce': False, 'preload': False, 'exactbars': 1},
}


@pytest.mark.parametrize('mode', sorted(MODES))
@pytest.mark.parametrize('case', ['daily', 'minute'])
def test_coupled_pivots_match_upstream(case, mode):
    args = ['--case', case]
    theirs = upstream.run_cached(SCRIPT, 'upstream', MODES[mode], cache_args=args)
    ours = upstream.run_script(SCRIPT, 'ours', MODES[mode], args=args)
    kinds = [col[0] for col in theirs['bars'][-1][1:]]
    assert kinds.count('coupler') == 3          # _autoplot=False makes none
    assert ours['extra'] == theirs['extra']
    assert ours['final'] == theirs['final']
    assert len(ours['bars']) == len(theirs['bars'])
    for row_o, row_t in zip(ours['bars'], theirs['bars']):
        assert row_o == row_t
    # the couplers follow the faster data: as many bars as it has
    assert theirs['bars'][-2][1][1] == theirs['final']['datalens'][0]


def test_p_is_the_params_where_a_line_is_named_p():
    """``ind.p`` and ``ind.params`` stay the params, inside ``__init__`` and
    from the strategy, while ``ind.lines.p`` is the line (upstream's
    attribute lookup finds the params first)."""
    import backtrader as bt

    seen = {}

    class Pair(bt.Indicator):
        lines = ('p', 'q')
        params = (('factor', 2.0),)

        def __init__(self):
            seen['inside'] = (self.p.factor, self.params.factor)
            self.lines.p = self.data * self.p.factor
            self.lines.q = self.data * 3.0

    class S(bt.Strategy):
        def __init__(self):
            self.pair = Pair(self.data.close)
            seen['outside'] = (self.pair.p.factor, self.pair.params is self.pair.p)

        def next(self):
            seen['last'] = (self.pair.lines.p[0], self.pair.q[0], self.data.close[0])

    cerebro = bt.Cerebro(stdstats=False)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'samples',
                        'data', 'daily-ohlcv.csv')
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d'))
    cerebro.addstrategy(S)
    cerebro.run()
    assert seen['inside'] == (2.0, 2.0)
    assert seen['outside'] == (2.0, True)
    p, q, close = seen['last']
    assert p == close * 2.0 and q == close * 3.0
