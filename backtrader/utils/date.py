"""Public date helpers (``backtrader.utils.date``)."""
from .dateintern import (num2date, num2dt, date2num, time2num, num2time,
                         UTC, TZLocal, Localizer, tzparse, TIME_MAX, TIME_MIN)

__all__ = ('num2date', 'num2dt', 'date2num', 'time2num', 'num2time',
           'UTC', 'TZLocal', 'Localizer', 'tzparse', 'TIME_MAX', 'TIME_MIN')
