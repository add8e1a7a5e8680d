"""TickCSVData: trade ticks from CSV with nanosecond timestamps.

Each row is one event (``TimeFrame.Ticks``): a timestamp, a price and a size,
e.g. ``timestamp_ns,price,size``.  The timestamp is kept to the nanosecond.
"""

from backtrader.dataseries import TimeFrame

from .csvbase import CSVDataBase, CSVFeedBase, localize_input

__all__ = ['TickCSVData', 'TickCSV']


class TickCSVData(CSVDataBase):
    """CSV feed of trade ticks.

    Lines: the usual OHLC lines all carry the trade price (``price`` is an
    alias of ``close``), ``volume`` the trade size (alias ``size``).

    Params:

    - ``datetime`` (0), ``price`` (1), ``size`` (2), ``openinterest`` (-1):
      column indices (negative or None: absent, filled with ``nullvalue``)
    - ``dtformat`` (``'epoch_ns'``): ``'epoch_ns'``, ``'epoch_us'``,
      ``'epoch_ms'``, ``'epoch_s'`` (an exact decimal count of that unit,
      e.g. ``1700000000.123456789`` seconds), ``1``/``2`` (int/float Unix
      seconds), a strftime format (``%N`` reads 1-9 fraction digits as
      nanoseconds: ``'%Y-%m-%d %H:%M:%S.%N'``) or a callable
    - ``time`` (-1) and ``tmformat``: separate time column, as GenericCSVData
    - ``nullvalue`` (NaN): value of absent columns and empty fields
    - ``timeframe`` defaults to ``TimeFrame.Ticks``

    Times are UTC unless ``tzinput`` says otherwise (then they are converted
    without losing nanoseconds).
    """
    linealias = dict(close='price', volume='size')

    params = (
        ('timeframe', TimeFrame.Ticks),
        ('nullvalue', float('NaN')),
        ('dtformat', 'epoch_ns'),
        ('tmformat', '%H:%M:%S'),
        ('datetime', 0),
        ('time', -1),
        ('price', 1),
        ('size', 2),
        ('openinterest', -1),
    )

    @staticmethod
    def _col(idx):
        return -1 if idx is None or idx < 0 else idx

    def _make_reader(self, source, **kwargs):
        from backtrader._cy.csvparse import CSVReader
        p = self.p
        timecol = p.time if isinstance(p.dtformat, str) and p.time is not None else -1
        return CSVReader(
            source, [('price', self._col(p.price)), ('size', self._col(p.size)),
                     ('openinterest', self._col(p.openinterest))],
            separator=self.separator, datetime=p.datetime, time=timecol,
            dtformat=p.dtformat, tmformat=p.tmformat, private_formats=True,
            nullvalue=p.nullvalue, allow_empty=True, **kwargs)

    def _finish_block(self, block, inputtz=True):
        price = block.pop('price')
        ns = block['datetime']
        if inputtz:
            ns = localize_input(ns, self._tzinput, roundtrip=False)
        out = {'datetime': ns, 'open': price, 'high': price, 'low': price,
               'close': price, 'volume': block.pop('size'),
               'openinterest': block.pop('openinterest')}
        if '_lineno' in block:
            out['_lineno'] = block['_lineno']
        return out

    def _loadline(self, linetokens):
        return self._parse_loadline(linetokens)

    _block_loadline = _loadline


class TickCSV(CSVFeedBase):
    DataCls = TickCSVData
