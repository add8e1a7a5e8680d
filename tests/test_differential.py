"""Differential tests: each scenario in ``tests/diffscripts`` must give the
same orders, trades, per-bar cash/value/indicator values and analyzer
results under our engine as under upstream backtrader 1.9.78.123.

The run modes: runonce x preload with ``exactbars=0``, and ``exactbars`` 1,
-1 and -2 once each (given with runonce and preload on, as a user would
write them; cerebro switches runonce off for them, and preload too for 1).
By default every scenario runs with runonce on and off (with preload) plus
one more mode (``DEFAULT_EXTRA``), so that each mode is covered at least
once; the rest of the matrix is marked ``slow``.  Where upstream itself fails
(``UPSTREAM_FAILS``) there is nothing to compare: a test asserts upstream's
failure instead, so that a change of upstream's behaviour shows.  Upstream
runs go through ``tests/upstream.py`` (engine checked, results cached).

``BT_DIFF_CANDIDATE=upstream`` compares upstream with a fresh upstream run
instead of ours: a self-check of the harness, the cache and determinism.

Run: ``pytest tests/test_differential.py -m "not slow"`` (default modes) or
without ``-m`` for the whole matrix.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import difftest  # noqa: E402
import upstream  # noqa: E402

sys.path.insert(0, str(upstream.DIFFSCRIPTS))
import _data  # noqa: E402

CANDIDATE = os.environ.get("BT_DIFF_CANDIDATE", "ours")

ZERO_MODES = [(True, True, 0), (False, True, 0), (False, False, 0), (True, False, 0)]
MEMORY_MODES = [(True, True, 1), (True, True, -1), (True, True, -2)]
ALL_MODES = ZERO_MODES + MEMORY_MODES
DEFAULT_MODES = [(True, True, 0), (False, True, 0)]
# the one further mode each scenario runs by default
DEFAULT_EXTRA = {
    "a_crossover.py": (True, True, 1),
    "b_typical.py": (True, True, -1),
    "c_ordertypes.py": (True, True, -2),
    "d_futures.py": (False, False, 0),
    "e_twofeeds.py": (True, True, -2),
    "f_pyindicators.py": (True, False, 0),
    "g_brackets.py": (True, True, -1),
    "h_objectmodel.py": (True, True, 1),
}

# (script, mode) -> (regex on upstream's error, why): upstream itself fails
UPSTREAM_FAILS = {
    ("e_twofeeds.py", (True, True, 1)): (
        r"ValueError: Indices for islice\(\) must be None or an integer",
        "with exactbars=1, once the short feed has ended, the SMA on it "
        "(SimpleMovingAverage.next -> LineBuffer.get) slices its 15-bar ring "
        "buffer with an index outside 0..sys.maxsize"),
}


def _mode_id(mode):
    ro, pl, eb = mode
    return "runonce%d-preload%d-exactbars%d" % (ro, pl, eb)


def modes_for(script):
    """pytest params over the run modes where upstream runs: the default ones
    plain, the rest ``slow``."""
    params = []
    for mode in ALL_MODES:
        if (script, mode) in UPSTREAM_FAILS:
            continue
        default = mode in DEFAULT_MODES or mode == DEFAULT_EXTRA[script]
        params.append(pytest.param(mode, marks=[] if default else [pytest.mark.slow],
                                   id=_mode_id(mode)))
    return pytest.mark.parametrize("mode", params)


def _opts(mode):
    return dict(zip(("runonce", "preload", "exactbars"), mode))


_SESSION = {}


def run_pair(script, mode, tmp_path):
    """(upstream result, candidate result) for one scenario and run mode.

    Kept for the session, so tests reading different parts of one scenario
    run it once.
    """
    key = (script, tuple(mode))
    if key not in _SESSION:
        datadir = tmp_path / "data"
        _data.write_all(str(datadir))
        args = ["--datadir", str(datadir)]
        ref = upstream.run_cached(script, "upstream", _opts(mode), args=args)
        got = upstream.run_script(script, CANDIDATE, _opts(mode), args=args)
        _SESSION[key] = ref, got
    return _SESSION[key]


def check(script, mode, tmp_path):
    ref, got = run_pair(script, mode, tmp_path)
    assert ref["bars"], "the scenario recorded no bars"
    difftest.assert_same(ref, got, ignore=("meta", "quirks"),
                         names=("upstream", CANDIDATE))
    return ref, got


@modes_for("a_crossover.py")
def test_a_sma_crossover_market_orders(mode, tmp_path):
    ref, _ = check("a_crossover.py", mode, tmp_path)
    assert ref["trades"], "the scenario should trade"


@modes_for("b_typical.py")
def test_b_typical_indicators_observers_analyzers(mode, tmp_path):
    ref, _ = check("b_typical.py", mode, tmp_path)
    assert set(ref["analyzers"]) == {"sharpe", "drawdown", "trades", "returns"}


@modes_for("c_ordertypes.py")
def test_c_limit_stop_stoplimit_close_orders(mode, tmp_path):
    ref, _ = check("c_ordertypes.py", mode, tmp_path)
    statuses = {(o["exectype"], o["status"]) for o in ref["orders"]}
    for wanted in [("Limit", "Completed"), ("Limit", "Expired"), ("Limit", "Canceled"),
                   ("Stop", "Completed"), ("StopLimit", "Completed"),
                   ("Close", "Completed"), ("Market", "Margin")]:
        assert wanted in statuses, wanted


@modes_for("d_futures.py")
def test_d_futures_commission_long_short(mode, tmp_path):
    ref, _ = check("d_futures.py", mode, tmp_path)
    assert {t["long"] for t in ref["trades"]} == {True, False}


@modes_for("e_twofeeds.py")
def test_e_two_feeds_of_different_lengths(mode, tmp_path):
    ref, _ = check("e_twofeeds.py", mode, tmp_path)
    assert {o["data"] for o in ref["orders"]} == {"daily", "daily_short"}


@modes_for("f_pyindicators.py")
def test_f_python_indicators_next_once_declarative(mode, tmp_path):
    check("f_pyindicators.py", mode, tmp_path)


@modes_for("g_brackets.py")
def test_g_brackets_oco_trailing_sizer_slippage(mode, tmp_path):
    ref, _ = check("g_brackets.py", mode, tmp_path)
    kinds = {o["exectype"] for o in ref["orders"] if o["status"] == "Completed"}
    assert {"StopTrail", "StopTrailLimit", "Limit", "Stop", "Market"} <= kinds


@modes_for("h_objectmodel.py")
def test_h_object_model_params_lines_functions_targets(mode, tmp_path):
    ref, _ = check("h_objectmodel.py", mode, tmp_path)
    assert ref["orders"], "the scenario should place target orders"
    assert len(ref["cashvalue"]) == len(ref["fund"]) == ref["final"]["len"]
    assert any(b["phase"] == "prenext" for b in ref["bars"])


@modes_for("f_pyindicators.py")
def test_f_quirk_next_only_indicator_on_indicator(mode, tmp_path):
    """Kept apart: upstream leaves it NaN on all but the last bar in runonce."""
    ref, got = run_pair("f_pyindicators.py", mode, tmp_path)
    difftest.assert_same(ref["quirks"], got["quirks"], names=("upstream", CANDIDATE))


@pytest.mark.parametrize("script,mode", sorted(UPSTREAM_FAILS),
                         ids=["%s-%s" % (s[:-3], _mode_id(m)) for s, m in sorted(UPSTREAM_FAILS)])
def test_upstream_fails_where_documented(script, mode, tmp_path):
    """Upstream's own failures, asserted: should upstream (or the scenario)
    change so that it runs, this fails and the mode joins the matrix."""
    pattern, why = UPSTREAM_FAILS[(script, mode)]
    datadir = tmp_path / "data"
    _data.write_all(str(datadir))
    with pytest.raises(upstream.ScriptError, match=pattern):
        upstream.run_cached(script, "upstream", _opts(mode), args=["--datadir", str(datadir)])


def test_matrix_covers_every_mode_by_default():
    """Each run mode runs by default for at least one scenario."""
    covered = set(DEFAULT_MODES) | set(DEFAULT_EXTRA.values())
    assert covered == set(ALL_MODES)
    assert not {(s, m) for s, m in DEFAULT_EXTRA.items()} & set(UPSTREAM_FAILS)


# ------------------------------------------------- the comparison helper itself
def _sample():
    order = {"ref": 1, "status": "Completed", "side": "buy",
             "executed": {"price": 101.25, "size": 10, "comm": 1.0125}}
    return {
        "orders": [order, dict(order, ref=2, status="Canceled")],
        "trades": [{"ref": 1, "pnl": -88.99999999999991}],
        "bars": [{"len": 1, "ind": {"sma": None, "cross": 0.0}, "value": 10000.0}],
        "meta": {"bt_file": "/somewhere/backtrader/__init__.py"},
    }


def test_difftest_detects_changed_price_and_missing_order():
    left = _sample()
    assert difftest.first_difference(left, _sample()) is None

    changed = _sample()
    changed["orders"][0]["executed"]["price"] = 101.26
    msg = difftest.first_difference(left, changed)
    assert msg is not None and "orders[0].executed.price" in msg
    assert "101.25" in msg and "101.26" in msg

    missing = _sample()
    del missing["orders"][1]
    msg = difftest.first_difference(left, missing)
    assert msg is not None and "orders[1]" in msg and "length differs: 2 != 1" in msg
    with pytest.raises(AssertionError):
        difftest.assert_same(left, missing)


def test_difftest_tolerance_nan_types_and_ignored_keys():
    left = _sample()
    near = _sample()
    near["trades"][0]["pnl"] *= 1 + 1e-12            # within rel 1e-9
    near["meta"] = {"bt_file": "/elsewhere"}         # meta is ignored
    near["bars"][0]["ind"]["cross"] = 0              # int/float allowed under "ind"
    assert difftest.first_difference(left, near) is None

    assert difftest.floats_equal(float("nan"), float("nan"))
    assert not difftest.floats_equal(float("nan"), 0.0)

    far = _sample()
    far["trades"][0]["pnl"] *= 1 + 1e-7
    assert "trades[0].pnl" in difftest.first_difference(left, far)

    typed = _sample()
    typed["orders"][0]["executed"]["size"] = 10.0    # 10 vs 10.0 prints differently
    assert "type differs" in difftest.first_difference(left, typed)

    nan_vs_value = _sample()
    nan_vs_value["bars"][0]["ind"]["sma"] = 1.0
    assert "bars[0].ind.sma" in difftest.first_difference(left, nan_vs_value)
