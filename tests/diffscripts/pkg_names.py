"""The public names of ``backtrader``, ``backtrader.feeds`` and
``backtrader.stores`` on the engine that runs it, each with whether it is the
package's own (defined in backtrader, a backtrader module or a plain
constant) or only something of the standard library that leaks through a
star import (a stdlib module, a ``__future__`` feature, a builtin or stdlib
class or function)."""
import argparse
import importlib
import json
import types


def _own(obj):
    if isinstance(obj, types.ModuleType):
        return obj.__name__.split('.')[0] == 'backtrader'
    if type(obj).__name__ == '_Feature':         # from __future__ import ...
        return False
    if isinstance(obj, (type, types.FunctionType, types.BuiltinFunctionType)):
        return (getattr(obj, '__module__', '') or '').split('.')[0] == 'backtrader'
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    opts = ap.parse_args()
    result = {}
    for pkg in ('backtrader', 'backtrader.feeds', 'backtrader.stores'):
        mod = importlib.import_module(pkg)
        result[pkg] = {n: _own(getattr(mod, n)) for n in dir(mod) if not n.startswith('_')}
    with open(opts.out, 'w') as fh:
        json.dump(result, fh)


if __name__ == '__main__':
    main()
