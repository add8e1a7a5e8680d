"""Visual Chart CSV exports.

A row is ``ticker,period,YYYYMMDD,HHMMSS,open,high,low,close,volume,oi``
where the period letter is ``I`` (intraday: the time field is the bar's
time), ``D``, ``W`` or ``M`` (the bar is stamped at ``sessionend`` without
its fraction of a second).
"""
import datetime

from backtrader._cy.timeconv import datetime_to_ns
from backtrader.dataseries import TimeFrame

from .csvbase import CSVDataBase, CSVFeedBase

__all__ = ['VChartCSVData', 'VChartCSV']

_PERIODS = {'I': TimeFrame.Minutes, 'D': TimeFrame.Days,
            'W': TimeFrame.Weeks, 'M': TimeFrame.Months}
_VALUE_LINES = ('open', 'high', 'low', 'close', 'volume', 'openinterest')


class VChartCSVData(CSVDataBase):
    """Reads a Visual Chart CSV export. The data takes its name from the
    ticker column (unless named) and its timeframe from the period column."""

    def _bad(self, field, text):
        return ValueError('%s: field %s: cannot read %r' % (self._where(), field, text))

    def _loadline(self, linetokens):
        if len(linetokens) < 10:
            raise ValueError('%s: %d fields, a Visual Chart row has 10'
                             % (self._where(), len(linetokens)))
        ticker, period, day, clock = linetokens[:4]
        if not self._name:
            self._name = ticker
        tf = _PERIODS.get(period)
        if tf is None:
            raise self._bad('period (I, D, W or M)', period)
        self._timeframe = tf
        try:
            ymd = int(day)
            date = datetime.date(ymd // 10000, ymd // 100 % 100, ymd % 100)
        except ValueError:
            raise self._bad('date (YYYYMMDD)', day) from None
        if period == 'I':
            try:
                hms = int(clock)
                tod = datetime.time(hms // 10000, hms // 100 % 100, hms % 100)
            except ValueError:
                raise self._bad('time (HHMMSS)', clock) from None
        else:       # the session end to the second (upstream drops its microseconds)
            tod = self.p.sessionend.replace(microsecond=0)
        lines = self.lines
        lines.datetime.set_ns(datetime_to_ns(datetime.datetime.combine(date, tod)))
        for name, text in zip(_VALUE_LINES, linetokens[4:10]):
            try:
                getattr(lines, name)[0] = float(text)
            except ValueError:
                raise self._bad(name, text) from None
        return True


class VChartCSV(CSVFeedBase):
    DataCls = VChartCSVData
