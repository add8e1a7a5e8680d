"""Shared parts of the self-running differential test files.

``test_analyzers.py``, ``test_observers.py`` and ``test_perbar.py`` are both a
pytest module and a scenario script: run as a script (under upstream or
ours, see ``upstream.run_script``) they execute one scenario and print its
result as JSON; imported by pytest they run every scenario under both
engines and compare.

Script side: :func:`enc` and :func:`main`. Pytest side: :func:`run_both`,
:func:`items`, :func:`mode_id`. Nothing here imports ``backtrader`` (or the
pytest-side helpers) before it is needed, so a script picks the engine on
its ``PYTHONPATH``.
"""
import argparse
import datetime as _dt
import hashlib
import json
import math
import os
import sys
from collections import OrderedDict


# ============================================================ script side
def enc(x):
    """Plain JSON value for ``x``; mappings keep their key order and ints
    stay apart from floats."""
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, int):
        return int(x)
    if isinstance(x, float):
        if math.isnan(x):
            return None
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    if isinstance(x, (_dt.datetime, _dt.date, _dt.time)):
        return x.isoformat()
    if hasattr(x, "items"):
        return {"__items__": [[enc(k), enc(v)] for k, v in x.items()]}
    if isinstance(x, (list, tuple)):
        return [enc(v) for v in x]
    if hasattr(x, "__float__"):
        return enc(float(x))
    return repr(x)


def _flag(text):
    return str(text).strip().lower() in ("1", "true", "yes", "on")


def main(scenarios, argv=None):
    """Run the scenario named by ``--scenario`` (``scenarios[name](bt, opts)``)
    in the run mode of the command line; print (or write to ``--out``) its
    result as JSON."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", required=True, choices=sorted(scenarios))
    ap.add_argument("--runonce", type=_flag, default=True)
    ap.add_argument("--preload", type=_flag, default=True)
    ap.add_argument("--exactbars", type=int, default=0)
    ap.add_argument("--datadir", required=True)
    ap.add_argument("--datahash", default="")
    ap.add_argument("--out", default=None)
    opts = ap.parse_args(argv)

    import backtrader as bt
    result = {"result": enc(scenarios[opts.scenario](bt, opts)),
              "meta": {"bt_file": os.path.abspath(bt.__file__)}}
    text = json.dumps(result)
    if opts.out:
        with open(opts.out, "w") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text + "\n")


# ============================================================= pytest side
def _datahash():
    """Identifies the data generator: a cached upstream result is reused
    only while ``_data.py`` is unchanged."""
    import _data
    with open(_data.__file__, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()[:16]


def run_both(script, scenario, mode, datadir, write_data):
    """Run ``scenario`` of ``script`` under upstream (cached) and ours in
    ``mode`` (runonce, preload, exactbars), on the data ``write_data(datadir)``
    writes; assert both give the same result and return it."""
    import difftest
    import upstream
    write_data(str(datadir))
    mode = dict(zip(("runonce", "preload", "exactbars"), mode))
    args = ["--datadir", str(datadir)]
    cache_args = ["--scenario", scenario, "--datahash", _datahash()]
    ref = upstream.run_cached(script, "upstream", mode, args=args,
                              cache_args=cache_args)
    got = upstream.run_script(script, "ours", mode, args=args + cache_args)
    difftest.assert_same(ref, got, ignore=("meta",), loose_keys=())
    return ref["result"]


def upstream_fails(script, scenario, mode, datadir, write_data, pattern):
    """Assert that upstream itself fails on ``scenario`` in ``mode`` with an
    error matching ``pattern`` (so that a change of upstream's behaviour, or
    of the scenario, shows up instead of a silent skip)."""
    import pytest
    import upstream
    write_data(str(datadir))
    mode = dict(zip(("runonce", "preload", "exactbars"), mode))
    with pytest.raises(upstream.ScriptError, match=pattern):
        upstream.run_cached(script, "upstream", mode, args=["--datadir", str(datadir)],
                            cache_args=["--scenario", scenario, "--datahash", _datahash()])


def items(node):
    """``{"__items__": ...}`` (see :func:`enc`) back to an ordered dict."""
    return OrderedDict((k, v) for k, v in node["__items__"])


def mode_id(mode):
    """Test id of a (runonce, preload, exactbars) mode."""
    return "runonce%d-preload%d-exactbars%d" % mode
