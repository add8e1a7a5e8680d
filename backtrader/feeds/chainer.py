"""``Chainer``: several datas of one instrument delivered as one, in turn."""
from .sourced import SourcedData, copy_current_bar

__all__ = ['Chainer']


class Chainer(SourcedData):
    """Delivers the bars of ``Chainer(data0, data1, ...)`` one data after
    the other, skipping bars not later than the last one delivered (where the
    files overlap). Takes timeframe and compression from the first data.
    Like upstream it reports itself live, so Cerebro neither preloads nor
    runs in once mode."""

    def start(self):
        super(Chainer, self).start()
        self._queue = list(self._sources)
        self._chainedns = None

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
