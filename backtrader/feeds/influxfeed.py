"""``InfluxDB``: bars queried from an InfluxDB 1.x server.

Needs the ``influxdb`` client package (``pip install influxdb``); without
it, creating the data raises an ``ImportError`` saying so.
"""
import datetime

from backtrader import feed
from backtrader._cy.timeconv import datetime_to_ns
from backtrader.dataseries import TimeFrame

__all__ = ['InfluxDB', 'TIMEFRAMES']

# InfluxQL GROUP BY units of the timeframes (months as upstream maps them)
TIMEFRAMES = {
    TimeFrame.Seconds: 's',
    TimeFrame.Minutes: 'm',
    TimeFrame.Days: 'd',
    TimeFrame.Weeks: 'w',
    TimeFrame.Months: 'm',
    TimeFrame.Years: 'y',
}


def _client_module():
    try:
        import influxdb
    except ImportError:
        raise ImportError('InfluxDB needs the influxdb client package '
                          '(pip install influxdb); it is not installed') from None
    return influxdb


class InfluxDB(feed.DataBase):
    """The mean OHLCV of the measurement ``dataname`` per ``compression``
    x ``timeframe`` interval.

    Params: ``host``, ``port``, ``username``, ``password``, ``database``;
    ``startdate`` (None: up to now, else bars from that time on); the field
    names ``open`` ('open_p'), ``high`` ('high_p'), ``low`` ('low_p'),
    ``close`` ('close_p'), ``volume`` ('volume'), ``ointerest`` ('oi').
    Connection and query errors are printed and leave the data empty, as
    upstream does.
    """
    params = (
        ('host', '127.0.0.1'),
        ('port', '8086'),
        ('username', None),
        ('password', None),
        ('database', None),
        ('timeframe', TimeFrame.Days),
        ('startdate', None),
        ('high', 'high_p'),
        ('low', 'low_p'),
        ('open', 'open_p'),
        ('close', 'close_p'),
        ('volume', 'volume'),
        ('ointerest', 'oi'),
    )

    def __init__(self):
        self._influx = _client_module()

    def query(self):
        """The InfluxQL statement the data runs."""
        p = self.p
        interval = '%d%s' % (p.compression or 1, TIMEFRAMES.get(p.timeframe, 'd'))
        when = "<= now()" if not p.startdate else ">= '%s'" % p.startdate
        fields = ', '.join('mean("%s") AS "%s"' % (src, dst) for src, dst in (
            (p.open, 'open'), (p.high, 'high'), (p.low, 'low'), (p.close, 'close'),
            (p.volume, 'volume'), (p.ointerest, 'openinterest')))
        return ('SELECT %s FROM "%s" WHERE time %s GROUP BY time(%s) fill(none)'
                % (fields, p.dataname, when, interval))

    def start(self):
        super(InfluxDB, self).start()
        from influxdb.exceptions import InfluxDBClientError
        p = self.p
        self._points = iter(())
        try:
            client = self._influx.InfluxDBClient(p.host, p.port, p.username,
                                                 p.password, p.database)
            self._points = iter(list(client.query(self.query()).get_points()))
        except InfluxDBClientError as exc:
            print('InfluxDB: query on %s:%s failed: %s' % (p.host, p.port, exc))

    def _load(self):
        bar = next(self._points, None)
        if bar is None:
            return False
        when = datetime.datetime.strptime(bar['time'], '%Y-%m-%dT%H:%M:%SZ')
        lines = self.lines
        lines.datetime.set_ns(datetime_to_ns(when))
        for name in ('open', 'high', 'low', 'close', 'volume'):
            getattr(lines, name)[0] = bar[name]
        return True
