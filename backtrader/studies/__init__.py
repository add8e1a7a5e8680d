"""Studies (``bt.studies``): indicators drawn over the chart, such as
``Fractal``; each module loads on first use."""
import importlib

# name -> module defining it (upstream puts the contributed studies here too)
_HOME = {'Fractal': 'backtrader.studies.contrib.fractal'}

__all__ = sorted(_HOME)


def __getattr__(name):
    if name == 'contrib':
        return importlib.import_module(__name__ + '.contrib')
    module = _HOME.get(name)
    if module is None:
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
