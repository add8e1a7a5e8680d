"""HeikinAshi: rewrite each bar as a Heikin-Ashi candle."""

__all__ = ['HeikinAshi']


class HeikinAshi(object):
    """Replaces the prices of every bar by its Heikin-Ashi candle:

      - close: (open + high + low + close) / 4
      - open: the mean of the previous candle's open and close
        (the first bar: of its own open and close)
      - high / low: the extremes of the bar's high / low and the candle's
        open and close (the first bar keeps its high and low)
    """

    def __init__(self, data):
        pass

    def __call__(self, data):
        o, h, lo, c = data.open[0], data.high[0], data.low[0], data.close[0]
        hclose = (o + h + lo + c) / 4.0
        data.close[0] = hclose
        if len(data) < 2:
            data.open[0] = (o + c) / 2.0
            return False
        hopen = (data.open[-1] + data.close[-1]) / 2.0
        data.open[0] = hopen
        data.high[0] = max(hopen, hclose, h)
        data.low[0] = min(hopen, hclose, lo)
        return False
