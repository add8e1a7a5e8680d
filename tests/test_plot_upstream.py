"""Plots have the structure upstream's have: the same scripts run on upstream
1.9.78.123 and on ours (Agg, headless), and the figures are compared axis by
axis (visible lines and their labels, markers, collection kinds, patches,
value tags, legend texts, y scale)."""
import hashlib
import json
from pathlib import Path

import pytest

pytest.importorskip('matplotlib')

import upstream  # noqa: E402

HERE = Path(__file__).resolve().parent
SCRIPTS = HERE / 'plotscripts'
SAMPLE = HERE.parent / 'samples' / 'data' / 'daily-ohlcv.csv'
SCENARIOS = sorted(p.name for p in SCRIPTS.glob('p_*.py'))


def _key():
    return hashlib.sha256(SAMPLE.read_bytes()).hexdigest()


def _run(script, engine):
    return upstream.run_cached(SCRIPTS / script, engine, key_data=_key())


def _diff(ours, theirs, where=''):
    """Paths where the two descriptions differ (empty: equal)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        out = []
        for k in sorted(set(ours) | set(theirs)):
            out += _diff(ours.get(k), theirs.get(k), '%s.%s' % (where, k))
        return out
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs) \
            and any(isinstance(v, (dict, list)) for v in ours):
        out = []
        for i, (a, b) in enumerate(zip(ours, theirs)):
            out += _diff(a, b, '%s[%d]' % (where, i))
        return out
    return [] if ours == theirs else ['%s: ours %s, upstream %s'
                                      % (where, json.dumps(ours), json.dumps(theirs))]


@pytest.mark.parametrize('script', SCENARIOS)
def test_plot_structure_matches_upstream(script):
    theirs = _run(script, 'upstream')
    ours = _run(script, 'ours')
    assert theirs['figures'], 'upstream drew nothing for %s' % script
    problems = _diff(ours['figures'], theirs['figures']) + _diff(ours['extra'], theirs['extra'])
    assert not problems, '\n'.join(problems)
