"""DataFilter: a feed showing only the bars of another feed a function accepts."""
from backtrader.filters._source import SourceFeed

__all__ = ['DataFilter']


class DataFilter(SourceFeed):
    """Reads the feed given as ``dataname`` and keeps the bars for which
    ``funcfilter(source)`` is true (it sees the source on the bar).

    Params:
      - ``funcfilter`` (None): the callable deciding; it is required
    """
    params = (('funcfilter', None),)

    def __init__(self):
        if not callable(self.p.funcfilter):
            raise TypeError('DataFilter: param funcfilter must be a callable, got %r'
                            % (self.p.funcfilter,))

    def _load(self):
        src = self.p.dataname if len(self.p.dataname) else self._source()
        accept = self.p.funcfilter
        while src.next():
            if accept(src):
                self._copy_source_bar()
                return True
        return False
