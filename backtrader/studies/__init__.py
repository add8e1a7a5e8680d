"""Studies (``bt.studies``): indicators drawn over the chart, such as
``Fractal``; each module loads on first use."""
from backtrader.utils.lazyload import lazy_attributes

# upstream puts the contributed studies here too
__getattr__, __dir__, __all__ = lazy_attributes(globals(), {'contrib.fractal': ('Fractal',)},
                                                submodules=('contrib',))
