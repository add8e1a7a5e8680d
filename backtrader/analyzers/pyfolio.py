"""The four result series pyfolio reads, from four child analyzers."""
from backtrader.analyzer import Analyzer
from backtrader.analyzers.leverage import GrossLeverage
from backtrader.analyzers.positions import PositionsValue
from backtrader.analyzers.timereturn import TimeReturn
from backtrader.analyzers.transactions import Transactions
from backtrader.dataseries import TimeFrame

__all__ = ['PyFolio']


def _pandas():
    try:
        import pandas
    except ImportError as exc:
        raise ImportError('PyFolio.get_pf_items() needs pandas, which is not '
                          'installed (pip install pandas)') from exc
    return pandas


def _utc_frame(pandas, rows, columns):
    """A DataFrame of ``rows`` indexed by their first column, as UTC times."""
    frame = pandas.DataFrame.from_records(rows, index=columns[0], columns=columns)
    frame.index = pandas.to_datetime(frame.index).tz_localize('UTC')
    return frame


class PyFolio(Analyzer):
    """Collects the portfolio returns (``TimeReturn``), position values with
    cash (``PositionsValue``), transactions (``Transactions``) and gross
    leverage (``GrossLeverage``) for ``pyfolio``.

    ``get_analysis()`` keys: ``returns``, ``positions``, ``transactions``,
    ``gross_lev`` (the children's analyses); ``get_pf_items()`` turns them
    into pandas objects.

    Params
    ------
    timeframe : int (``TimeFrame.Days``)
    compression : int (1)
        Period of the returns (pyfolio works on daily returns).
    """
    params = (
        ('timeframe', TimeFrame.Days),
        ('compression', 1),
    )

    def __init__(self):
        self._returns = TimeReturn(timeframe=self.p.timeframe,
                                   compression=self.p.compression)
        self._positions = PositionsValue(headers=True, cash=True)
        self._transactions = Transactions(headers=True)
        self._gross_lev = GrossLeverage()

    def stop(self):
        super(PyFolio, self).stop()
        rets = self.rets
        rets['returns'] = self._returns.get_analysis()
        rets['positions'] = self._positions.get_analysis()
        rets['transactions'] = self._transactions.get_analysis()
        rets['gross_lev'] = self._gross_lev.get_analysis()

    def get_pf_items(self):
        """``(returns, positions, transactions, gross_lev)`` as pandas objects
        indexed by UTC times, as ``pyfolio.create_full_tear_sheet`` takes them:
        two Series (``return``, ``gross_lev``) and two DataFrames (one column
        per data plus ``cash`` -- upstream keeps only the last data's column
        and ``cash``; ``amount``, ``price``, ``sid``, ``symbol``, ``value``).
        Needs pandas."""
        pandas = _pandas()
        rets = self.rets

        returns = _utc_frame(pandas, list(rets['returns'].items()), ['index', 'return'])

        rows = [[when] + list(values) for when, values in rets['positions'].items()]
        header = rows.pop(0)                    # 'Datetime' and the column names
        positions = _utc_frame(pandas, rows, header)

        rows = [[when] + list(entry) for when, entries in rets['transactions'].items()
                for entry in entries]
        header = rows.pop(0)                    # 'date' and the column names
        transactions = _utc_frame(pandas, rows, header)

        gross_lev = _utc_frame(pandas, list(rets['gross_lev'].items()),
                               ['index', 'gross_lev'])
        return returns['return'], positions, transactions, gross_lev['gross_lev']
