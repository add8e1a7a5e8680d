"""Compare two recorded scenario results (see ``tests/diffscripts/_record.py``).

Rules:

- ints, strings, bools and ``None`` must be equal, and of the same kind
  (``10`` and ``10.0`` differ, as they print differently);
- under a key listed in ``loose_keys`` (default ``("ind",)``: per-bar
  indicator values) a bool, an int and a float compare as numbers, because
  upstream keeps the Python object it was given when ``exactbars`` >= 1 (a
  CrossOver then reads back ``0`` instead of ``0.0``, a comparison ``True``);
- floats are equal within a relative tolerance (default ``1e-9``) plus a tiny
  absolute tolerance for values that should be zero; NaN equals NaN (the
  recorder writes NaN as ``null``, so both sides are ``None`` by then);
- lists (order / trade / bar sequences) must have the same length and equal
  items in the same order;
- dicts must have the same keys.

:func:`first_difference` returns a readable message for the first mismatch
(or ``None``); :func:`assert_same` raises ``AssertionError`` with it.
"""
import json
import math

REL_TOL = 1e-9
ABS_TOL = 1e-12
IGNORED_KEYS = ("meta",)
LOOSE_KEYS = ("ind",)


class _Diff(Exception):
    def __init__(self, path, message):
        super().__init__(message)
        self.path = path
        self.message = message


def _kind(x):
    if x is None:
        return "null"
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return "int"
    if isinstance(x, float):
        return "float"
    if isinstance(x, str):
        return "str"
    if isinstance(x, dict):
        return "dict"
    if isinstance(x, (list, tuple)):
        return "list"
    return type(x).__name__


def floats_equal(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL):
    """True if two floats match within tolerance; NaN equals NaN."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def _fmt_path(path):
    out = ""
    for p in path:
        out += "[%d]" % p if isinstance(p, int) else ("." + p if out else p)
    return out or "<root>"


def _walk(a, b, path, rel_tol, abs_tol, ignore, loose_keys, loose=False):
    ka, kb = _kind(a), _kind(b)
    if loose and ka != kb and {ka, kb} <= {"bool", "int", "float"}:
        a, b, ka, kb = float(a), float(b), "float", "float"
    if ka != kb:
        raise _Diff(path, "type differs: %s %r != %s %r" % (ka, a, kb, b))
    if ka == "float":
        if not floats_equal(a, b, rel_tol, abs_tol):
            rel = abs(a - b) / max(abs(a), abs(b)) if (a or b) else 0.0
            raise _Diff(path, "%r != %r (rel diff %.3g)" % (a, b, rel))
    elif ka == "dict":
        keys_a = set(a) - set(ignore)
        keys_b = set(b) - set(ignore)
        if keys_a != keys_b:
            raise _Diff(path, "keys differ: only left %s, only right %s"
                        % (sorted(keys_a - keys_b), sorted(keys_b - keys_a)))
        for k in sorted(keys_a):
            _walk(a[k], b[k], path + [k], rel_tol, abs_tol, (), loose_keys,
                  loose or k in loose_keys)
    elif ka == "list":
        for i, (x, y) in enumerate(zip(a, b)):
            _walk(x, y, path + [i], rel_tol, abs_tol, (), loose_keys, loose)
        if len(a) != len(b):
            i = min(len(a), len(b))
            extra = a[i] if len(a) > len(b) else b[i]
            side = "left" if len(a) > len(b) else "right"
            raise _Diff(path + [i], "length differs: %d != %d; first extra item "
                        "(%s): %s" % (len(a), len(b), side, _short(extra)))
    elif a != b:
        raise _Diff(path, "%r != %r" % (a, b))


def _short(x, limit=600):
    text = json.dumps(x, sort_keys=True, default=repr)
    return text if len(text) <= limit else text[:limit] + "..."


def first_difference(left, right, rel_tol=REL_TOL, abs_tol=ABS_TOL,
                     ignore=IGNORED_KEYS, loose_keys=LOOSE_KEYS,
                     names=("upstream", "ours")):
    """Message describing the first difference, or ``None`` if equal.

    The message names the path (e.g. ``orders[12].executed.price``), both
    values, and shows the whole top-level record (the order, trade or bar)
    on each side for context.
    """
    try:
        _walk(left, right, [], rel_tol, abs_tol, ignore, loose_keys)
    except _Diff as d:
        lines = ["first difference at %s: %s" % (_fmt_path(d.path), d.message),
                 "(left = %s, right = %s)" % names]
        if len(d.path) >= 2 and isinstance(d.path[1], int):
            key, idx = d.path[0], d.path[1]
            for name, side in zip(names, (left, right)):
                seq = side.get(key, []) if isinstance(side, dict) else []
                item = seq[idx] if idx < len(seq) else "<missing>"
                lines.append("  %s %s[%d]: %s" % (name, key, idx, _short(item)))
        return "\n".join(lines)
    return None


def assert_same(left, right, **kwargs):
    """Raise ``AssertionError`` with a readable message if results differ."""
    msg = first_difference(left, right, **kwargs)
    if msg is not None:
        raise AssertionError(msg)
