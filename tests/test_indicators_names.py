"""The indicator library exposes every name upstream backtrader 1.9.78.123's
``backtrader.indicators`` does, with the same declarations, and loads lazily.

``diffscripts/ind_names.py`` lists the names ``from backtrader.indicators
import *`` gives and, for every indicator class, its module, params (names,
defaults, order), lines, plotinfo and plotlines; upstream's listing is cached.
"""
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import upstream  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Names upstream's package leaks from its implementation rather than defines:
# ``from __future__`` features, stdlib modules, Python 2/3 helpers of
# backtrader.utils.py3, and loop variables of the code generating the
# Envelope/Oscillator classes (``movav`` and ``newcls`` are the last classes
# of those loops). They are not part of the library.
LEAKED = {
    'absolute_import', 'division', 'print_function', 'unicode_literals',
    'functools', 'math', 'operator', 'sys', 'bt', 'module',
    'MAXINT', 'cmp', 'map', 'range', 'with_metaclass',
    'alias', 'linename', 'movname', 'newaliases', 'newclsdct', 'newclsdoc',
    'newclsname', 'suffix', 'movav', 'newcls',
}

# Upstream names not yet provided here (none today). test_names_match_upstream
# requires the missing set to be exactly this list, so it can only shrink.
KNOWN_MISSING = []


def _listing(engine):
    if engine == 'upstream':
        return upstream.run_cached('ind_names.py', 'upstream')
    return upstream.run_script('ind_names.py', 'ours')


@pytest.fixture(scope='module')
def listings():
    return _listing('upstream'), _listing('ours')


def test_names_match_upstream(listings):
    theirs, ours = listings
    wanted = set(theirs['kinds']) - LEAKED
    missing = sorted(wanted - set(ours['kinds']))
    print('upstream names: %d (+%d leaked), missing here: %d %s'
          % (len(wanted), len(LEAKED & set(theirs['kinds'])), len(missing), missing))
    assert missing == sorted(KNOWN_MISSING)
    extra = sorted(set(ours['kinds']) - set(theirs['kinds']))
    assert extra == []


def test_kinds_match_upstream(listings):
    theirs, ours = listings
    wrong = {n: (ours['kinds'][n], k) for n, k in theirs['kinds'].items()
             if n in ours['kinds'] and ours['kinds'][n] != k}
    assert wrong == {}
    indicators = [n for n, k in ours['kinds'].items() if k == 'indicator']
    assert len(indicators) >= 315


def test_declarations_match_upstream(listings):
    """Module, params (names, defaults, order), lines, plotinfo and plotlines."""
    theirs, ours = listings
    wrong = []
    for name, decl in sorted(theirs['classes'].items()):
        if name in LEAKED:
            continue
        mine = ours['classes'].get(name)
        for field in ('module', 'params', 'lines', 'plotinfo', 'plotlines'):
            if mine is None or mine[field] != decl[field]:
                wrong.append((name, field, decl[field], mine and mine[field]))
    assert wrong == []


def _python(code):
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run([sys.executable, '-c', code], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_import_loads_no_indicator_module():
    out = _python('import sys, backtrader as bt\n'
                  'print(sorted(m for m in sys.modules if m.startswith('
                  '("backtrader.indicators.", "backtrader.studies"))))')
    assert out == '[]'


def test_studies_fractal_where_upstream_has_it():
    out = _python('import backtrader as bt\n'
                  'import backtrader.studies.contrib.fractal as f\n'
                  'print(bt.studies.Fractal is f.Fractal, bt.studies.contrib.Fractal is f.Fractal,\n'
                  '      list(f.Fractal.params._getitems()))')
    assert out == ("True True [('period', 5), ('bardist', 0.015), "
                   "('shift_to_potential_fractal', 2)]")


def test_names_load_their_module_on_first_use():
    out = _python(
        'import sys, backtrader as bt\n'
        'cls = bt.ind.CCI\n'
        'loaded = sorted(m.rsplit(".", 1)[1] for m in sys.modules\n'
        '                if m.startswith("backtrader.indicators."))\n'
        'import backtrader.indicators.cci as cci\n'
        'print(cls is cci.CCI and issubclass(cls, bt.indicators.CommodityChannelIndex),\n'
        '      "aroon" in loaded, "cci" in loaded, bt.indicators.aroon.AroonUp.__name__)')
    assert out == 'True False True AroonUp'


def test_moving_average_registry_resolves_lazily():
    out = _python(
        'import backtrader as bt\n'
        'mv = bt.ind.MovingAverage\n'
        'print(bt.ind.MovAv.Hull.__name__, mv.KAMA.__name__, mv.Simple is mv.SMA,\n'
        '      bt.ind.MovAv.Dickson.__name__, bt.ind.MovAv.Wilder.__name__,\n'
        '      hasattr(mv, "NoSuchAverage"), len(mv._movavs))')
    assert out == ('HullMovingAverage AdaptiveMovingAverage True '
                   'DicksonMovingAverage SmoothedMovingAverage False 39')  # as upstream


def test_star_import_and_attribute_errors():
    out = _python(
        'import backtrader as bt\n'
        'scope = {}\n'
        'exec("from backtrader.indicators import *", scope)\n'
        'print("SMAEnvelope" in scope, "HullMAOsc" in scope, "Vortex" in scope,\n'
        '      hasattr(bt.ind, "NoSuchIndicator"), hasattr(bt.ind, "NoSuchEnvelope"))')
    assert out == 'True True True False False'


def test_user_moving_average_joins_the_registry():
    out = _python(
        'import backtrader as bt\n'
        'class MovingAverageMedian(bt.ind.MovingAverageBase):\n'
        '    alias = ("MedMA",)\n'
        '    lines = ("med",)\n'
        'mv = bt.ind.MovAv\n'
        'print(mv.Median is MovingAverageMedian, mv.MedMA is MovingAverageMedian,\n'
        '      mv.MovingAverageMedian is MovingAverageMedian, mv.EMA.__name__)')
    assert out == 'True True True ExponentialMovingAverage'


def test_kernel_kind_of_movav_classes():
    """The kernels compute a ``movav=`` themselves for the stock SMA/EMA/SMMA and
    their aliases, not for a user subclass (whose own code must run)."""
    import backtrader as bt
    from backtrader.indicators.mabase import kernel_kind
    ind = bt.indicators
    assert [kernel_kind(c) for c in (ind.SMA, ind.MovAv.Simple, ind.EMA, ind.MovAv.EMA,
                                     ind.SMMA, ind.WilderMA, ind.MovAv.Wilder)] == \
        ['sma', 'sma', 'ema', 'ema', 'smma', 'smma', 'smma']

    class MySMA(ind.SMA):
        pass

    assert [kernel_kind(c) for c in (MySMA, ind.WMA, ind.DEMA, None, 3)] == [None] * 5
