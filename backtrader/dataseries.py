"""Time frames and the standard OHLC + datetime line layout of feeds."""
from collections import OrderedDict

from backtrader.lineseries import LineSeries

__all__ = ['TimeFrame', 'DataSeries', 'OHLC', 'OHLCDateTime', 'SimpleFilterWrapper']


class TimeFrame(object):
    """Time frame constants; ``Ticks`` is the finest (one event per step)."""
    (Ticks, MicroSeconds, Seconds, Minutes,
     Days, Weeks, Months, Years, NoTimeFrame) = range(1, 10)

    Names = ['', 'Ticks', 'MicroSeconds', 'Seconds', 'Minutes',
             'Days', 'Weeks', 'Months', 'Years', 'NoTimeFrame']
    names = Names

    @classmethod
    def getname(cls, tframe, compression=None):
        name = cls.Names[tframe]
        if compression > 1 or tframe == cls.Years:
            return name
        return name[:-1]   # singular

    @classmethod
    def TFrame(cls, name):
        return getattr(cls, name)

    @classmethod
    def TName(cls, tframe):
        return cls.Names[tframe]


class DataSeries(LineSeries):
    """A line series carrying a name, a time frame and a compression."""
    plotinfo = dict(plot=True, plotind=True, plotylimited=True)

    _name = ''
    _compression = 1
    _timeframe = TimeFrame.Days

    Close, Low, High, Open, Volume, OpenInterest, DateTime = range(7)
    LineOrder = [DateTime, Open, High, Low, Close, Volume, OpenInterest]

    def getwriterheaders(self):
        headers = [self._name, 'len']
        headers.extend(self._getlinealias(i) for i in self.LineOrder)
        headers.extend(self.getlinealiases()[len(self.LineOrder):])
        return headers

    def getwritervalues(self):
        n = len(self)
        values = [self._name, n]
        if n:
            values.append(self.datetime.datetime(0))
            values.extend(self.lines[i][0] for i in self.LineOrder[1:])
            values.extend(self.lines[i][0]
                          for i in range(len(self.LineOrder), self.lines.size()))
        else:
            values.extend([''] * self.lines.size())
        return values

    def getwriterinfo(self):
        info = OrderedDict()
        info['Name'] = self._name
        info['Timeframe'] = TimeFrame.TName(self._timeframe)
        info['Compression'] = self._compression
        return info


class OHLC(DataSeries):
    lines = ('close', 'low', 'high', 'open', 'volume', 'openinterest',)


class OHLCDateTime(OHLC):
    lines = (('datetime'),)


class SimpleFilterWrapper(object):
    """Turns a filter callable (True: drop the bar) into a data processor."""

    def __init__(self, data, ffilter, *args, **kwargs):
        if isinstance(ffilter, type):
            ffilter = ffilter(data, *args, **kwargs)
            args, kwargs = [], {}
        self.ffilter = ffilter
        self.args = args
        self.kwargs = kwargs

    def __call__(self, data):
        if self.ffilter(data, *self.args, **self.kwargs):
            data.backwards()
            return True
        return False
