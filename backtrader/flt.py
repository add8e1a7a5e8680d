"""``bt.Filter``: a base for stateful bar filters with params.

A filter object is called with the data for every bar it loads. This base
splits the call in two: ``nextstart(data)`` runs on the first bar only, then
``next(data)`` on every bar (the first included). Whatever ``next`` returns is
the filter's answer (True: the bar was taken out of the data).
"""
from backtrader.metabase import MetaParams, ParamsBase

__all__ = ['Filter', 'MetaFilter']


class MetaFilter(MetaParams):
    """The metaclass of filters (params as for any backtrader object)."""


class Filter(ParamsBase):
    """Base filter: override ``next`` (and ``nextstart`` for a first-bar setup)."""

    _firsttime = True

    def __init__(self, data):
        pass

    def __call__(self, data):
        if self._firsttime:
            self._firsttime = False
            self.nextstart(data)
        return self.next(data)

    def nextstart(self, data):
        """Called with the first bar, before ``next``."""

    def next(self, data):
        """Called with every bar; return True when the bar was removed."""
