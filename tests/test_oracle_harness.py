"""The oracle harness (``tests/upstream.py``) runs the engine it is asked for,
and says so.

Swapped engines, a shadowing package and tampered cache entries (JSON
records and the ``.npz`` arrays beside them) must fail the engine check;
failures are never cached; ``BT_DIFF_REFRESH`` re-runs;
the cache key follows the oracle's install, the versions and ``TZ``; and
with no oracle and no index the differential tests fail with the message
saying how to provide it (or skip, with ``BT_ALLOW_NO_ORACLE=1``).
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import upstream  # noqa: E402

PROBE = '''
import json, os, sys
import {module}
assert sys.argv[-2] == "--out", sys.argv
with open(sys.argv[-1], "w") as fh:
    json.dump({{"token": os.urandom(8).hex(), "argv": sys.argv[1:-2]}}, fh)
'''


def probe(tmp_path, module="backtrader", name="probe.py", body=PROBE):
    path = tmp_path / name
    path.write_text(body.format(module=module))
    return path


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private, empty result cache."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BT_DIFF_CACHE", str(folder))
    for knob in ("BT_DIFF_REFRESH", "BT_DIFF_NOCACHE"):
        monkeypatch.delenv(knob, raising=False)
    return folder


def init_file(engine):
    module = upstream.ENGINE_MODULE[engine]
    return os.path.realpath(os.path.join(upstream.engine_dir(engine), module, "__init__.py"))


def test_each_engine_reports_its_own_module(tmp_path):
    script = probe(tmp_path)
    files = set()
    for engine in ("upstream", "ours"):
        res = upstream.run_script(script, engine, {"exactbars": -1}, args=["x"])
        assert res["argv"] == ["--exactbars", "-1", "x"]
        report = res["meta"]["engine"]
        assert report["name"] == engine
        assert os.path.realpath(report["file"]) == init_file(engine)
        files.add(report["file"])
    assert len(files) == 2
    assert init_file("ours") == str(upstream.REPO_ROOT / "backtrader" / "__init__.py")


def test_swapped_engines_fail_the_engine_check(tmp_path, monkeypatch, cache):
    script = probe(tmp_path)
    real_env = upstream.engine_env
    swap = {"upstream": "ours", "ours": "upstream"}
    monkeypatch.setattr(upstream, "engine_env",
                        lambda engine, extra=None: real_env(swap[engine], extra))
    for engine in ("upstream", "ours"):
        with pytest.raises(upstream.EngineMismatch,
                           match="expected the %s engine" % engine):
            upstream.run_script(script, engine)
    # a real scenario, through the cache, refreshed so that it runs: the
    # check fails and nothing is stored
    monkeypatch.setenv("BT_DIFF_REFRESH", "1")
    with pytest.raises(upstream.EngineMismatch, match="expected the upstream engine"):
        upstream.run_cached("a_crossover.py", "upstream", {"runonce": 1})
    assert not cache.exists() or not list(cache.iterdir())


def test_a_shadowing_package_fails_the_engine_check(tmp_path, monkeypatch):
    """An ``hftbacktest`` found before the install is caught by its path."""
    fake = tmp_path / "shadow" / "hftbacktest"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    real_env = upstream.engine_env

    def shadowed(engine, extra=None):
        env = real_env(engine, extra)
        env["PYTHONPATH"] = str(fake.parent) + os.pathsep + env["PYTHONPATH"]
        return env

    monkeypatch.setattr(upstream, "engine_env", shadowed)
    with pytest.raises(upstream.EngineMismatch, match="expected the hftbacktest engine"):
        upstream.run_script(probe(tmp_path, "hftbacktest"), "hftbacktest")


def test_a_script_that_never_imports_the_engine_fails(tmp_path):
    script = probe(tmp_path, "json")
    with pytest.raises(upstream.EngineMismatch, match="did not import backtrader"):
        upstream.run_script(script, "upstream")
    with pytest.raises(upstream.EngineMismatch, match="did not import hftbacktest"):
        upstream.run_script(probe(tmp_path, "json"), "hftbacktest")


def test_hftbacktest_runs_fresh_and_cached(tmp_path, cache):
    script = probe(tmp_path, "hftbacktest")
    first = upstream.run_cached(script, "hftbacktest")
    report = first["meta"]["engine"]
    assert os.path.realpath(report["file"]) == init_file("hftbacktest")
    assert report["dist_version"] == upstream.HFTBACKTEST_VERSION
    assert upstream.hftbacktest_dir() == upstream.oracle_target("hftbacktest")
    assert upstream.run_cached(script, "hftbacktest") == first      # a cache hit


def _entry(cache):
    files = sorted(cache.glob("*.json"))
    assert len(files) == 1, files
    return files[0]


def test_cache_hits_are_rechecked(tmp_path, cache):
    script = probe(tmp_path)
    good = upstream.run_cached(script, "upstream")
    path = _entry(cache)
    original = path.read_text()
    tampered = [
        ("file", init_file("ours"), "expected the upstream engine"),
        ("name", "ours", "labelled engine 'ours'"),
        ("dist_version", "1.9.76.123", "version '1.9.76.123'"),
    ]
    for field, value, message in tampered:
        doc = json.loads(original)
        doc["meta"]["engine"][field] = value
        path.write_text(json.dumps(doc))
        with pytest.raises(upstream.EngineMismatch, match=message):
            upstream.run_cached(script, "upstream")
    path.write_text(original)
    assert upstream.run_cached(script, "upstream") == good


def test_failures_are_not_cached(tmp_path, cache):
    script = tmp_path / "fails.py"
    script.write_text("import backtrader\nraise SystemExit('no result')\n")
    for _ in range(2):
        with pytest.raises(upstream.ScriptError, match="no result"):
            upstream.run_cached(script, "upstream")
    assert not list(cache.glob("*.json"))


def test_refresh_reruns_and_nocache_bypasses(tmp_path, cache, monkeypatch):
    script = probe(tmp_path)
    first = upstream.run_cached(script, "upstream")["token"]
    assert upstream.run_cached(script, "upstream")["token"] == first
    monkeypatch.setenv("BT_DIFF_REFRESH", "1")
    second = upstream.run_cached(script, "upstream")["token"]
    assert second != first
    monkeypatch.delenv("BT_DIFF_REFRESH")
    assert upstream.run_cached(script, "upstream")["token"] == second   # rewritten
    monkeypatch.setenv("BT_DIFF_NOCACHE", "1")
    assert upstream.run_cached(script, "upstream")["token"] not in (first, second)
    monkeypatch.delenv("BT_DIFF_NOCACHE")
    assert upstream.run_cached(script, "upstream")["token"] == second   # not written


ARRAYS_PROBE = '''
import json, os, sys
import numpy as np
import {module}
args = sys.argv[1:]
assert args[-4] == "--arrays" and args[-2] == "--out", args
token = os.urandom(8)
if "no-arrays" not in args:
    np.savez(args[-3], token=np.frombuffer(token, np.uint8), ramp=np.arange(5.0),
             grid=np.arange(6, dtype=np.int64).reshape(2, 3))
with open(args[-1], "w") as fh:
    json.dump({{"token": token.hex(), "argv": args[:-4]}}, fh)
'''


def test_binary_results_run_fresh_and_cached(tmp_path, cache):
    """``arrays=True``: an ``.npz`` beside the JSON record, both checked on a hit."""
    script = probe(tmp_path, name="arrays.py", body=ARRAYS_PROBE)
    first = upstream.run_cached(script, "upstream", args=["x"], arrays=True)
    assert first["argv"] == ["x"]
    got = first["arrays"]
    assert sorted(got) == ["grid", "ramp", "token"]
    assert bytes(got["token"]).hex() == first["token"]
    assert got["ramp"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert got["grid"].dtype == np.int64 and got["grid"].tolist() == [[0, 1, 2], [3, 4, 5]]
    record = _entry(cache)
    npz = record.with_suffix(".npz")
    assert sorted(p.name for p in cache.iterdir()) == [record.name, npz.name]
    stored = json.loads(record.read_text())
    assert "arrays" not in stored and stored["meta"]["engine"]["name"] == "upstream"

    def hit():
        res = upstream.run_cached(script, "upstream", args=["x"], arrays=True)
        assert res["token"] == first["token"]            # not re-run
        for name in got:
            np.testing.assert_array_equal(res["arrays"][name], got[name])
        return res

    hit()
    # the arrays must be those the record vouches for
    good = npz.read_bytes()
    np.savez(str(npz), token=got["token"], ramp=got["ramp"] + 1.0, grid=got["grid"])
    with pytest.raises(upstream.EngineMismatch, match="do not match the record's digest"):
        upstream.run_cached(script, "upstream", args=["x"], arrays=True)
    npz.write_bytes(good)
    hit()
    # the record's engine check still applies
    doc = dict(stored)
    doc["meta"] = dict(stored["meta"], engine=dict(stored["meta"]["engine"],
                                                    file=init_file("ours")))
    record.write_text(json.dumps(doc))
    with pytest.raises(upstream.EngineMismatch, match="expected the upstream engine"):
        upstream.run_cached(script, "upstream", args=["x"], arrays=True)
    record.write_text(json.dumps(stored))
    hit()
    # a record without its arrays is a miss: run again and rewrite both
    npz.unlink()
    again = upstream.run_cached(script, "upstream", args=["x"], arrays=True)
    assert again["token"] != first["token"] and npz.exists()
    assert upstream.run_cached(script, "upstream", args=["x"], arrays=True)["token"] \
        == again["token"]
    # hftbacktest's results take the same path (its own numpy)
    hb = upstream.run_cached(probe(tmp_path, "hftbacktest", "hb.py", ARRAYS_PROBE),
                             "hftbacktest", arrays=True)
    assert hb["meta"]["engine"]["name"] == "hftbacktest"
    assert bytes(hb["arrays"]["token"]).hex() == hb["token"]
    assert upstream.run_cached(probe(tmp_path, "hftbacktest", "hb.py", ARRAYS_PROBE),
                               "hftbacktest", arrays=True)["token"] == hb["token"]


def test_a_script_without_its_arrays_fails_and_is_not_cached(tmp_path, cache):
    script = probe(tmp_path, name="arrays.py", body=ARRAYS_PROBE)
    with pytest.raises(upstream.ScriptError, match="wrote no arrays"):
        upstream.run_cached(script, "upstream", args=["no-arrays"], arrays=True)
    assert not cache.exists() or not list(cache.iterdir())
    assert upstream.cache_key(script, arrays=True) != upstream.cache_key(script)


def test_arrays_digest_covers_names_dtypes_shapes_and_bytes():
    base = {"a": np.arange(6, dtype=np.int64), "b": np.zeros(2)}
    digest = upstream.arrays_digest(base)
    assert upstream.arrays_digest({"b": np.zeros(2), "a": np.arange(6, dtype=np.int64)}) \
        == digest
    variants = [
        {"a": np.arange(6, dtype=np.int64), "c": np.zeros(2)},
        {"a": np.arange(6, dtype=np.uint64), "b": np.zeros(2)},
        {"a": np.arange(6, dtype=np.int64).reshape(2, 3), "b": np.zeros(2)},
        {"a": np.arange(1, 7, dtype=np.int64), "b": np.zeros(2)},
        {"a": np.arange(6, dtype=np.int64)},
    ]
    assert len({digest} | {upstream.arrays_digest(v) for v in variants}) == 6


def test_cache_key_follows_what_changes_results(tmp_path, monkeypatch):
    script = probe(tmp_path)
    for var in ("TZ", "BT_DIFF_RUNONCE", "BT_DIFF_REFRESH"):
        monkeypatch.delenv(var, raising=False)
    mode = {"runonce": 1}

    def key(**kw):
        return upstream.cache_key(script, mode, (), "upstream", **kw)

    base = key()
    assert key() == base
    changed = {}
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    changed["TZ"] = key()
    monkeypatch.delenv("TZ")
    monkeypatch.setenv("BT_DIFF_RUNONCE", "0")
    changed["BT_* variable"] = key()
    monkeypatch.delenv("BT_DIFF_RUNONCE")
    changed["env argument"] = key(env={"TZ": "Europe/Berlin"})
    changed["key_data"] = key(key_data="other data")
    changed["mode"] = upstream.cache_key(script, {"runonce": 0}, (), "upstream")
    changed["engine"] = upstream.cache_key(script, mode, (), "hftbacktest")
    with monkeypatch.context() as m:
        m.setattr(sys, "version", sys.version + " (another build)")
        changed["python"] = key()
    real_version = upstream.metadata.version
    with monkeypatch.context() as m:
        m.setattr(upstream.metadata, "version",
                  lambda name: "0.0" if name == "numpy" else real_version(name))
        changed["numpy"] = key()
    # the same upstream, installed elsewhere
    other = tmp_path / "elsewhere"
    other.mkdir()
    real = upstream.upstream_dir()
    for name in ("backtrader", "backtrader-%s.dist-info" % upstream.UPSTREAM_VERSION):
        (other / name).symlink_to(real / name)
    with monkeypatch.context() as m:
        m.setenv("BT_UPSTREAM_DIR", str(other))
        changed["install path"] = key()
    for what, value in changed.items():
        assert value != base, what
    assert len(set(changed.values())) == len(changed)
    monkeypatch.setenv("BT_DIFF_REFRESH", "1")      # a harness knob, not an input
    assert key() == base


# ------------------------------------------------------------ missing oracle
OFFLINE_TESTS = [
    "tests/test_differential.py::test_a_sma_crossover_market_orders"
    "[runonce1-preload1-exactbars0]",
    "tests/test_timeconv.py::test_day_numbers_and_back_match_upstream_bit_for_bit",
    "tests/test_kernels.py::test_minperiods_match_upstream[walk]",
    "tests/test_analyzers.py::test_flat_run_gives_none_sharpe_and_bare_tradeanalyzer"
    "[runonce1-preload1-exactbars0]",
    "tests/test_feeds_csv.py::test_generic_csv_matches_upstream[callable]",
    "tests/test_dateutils.py::test_date_functions_match_upstream",
    "tests/hft/test_l2event_hftbacktest.py::test_top_of_book_matches_hftbacktest"
    "[timestamp-feed]",
    "tests/test_oracle_harness.py::test_hftbacktest_runs_fresh_and_cached",
]


def _offline_run(tmp_path, allow):
    """Run some differential tests in a subprocess with empty oracle folders,
    an empty cache and no reachable package index."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "BT_", "PYTHON"))}
    env.update(BT_UPSTREAM_DIR=str(tmp_path / "up"), BT_HFTBACKTEST_DIR=str(tmp_path / "hb"),
               BT_DIFF_CACHE=str(tmp_path / "cache"), PIP_CONFIG_FILE=os.devnull,
               PIP_INDEX_URL="http://127.0.0.1:9/", PIP_NO_INDEX="1", PIP_RETRIES="0")
    if allow:
        env["BT_ALLOW_NO_ORACLE"] = "1"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow",
         "-rfEs", "--basetemp", str(tmp_path / "pytest")] + OFFLINE_TESTS,
        cwd=str(upstream.REPO_ROOT), env=env, capture_output=True, text=True, timeout=600)
    assert not (tmp_path / "up").exists() and not (tmp_path / "hb").exists()
    assert not list(tmp_path.glob("*.part-*"))
    return proc, proc.stdout.strip().splitlines()[-1]


def test_no_oracle_offline_fails_with_how_to_provide_it(tmp_path):
    proc, summary = _offline_run(tmp_path, allow=False)
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "passed" not in summary and "skipped" not in summary, summary
    assert summary.startswith("%d failed" % (len(OFFLINE_TESTS) - 1) + ", 1 error"), summary
    for text in ("OracleMissing", "backtrader==%s" % upstream.UPSTREAM_VERSION,
                 "hftbacktest==%s" % upstream.HFTBACKTEST_VERSION, "Provide it with",
                 "--no-deps --target %s" % (tmp_path / "up"), "BT_ALLOW_NO_ORACLE=1"):
        assert text in proc.stdout, text


def test_no_oracle_offline_skips_only_when_allowed(tmp_path):
    proc, summary = _offline_run(tmp_path, allow=True)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert summary.startswith("%d skipped in" % len(OFFLINE_TESTS)), summary
    assert "BT_ALLOW_NO_ORACLE=1: the test oracle" in proc.stdout


@pytest.mark.slow
def test_first_use_installs_the_oracle(tmp_path, monkeypatch):
    """Needs PyPI: installs upstream into an empty folder, atomically."""
    monkeypatch.setenv("BT_UPSTREAM_DIR", str(tmp_path / "up"))
    folder = upstream.upstream_dir()
    assert folder == tmp_path / "up"
    assert (folder / "backtrader" / "__init__.py").exists()
    assert not list(tmp_path.glob("*.part-*"))
