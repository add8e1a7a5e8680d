"""SierraChart CSV exports."""
from .csvgeneric import GenericCSVData

__all__ = ['SierraChartCSVData']


class SierraChartCSVData(GenericCSVData):
    """A SierraChart CSV export: ``GenericCSVData`` reading dates as
    ``YYYY/MM/DD``."""
    params = (('dtformat', '%Y/%m/%d'),)
