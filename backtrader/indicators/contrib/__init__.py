"""Contributed indicators (``Vortex``), also reachable as ``bt.indicators.<name>``."""
from backtrader.indicators.contrib.vortex import *  # noqa: F401,F403
