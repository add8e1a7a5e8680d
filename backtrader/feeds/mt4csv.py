"""MetaTrader 4 history-center CSV exports."""
from .csvgeneric import GenericCSVData

__all__ = ['MT4CSVData']


class MT4CSVData(GenericCSVData):
    """A MetaTrader 4 CSV export: ``YYYY.MM.DD,HH:MM,open,high,low,close,volume``
    without a header line of names (set ``headers=False`` for files that do
    not start with one). ``GenericCSVData`` with these column params."""
    params = (
        ('dtformat', '%Y.%m.%d'),
        ('tmformat', '%H:%M'),
        ('datetime', 0),
        ('time', 1),
        ('open', 2),
        ('high', 3),
        ('low', 4),
        ('close', 5),
        ('volume', 6),
        ('openinterest', -1),
    )
