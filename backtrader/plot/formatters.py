"""Tick formatters: bar index -> date text, volume -> short number."""
import datetime

import numpy as np
from matplotlib import ticker as mticker

from backtrader.utils import num2date, date2num


class IndexDateFormatter(mticker.Formatter):
    """Shows the date of the bar at an x position (x is a bar index)."""

    def __init__(self, dates, fmt):
        self.dates = dates
        self.fmt = fmt

    def __call__(self, x, pos=None):
        if not len(self.dates):
            return ''
        i = min(max(int(round(x)), 0), len(self.dates) - 1)
        return num2date(self.dates[i]).strftime(self.fmt)


class VolumeFormatter(mticker.Formatter):
    """Volume ticks in the unit of the largest volume (K, M, G, T)."""

    def __init__(self, maxvolume):
        self.scale, self.suffix = 1.0, ''
        for scale, suffix in ((1e12, 'T'), (1e9, 'G'), (1e6, 'M'), (1e3, 'K')):
            if maxvolume >= scale:
                self.scale, self.suffix = scale, suffix
                break

    def __call__(self, y, pos=None):
        return '%.4g%s' % (y / self.scale, self.suffix)


def bar_position(dates, when, right=False):
    """Index in the sorted day numbers ``dates`` of a date or datetime (a date
    is its midnight); ``right``: past the bars at exactly that time."""
    if not isinstance(when, datetime.datetime):
        when = datetime.datetime.combine(when, datetime.time.min)
    return int(np.searchsorted(dates, date2num(when), side='right' if right else 'left'))
