"""Data feeds (``backtrader.feeds``): the same names as upstream."""
import importlib as _importlib

from .csvbase import CSVDataBase, CSVFeedBase
from .csvgeneric import *
from .btcsv import *
from .yahoo import *
from .pandafeed import *
from .tickcsv import *


# feeds that need a third-party package may fail to import, as upstream
_NEEDS_EXTRAS = ('ibdata', 'vcdata', 'oanda')


def _optional(module, names=None):
    """Import the names of feed ``module`` of this package, if it exists."""
    try:
        mod = _importlib.import_module('.' + module, __name__)
    except ModuleNotFoundError as exc:
        if exc.name == __name__ + '.' + module or module in _NEEDS_EXTRAS:
            return
        raise
    except ImportError:
        if module in _NEEDS_EXTRAS:
            return
        raise
    public = names or getattr(mod, '__all__', None) or [
        n for n in dir(mod)
        if not n.startswith('_') and not isinstance(getattr(mod, n), type(_importlib))]
    g = globals()
    for n in public:
        g[n] = getattr(mod, n)


for _mod, _names in (('vchartcsv', None), ('vchart', None), ('quandl', None),
                     ('sierrachart', None), ('mt4csv', None), ('influxfeed', None),
                     ('ibdata', None), ('vcdata', None), ('oanda', ['OandaData']),
                     ('vchartfile', ['VChartFile']), ('rollover', ['RollOver']),
                     ('chainer', ['Chainer'])):
    _optional(_mod, _names)
del _mod, _names
