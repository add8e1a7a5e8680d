"""The test oracles: one way to run a script on a reference engine or on ours.

Engines (``ENGINES``)::

    "ours"         this checkout's backtrader (the repository root)
    "upstream"     backtrader 1.9.78.123 in $BT_UPSTREAM_DIR
                   (default ~/.cache/bt-upstream/1.9.78.123), --no-deps
    "hftbacktest"  hftbacktest 2.4.4 and its dependencies in $BT_HFTBACKTEST_DIR
                   (default ~/.cache/bt-hftbacktest/2.4.4)

API (kept stable; other test files build on it):

- ``upstream_dir()`` / ``hftbacktest_dir()`` -> ``Path`` of the install; the
  first use installs it with pip behind a file lock.  If it cannot be had,
  :class:`OracleMissing` is raised with a message saying how to provide it
  (``BT_ALLOW_NO_ORACLE=1``, for offline development only, turns this into
  a pytest skip; CI never sets it).
- ``run_script(script, engine, mode=None, args=(), timeout=600, env=None)``
  runs ``script`` in a subprocess that sees exactly one engine and returns
  the JSON object the script wrote to the file given as ``--out FILE``
  (appended to its arguments).  ``mode`` is ``{"runonce", "preload",
  "exactbars"}`` (passed as ``--runonce 1`` ...), ``env`` extra environment
  variables.  The script is started through ``diffscripts/_launch.py``,
  which reports the file of the engine module (``backtrader`` or
  ``hftbacktest``) the script imported; the harness checks it is
  ``<engine_dir(engine)>/<module>/__init__.py`` (and, for an oracle, its
  distribution version) and stores the report under ``result["meta"]
  ["engine"]``.  A failed script raises :class:`ScriptError`, a wrong or
  missing engine :class:`EngineMismatch`.  ``capture_stdout=True`` is for
  scripts that print their result: it comes back as ``result["stdout"]``.
  ``arrays=True`` is for scripts with binary results: they also get
  ``--arrays FILE`` (before ``--out FILE``), write numpy arrays there with
  ``numpy.savez``, and the arrays come back as ``result["arrays"]`` (a dict).
- ``run_cached(..., cache_args=(), key_data=None)`` is the same with the
  results of the oracle engines kept on disk (``$BT_DIFF_CACHE``, default
  ``~/.cache/bt-upstream/results``).  The key covers the script, the helper
  files ``_*.py`` beside it and in ``diffscripts``, the mode, ``cache_args``,
  ``key_data`` (inputs the script reads from elsewhere), and
  :func:`fingerprint` (engine, its version and install path and installed
  distributions, Python and library versions, ``TZ``, locale, ``NUMBA_*`` and
  ``BT_*`` variables, ``env``).  A cache hit is re-checked for the engine
  identity; failures are never cached.  ``BT_DIFF_REFRESH=1`` re-runs and
  rewrites every entry, ``BT_DIFF_NOCACHE=1`` neither reads nor writes.
  With ``arrays=True`` the arrays are kept in ``KEY.npz`` beside the record
  ``KEY.json``, which holds their digest (names, dtypes, shapes, bytes): a
  hit passes the engine check of the record and the digest check of the
  arrays (else :class:`EngineMismatch`); a record whose ``.npz`` is gone is
  a miss.
"""
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

UPSTREAM_VERSION = "1.9.78.123"
HFTBACKTEST_VERSION = "2.4.4"
REPO_ROOT = Path(__file__).resolve().parent.parent
DIFFSCRIPTS = Path(__file__).resolve().parent / "diffscripts"
LAUNCHER = DIFFSCRIPTS / "_launch.py"
ENGINES = ("upstream", "ours", "hftbacktest")
# the module whose file identifies each engine
ENGINE_MODULE = {"upstream": "backtrader", "ours": "backtrader",
                 "hftbacktest": "hftbacktest"}
# oracle engines: (pip requirement, --no-deps?, env variable, default folder)
ORACLES = {
    "upstream": ("backtrader==" + UPSTREAM_VERSION, True, "BT_UPSTREAM_DIR",
                 Path("~/.cache/bt-upstream") / UPSTREAM_VERSION),
    "hftbacktest": ("hftbacktest==" + HFTBACKTEST_VERSION, False, "BT_HFTBACKTEST_DIR",
                    Path("~/.cache/bt-hftbacktest") / HFTBACKTEST_VERSION),
}
# main-environment libraries whose versions enter the cache key
KEY_LIBRARIES = ("numpy", "pandas", "pytz", "python-dateutil")
# harness knobs: they steer the cache, not the results
CONTROL_VARS = ("BT_DIFF_REFRESH", "BT_DIFF_NOCACHE", "BT_DIFF_CACHE",
                "BT_ALLOW_NO_ORACLE", "BT_DIFF_CANDIDATE", "BT_UPSTREAM_DIR",
                "BT_HFTBACKTEST_DIR")
RESULT_ENV_PREFIXES = ("TZ", "LANG", "LC_", "NUMBA_", "BT_")


class ScriptError(RuntimeError):
    """A script failed (non-zero exit or no result)."""


class EngineMismatch(ScriptError):
    """A script imported another engine than the one it was run on."""


class OracleMissing(RuntimeError):
    """A reference engine is neither installed nor installable."""


def _version(engine):
    return {"upstream": UPSTREAM_VERSION, "hftbacktest": HFTBACKTEST_VERSION}[engine]


@contextlib.contextmanager
def _locked(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


_FAILED = {}   # install folder -> why pip could not install it


def oracle_target(engine):
    """The install folder of an oracle engine (not checked, not installed)."""
    _req, _nodeps, var, default = ORACLES[engine]
    return Path(os.environ.get(var) or default).expanduser()


def _installed(engine, target):
    module = ENGINE_MODULE[engine]
    dist = target / ("%s-%s.dist-info" % (module, _version(engine)))
    return (target / module / "__init__.py").exists() and dist.is_dir()


def _missing(engine, target, detail):
    req, nodeps, var, _default = ORACLES[engine]
    msg = ("the test oracle %s is not installed in %s and could not be installed "
           "(%s).\nProvide it with:\n    %s -m pip install %s--target %s %s\n"
           "(needs access to PyPI), or point %s at a folder holding it.  For "
           "offline development only, BT_ALLOW_NO_ORACLE=1 skips the tests that "
           "need it instead of failing them."
           % (req, target, detail, sys.executable, "--no-deps " if nodeps else "",
              target, req, var))
    if os.environ.get("BT_ALLOW_NO_ORACLE") == "1":
        import pytest
        pytest.skip("BT_ALLOW_NO_ORACLE=1: " + msg)
    raise OracleMissing(msg)


def oracle_dir(engine):
    """Path of an oracle engine's install, installed on first use."""
    target = oracle_target(engine)
    if _installed(engine, target):
        return target
    if str(target) in _FAILED:          # pip failed already in this process
        _missing(engine, target, _FAILED[str(target)])
    req, nodeps, _var, _default = ORACLES[engine]
    with _locked(target.parent / (target.name + ".lock")):
        if _installed(engine, target):
            return target
        if target.exists() and any(target.iterdir()):
            _missing(engine, target, "the folder exists but holds no complete install")
        # install beside the target and rename: never a half-installed target
        tmp = Path(tempfile.mkdtemp(prefix=target.name + ".part-", dir=str(target.parent)))
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "pip", "install", "--quiet",
                 "--disable-pip-version-check"] + (["--no-deps"] if nodeps else [])
                + ["--target", str(tmp), req],
                capture_output=True, text=True)
            if proc.returncode != 0 or not _installed(engine, tmp):
                _FAILED[str(target)] = "pip exit %d: %s" % (
                    proc.returncode, (proc.stderr.strip().splitlines() or ["no output"])[-1])
                _missing(engine, target, _FAILED[str(target)])
            if target.exists():
                target.rmdir()
            os.rename(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def upstream_dir():
    """Path of upstream backtrader's install (installed on demand)."""
    return oracle_dir("upstream")


def hftbacktest_dir():
    """Path of hftbacktest's install, with its dependencies (installed on demand)."""
    return oracle_dir("hftbacktest")


def engine_dir(engine):
    """The folder (a ``str``) to put on ``PYTHONPATH`` for ``engine``."""
    if engine in ORACLES:
        return str(oracle_dir(engine))
    if engine == "ours":
        return str(REPO_ROOT)
    raise ValueError("engine must be one of %s, not %r" % (ENGINES, engine))


def engine_env(engine, extra=None):
    """A clean environment where the engine's module is found only in ``engine``.

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


def _script_path(script):
    script = Path(script)
    return script if script.is_absolute() else DIFFSCRIPTS / script


def engine_init(engine):
    """Real path of the ``__init__.py`` that identifies ``engine``."""
    return os.path.realpath(os.path.join(engine_dir(engine), ENGINE_MODULE[engine],
                                         "__init__.py"))


def check_engine(result, engine, name="script"):
    """Raise :class:`EngineMismatch` unless ``result`` was made by ``engine``.

    The launcher's report (``meta.engine``) must name the engine module's
    ``__init__.py`` in ``engine_dir(engine)``; so must ``meta.bt_file`` when
    the script recorded one; an oracle's distribution version must match.
    """
    module = ENGINE_MODULE[engine]
    want = engine_init(engine)
    meta = result.get("meta") if isinstance(result, dict) else None
    report = (meta or {}).get("engine") or {}
    if report.get("name") != engine:
        raise EngineMismatch("%s: result is labelled engine %r, expected %r"
                             % (name, report.get("name"), engine))
    files = [("launcher", report.get("file"))]
    if "bt_file" in meta and module == "backtrader":
        files.append(("script", meta["bt_file"]))
    for who, got in files:
        if not got:
            raise EngineMismatch("%s did not import %s (expected %s)" % (name, module, want))
        if os.path.realpath(got) != want:
            raise EngineMismatch("%s imported %s from %s (%s report), expected the %s "
                                 "engine at %s" % (name, module, got, who, engine, want))
    if engine in ORACLES and report.get("dist_version") != _version(engine):
        raise EngineMismatch("%s ran %s version %r, expected %s"
                             % (name, module, report.get("dist_version"), _version(engine)))


def _load_arrays(path):
    import numpy as np
    with np.load(path, allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def arrays_digest(arrays):
    """Digest of a dict of numpy arrays: names, dtypes, shapes and bytes."""
    import numpy as np
    h = hashlib.sha256()
    for name in sorted(arrays):
        arr = np.asarray(arrays[name])
        h.update(json.dumps([name, arr.dtype.str, arr.shape]).encode() + b"\0")
        h.update(arr.tobytes())
    return h.hexdigest()


def run_script(script, engine, mode=None, args=(), timeout=600, env=None,
               capture_stdout=False, arrays=False):
    """Run ``script`` under ``engine`` and return its JSON result (a dict).

    See the module docstring for the contract; ``args`` are extra command
    line arguments (e.g. ``["--datadir", path]``), ``env`` extra environment.
    With ``capture_stdout`` the script gets no ``--out`` and the result is
    ``{"stdout": what it printed, "meta": ...}``.  With ``arrays`` the script
    gets ``--arrays FILE`` for its ``numpy.savez`` output, returned loaded
    as ``result["arrays"]``.
    """
    script = _script_path(script)
    if engine not in ENGINES:
        raise ValueError("engine must be one of %s, not %r" % (ENGINES, engine))
    with tempfile.TemporaryDirectory(prefix="btdiff-run-") as tmp:
        out = os.path.join(tmp, "result.json")
        report = os.path.join(tmp, "engine.json")
        npz = os.path.join(tmp, "arrays.npz")
        cmd = python_cmd(LAUNCHER, ["--capture"] * bool(capture_stdout)
                         + [report, ENGINE_MODULE[engine], script]
                         + mode_args(mode) + list(args)
                         + ["--arrays", npz] * bool(arrays) + ["--out", out])
        proc = subprocess.run(cmd, cwd=tmp, env=engine_env(engine, env),
                              capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0 or not os.path.exists(out):
            raise ScriptError("%s failed under %s (exit %s), mode %s:\n%s"
                              % (script.name, engine, proc.returncode, mode,
                                 proc.stderr[-4000:]))
        with open(out) as fh:
            result = json.load(fh)
        with open(report) as fh:
            launched = json.load(fh)
        if arrays:
            if not os.path.exists(npz):
                raise ScriptError("%s wrote no arrays to --arrays FILE under %s"
                                  % (script.name, engine))
            loaded = _load_arrays(npz)
    if not isinstance(result, dict):
        raise ScriptError("%s wrote a %s, not a JSON object" % (script.name,
                                                                type(result).__name__))
    launched["name"] = engine
    result.setdefault("meta", {})["engine"] = launched
    check_engine(result, engine, script.name)
    if arrays:
        result["arrays"] = loaded
    return result


# ------------------------------------------------------------------ caching
def cache_dir():
    """Folder of cached oracle results (``$BT_DIFF_CACHE``)."""
    default = Path.home() / ".cache" / "bt-upstream" / "results"
    return Path(os.environ.get("BT_DIFF_CACHE") or default).expanduser()


def fingerprint(engine, env=None):
    """Everything besides the script and its inputs that can change a result."""
    edir = Path(engine_dir(engine)).resolve()
    libs = {}
    for name in KEY_LIBRARIES:
        try:
            libs[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libs[name] = None
    merged = dict(os.environ)
    merged.update(env or {})
    return {
        "engine": engine,
        "version": _version(engine) if engine in ORACLES else None,
        "install": str(edir),
        "dists": sorted(p.name for p in edir.glob("*.dist-info")),
        "python": sys.version,
        "executable": sys.executable,
        "libraries": libs,
        "env": {k: v for k, v in sorted(merged.items())
                if k.startswith(RESULT_ENV_PREFIXES) and k not in CONTROL_VARS},
    }


def _digest(*parts):
    h = hashlib.sha256()
    for part in parts:
        if not isinstance(part, bytes):
            part = json.dumps(part, sort_keys=True).encode()
        h.update(part + b"\0")
    return h.hexdigest()[:32]


def cache_key(script, mode=None, args=(), engine="upstream", key_data=None, env=None,
              capture_stdout=False, arrays=False):
    """Key of a :func:`run_cached` result (see the module docstring)."""
    script = _script_path(script)
    helpers = set(script.parent.glob("_*.py")) | set(DIFFSCRIPTS.glob("_*.py"))
    files = [path.name.encode() + b"\0" + path.read_bytes()
             for path in [script] + sorted(helpers)]
    return script.stem + "-" + _digest(fingerprint(engine, env), *files, {
        "mode": mode or {}, "args": list(args), "data": key_data, "env": env or {},
        "stdout": bool(capture_stdout), "arrays": bool(arrays)})


def use_cache():
    """``(read, write)``: whether cached results may be read and written."""
    if os.environ.get("BT_DIFF_NOCACHE") == "1":
        return False, False
    return os.environ.get("BT_DIFF_REFRESH") != "1", True


def store(path, result):
    """Write ``result`` to the cache file ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp%d" % os.getpid())
    with open(tmp, "w") as fh:
        json.dump(result, fh)
    os.replace(tmp, path)


def _store_arrays(path, arrays):
    import numpy as np
    tmp = path.with_suffix(".tmp%d" % os.getpid())
    with open(tmp, "wb") as fh:
        np.savez(fh, **arrays)
    os.replace(tmp, path)


def run_cached(script, engine, mode=None, args=(), cache_args=(), timeout=600,
               env=None, key_data=None, capture_stdout=False, arrays=False):
    """Like :func:`run_script`; results of oracle engines are cached on disk.

    ``cache_args`` are the arguments that matter for the key; paths to
    temporary data folders go in ``args`` only, and the content the script
    reads from them, unless it is a pure function of the hashed helpers, in
    ``key_data``.  A cache hit passes the same engine check as a fresh run
    (and, with ``arrays``, the digest check of its ``.npz``).
    """
    read, write = use_cache()
    run_args = (script, engine, mode, list(args) + list(cache_args), timeout, env,
                capture_stdout, arrays)
    if engine not in ORACLES or not (read or write):
        return run_script(*run_args)
    path = cache_dir() / (cache_key(script, mode, cache_args, engine, key_data, env,
                                    capture_stdout, arrays) + ".json")
    npz = path.with_suffix(".npz")
    if read and path.exists() and (not arrays or npz.exists()):
        with open(path) as fh:
            result = json.load(fh)
        name = "cached %s" % path.name
        check_engine(result, engine, name)
        if arrays:
            want = result["meta"].get("arrays_digest")
            result["arrays"] = _load_arrays(npz)
            if not want or arrays_digest(result["arrays"]) != want:
                raise EngineMismatch("%s: the arrays in %s do not match the record's "
                                     "digest %r" % (name, npz.name, want))
        return result
    result = run_script(*run_args)
    if arrays:
        result["meta"]["arrays_digest"] = arrays_digest(result["arrays"])
    if write:
        record = dict(result)
        if arrays:
            path.parent.mkdir(parents=True, exist_ok=True)
            _store_arrays(npz, record.pop("arrays"))
        store(path, record)
    return result
