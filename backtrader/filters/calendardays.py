"""CalendarDays: make a bar for every calendar day missing between two bars."""
import datetime as _dt

from backtrader.metabase import ParamsBase
from backtrader.filters.session import fill_bar

__all__ = ['CalendarDays']

_DAY = _dt.timedelta(days=1)


class CalendarDays(ParamsBase):
    """Fills the calendar days (weekends, holidays) missing between bars.

    A made bar has the date of the missing day and the time of the bar after
    the gap; it is delivered before that bar.

    Params:
      - ``fill_price`` (None): a positive number is the OHLC of made bars;
        0 or None the previous bar's close; -1 the previous bar's
        (high + low) / 2
      - ``fill_vol`` (NaN), ``fill_oi`` (NaN): their volume and open interest
    """
    params = (('fill_price', None),
              ('fill_vol', float('NaN')),
              ('fill_oi', float('NaN')),)

    def __init__(self, data):
        fp = self.p.fill_price
        if fp is not None and fp < 0 and fp != -1:
            raise ValueError('CalendarDays: param fill_price must be None, 0, -1 or '
                             'a positive price, got %r' % (fp,))
        self._lastday = None

    def __call__(self, data):
        day = data.datetime.date()
        last, self._lastday = self._lastday, day
        if last is not None and day - last > _DAY:
            self._fill(data, last, day)
        return False

    def _price(self, data):
        fp = self.p.fill_price
        if not fp:
            return data.close[-1]
        if fp == -1:
            return (data.high[-1] + data.low[-1]) / 2.0
        return fp

    def _fill(self, data, last, day):
        price = self._price(data)
        tod = data.datetime.time(0)
        while last < day:       # the bar's own day too, as upstream does
            last += _DAY
            data._add2stack(fill_bar(data, _dt.datetime.combine(last, tod), price,
                                     self.p.fill_vol, self.p.fill_oi))
        data._save2stack(erase=True)
