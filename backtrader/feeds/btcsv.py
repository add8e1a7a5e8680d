"""BacktraderCSVData: the CSV layout of backtrader's own sample data.

Rows are ``date,open,high,low,close,volume,openinterest`` or, with eight
fields, ``date,time,open,...``.  The date is read at fixed positions
(``YYYY?MM?DD``), the time likewise (``HH?MM?SS``); rows without a time get the
``sessionend`` time.
"""
import datetime

from .csvbase import CSVDataBase, CSVFeedBase, time_to_ns

__all__ = ['BacktraderCSVData', 'BacktraderCSV']

_VALUES = ('open', 'high', 'low', 'close', 'volume', 'openinterest')


def fixed_position_datetime(text, ttext=None):
    """Date from ``text[0:4]``, ``[5:7]``, ``[8:10]`` and, if given, time from
    ``ttext[0:2]``, ``[3:5]``, ``[6:8]`` (each part read with ``int``)."""
    day = datetime.date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
    if ttext is None:
        return datetime.datetime(day.year, day.month, day.day)
    tm = datetime.time(int(ttext[0:2]), int(ttext[3:5]), int(ttext[6:8]))
    return datetime.datetime.combine(day, tm)


# compiled equivalents of the fixed positions (private directives)
FIXED_DATE_FORMAT = '%Y%?%m%?%d%*'
FIXED_TIME_FORMAT = '%H%?%M%?%S%*'


class BacktraderCSVData(CSVDataBase):
    """Parses backtrader's self-defined CSV test data.

    Params: ``dataname`` is the file name or a file-like object.
    """

    def _make_reader(self, source, **kwargs):
        from backtrader._cy.csvparse import CSVReader
        return CSVReader(
            source, [(name, i + 1) for i, name in enumerate(_VALUES)],
            separator=self.separator, datetime=0, time=-1,
            dtformat=FIXED_DATE_FORMAT, tmformat=FIXED_TIME_FORMAT,
            dtfallback=fixed_position_datetime, private_formats=True,
            allow_empty=False, timeoffset=time_to_ns(self.p.sessionend),
            alt_layout=dict(nfields=8, datetime=0, time=1, timeoffset=0,
                            columns={name: i + 2 for i, name in enumerate(_VALUES)}),
            **kwargs)

    def _loadline(self, linetokens):
        return self._parse_loadline(linetokens)

    _block_loadline = _loadline


class BacktraderCSV(CSVFeedBase):
    DataCls = BacktraderCSVData
