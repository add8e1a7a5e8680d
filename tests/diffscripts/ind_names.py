"""Differential scenario: the public names of ``backtrader.indicators`` and the
declarations of every indicator class (module, params and defaults, lines,
aliases, plotinfo, plotlines), as JSON. Engine-agnostic."""
import argparse
import inspect
import os
import sys
import types

import backtrader as bt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ind_values import write_result  # noqa: E402


def _default(value):
    """A JSON form of a param default (classes by the name they extend)."""
    if inspect.isclass(value):
        while getattr(value, 'aliased', '') and value.__bases__:
            value = value.__bases__[0]
        return 'class:' + value.__name__
    if callable(value):
        return 'callable'
    if isinstance(value, (list, tuple)):
        return [_default(v) for v in value]
    return value


def _info(obj):
    try:
        return {k: _default(v) for k, v in obj._getitems()}
    except AttributeError:
        return {}


def describe(cls):
    plotlines = {}
    for key, val in cls.plotlines._getitems():
        plotlines[key] = _info(val) if hasattr(val, '_getitems') else _default(val)
    return {
        'module': cls.__module__.replace('backtrader.indicators.', ''),
        'params': [[k, _default(v)] for k, v in cls.params._getitems()],
        'lines': list(cls.lines.getlinealiases()),
        'plotinfo': _info(cls.plotinfo),
        'plotlines': plotlines,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=None)
    opts = ap.parse_args()
    scope = {}
    exec('from backtrader.indicators import *', scope)
    names = sorted(n for n in scope if not n.startswith('_'))
    kinds, classes = {}, {}
    for name in names:
        obj = scope[name]
        if isinstance(obj, types.ModuleType):
            kinds[name] = 'module'
        elif inspect.isclass(obj) and issubclass(obj, bt.Indicator):
            kinds[name] = 'indicator'
            classes[name] = describe(obj)
        elif inspect.isclass(obj):
            kinds[name] = 'class'
        else:
            kinds[name] = 'other'
    write_result({'kinds': kinds, 'classes': classes}, opts.out)


if __name__ == '__main__':
    main()
