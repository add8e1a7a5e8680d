"""Contributed studies (``Fractal``), also reachable as ``bt.studies.<name>``."""
from backtrader.studies.contrib.fractal import *  # noqa: F401,F403
