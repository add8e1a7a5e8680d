"""Locate (or install) upstream backtrader and run scripts under either engine.

- :func:`upstream_dir` returns the ``pip install --target`` folder holding
  upstream backtrader 1.9.78.123 (``$BT_UPSTREAM_DIR`` or
  ``~/.cache/bt-upstream/1.9.78.123``), installing it there if missing.
- :func:`run_script` runs a script in a subprocess that sees exactly one
  engine (``"upstream"`` or ``"ours"`` = this checkout) and returns the
  JSON document the script wrote.
- :func:`run_cached` does the same but keeps upstream results on disk
  (``~/.cache/bt-upstream/results``), keyed by the content of the script,
  its helper modules, the run mode and the arguments.

Environment knobs: ``BT_UPSTREAM_DIR``, ``BT_DIFF_CACHE`` (cache folder),
``BT_DIFF_NOCACHE=1`` (always rerun upstream).
"""
import contextlib
import fcntl
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

UPSTREAM_VERSION = "1.9.78.123"
REPO_ROOT = Path(__file__).resolve().parent.parent
DIFFSCRIPTS = Path(__file__).resolve().parent / "diffscripts"
ENGINES = ("upstream", "ours")


class ScriptError(RuntimeError):
    """A scenario script failed (non-zero exit, no output or wrong engine)."""


@contextlib.contextmanager
def _locked(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def upstream_dir():
    """Folder containing upstream's ``backtrader`` package (installed on demand)."""
    default = Path.home() / ".cache" / "bt-upstream" / UPSTREAM_VERSION
    target = Path(os.environ.get("BT_UPSTREAM_DIR") or default).expanduser()
    marker = target / "backtrader" / "__init__.py"
    if not marker.exists():
        with _locked(target.parent / (target.name + ".lock")):
            if not marker.exists():
                subprocess.run(
                    [sys.executable, "-m", "pip", "install", "--quiet",
                     "--disable-pip-version-check", "--no-deps",
                     "--target", str(target), "backtrader==" + UPSTREAM_VERSION],
                    check=True)
    return str(target)


def engine_dir(engine):
    """The folder to put on ``PYTHONPATH`` for ``engine``."""
    if engine == "upstream":
        return upstream_dir()
    if engine == "ours":
        return str(REPO_ROOT)
    raise ValueError("engine must be one of %s, not %r" % (ENGINES, engine))


def engine_env(engine, extra=None):
    """A clean environment where ``import backtrader`` finds only ``engine``.

    Every inherited ``PYTHON*`` variable is dropped (no stray PYTHONPATH, user
    site or startup file); site-packages stay available for numpy.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = engine_dir(engine)
    env["PYTHONNOUSERSITE"] = "1"
    env["PYTHONSAFEPATH"] = "1"  # no script dir / cwd on sys.path (3.11+)
    env["PYTHONHASHSEED"] = "0"
    env.update(extra or {})
    return env


def python_cmd(script, args=()):
    """Command line running ``script`` isolated (no user site, safe path)."""
    flags = ["-s"] + (["-P"] if sys.version_info >= (3, 11) else [])
    return [sys.executable] + flags + [str(script)] + [str(a) for a in args]


def mode_args(mode):
    """``{"runonce": True, ...}`` -> ``["--runonce", "1", ...]``."""
    out = []
    for key in ("runonce", "preload", "exactbars"):
        if mode and key in mode:
            out += ["--" + key, str(int(mode[key]))]
    return out


def run_script(script, engine, mode=None, args=(), timeout=600):
    """Run a diffscript under ``engine`` and return its parsed JSON result.

    ``mode`` is a dict with ``runonce``/``preload``/``exactbars``; ``args``
    are extra command line arguments (e.g. ``["--datadir", path]``).
    """
    script = Path(script)
    if not script.is_absolute():
        script = DIFFSCRIPTS / script
    edir = os.path.realpath(engine_dir(engine))
    with tempfile.TemporaryDirectory(prefix="btdiff-run-") as tmp:
        out = os.path.join(tmp, "result.json")
        cmd = python_cmd(script, mode_args(mode) + list(args) + ["--out", out])
        proc = subprocess.run(cmd, cwd=tmp, env=engine_env(engine),
                              capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0 or not os.path.exists(out):
            raise ScriptError("%s failed under %s (exit %s), mode %s:\n%s"
                              % (script.name, engine, proc.returncode, mode,
                                 proc.stderr[-4000:]))
        with open(out) as fh:
            result = json.load(fh)
    used = os.path.realpath(result.get("meta", {}).get("bt_file", ""))
    if not used.startswith(edir + os.sep):
        raise ScriptError("%s ran backtrader from %s, expected %s engine in %s"
                          % (script.name, used, engine, edir))
    return result


def cache_dir():
    default = Path.home() / ".cache" / "bt-upstream" / "results"
    return Path(os.environ.get("BT_DIFF_CACHE") or default).expanduser()


def cache_key(script, mode=None, args=()):
    """Hash of the script, the shared helpers, the run mode and the args."""
    script = Path(script)
    if not script.is_absolute():
        script = DIFFSCRIPTS / script
    h = hashlib.sha256()
    h.update(UPSTREAM_VERSION.encode())
    # the helpers beside the script and those of diffscripts (the self-running
    # test files in tests/ import ``diffscripts/_selfrun.py``)
    helpers = set(script.parent.glob("_*.py")) | set(DIFFSCRIPTS.glob("_*.py"))
    for path in [script] + sorted(helpers):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(json.dumps({"mode": mode or {}, "args": list(args)},
                        sort_keys=True).encode())
    return script.stem + "-" + h.hexdigest()[:24]


def run_cached(script, engine, mode=None, args=(), cache_args=(), timeout=600):
    """Like :func:`run_script`; upstream results are cached on disk.

    ``cache_args`` are the arguments that matter for the key (paths to
    temporary data folders should go in ``args`` only: the data is a pure
    function of ``_data.py``, which is part of the key).
    """
    if engine != "upstream" or os.environ.get("BT_DIFF_NOCACHE") == "1":
        return run_script(script, engine, mode, list(args) + list(cache_args), timeout)
    path = cache_dir() / (cache_key(script, mode, cache_args) + ".json")
    if path.exists():
        with open(path) as fh:
            return json.load(fh)
    result = run_script(script, engine, mode, list(args) + list(cache_args), timeout)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp%d" % os.getpid())
    with open(tmp, "w") as fh:
        json.dump(result, fh)
    os.replace(tmp, path)
    return result
