"""DaySplitter_Close: a daily bar as two ticks for replay."""
import datetime as _dt

from backtrader.metabase import ParamsBase

__all__ = ['DaySplitter_Close']


class DaySplitter_Close(ParamsBase):
    """Splits each daily bar into two ticks, meant for ``cerebro.replaydata``:

      - at the session start: open, high, low and as close the mean of those
        three; volume ``int(volume * (1 - closevol))``
      - at the session end: the close as all four prices, the rest of the
        volume

    Both ticks keep the bar's open interest.

    Params:
      - ``closevol`` (0.5): the share (0..1) of the volume given to the close tick
    """
    params = (('closevol', 0.5),)

    def __init__(self, data):
        self._day = None

    def __call__(self, data):
        day = data.datetime.date()
        if day == self._day:        # our own close tick coming back: let it pass
            return False
        self._day = day
        bar = [line[0] for line in data.itersize()]
        first, second = list(bar), list(bar)
        o, h, lo, c, vol = (bar[data.Open], bar[data.High], bar[data.Low],
                            bar[data.Close], bar[data.Volume])
        first[data.Close] = (o + h + lo) / 3.0
        first[data.Volume] = vfirst = int(vol * (1.0 - self.p.closevol))
        first[data.DateTime] = data.date2num(_dt.datetime.combine(day, data.p.sessionstart))
        second[data.Open] = second[data.High] = second[data.Low] = c
        second[data.Volume] = vol - vfirst
        second[data.DateTime] = data.date2num(_dt.datetime.combine(day, data.p.sessionend))
        data.backwards(force=True)
        data._add2stack(first)
        data._add2stack(second, stash=True)     # loaded again on the next round
        return False
