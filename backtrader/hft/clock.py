"""HighPrecisionClock: nanosecond wall-clock time corrected by SNTP (RFC 4330).

The local clock (``time.time_ns`` unless another ``timesource`` is given) is corrected by an
offset measured against time servers. One exchange of the simple network time protocol gives four
stamps: t1 (request sent, local clock), t2 (request received, server clock), t3 (reply sent, server
clock), t4 (reply received, local clock); then

    offset = ((t2 - t1) + (t3 - t4)) / 2        round-trip delay = (t4 - t1) - (t3 - t2)

The offset is exact when the two legs of the round trip take the same time; its error is at most
half the delay. Replies are checked as RFC 4330 asks (mode, version, stratum, kiss-o'-death codes,
the echo of the request's transmit stamp, a non-zero transmit stamp); a bad reply raises
:class:`SNTPError` and :meth:`HighPrecisionClock.sync` moves on to the next source.
"""
import collections
import math
import socket
import struct
import threading
import time

__all__ = ['HighPrecisionClock', 'SyncSample', 'SNTPError', 'ClockSyncError', 'sntp_query',
           'ns_to_ntp', 'ntp_to_ns']

NTP_EPOCH_DELTA = 2208988800        # seconds from 1900-01-01 (NTP era 0) to 1970-01-01
_NS = 1000000000
_PACKET = struct.Struct('!BBbb11I')  # 48 bytes: header, root delay/dispersion, refid, 4 stamps
_CLIENT_MODE, _SERVER_MODE = 3, 4
_VERSION = 4

SyncSample = collections.namedtuple(
    'SyncSample', 'local_ns offset_ns delay_ns stratum source')
SyncSample.__doc__ = """One SNTP measurement: the local time of the reply (``local_ns``), the
offset to add to the local clock, the round-trip delay (ns), the server's stratum and the source
``(host, port)``."""


class SNTPError(Exception):
    """An SNTP exchange failed: no reply in time, or a reply RFC 4330 says to discard."""


class ClockSyncError(RuntimeError):
    """Every source failed; ``errors`` lists ``(source, exception)`` in the order tried."""

    def __init__(self, errors):
        self.errors = list(errors)
        super(ClockSyncError, self).__init__(
            'no time source answered: ' + '; '.join('%s:%d: %s' % (src[0], src[1], exc)
                                                    for src, exc in self.errors))


def ns_to_ntp(ns):
    """Unix nanoseconds -> 64-bit NTP timestamp (32.32 fixed point seconds since 1900)."""
    sec, frac = divmod(ns, _NS)
    return ((sec + NTP_EPOCH_DELTA) << 32) | ((frac << 32) // _NS)


def ntp_to_ns(stamp):
    """64-bit NTP timestamp -> Unix nanoseconds (rounded to the nearest)."""
    sec = (stamp >> 32) - NTP_EPOCH_DELTA
    frac = stamp & 0xFFFFFFFF
    return sec * _NS + ((frac * _NS + (1 << 31)) >> 32)


def _stamp(words, i):
    return (words[i] << 32) | words[i + 1]


def sntp_query(host, port=123, timeout=1.0, timesource=time.time_ns):
    """One SNTP exchange with ``host:port`` over UDP; returns a :class:`SyncSample`.

    Raises :class:`SNTPError` on a timeout or a reply to discard.
    """
    source = (host, port)
    try:
        addr = socket.getaddrinfo(host, port, 0, socket.SOCK_DGRAM)[0]
    except OSError as exc:
        raise SNTPError('cannot resolve %s: %s' % (host, exc)) from None
    with socket.socket(addr[0], socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        t1 = timesource()
        sent = ns_to_ntp(t1)
        request = bytearray(48)
        request[0] = (_VERSION << 3) | _CLIENT_MODE
        request[40:48] = sent.to_bytes(8, 'big')
        try:
            sock.sendto(bytes(request), addr[4])
            while True:
                reply, frm = sock.recvfrom(1024)
                t4 = timesource()
                if frm[:2] == addr[4][:2]:
                    break
        except socket.timeout:
            raise SNTPError('no reply within %g s' % timeout) from None
        except OSError as exc:
            raise SNTPError(str(exc)) from None
    return _parse_reply(reply, sent, t1, t4, source)


def _parse_reply(reply, sent, t1, t4, source):
    if len(reply) < 48:
        raise SNTPError('short packet: %d bytes (at least 48 expected)' % len(reply))
    fields = _PACKET.unpack_from(reply)
    lvm, stratum = fields[0], fields[1]
    words = fields[4:]                 # root delay, root dispersion, refid, 4 stamps of 2 words
    leap, version, mode = lvm >> 6, (lvm >> 3) & 7, lvm & 7
    if mode != _SERVER_MODE:
        raise SNTPError('reply mode %d (a server answers with mode 4)' % mode)
    if not 1 <= version <= 4:
        raise SNTPError('unsupported version %d' % version)
    if stratum == 0:
        code = reply[12:16].decode('ascii', 'replace').rstrip('\0')
        raise SNTPError("kiss-o'-death from the server: %r" % code)
    if stratum > 15:
        raise SNTPError('stratum %d (the server is not synchronised)' % stratum)
    if leap == 3:
        raise SNTPError('leap indicator 3 (the server clock is not synchronised)')
    origin, received, transmit = _stamp(words, 5), _stamp(words, 7), _stamp(words, 9)
    if transmit == 0:
        raise SNTPError('zero transmit timestamp')
    if origin != sent:
        raise SNTPError('the reply does not echo the request (originate timestamp mismatch)')
    t2, t3 = ntp_to_ns(received), ntp_to_ns(transmit)
    # integer halves: exact to the nanosecond
    offset = ((t2 - t1) + (t3 - t4)) // 2
    delay = (t4 - t1) - (t3 - t2)
    return SyncSample(t4, offset, delay, stratum, source)


def _source(spec, port=123):
    if isinstance(spec, (tuple, list)):
        return (str(spec[0]), int(spec[1]))
    host, sep, p = str(spec).rpartition(':')
    if sep and p.isdigit() and ']' not in p:
        return (host.strip('[]'), int(p))
    return (str(spec), port)


class HighPrecisionClock(object):
    """Wall-clock time in nanoseconds, corrected by SNTP.

    Parameters
    ----------
    sources : sequence
        Time servers: ``'host'``, ``'host:port'`` or ``(host, port)`` (port 123 by default).
    preferred : int
        Index of the source tried first; the others follow in their order on failure.
    resync_interval : float or None
        Seconds after which the offset is due for a new measurement (:meth:`due`,
        :meth:`maybe_sync`, :meth:`start`); None: only explicit :meth:`sync` calls.
    timeout : float
        Seconds to wait for one reply.
    samples : int
        Exchanges per source and sync; the one with the smallest round-trip delay is kept.
    history : int
        Measurements kept for the statistics.
    timesource : callable
        The local clock, returning int ns since the epoch (``time.time_ns``).
    """

    def __init__(self, sources=(), preferred=0, resync_interval=None, timeout=1.0, samples=1,
                 history=256, timesource=time.time_ns):
        self.sources = [_source(s) for s in sources]
        if self.sources and not 0 <= preferred < len(self.sources):
            raise ValueError('HighPrecisionClock: preferred=%r is not a source index (0..%d)'
                             % (preferred, len(self.sources) - 1))
        if samples < 1:
            raise ValueError('HighPrecisionClock: samples must be >= 1, not %r' % (samples,))
        self.preferred = preferred
        self.resync_interval = resync_interval
        self.timeout = timeout
        self.samples = samples
        self.timesource = timesource
        self.offset_ns = 0              # added to the local clock
        self.last_sync = None           # the SyncSample in use
        self.errors = []                # (source, exception) of the last sync's failures
        self.history = collections.deque(maxlen=history)
        self._thread = None
        self._stop = threading.Event()

    # -- time -----------------------------------------------------------------------------
    def now_ns(self):
        """Corrected time: int nanoseconds since the epoch."""
        return self.timesource() + self.offset_ns

    def now_us(self):
        """Corrected time: int microseconds since the epoch."""
        return self.now_ns() // 1000

    # -- synchronisation ------------------------------------------------------------------
    def _order(self):
        if not self.sources:
            return []
        k = self.preferred
        return [self.sources[k]] + self.sources[:k] + self.sources[k + 1:]

    def _measure(self, source):
        best = None
        for _ in range(self.samples):
            sample = sntp_query(source[0], source[1], self.timeout, self.timesource)
            if best is None or sample.delay_ns < best.delay_ns:
                best = sample
        return best

    def sync(self, server=None, port=123):
        """Measure the offset and adopt it; returns the :class:`SyncSample`.

        With ``server`` only that source is asked; otherwise the preferred source, then the
        others in order until one answers. Raises :class:`ClockSyncError` when none does.
        """
        order = [_source(server, port)] if server is not None else self._order()
        if not order:
            raise ValueError('HighPrecisionClock.sync: no source given')
        errors = []
        for source in order:
            try:
                sample = self._measure(source)
            except SNTPError as exc:
                errors.append((source, exc))
                continue
            self.errors = errors
            self.offset_ns = sample.offset_ns
            self.last_sync = sample
            self.history.append(sample)
            return sample
        self.errors = errors
        raise ClockSyncError(errors)

    def due(self):
        """Whether ``resync_interval`` has passed since the last measurement (or none was made)."""
        if self.resync_interval is None:
            return False
        if self.last_sync is None:
            return True
        return self.timesource() - self.last_sync.local_ns >= self.resync_interval * _NS

    def maybe_sync(self):
        """:meth:`sync` when :meth:`due`; returns the sample or None."""
        return self.sync() if self.due() else None

    def start(self):
        """Re-synchronise in a background thread every ``resync_interval`` seconds (failures are
        kept in ``errors``, the offset stays)."""
        if self.resync_interval is None:
            raise ValueError('HighPrecisionClock.start needs resync_interval')
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name='HighPrecisionClock', daemon=True)
        self._thread.start()

    def stop(self):
        """Stop the background thread."""
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None

    def _run(self):
        while not self._stop.is_set():
            try:
                self.maybe_sync()
            except ClockSyncError:
                pass                    # recorded in self.errors
            self._stop.wait(min(self.resync_interval, 1.0))

    # -- statistics -----------------------------------------------------------------------
    def stats(self):
        """Statistics of the kept measurements: ``n``, ``offset_mean_ns``, ``offset_stdev_ns``
        (sample standard deviation), ``delay_mean_ns``, and ``drift_ppm``: the least-squares slope
        of the offset against local time, in parts per million (positive: the local clock falls
        behind). Values that need more samples are None."""
        hist = list(self.history)
        n = len(hist)
        out = dict(n=n, offset_mean_ns=None, offset_stdev_ns=None, delay_mean_ns=None,
                   drift_ppm=None)
        if not n:
            return out
        offs = [s.offset_ns for s in hist]
        mean = sum(offs) / n
        out['offset_mean_ns'] = mean
        out['delay_mean_ns'] = sum(s.delay_ns for s in hist) / n
        if n >= 2:
            out['offset_stdev_ns'] = math.sqrt(sum((o - mean) ** 2 for o in offs) / (n - 1))
            t0 = hist[0].local_ns
            xs = [s.local_ns - t0 for s in hist]
            xm = sum(xs) / n
            sxx = sum((x - xm) ** 2 for x in xs)
            if sxx > 0:
                sxy = sum((x - xm) * (o - mean) for x, o in zip(xs, offs))
                out['drift_ppm'] = sxy / sxx * 1e6
        return out
