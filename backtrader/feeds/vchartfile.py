"""Visual Chart binary files found through the ``bt.stores.VChartFile`` store."""
import os

from backtrader import feed
from backtrader.dataseries import TimeFrame

from .csvbase import localize_input, time_to_ns
from .vchart import read_vchart_records

__all__ = ['VChartFile']


class MetaVChartFile(feed.DataBase.__class__):
    def __init__(cls, name, bases, dct):
        super(MetaVChartFile, cls).__init__(name, bases, dct)
        from backtrader.stores.vchartfile import VChartFile as Store
        Store.DataCls = cls         # the store's getdata makes this class


class VChartFile(feed.DataBase, metaclass=MetaVChartFile):
    """Bars of a Visual Chart market code (``dataname``, e.g. ``015ES``).

    The file is ``<store path>/0<code[0:3]>/010<code><ext>`` with ``.fd``
    for Days or larger timeframes (bars stamped at ``sessionend``) and
    ``.min`` for minutes. A code whose file does not exist gives no bars and
    a trailing partial record is ignored (Visual Chart may be writing it).
    """

    _blockdone = True

    def start(self):
        super(VChartFile, self).start()
        from backtrader.stores.vchartfile import VChartFile as Store
        if self._store is None:
            self._store = Store()
            self._store.start()
        self._store.start(data=self)
        tf = self.p.timeframe
        if tf < TimeFrame.Minutes:
            raise ValueError('%s: timeframe %s: Visual Chart files hold minute '
                             'or daily bars' % (type(self).__name__, TimeFrame.getname(tf)))
        self._intraday = tf < TimeFrame.Days
        code = self.p.dataname
        self._path = os.path.join(self._store.get_datapath(), '0' + code[0:3],
                                  '010' + code + ('.min' if self._intraday else '.fd'))
        self._blockdone = False

    def _load_block(self):
        if self._blockdone:
            return None
        self._blockdone = True
        try:
            with open(self._path, 'rb') as fh:
                raw = fh.read()
        except OSError:
            return None
        block = read_vchart_records(raw, self._intraday, self._path,
                                    time_to_ns(self.p.sessionend), strict=False)
        if not len(block['datetime']):
            return None
        block['datetime'] = localize_input(block['datetime'], self._tzinput)
        return block
