"""Data feeds (``backtrader.feeds``): the same names as upstream."""
from .csvbase import CSVDataBase, CSVFeedBase
from .csvgeneric import *
from .btcsv import *
from .yahoo import *
from .pandafeed import *
from .tickcsv import *
from .mt4csv import *
from .sierrachart import *
from .vchartcsv import *
from .vchart import VChartData, VChartFeed
from .vchartfile import *
from .quandl import *
from .chainer import *
from .rollover import *
from .influxfeed import *
# names upstream's feeds package also exposes
from backtrader.feed import DataBase
from backtrader.dataseries import TimeFrame
from backtrader.metabase import MetaParams
from backtrader.utils import date2num, num2date
from backtrader.utils.py3 import with_metaclass, integer_types, string_types
from backtrader import feed
import backtrader as bt
