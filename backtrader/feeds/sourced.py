"""The base of feeds that deliver the bars of other datas (``Chainer``, ``RollOver``)."""
from backtrader import feed

__all__ = ['SourcedData', 'copy_current_bar']


def copy_current_bar(dst, src):
    """Write ``src``'s current bar into ``dst``'s (the lines they share by
    position; the stamp with its exact nanoseconds)."""
    dlines, slines = dst.lines, src.lines
    dtline = dlines.datetime
    for i in range(min(dst.size(), src.size())):
        if dlines[i] is not dtline:
            dlines[i][0] = slines[i][0]
    dtline.set_ns(slines.datetime.ns(0))


class SourcedData(feed.DataBase):
    """A feed made of the datas given as positional arguments (``_sources``): it
    takes timeframe, compression and time zone from the first, starts and stops
    them with itself, and reports itself live as upstream's such feeds do, so
    Cerebro neither preloads nor runs in once mode."""

    def __init__(self, *sources):
        self._sources = sources
        if sources:
            self.p.timeframe = sources[0]._timeframe
            self.p.compression = sources[0]._compression

    def islive(self):
        """True: the sources are loaded bar by bar."""
        return True

    def _gettz(self):
        if self._sources:
            return self._sources[0]._gettz()
        return super(SourcedData, self)._gettz()

    def start(self):
        super(SourcedData, self).start()
        for d in self._sources:
            d.setenvironment(self._env)
            d._start()

    def stop(self):
        super(SourcedData, self).stop()
        for d in self._sources:
            d.stop()
