"""``Chainer``: several datas of one instrument delivered as one, in turn."""
from backtrader import feed

__all__ = ['Chainer']


def copy_current_bar(dst, src):
    """Write ``src``'s current bar into ``dst``'s (the lines they share by
    position; the stamp with its exact nanoseconds)."""
    dlines, slines = dst.lines, src.lines
    dtline = dlines.datetime
    for i in range(min(dst.size(), src.size())):
        if dlines[i] is not dtline:
            dlines[i][0] = slines[i][0]
    dtline.set_ns(slines.datetime.ns(0))


class Chainer(feed.DataBase):
    """Delivers the bars of ``Chainer(data0, data1, ...)`` one data after
    the other, skipping bars not later than the last one delivered (where the
    files overlap). Takes timeframe and compression from the first data.
    Like upstream it reports itself live, so Cerebro neither preloads nor
    runs in once mode."""

    def __init__(self, *args):
        self._args = args
        if args:
            self.p.timeframe = args[0]._timeframe
            self.p.compression = args[0]._compression

    def islive(self):
        """True: the chained datas are loaded bar by bar."""
        return True

    def _gettz(self):
        if self._args:
            return self._args[0]._gettz()
        return super(Chainer, self)._gettz()

    def start(self):
        super(Chainer, self).start()
        for d in self._args:
            d.setenvironment(self._env)
            d._start()
        self._queue = list(self._args)
        self._chainedns = None

    def stop(self):
        super(Chainer, self).stop()
        for d in self._args:
            d.stop()

    def get_notifications(self):
        return self._queue[0].get_notifications() if self._queue else []

    def _load(self):
        queue = self._queue
        while queue:
            src = queue[0]
            if not src.next():
                queue.pop(0)
                continue
            ns = src.lines.datetime.ns(0)
            if self._chainedns is not None and ns <= self._chainedns:
                continue
            self._chainedns = ns
            copy_current_bar(self, src)
            return True
        return False
