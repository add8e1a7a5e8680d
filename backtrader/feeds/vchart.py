"""Visual Chart binary bar files (``.fd`` daily, ``.min`` intraday).

Records are little-endian and fixed size: a date word, for intraday files a
time word, then open, high, low, close as float32 and volume and open
interest as uint32. The date word is ``year * 500 + month * 32 + day``, the
time word the seconds since midnight. Daily files hold 28-byte records,
intraday files 32-byte ones. Whole files are decoded at once with numpy.
"""
import os

from backtrader import feed
from backtrader.dataseries import TimeFrame

from .csvbase import localize_input

__all__ = ['VChartData', 'VChartFeed', 'read_vchart_records']

_DAY_NS = 86400 * 10**9
_PRICES = ('open', 'high', 'low', 'close')


def _record_dtype(intraday):
    import numpy as np
    head = [('date', '<u4')] + ([('time', '<u4')] if intraday else [])
    return np.dtype(head + [(n, '<f4') for n in _PRICES]
                    + [('volume', '<u4'), ('openinterest', '<u4')])


def record_size(intraday):
    """Bytes per record: 32 intraday, 28 daily."""
    return 32 if intraday else 28


def read_vchart_records(raw, intraday, name, dayoffset_ns=0, strict=True):
    """Decode the bytes of a Visual Chart file into feed columns.

    ``dayoffset_ns`` is added to the stamps of daily records (the session
    end). A trailing partial record raises ``ValueError`` naming ``name``
    when ``strict``, else it is ignored. A date word that is no calendar date
    raises ``ValueError`` naming the file, the record (1-based) and its value.
    """
    import numpy as np
    size = record_size(intraday)
    whole, tail = divmod(len(raw), size)
    if tail and strict:
        raise ValueError('%s: %d bytes after record %d, not a whole %d-byte record'
                         % (name, tail, whole, size))
    rec = np.frombuffer(raw, dtype=_record_dtype(intraday), count=whole)
    word = rec['date'].astype(np.int64)
    year, rest = np.divmod(word, 500)
    month, day = np.divmod(rest, 32)
    months = (year - 1970) * 12 + (month - 1)
    first = months.astype('datetime64[M]').astype('datetime64[D]')
    days = first + (day - 1)
    ok = (month >= 1) & (month <= 12) & (day >= 1) & (
        days.astype('datetime64[M]') == months.astype('datetime64[M]'))
    if not ok.all():
        bad = int(np.argmin(ok))
        raise ValueError('%s: record %d: field date: %d is no date (year*500 + '
                         'month*32 + day)' % (name, bad + 1, int(word[bad])))
    ns = days.astype(np.int64) * _DAY_NS
    if intraday:
        secs = rec['time'].astype(np.int64)
        if (secs >= 86400).any():
            bad = int(np.argmax(secs >= 86400))
            raise ValueError('%s: record %d: field time: %d seconds is past the day'
                             % (name, bad + 1, int(secs[bad])))
        ns += secs * 10**9
    else:
        ns += dayoffset_ns
    block = {'datetime': ns}
    for field in _PRICES + ('volume', 'openinterest'):
        block[field] = rec[field].astype(np.float64)
    return block


class VChartData(feed.DataBase):
    """A Visual Chart binary file (``dataname``: a path or an open binary file).

    A path ending in ``.fd`` is daily and one ending in ``.min`` intraday;
    any other path is a market code to which that extension is added as the
    ``timeframe`` param says (Days or larger: ``.fd``). An open file is read
    as the ``timeframe`` param says. Daily bars are stamped at midnight.
    """

    _blockdone = True
    _dayoffset = 0

    def _layout(self):
        """(path or None, intraday?) for the dataname."""
        name = self.p.dataname
        if hasattr(name, 'read'):
            return None, self.p.timeframe < TimeFrame.Days
        if name.endswith('.fd'):
            self.p.timeframe = TimeFrame.Days
            return name, False
        if name.endswith('.min'):
            self.p.timeframe = TimeFrame.Minutes
            return name, True
        intraday = self.p.timeframe < TimeFrame.Days
        return name + ('.min' if intraday else '.fd'), intraday

    def start(self):
        super(VChartData, self).start()
        self._path, self._intraday = self._layout()
        self._blockdone = False

    def _source_name(self):
        if self._path is not None:
            return self._path
        return getattr(self.p.dataname, 'name', '<%s>' % type(self.p.dataname).__name__)

    def _read_all(self):
        if self._path is None:
            return self.p.dataname.read()
        with open(self._path, 'rb') as fh:        # a missing file raises here
            return fh.read()

    def _load_block(self):
        if self._blockdone:
            return None
        self._blockdone = True
        raw = self._read_all()
        if raw is None:
            return None
        block = read_vchart_records(raw, self._intraday, self._source_name(),
                                    self._dayoffset)
        if not len(block['datetime']):
            return None
        block['datetime'] = localize_input(block['datetime'], self._tzinput)
        return block


class VChartFeed(feed.FeedBase):
    """Makes :class:`VChartData` datas from market codes under ``basepath``
    (``basepath/RealServer/Data/<code[0:2]>/<code[2:6]>/<code>``)."""
    DataCls = VChartData
    params = (('basepath', ''),) + DataCls.params._gettuple()

    def _getdata(self, dataname, **kwargs):
        path = os.path.join(self.p.basepath, 'RealServer', 'Data',
                            dataname[0:2], dataname[2:6], dataname)
        kwargs['dataname'] = path
        return self.DataCls(**kwargs)
