"""Scenario j (``diffscripts/j_plumbing.py``) under upstream and under ours.

It covers the machinery around a run that the other scenarios leave alone:
feed clones and renamed copies, filters given every way (``filters`` param,
``addfilter``, ``addfilter_simple``, a ``last`` hook), the broker's setters
(positional and keyword), sizers, the observers bar by bar, analyzers over
weekly periods, what writers would print, plot labels and the names of the
time frame and order constants. Results must match upstream exactly.

``exactbars=1`` is left out: there upstream stops with an ``IndexError``
(the legacy Sharpe ratio reads the broker observer's whole history, which a
bounded buffer no longer has).
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import difftest  # noqa: E402
import upstream  # noqa: E402

sys.path.insert(0, str(upstream.DIFFSCRIPTS))
import _data  # noqa: E402

SCRIPT = "j_plumbing.py"
MODES = [(True, True, 0), (False, True, 0), (False, False, 0), (True, False, 0),
         (True, True, -1), (True, True, -2)]


@pytest.mark.parametrize("mode", MODES, ids=lambda m: "runonce%d-preload%d-exactbars%d" % m)
def test_plumbing_matches_upstream(mode, tmp_path):
    datadir = tmp_path / "data"
    _data.write_all(str(datadir))
    opts = dict(zip(("runonce", "preload", "exactbars"), mode))
    args = ["--datadir", str(datadir)]
    ref = upstream.run_cached(SCRIPT, "upstream", opts, args=args)
    got = upstream.run_script(SCRIPT, "ours", opts, args=args)
    # the scenario must really exercise what it is for
    assert len(ref["orders"]) > 100 and len(ref["trades"]) > 20
    assert ref["extra"]["filter_lasts"] >= 2
    assert ref["extra"]["names"] == ["daily", "", "daily_short", "daily_copy"]
    assert ref["fund"] and ref["observers"]
    difftest.assert_same(ref, got, ignore=("meta",), names=("upstream", "ours"))
