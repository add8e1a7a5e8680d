"""Renko: turn the bars into bricks of a fixed price size."""
from backtrader.flt import Filter

__all__ = ['Renko']


class Renko(Filter):
    """Delivers a Renko brick each time the price leaves the current brick by
    a whole brick size; other bars are removed.

    A brick up goes from the top of the last brick to one size above it (open
    and low at its bottom, high and close at its top); a brick down is the
    mirror (open and low at its top, high and close at its bottom, as upstream
    writes it). Bricks carry volume and open interest 0.

    Params:
      - ``hilo`` (False): test the high and the low instead of the close
      - ``size`` (None): the brick size; None derives it from ``autosize``
      - ``autosize`` (20.0): size = floor(first aligned open / autosize)
      - ``dynamic`` (False): with ``autosize``, recompute the size from the
        close at each new brick (and align its far edge)
      - ``align`` (1.0): prices of the first brick (and dynamic edges) are
        rounded to a multiple of this
      - ``roundstart`` (True): truncate the first brick's centre to an integer
    """
    params = (
        ('hilo', False),
        ('size', None),
        ('autosize', 20.0),
        ('dynamic', False),
        ('align', 1.0),
        ('roundstart', True),
    )

    def _aligned(self, price):
        return round(price / self.p.align, 0) * self.p.align

    def nextstart(self, data):
        centre = self._aligned(data.open[0])
        self._size = self.p.size or float(centre // self.p.autosize)
        if self.p.roundstart:
            centre = int(centre)
        self._top, self._bot = centre + self._size, centre - self._size

    def _far_edge(self, data, edge, direction):
        """The other edge of a new brick starting at ``edge`` (direction +1 up, -1 down)."""
        if self.p.size is None and self.p.dynamic:
            self._size = float(data.close[0] // self.p.autosize)
            return self._aligned(edge + direction * self._size)
        return edge + direction * self._size

    def next(self, data):
        if self.p.hilo:
            up, down = data.high[0], data.low[0]
        else:
            up = down = data.close[0]
        if up >= self._top:
            start = self._bot = self._top
            end = self._top = self._far_edge(data, start, 1)
        elif down <= self._bot:
            start = self._top = self._bot
            end = self._bot = self._far_edge(data, start, -1)
        else:
            data.backwards()
            return True
        data.open[0] = data.low[0] = start
        data.high[0] = data.close[0] = end
        data.volume[0] = data.openinterest[0] = 0.0
        return False
