"""Stores (``backtrader.stores``): ``VChartFile`` (Visual Chart files on disk).

Live broker stores (Interactive Brokers, Oanda, Visual Chart's COM server)
need their vendors' client libraries and a network and are not part of this
build; third-party packages subclass :class:`backtrader.Store`.
"""
from backtrader.store import Store, MetaSingleton
from .vchartfile import VChartFile
from . import vchartfile
