"""BarReplayer_Open: each bar first as its open, then whole."""

__all__ = ['BarReplayer_Open', 'DayStepsFilter']


class BarReplayer_Open(object):
    """Delivers every bar in two steps, a replay without the replayer:

      - a bar whose four prices are the open, with volume and open interest 0
      - then the complete bar (it replaces the open bar: the data's length
        grows once per input bar)

    The complete form of the last bar comes from ``last`` at the end of the data.
    """

    def __init__(self, data):
        self._pending = None        # the complete bar shown after its open
        data.resampling = 1
        data.replaying = True

    def __call__(self, data):
        bar = [line[0] for line in data.itersize()]
        data.backwards()
        opening = list(bar)
        opening[data.High] = opening[data.Low] = opening[data.Close] = bar[data.Open]
        opening[data.Volume] = opening[data.OpenInterest] = 0.0
        removed = self._pending is None
        if not removed:             # the previous bar, now complete, in the slot
            data._updatebar(self._pending)
        self._pending = bar
        data._add2stack(opening)
        return removed

    def last(self, data):
        """Put the last complete bar in place of its open bar; True if there was one."""
        if self._pending is None:
            return False
        data.backwards()
        data._add2stack(self._pending)
        self._pending = None
        return True


DayStepsFilter = BarReplayer_Open
