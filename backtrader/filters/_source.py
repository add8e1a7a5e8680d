"""The base of the filters that are feeds of their own reading another feed."""
from backtrader.feed import AbstractDataBase


class SourceFeed(AbstractDataBase):
    """A feed whose ``dataname`` is another data: it takes over the source's
    time frame and compression and reads the source bar by bar."""

    def _source(self):
        """The source, started (and preloaded) on first use."""
        src = self.p.dataname
        if not isinstance(src, AbstractDataBase):
            raise TypeError('%s: param dataname must be a data feed, got %r'
                            % (type(self).__name__, src))
        if not src._started or not len(src) and not src.buflen():
            src._start()
        self.p.timeframe = self._timeframe = src._timeframe
        self.p.compression = self._compression = src._compression
        return src

    def preload(self):
        src = self._source()
        if len(src) == src.buflen():    # not preloaded by anyone yet
            src.preload()
            src.home()
        AbstractDataBase.preload(self)

    def _copy_source_bar(self):
        """The source's current bar becomes ours (stamp to the nanosecond)."""
        src = self.p.dataname
        for line, sline in zip(self.lines.itersize(), src.lines.itersize()):
            line[0] = sline[0]
        self.lines.datetime.set_ns(src.lines.datetime.ns(0))
