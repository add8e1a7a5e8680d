"""Quandl CSV files and the Quandl download.

A Quandl ``WIKI`` row is ``Date,Open,High,Low,Close,Volume,Ex-Dividend,
Split Ratio,Adj. Open,Adj. High,Adj. Low,Adj. Close,Adj. Volume``; with
``adjclose`` the adjusted columns are read, else the first five values.
"""
import collections
import datetime
import io

from backtrader._cy.timeconv import datetime_to_ns

from .csvbase import CSVDataBase

__all__ = ['QuandlCSV', 'Quandl']

_OHLCV = ('open', 'high', 'low', 'close', 'volume')
_ADJUSTED_FIRST = 8     # index of 'Adj. Open'


class QuandlCSV(CSVDataBase):
    """A Quandl CSV file (oldest row first unless ``reverse``).

    Params: ``reverse`` (False: set it for files newest first), ``adjclose``
    (True: read the adjusted columns), ``round`` (False) and ``decimals`` (2):
    round the five values. Bars are stamped at ``sessionend``; open interest
    is 0.
    """
    params = (
        ('reverse', False),
        ('adjclose', True),
        ('round', False),
        ('decimals', 2),
    )
    _online = False     # a download asks Quandl for the oldest row first

    def start(self):
        super(QuandlCSV, self).start()
        if self.p.reverse and not self._online and self.f is not None:
            rows = collections.deque()
            for line in self.f:
                rows.appendleft(line if line.endswith('\n') else line + '\n')
            self.f.close()
            self.f = io.StringIO(''.join(rows), newline=None)

    def _loadline(self, linetokens):
        first = _ADJUSTED_FIRST if self.p.adjclose else 1
        if len(linetokens) < first + 5:
            raise ValueError('%s: %d fields, need %d (adjclose=%s)'
                             % (self._where(), len(linetokens), first + 5, self.p.adjclose))
        text = linetokens[0]
        try:
            day = datetime.date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
        except ValueError:
            raise ValueError('%s: field Date: cannot read %r as YYYY-MM-DD'
                             % (self._where(), text)) from None
        lines = self.lines
        lines.datetime.set_ns(datetime_to_ns(datetime.datetime.combine(day, self.p.sessionend)))
        digits = self.p.decimals if self.p.round else None
        for k, name in enumerate(_OHLCV):
            try:
                value = float(linetokens[first + k])
            except ValueError:
                raise ValueError('%s: field %s: cannot read %r' % (
                    self._where(), name, linetokens[first + k])) from None
            getattr(lines, name)[0] = value if digits is None else round(value, digits)
        lines.openinterest[0] = 0.0
        return True


class Quandl(QuandlCSV):
    """Downloads a dataset from Quandl's API when started (``dataname``: the
    ticker). Needs network access: when the server cannot be reached a
    ``ConnectionError`` says so (use :class:`QuandlCSV` on a downloaded file).

    Params: ``baseurl``, ``proxies`` (dict for urllib), ``buffered`` (True:
    read the whole answer first), ``reverse`` (True: ask for oldest first),
    ``apikey`` (None), ``dataset`` ('WIKI'). A non-CSV answer leaves the
    data empty with the reason in ``self.error``.
    """
    params = (
        ('baseurl', 'https://www.quandl.com/api/v3/datasets'),
        ('proxies', {}),
        ('buffered', True),
        ('reverse', True),
        ('apikey', None),
        ('dataset', 'WIKI'),
    )
    _online = True

    def _url(self):
        from urllib.parse import quote
        query = []
        if self.p.reverse:
            query.append('order=asc')
        if self.p.apikey is not None:
            query.append('api_key=%s' % self.p.apikey)
        for key, when in (('start_date', self.p.fromdate), ('end_date', self.p.todate)):
            if when:
                query.append('%s=%s' % (key, when.strftime('%Y-%m-%d')))
        url = '%s/%s/%s.csv' % (self.p.baseurl, self.p.dataset, quote(self.p.dataname))
        return url + ('?' + '&'.join(query) if query else '')

    def start(self):
        import urllib.request
        self.error = None
        url = self._url()
        handlers = [urllib.request.ProxyHandler(self.p.proxies)] if self.p.proxies else []
        try:
            answer = urllib.request.build_opener(*handlers).open(url)
        except OSError as exc:
            self.error = str(exc)
            raise ConnectionError(
                'Quandl(%r): cannot download %s: %s. This feed needs network access; '
                'QuandlCSV reads a file downloaded beforehand' % (self.p.dataname, url, exc)
            ) from None
        ctype = answer.headers.get('Content-Type', '')
        if ctype != 'text/csv':
            self.error = 'Wrong content type: %s' % ctype
            answer.close()
            self.f = io.StringIO('')        # no bars
        elif self.p.buffered:
            self.f = io.StringIO(answer.read().decode('utf-8'), newline=None)
            answer.close()
        else:
            self.f = io.TextIOWrapper(answer, encoding='utf-8')
        super(Quandl, self).start()
