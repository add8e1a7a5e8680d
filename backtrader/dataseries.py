"""Time frames and the standard OHLC + datetime line layout of feeds."""
from collections import OrderedDict

from backtrader.lineseries import LineSeries

__all__ = ['TimeFrame', 'DataSeries', 'OHLC', 'OHLCDateTime', 'SimpleFilterWrapper']


class TimeFrame(object):
    """Time frame constants, numbered from 1 (``Names`` holds their names);
    ``Ticks`` is the finest: one event per step."""
    Names = ['', 'Ticks', 'MicroSeconds', 'Seconds', 'Minutes',
             'Days', 'Weeks', 'Months', 'Years', 'NoTimeFrame']
    names = Names
    (Ticks, MicroSeconds, Seconds, Minutes,
     Days, Weeks, Months, Years, NoTimeFrame) = range(1, len(Names))

    @classmethod
    def TName(cls, tframe):
        """The name of the constant ``tframe``."""
        return cls.Names[tframe]

    @classmethod
    def getname(cls, tframe, compression=None):
        """Name of ``tframe``: singular for a compression of 1 (``NoTimeFrame``
        keeps its name)."""
        plural = compression > 1 or tframe == cls.NoTimeFrame
        name = cls.TName(tframe)
        return name if plural else name[:-1]

    @classmethod
    def TFrame(cls, name):
        """The constant called ``name`` ('Days' gives ``TimeFrame.Days``)."""
        return getattr(cls, name)


class SimpleFilterWrapper(object):
    """Turns a filter callable (True: drop the bar) into a data processor."""

    def __init__(self, data, ffilter, *args, **kwargs):
        if isinstance(ffilter, type):   # a class: built once, with the arguments
            ffilter, args, kwargs = ffilter(data, *args, **kwargs), [], {}
        self.ffilter, self.args, self.kwargs = ffilter, args, kwargs

    def __call__(self, data):
        """Filter the current bar of ``data``; True when it was taken out."""
        drop = bool(self.ffilter(data, *self.args, **self.kwargs))
        if drop:
            data.backwards()
        return drop


class DataSeries(LineSeries):
    """A line series carrying a name, a time frame and a compression."""
    # the indices of the standard lines, and the order writers list them in
    Close, Low, High, Open, Volume, OpenInterest, DateTime = range(7)
    LineOrder = [DateTime, Open, High, Low, Close, Volume, OpenInterest]

    plotinfo = dict(plot=True, plotind=True, plotylimited=True)
    _name = ''
    _timeframe = TimeFrame.Days
    _compression = 1

    def getwriterheaders(self):
        """Writer columns: name, length, the standard lines, any extra lines."""
        standard = [self._getlinealias(i) for i in self.LineOrder]
        extra = list(self.getlinealiases()[len(self.LineOrder):])
        return [self._name, 'len'] + standard + extra

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
        """What a writer prints about the series: name, time frame, compression."""
        return OrderedDict([('Name', self._name),
                            ('Timeframe', TimeFrame.TName(self._timeframe)),
                            ('Compression', self._compression)])


class OHLC(DataSeries):
    """The price and volume lines of a bar."""
    lines = ('close', 'low', 'high', 'open', 'volume', 'openinterest',)


class OHLCDateTime(OHLC):
    """A bar's lines plus its time: the layout of every feed."""
    lines = (('datetime'),)

