"""Run a script as ``__main__`` and report which engine module it imported.

``tests/upstream.py`` starts every scenario through this file::

    python -s -P _launch.py REPORT MODULE SCRIPT [ARGS...]

SCRIPT runs with ``sys.argv = [SCRIPT, ARGS...]``.  When it ends (normally
or not), REPORT receives ``{"module", "file", "dist_version"}``: the
``__file__`` of the module named MODULE as the script imported it (``null``
if it never did) and the version of the distribution of that name.

With ``--capture`` first, ARGS end in ``--out FILE``: the script runs
without these two and what it prints goes to FILE as ``{"stdout": text}``.
"""
import contextlib
import io
import json
import runpy
import sys


def main():
    capture = sys.argv[1] == "--capture"
    if capture:
        del sys.argv[1]
    report, module, script = sys.argv[1:4]
    args = sys.argv[4:]
    if capture:
        args, out = args[:-2], args[-1]
    sys.argv = [script] + args
    try:
        if capture:
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                runpy.run_path(script, run_name="__main__")
            with open(out, "w") as fh:
                json.dump({"stdout": buf.getvalue()}, fh)
        else:
            runpy.run_path(script, run_name="__main__")
    finally:
        mod = sys.modules.get(module)
        info = {"module": module, "file": getattr(mod, "__file__", None),
                "dist_version": None}
        if mod is not None:
            from importlib import metadata
            try:
                info["dist_version"] = metadata.version(module)
            except metadata.PackageNotFoundError:
                pass
        with open(report, "w") as fh:
            json.dump(info, fh)


main()
