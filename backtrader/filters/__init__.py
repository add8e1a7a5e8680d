"""Bar filters (``bt.filters``): objects a data runs every bar through
(``data.addfilter``), and feeds that filter or fill another feed.

The filter protocol: a filter is called as ``flt(data)`` on each new bar. It
may change the bar in place, take it out (``data.backwards()``, answer True),
or put made bars on the data's stack (``data._add2stack``) to be delivered
next; ``last(data)``, when it has one, is called at the end of the data.
"""
from backtrader.flt import Filter
from backtrader.filters.datafilter import DataFilter
from backtrader.filters.datafiller import DataFiller
from backtrader.filters.session import SessionFiller, SessionFilterSimple, SessionFilter
from backtrader.filters.calendardays import CalendarDays
from backtrader.filters.daysteps import BarReplayer_Open, DayStepsFilter
from backtrader.filters.bsplitter import DaySplitter_Close
from backtrader.filters.heikinashi import HeikinAshi
from backtrader.filters.renko import Renko

from backtrader.filters import (datafilter, datafiller, session, calendardays,  # noqa: F401
                                daysteps, bsplitter, heikinashi, renko)

__all__ = ['Filter', 'DataFilter', 'DataFiller', 'SessionFiller', 'SessionFilterSimple',
           'SessionFilter', 'CalendarDays', 'BarReplayer_Open', 'DayStepsFilter',
           'DaySplitter_Close', 'HeikinAshi', 'Renko']
