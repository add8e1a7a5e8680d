"""DataFiller: a feed giving the bars of another feed plus the missing ones."""
import collections
import datetime as _dt

from backtrader.filters._source import SourceFeed
from backtrader.filters.session import intraday_step

__all__ = ['DataFiller']


class DataFiller(SourceFeed):
    """Reads the intraday feed given as ``dataname`` and adds a bar for every
    step of its time frame x compression missing between two of its bars.

    Across a session boundary the gap is filled up to the source's
    ``sessionend`` and from its next ``sessionstart``. A made bar has the
    previous delivered close as its four prices (or ``fill_price``).

    Params:
      - ``fill_price`` (None): OHLC of made bars; None (or 0) the last close
      - ``fill_vol`` (NaN), ``fill_oi`` (NaN): their volume and open interest

    (Upstream's DataFiller stops with a TypeError at the first bar it compares
    with the session end; this one fills as its documentation says.)
    """
    params = (
        ('fill_price', None),
        ('fill_vol', float('NaN')),
        ('fill_oi', float('NaN')),
    )

    def start(self):
        SourceFeed.start(self)
        self._fills = collections.deque()     # (stamp, price) of bars to make
        self._held = False                    # the source's bar waits behind fills
        self._step = None
        self._prevbar = None                  # (stamp, close) of our last bar

    def _load(self):
        src = self.p.dataname
        if self._step is None:
            src = self._source()
            self._step = intraday_step('DataFiller', src) * src._compression
        if self._fills:
            return self._make_bar(*self._fills.popleft())
        if self._held:              # the source's bar, after its fills
            self._held = False
        elif not src.next():
            return False
        elif self._prevbar is not None:
            self._find_gap(src)
            if self._fills:
                self._held = True
                return self._make_bar(*self._fills.popleft())
        self._copy_source_bar()
        self._prevbar = (src.datetime.datetime(0), self.lines.close[0])
        return True

    def _find_gap(self, src):
        """Queue the bars missing between our previous bar and the source's."""
        prev, close = self._prevbar
        now = src.datetime.datetime(0)
        step, fills = self._step, self._fills
        sessend = _dt.datetime.combine(prev.date(), src.p.sessionend)
        if now > sessend:
            edges = [(prev + step, sessend),
                     (_dt.datetime.combine(now.date(), src.p.sessionstart), now)]
        else:
            edges = [(prev + step, now)]
        for stamp, before in edges:
            while stamp < before:
                fills.append((stamp, close))
                stamp += step

    def _make_bar(self, stamp, price):
        price = self.p.fill_price or price
        lines = self.lines
        lines.datetime[0] = self.p.dataname.date2num(stamp)
        lines.open[0] = lines.high[0] = lines.low[0] = lines.close[0] = price
        lines.volume[0] = self.p.fill_vol
        lines.openinterest[0] = self.p.fill_oi
        return True
