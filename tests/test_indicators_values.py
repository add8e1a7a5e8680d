"""Every line of the indicator library equals upstream backtrader 1.9.78.123's,
bar by bar, on two data sets and in three run modes.

``diffscripts/ind_values.py`` creates the indicators of each family (moving
averages, their Envelope/Oscillator variants, the directional-movement and
Aroon families, the oscillators, trend and statistics indicators, the window
operations, the ``movav=`` variants of the core indicators, Heikin Ashi,
Ichimoku, the Fractal study) and records the value at ``[0]`` (the Fractal:
``[-2]``, the bar it marks) of every line on every bar and every line's
minimum period. Upstream runs the same script (its results are cached);
values must agree to 1e-9 relative (NaN where upstream has NaN) and the
minimum periods exactly.
"""
import functools
import math
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import upstream  # noqa: E402

SCRIPT = 'ind_values.py'
MODES = {
    'runonce': {'runonce': True, 'preload': True, 'exactbars': 0},
    'next': {'runonce': False, 'preload': True, 'exactbars': 0},
    'exactbars1': {'runonce': False, 'preload': False, 'exactbars': 1},
}
DATASETS = ('daily', 'minute')
FAMILIES = ('movav', 'envosc', 'dm', 'aroon', 'oscillators', 'trend', 'stats',
            'basic', 'movavparams')

# Upstream's ZeroLagIndicator computes its line in ``next`` after its children:
# in the generated ZLInd Envelope the bands read the line before it is written
# (NaN) and in the ZLInd Oscillator the line ends up as the EC itself instead
# of ``data - EC``. Ours gives the documented values; test_zlind_variants
# checks them against upstream's EC.
DEVIATIONS = {'envosc.ZLIndEnvelope', 'envosc.ZLIndOsc'}

# Upstream computes ZeroLagIndicator in Python ``next``, so its line keeps a
# minimum period of 1 (the indicator's own is the EMA's) and so do the lines
# built on it (DMA: the Hull average's). Ours is a kernel whose line carries
# the real minimum period. The values are compared all the same (NaN before).
LINE_MINPERIOD_DEVIATIONS = {'movav.ZLInd20', 'movav.ZLInd9g', 'movav.DMA',
                             'movav.DMA15', 'envosc.DMAEnvelope', 'envosc.DMAOsc'}


# With exactbars=1 upstream keeps one slot for some Python indicators' lines,
# so an indicator reading its own previous value gets NaN: ZeroLagIndicator
# shows its EMA, and Accum on a feed's line is NaN from its second bar on.
# test_exactbars_deviations checks that and that ours does not change with
# the mode.
EXACTBARS_DEVIATIONS = {'movav.ZLInd20', 'movav.ZLInd9g', 'basic.CumSum'}


@functools.lru_cache(maxsize=None)
def _results(dataset, mode, groups='all'):
    args = ['--data', dataset, '--groups', groups]
    theirs = upstream.run_cached(SCRIPT, 'upstream', MODES[mode], cache_args=args)
    ours = upstream.run_script(SCRIPT, 'ours', MODES[mode], args=args)
    return theirs, ours


def _same(a, b):
    if a is None or b is None or isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _differences(theirs, ours, keys, skip_lines=()):
    """Human-readable differences for the indicators ``keys``."""
    out = []
    for key in keys:
        if key not in ours['values']:
            out.append('%s: not created by ours' % key)
            continue
        if theirs['minperiods'][key] != ours['minperiods'][key] \
                and key not in LINE_MINPERIOD_DEVIATIONS:
            out.append('%s: minperiods %s, upstream %s' % (
                key, ours['minperiods'][key], theirs['minperiods'][key]))
        rows_t, rows_o = theirs['values'][key], ours['values'][key]
        if len(rows_t) != len(rows_o):
            out.append('%s: %d bars, upstream %d' % (key, len(rows_o), len(rows_t)))
            continue
        for bar, (row_t, row_o) in enumerate(zip(rows_t, rows_o)):
            if row_t is None or row_o is None:      # bars before a recorded [-2]
                if row_t != row_o:
                    out.append('%s: bar %d: ours %r, upstream %r' % (key, bar + 1,
                                                                     row_o, row_t))
                    break
                continue
            wrong = [i for i, (a, b) in enumerate(zip(row_t, row_o))
                     if i not in skip_lines and not _same(a, b)]
            if wrong:
                i = wrong[0]
                out.append('%s: bar %d line %d: ours %r, upstream %r'
                           % (key, bar + 1, i, row_o[i], row_t[i]))
                break
    return out


@pytest.mark.parametrize('family', FAMILIES)
@pytest.mark.parametrize('mode', sorted(MODES))
@pytest.mark.parametrize('dataset', DATASETS)
def test_family_matches_upstream(dataset, mode, family):
    theirs, ours = _results(dataset, mode)
    skip = DEVIATIONS | (EXACTBARS_DEVIATIONS if mode == 'exactbars1' else set())
    keys = [k for k in theirs['values'] if k.split('.')[0] == family and k not in skip]
    assert keys, 'no indicator of family %s recorded' % family
    assert _differences(theirs, ours, keys) == []


@pytest.mark.parametrize('mode', sorted(MODES))
def test_zlind_variants(mode):
    """ZLInd Envelope / Oscillator: ``EC * (1 +- perc)`` and ``close - EC`` with
    the EC that upstream leaves in their line 0."""
    theirs, ours = _results('daily', mode)
    if mode == 'exactbars1':        # upstream's EC is its EMA there (see above)
        theirs = _results('daily', 'runonce')[0]
    env_t, env_o = theirs['values']['envosc.ZLIndEnvelope'], ours['values']['envosc.ZLIndEnvelope']
    osc_t, osc_o = theirs['values']['envosc.ZLIndOsc'], ours['values']['envosc.ZLIndOsc']
    close = theirs['values']['envosc.Close']
    checked = 0
    for bar in range(len(osc_t)):
        ec = osc_t[bar][0]
        if ec is None:
            assert osc_o[bar][0] is None and env_o[bar][1] is None
            continue
        price = close[bar][0]
        assert math.isclose(osc_o[bar][0], price - ec, rel_tol=1e-9, abs_tol=1e-9)
        assert env_o[bar][0] == env_t[bar][0]
        assert math.isclose(env_o[bar][1], env_o[bar][0] * 1.03, rel_tol=1e-12)
        assert math.isclose(env_o[bar][2], env_o[bar][0] * 0.97, rel_tol=1e-12)
        checked += 1
    assert checked > 300


@pytest.mark.parametrize('dataset', DATASETS)
def test_exactbars_deviations(dataset):
    theirs, ours = _results(dataset, 'exactbars1')
    assert theirs['values']['movav.ZLInd20'] == theirs['values']['movav.EMA20']
    assert all(row == [None] for row in theirs['values']['basic.CumSum'][1:])
    _, ours_once = _results(dataset, 'runonce')
    for key in EXACTBARS_DEVIATIONS:
        assert ours['values'][key] == ours_once['values'][key]


@pytest.mark.parametrize('dataset', DATASETS)
def test_heikin_ashi_matches_upstream(dataset):
    """HeikinAshi and haDelta (they force next mode on the whole run)."""
    theirs, ours = _results(dataset, 'runonce', 'heikin')
    assert _differences(theirs, ours, list(theirs['values'])) == []


@pytest.mark.parametrize('dataset', DATASETS)
def test_ichimoku_matches_upstream_in_runonce(dataset):
    """Tenkan, kijun and both cloud lines. The chikou span (``close(26)``, a
    line written 26 bars back) is left out: upstream's values of it depend on
    the run mode (in runonce a stray value lands on the last bar)."""
    theirs, ours = _results(dataset, 'runonce', 'ichimoku')
    assert _differences(theirs, ours, list(theirs['values']), skip_lines=(4,)) == []


def test_ichimoku_matches_upstream_in_next_mode():
    theirs, ours = _results('daily', 'next', 'ichimoku')
    assert _differences(theirs, ours, list(theirs['values']), skip_lines=(4,)) == []


@pytest.mark.parametrize('mode', ['runonce', 'next'])
@pytest.mark.parametrize('dataset', DATASETS)
def test_fractal_study_matches_upstream(dataset, mode):
    """``bt.studies.Fractal`` marks bars two bars back: every bar's ``[-2]``."""
    theirs, ours = _results(dataset, mode, 'studies')
    assert _differences(theirs, ours, list(theirs['values'])) == []
    marks = sum(1 for row in ours['values']['studies.Fractal'] if row and row != [None, None])
    assert marks > 50


@pytest.mark.parametrize('mode', ['runonce', 'next'])
def test_ols_family_matches_upstream(mode):
    """OLS_Slope_InterceptN, OLS_TransformationN and CointN of two datas
    (upstream needs pandas and statsmodels for them; ours computes the least
    squares itself and uses statsmodels for the cointegration test only)."""
    pytest.importorskip('statsmodels')
    pytest.importorskip('pandas')
    theirs, ours = _results('daily', mode, 'ols')
    assert _differences(theirs, ours, list(theirs['values'])) == []


def _pair_run(ys, xs, make):
    """``{bar: [line values]}`` of the indicator ``make(data0, data1)`` on two
    feeds whose every price is ``ys[i]`` / ``xs[i]``."""
    import datetime

    import backtrader as bt

    class Feed(bt.feed.DataBase):
        params = (('values', ()),)

        def start(self):
            super(Feed, self).start()
            self._i = 0

        def _load(self):
            if self._i >= len(self.p.values):
                return False
            v = self.p.values[self._i]
            self.lines.datetime[0] = bt.date2num(
                datetime.datetime(2020, 1, 1) + datetime.timedelta(days=self._i))
            for name in ('open', 'high', 'low', 'close'):
                getattr(self.lines, name)[0] = v
            self._i += 1
            return True

    got = {}

    class S(bt.Strategy):
        def __init__(self):
            self.ind = make(self.data0, self.data1)

        def next(self):
            got[len(self)] = [line[0] for line in self.ind.lines]

    for runonce in (True, False):
        got.clear()
        cerebro = bt.Cerebro(stdstats=False, runonce=runonce)
        cerebro.adddata(Feed(values=ys))
        cerebro.adddata(Feed(values=xs))
        cerebro.addstrategy(S)
        cerebro.run()
        if runonce:
            first = dict(got)
    assert repr(got) == repr(first)      # the same in both run modes (NaN too)
    return got


def test_ols_slope_intercept_by_hand():
    """y = 2 x + 1 exactly: slope 2, intercept 1; then four points off a line:
    mean x 1.5, mean y 2.25, Sxx 5, Sxy 4.5, so slope 0.9 and intercept 0.9."""
    import backtrader as bt
    xs = [1.0, 2.0, 3.0, 0.0, 1.0, 2.0, 3.0]
    ys = [3.0, 5.0, 7.0, 1.0, 2.0, 2.0, 4.0]
    got = _pair_run(ys, xs, lambda y, x: bt.ind.OLS_Slope_InterceptN(y, x, period=3))
    assert got[3] == [2.0, 1.0]
    got = _pair_run(ys, xs, lambda y, x: bt.ind.OLS_Slope_InterceptN(y, x, period=4))
    assert sorted(got) == [4, 5, 6, 7]
    assert math.isclose(got[7][0], 0.9) and math.isclose(got[7][1], 0.9)
    # a flat x window has no slope
    flat = _pair_run([1.0, 2.0, 3.0], [5.0, 5.0, 5.0],
                     lambda y, x: bt.ind.OLS_Slope_InterceptN(y, x, period=3))
    assert all(math.isnan(v) for v in flat[3])


def test_ols_beta_is_the_regression_slope():
    """Upstream's OLS_BetaN calls ``pandas.ols``, gone from pandas; ours gives
    the slope of the same regression, checked against a plain-Python fit."""
    import backtrader as bt

    ys = [100.0 + 0.5 * i + (i % 3) for i in range(40)]
    xs = [50.0 + 0.25 * i + ((i * 7) % 5) * 0.1 for i in range(40)]
    got = _pair_run(ys, xs, lambda y, x: bt.ind.OLS_BetaN(y, x, period=10))
    assert sorted(got) == list(range(10, 41))
    for bar, (beta,) in got.items():
        y, x = ys[bar - 10:bar], xs[bar - 10:bar]
        mx, my = sum(x) / 10, sum(y) / 10
        ref = (sum((a - mx) * (b - my) for a, b in zip(x, y))
               / sum((a - mx) ** 2 for a in x))
        assert math.isclose(beta, ref, rel_tol=1e-12)
