"""Data feeds (``backtrader.feeds``): the same names as upstream."""
from .csvbase import CSVDataBase, CSVFeedBase
from .csvgeneric import *
from .btcsv import *
from .yahoo import *
from .pandafeed import *
from .tickcsv import *
