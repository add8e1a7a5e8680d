"""Exchange recordings as order-book feeds: the shared part of ``BinanceRecordingData`` and
``BybitRecordingData``.

The recording (``dataname``: one ``<receive time ns> <json>`` message per line, see
``backtrader.hft.normalize``) is normalised once, when the feed starts, into hftbacktest event
records with exact integer ticks and lots, and replayed by ``L2EventData`` at the receive times.
"""
from backtrader.hft._cy import l2replay
from backtrader.hft.feeds.l2event import L2EventData

__all__ = ['RecordingData']


class RecordingData(L2EventData):
    """Base of the exchange-recording feeds; subclasses set ``exchange`` and list their
    normaliser's options in ``options`` (each a param of the same name)."""

    exchange = None
    options = ()
    _normalized = None

    def normalized(self):
        """The ``NormalizeResult`` of the recording (normalised on first use)."""
        if self._normalized is None:
            from backtrader.hft.normalize import normalize
            p = self.p
            if p.timestamp != 'local':
                raise ValueError("%s: a recording is replayed at its receive times: param "
                                 "'timestamp' must be 'local', not %r"
                                 % (type(self).__name__, p.timestamp))
            self._normalized = normalize(
                self.exchange, p.dataname, p.tick_size, p.lot_size,
                **{name: getattr(p, name) for name in self.options})
        return self._normalized

    def _load_records(self):
        if self._records is None:
            local, _, _ = self._settings()
            res = self.normalized()
            source = res.report.source
            self._counts = l2replay.validate(res.events.view('u1'), res.ptick, res.qlot,
                                             float(self.p.tick_size), float(self.p.lot_size),
                                             local, bool(self.p.bbo), source)
            self._records = (res.events, res.ptick, res.qlot, source)
        return self._records

    def report(self):
        """The feed's accounting of every record (see ``L2EventData.report``) with, under
        ``'recording'``, the normaliser's accounting of every message of the recording
        (``messages_in`` = ``applied`` + the ``dropped`` counts, the gaps and re-syncs)."""
        out = super(RecordingData, self).report()
        out['recording'] = self.normalized().report.as_dict()
        return out
