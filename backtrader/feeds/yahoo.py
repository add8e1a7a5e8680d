"""Yahoo Finance CSV feeds.

Files have the columns ``Date,Open,High,Low,Close,Adj Close,Volume``.  Rows
holding a ``null`` field are skipped.  With ``adjclose`` the prices are scaled
by ``close / adjclose`` (and the volume the other way), then rounded.
"""
import collections
import datetime
import io

from backtrader._cy.priceadjust import contains, divide, multiply, round_like_python
from backtrader._cy.buffer import full
from backtrader.dataseries import TimeFrame

from .btcsv import FIXED_DATE_FORMAT, fixed_position_datetime
from .csvbase import CSVDataBase, CSVFeedBase, time_to_ns

__all__ = ['YahooFinanceCSVData', 'YahooLegacyCSV', 'YahooFinanceCSV',
           'YahooFinanceData', 'YahooFinance']


def _date_only(text, ttext=None):
    return fixed_position_datetime(text)


class YahooFinanceCSVData(CSVDataBase):
    """Parses Yahoo CSV files downloaded beforehand (or written in that format).

    Params:

    - ``reverse`` (False): the file is newest first; deliver it reversed
    - ``adjclose`` (True): use the adjusted close and scale open, high and
      low by the same factor
    - ``adjvolume`` (True): with ``adjclose``, scale the volume inversely
    - ``round`` (True): round prices to ``decimals`` after adjusting
    - ``decimals`` (2): decimals of that rounding
    - ``roundvolume`` (0): decimals the volume is rounded to
    - ``swapcloses`` (False): the file has the close and adjusted close
      columns swapped
    """
    lines = ('adjclose',)

    params = (
        ('reverse', False),
        ('adjclose', True),
        ('adjvolume', True),
        ('round', True),
        ('decimals', 2),
        ('roundvolume', False),
        ('swapcloses', False),
    )

    _VALUES = (('open', 1), ('high', 2), ('low', 3), ('close', 4),
               ('adjclose', 5), ('volume', 6))

    def start(self):
        super(YahooFinanceCSVData, self).start()
        if not self.p.reverse or self.f is None:
            return
        if self._fast:
            return          # the block path reverses the parsed rows
        # line path: reverse the remaining lines in memory
        rows = collections.deque()
        for line in self.f:
            if not line.endswith('\n'):
                line += '\n'
            rows.appendleft(line)
        self.f.close()
        self.f = io.StringIO(''.join(rows), newline=None)

    # -- block path ------------------------------------------------------------------
    def _make_reader(self, source, **kwargs):
        from backtrader._cy.csvparse import CSVReader
        return CSVReader(
            source, list(self._VALUES), separator=self.separator, datetime=0,
            time=-1, dtformat=FIXED_DATE_FORMAT, dtfallback=_date_only,
            private_formats=True, allow_empty=False, lenient={'volume': 0.0},
            skip_token='null', skip_from=1,
            timeoffset=time_to_ns(self.p.sessionend), **kwargs)

    def _load_block(self):
        if not self.p.reverse:
            return super(YahooFinanceCSVData, self)._load_block()
        if self._reader is None and self.f is not None:
            self._reader = self._make_reader(
                self.f, name=self._source_name(), start_lineno=self._lineno,
                linenos=True, as_numpy=False)
            whole = self._reader.read_all()
            self._reversed = {k: v.reversed() for k, v in whole.items()}
        block, self._reversed = getattr(self, '_reversed', None), None
        if block is None or not len(block['datetime']):
            return None
        return self._finish_block(block)

    def _finish_block(self, block, inputtz=True):
        p = self.p
        o, h, l = block['open'], block['high'], block['low']
        c, adj, v = block['close'], block['adjclose'], block['volume']
        if p.swapcloses:
            c, adj = adj, c
        if contains(adj, 0.0):
            raise ZeroDivisionError('%s: an adjusted close is 0 (cannot compute '
                                    'the adjustment factor)' % self._source_name())
        factor = divide(c, adj)
        if p.adjclose:
            o = divide(o, factor)
            h = divide(h, factor)
            l = divide(l, factor)
            c = adj
            if p.adjvolume:
                v = multiply(v, factor)
        if p.round:
            o = round_like_python(o, p.decimals)
            h = round_like_python(h, p.decimals)
            l = round_like_python(l, p.decimals)
            c = round_like_python(c, p.decimals)
        v = round_like_python(v, p.roundvolume or 0)
        out = {'datetime': block['datetime'], 'open': o, 'high': h, 'low': l,
               'close': c, 'volume': v, 'adjclose': adj,
               'openinterest': full(len(o), 0.0)}
        return super(YahooFinanceCSVData, self)._finish_block(out, inputtz)

    # -- line path --------------------------------------------------------------------
    def _loadline(self, linetokens):
        while any(tok == 'null' for tok in linetokens[1:]):
            linetokens = self._getnextline()
            if not linetokens:
                return False
        return self._parse_loadline(linetokens)

    _block_loadline = _loadline


class YahooLegacyCSV(YahooFinanceCSVData):
    """For files downloaded before Yahoo changed its service in May 2017."""
    params = (('version', ''),)


class YahooFinanceCSV(CSVFeedBase):
    DataCls = YahooFinanceCSVData


class YahooFinanceData(YahooFinanceCSVData):
    """Downloads daily/weekly/monthly bars from Yahoo when started.

    Needs the ``requests`` package and network access (nothing is fetched
    when the module is imported).  ``dataname`` is the ticker.

    Params: ``proxies`` (requests proxies dict), ``period`` ('d'),
    ``reverse`` (False), ``urlhist`` (page holding the ``crumb`` cookie),
    ``urldown`` (download url), ``retries`` (3).  The download error, if any,
    is left in ``self.error``.
    """
    params = (
        ('proxies', {}),
        ('period', 'd'),
        ('reverse', False),
        ('urlhist', 'https://finance.yahoo.com/quote/{}/history'),
        ('urldown', 'https://query1.finance.yahoo.com/v7/finance/download'),
        ('retries', 3),
    )

    _INTERVALS = {TimeFrame.Days: '1d', TimeFrame.Weeks: '1wk',
                  TimeFrame.Months: '1mo'}

    def _find_crumb(self, session, kwargs):
        url = self.p.urlhist.format(self.p.dataname)
        for _ in range(self.p.retries + 1):
            resp = session.get(url, **kwargs)
            if resp.status_code != 200:
                continue
            text = resp.text
            at = text.find('CrumbStore')
            at = text.find('crumb', at) if at >= 0 else -1
            if at < 0:
                continue
            first = text.find('"', at + len('crumb') + 1)
            if first < 0:
                continue
            last = text.find('"', first + 1)
            if last < 0:
                continue
            return text[first + 1:last].encode('ascii').decode('unicode-escape')
        return None

    def start_v7(self):
        try:
            import requests
        except ImportError:
            raise Exception('YahooFinanceData needs the requests module '
                            '(pip install requests)') from None
        from urllib.parse import quote
        self.error = None
        kwargs = {'proxies': self.p.proxies} if self.p.proxies else {}
        session = requests.Session()
        session.headers['User-Agent'] = 'backtrader'
        crumb = self._find_crumb(session, kwargs)
        if crumb is None:
            self.error = 'Crumb not found'
            self.f = None
            return
        epoch = datetime.date(1970, 1, 1)
        args = []
        if self.p.todate is not None:
            args.append('period2=%d' % (self.p.todate.date() - epoch).total_seconds())
            args.append('period1=%d' % (self.p.fromdate.date() - epoch).total_seconds())
        args.append('interval=%s' % self._INTERVALS[self.p.timeframe])
        args.append('events=history')
        args.append('crumb=%s' % quote(crumb))
        url = '%s/%s?%s' % (self.p.urldown, self.p.dataname, '&'.join(args))
        got = None
        for _ in range(self.p.retries + 1):
            resp = session.get(url, **kwargs)
            if resp.status_code != 200:
                continue
            ctype = resp.headers.get('Content-Type', '')
            if not ctype.startswith('text/'):
                self.error = 'Wrong content type: %s' % ctype
                continue
            got = io.StringIO(resp.text, newline=None)
            break
        self.f = got

    def start(self):
        self.start_v7()
        super(YahooFinanceData, self).start()


class YahooFinance(CSVFeedBase):
    DataCls = YahooFinanceData
    params = DataCls.params._gettuple()
