"""Helpers shared across the package: date conversion, auto-vivifying dicts.

The names are those of upstream's ``backtrader.utils``.
"""
from collections import OrderedDict
import sys

from .date import *
from .ordereddefaultdict import *
from .autodict import *
