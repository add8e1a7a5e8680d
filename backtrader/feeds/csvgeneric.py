"""GenericCSVData: a CSV feed whose column layout is given by parameters."""
import datetime

from backtrader._cy.csvparse import to_ns
from backtrader._cy.sessionend import session_end
from backtrader.dataseries import TimeFrame
from backtrader.utils.dateintern import date2num

from .csvbase import CSVDataBase, CSVFeedBase, time_to_ns

__all__ = ['GenericCSVData', 'GenericCSV']


class GenericCSVData(CSVDataBase):
    """CSV feed with one column per line, located by the line's parameter.

    Params (besides those of every feed and ``headers``/``separator``):

    - ``datetime``, ``time``, ``open``, ``high``, ``low``, ``close``,
      ``volume``, ``openinterest`` (and any line a subclass adds): column
      index of each value.  ``None`` or a negative number means the column is
      absent and the line gets ``nullvalue`` (``datetime`` is indexed as a
      Python list, so -1 is the last column).  ``time`` >= 0 names a separate
      time column (only with a string ``dtformat``).
    - ``nullvalue`` (NaN): value of absent columns and empty fields.
    - ``dtformat`` (``'%Y-%m-%d %H:%M:%S'``): strptime format of the datetime
      column; ``1`` integer or ``2`` float Unix seconds; ``'epoch_ns'``,
      ``'epoch_us'``, ``'epoch_ms'`` or ``'epoch_s'`` an exact decimal count
      of that unit; or a callable taking the text and returning a datetime.
    - ``tmformat`` (``'%H:%M:%S'``): strptime format of the ``time`` column.

    For time frames of a day or more, a bar whose time lies before the
    session end is stamped with the session end of its day.
    """
    params = (
        ('nullvalue', float('NaN')),
        ('dtformat', '%Y-%m-%d %H:%M:%S'),
        ('tmformat', '%H:%M:%S'),
        ('datetime', 0),
        ('time', -1),
        ('open', 1),
        ('high', 2),
        ('low', 3),
        ('close', 4),
        ('volume', 5),
        ('openinterest', 6),
    )

    _daily_in_reader = False

    def start(self):
        super(GenericCSVData, self).start()
        dtf = self.p.dtformat
        self._dtstr = isinstance(dtf, str)

    # -- block path ------------------------------------------------------------------
    def _value_columns(self):
        cols = []
        for name in self.getlinealiases():
            if name == 'datetime':
                continue
            idx = getattr(self.params, name)
            cols.append((name, -1 if idx is None or idx < 0 else idx))
        return cols

    def _make_reader(self, source, **kwargs):
        from backtrader._cy.csvparse import CSVReader
        p = self.p
        dtformat = p.dtformat
        timecol = -1
        if isinstance(dtformat, str):
            if p.time is not None and p.time >= 0:
                timecol = p.time
        self._daily_in_reader = False
        if (not isinstance(dtformat, (str, int)) and callable(dtformat)
                and p.timeframe >= TimeFrame.Days):
            # the callable may return aware datetimes: settle the session end
            # rule on the datetime object itself
            user = dtformat
            dtformat = lambda text: self._daily_row(user(text))
            self._daily_in_reader = True
        return CSVReader(
            source, self._value_columns(), separator=self.separator,
            datetime=p.datetime, time=timecol, dtformat=dtformat,
            tmformat=p.tmformat, nullvalue=p.nullvalue, allow_empty=True,
            **kwargs)

    def _daily_row(self, dt):
        """Upstream's session-end rule for one parsed datetime -> ns."""
        tzin = self._tzinput
        dtnum = date2num(tzin.localize(dt) if tzin else dt)
        eos = datetime.datetime.combine(dt.date(), self.p.sessionend)
        if self.date2num(eos) > dtnum:
            return to_ns(self._tz.localize(eos) if self._tz is not None else eos)
        return to_ns(dt)

    def _session_end(self, ns):
        """Apply the session-end rule of daily bars to parsed (naive) times.

        A bar is moved to the session end of its day (in the output zone
        ``tz``) when that is later than the bar's own time (in the input zone
        ``tzinput``); the comparison is made on the float day numbers, as
        upstream does.
        """
        return session_end(ns, time_to_ns(self.p.sessionend), self._tz,
                           self._tzinput if self._tzinput else None)

    def _finish_block(self, block, inputtz=True):
        if self.p.timeframe >= TimeFrame.Days and not self._daily_in_reader:
            block['datetime'] = self._session_end(block['datetime'])
        return super(GenericCSVData, self)._finish_block(block, inputtz)

    # -- line path --------------------------------------------------------------------
    def _loadline(self, linetokens):
        return self._parse_loadline(linetokens)

    _block_loadline = _loadline


class GenericCSV(CSVFeedBase):
    DataCls = GenericCSVData
