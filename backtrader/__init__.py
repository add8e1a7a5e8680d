"""Drop-in, Cython-compiled replacement for backtrader 1.9.78.123.

``import backtrader as bt`` gives the same names as upstream: ``bt.Cerebro``,
``bt.Strategy``, ``bt.indicators``, ``bt.feeds``, ``bt.analyzers`` and so on.
"""
from backtrader.version import __version__, __btversion__
from backtrader.errors import *
from backtrader import errors as errors
from backtrader.utils import num2date, date2num, time2num, num2time
from backtrader.linebuffer import *
from backtrader.functions import *
from backtrader.order import *
from backtrader.comminfo import *
from backtrader.trade import *
from backtrader.position import *
from backtrader import broker as broker
from backtrader.broker import *
from backtrader.lineroot import *
from backtrader.lineseries import *
from backtrader.dataseries import *
from backtrader.feed import *
from backtrader.lineiterator import *
from backtrader.indicator import *
from backtrader.analyzer import *
from backtrader.observer import *
from backtrader.sizer import *
from backtrader.strategy import *
from backtrader.signal import *
from backtrader.cerebro import *
from backtrader.resamplerfilter import *
from backtrader.flt import *
from backtrader.timer import *
from backtrader.tradingcal import *
from backtrader.writer import WriterBase, WriterFile, WriterStringIO
from backtrader import utils as utils
from backtrader import feeds as feeds
from backtrader import indicators as indicators
from backtrader import indicators as ind
from backtrader import observers as observers
from backtrader import observers as obs
from backtrader import analyzers as analyzers
from backtrader import commissions as commissions
from backtrader import commissions as comms
from backtrader import sizers as sizers
from backtrader import brokers as brokers
from backtrader.sizers import SizerFix
from backtrader.store import Store
from backtrader.brokers import BackBroker
# module-level names upstream's package exposes (scripts use them as bt.X)
from backtrader.metabase import MetaParams, AutoInfoClass, ItemCollection, findowner
from backtrader.lineseries import LineAlias, Lines_LineSeries, Lines_LineSeries_LineSeriesStub
from backtrader.lineiterator import MultiCoupler, SingleCoupler
from backtrader.utils.autodict import AutoDictList, DotDict
from backtrader.utils.dateintern import tzparse
from backtrader.utils.py3 import (MAXINT, cmp, integer_types, iteritems, itervalues, keys,
                                  string_types, with_metaclass)


_LAZY_ALIASES = {'strats': 'strategies'}


def __getattr__(name):
    # bt.hft is loaded on first use: it is not part of upstream and start-up stays fast without it
    if name == 'hft':
        import backtrader.hft as hft
        return hft
    if name == 'studies':       # bt.studies (Fractal): loaded on first use too
        import backtrader.studies as studies
        return studies
    if name in ('strategies', 'strats', 'signals', 'talib'):   # loaded on first use
        import importlib
        return importlib.import_module('backtrader.' + _LAZY_ALIASES.get(name, name))
    if name == 'stores':       # bt.stores: loaded on first use
        import backtrader.stores as stores
        return stores
    if name in ('bt', 'backtrader'):     # upstream's package names itself too
        import sys
        return sys.modules[__name__]
    if name == 'filters':      # bt.filters: loaded on first use
        import backtrader.filters as filters
        return filters
    if name == 'plot':          # bt.plot imports matplotlib: loaded on first use
        import backtrader.plot as plot
        return plot
    raise AttributeError("module 'backtrader' has no attribute %r" % name)
