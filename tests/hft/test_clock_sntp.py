"""HighPrecisionClock against a small SNTP responder on 127.0.0.1 (a thread with a UDP socket)."""
import socket
import struct
import threading
import time

import pytest

from backtrader.hft.clock import (ClockSyncError, HighPrecisionClock, SNTPError, ns_to_ntp,
                                  ntp_to_ns, sntp_query)

FAKE_OFFSET = 250_000_000           # the responder's clock runs 250 ms ahead


def to_ntp(ns):
    """Independent conversion: seconds since 1900 in the high word, 2**-32 s units below."""
    sec = ns // 10**9 + 2208988800
    frac = (ns % 10**9) * 2**32 // 10**9
    return sec * 2**32 + frac


class Responder(object):
    """Answers SNTP requests; ``behaviour`` picks a correct or a broken reply."""

    def __init__(self, behaviour='ok', offset=FAKE_OFFSET, clock=time.time_ns):
        self.behaviour = behaviour
        self.offset = offset            # ns, or a function of the local time
        self.clock = clock
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.requests = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                req, addr = self.sock.recvfrom(512)
            except socket.timeout:
                continue
            self.requests += 1
            reply = self._reply(req)
            if reply is not None:
                self.sock.sendto(reply, addr)

    def _server_ns(self):
        now = self.clock()
        off = self.offset(now) if callable(self.offset) else self.offset
        return now + off

    def _reply(self, req):
        b = self.behaviour
        if b == 'silent':
            return None
        t2 = self._server_ns()
        vn, mode, stratum = 4, 4, 2
        if b == 'mode':
            mode = 3
        elif b == 'version':
            vn = 0
        elif b == 'kod':
            stratum = 0
        head = struct.pack('!BBbb', (0 << 6) | (vn << 3) | mode, stratum, 6, -20)
        refid = b'RATE' if b == 'kod' else b'LOCL'
        t3 = self._server_ns()
        origin = req[40:48]
        xmit = 0 if b == 'zero-transmit' else to_ntp(t3)
        if b == 'origin':
            origin = b'\0' * 8
        body = (struct.pack('!II', 0, 0) + refid + struct.pack('!Q', to_ntp(t2)) + origin
                + struct.pack('!QQ', to_ntp(t2), xmit))
        pkt = head + body
        assert len(pkt) == 48
        return pkt[:30] if b == 'short' else pkt

    def close(self):
        self._stop.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def responders():
    made = []

    def make(*args, **kw):
        r = Responder(*args, **kw)
        made.append(r)
        return r
    yield make
    for r in made:
        r.close()


def test_ntp_timestamp_conversion_round_trips():
    ns = 1700000000 * 10**9 + 123456789
    assert ns_to_ntp(ns) == to_ntp(ns)
    assert abs(ntp_to_ns(ns_to_ntp(ns)) - ns) <= 1
    assert ntp_to_ns(to_ntp(0)) == 0


def test_measured_offset_matches_the_fake_offset(responders):
    r = responders()
    clock = HighPrecisionClock(['127.0.0.1:%d' % r.port], timeout=1.0, samples=3)
    sample = clock.sync()
    # RFC 4330: the true offset lies within half the round-trip delay of the estimate (a busy
    # machine lengthens the round trip, never breaks that bound)
    assert 0 <= sample.delay_ns < 500_000_000
    assert abs(sample.offset_ns - FAKE_OFFSET) <= sample.delay_ns // 2 + 1_000
    assert sample.stratum == 2 and sample.source == ('127.0.0.1', r.port)
    assert clock.offset_ns == sample.offset_ns
    assert abs(clock.now_ns() - (time.time_ns() + FAKE_OFFSET)) < sample.delay_ns // 2 + 5_000_000
    assert abs(clock.now_us() * 1000 - clock.now_ns()) < 5_000_000
    assert r.requests == 3


def test_exact_offset_and_delay_with_a_deterministic_clock(responders):
    # both sides read the same fake local time: t1 = t4, t2 = t3 = t1 + offset
    fake = [1700000000 * 10**9]
    r = responders(offset=12_345_678, clock=lambda: fake[0])
    s = sntp_query('127.0.0.1', r.port, timeout=1.0, timesource=lambda: fake[0])
    assert abs(s.offset_ns - 12_345_678) <= 1     # NTP fractions round to under a nanosecond
    assert abs(s.delay_ns) <= 1


@pytest.mark.parametrize('behaviour,match', [
    ('short', 'short packet: 30 bytes'),
    ('mode', 'reply mode 3'),
    ('version', 'unsupported version 0'),
    ('zero-transmit', 'zero transmit timestamp'),
    ('kod', "kiss-o'-death.*RATE"),
    ('origin', 'originate timestamp mismatch'),
])
def test_bad_replies_are_refused(responders, behaviour, match):
    r = responders(behaviour)
    with pytest.raises(SNTPError, match=match):
        sntp_query('127.0.0.1', r.port, timeout=1.0)
    clock = HighPrecisionClock([('127.0.0.1', r.port)], timeout=1.0)
    with pytest.raises(ClockSyncError, match=match) as err:
        clock.sync()
    assert err.value.errors[0][0] == ('127.0.0.1', r.port)
    assert clock.offset_ns == 0 and clock.last_sync is None


def test_timeout(responders):
    r = responders('silent')
    t0 = time.monotonic()
    with pytest.raises(SNTPError, match='no reply within 0.2 s'):
        sntp_query('127.0.0.1', r.port, timeout=0.2)
    assert 0.15 < time.monotonic() - t0 < 2.0


def test_failover_to_the_next_source_and_preferred_first(responders):
    dead = responders('silent')
    kod = responders('kod')
    good = responders(offset=-40_000_000)
    sources = [('127.0.0.1', good.port), ('127.0.0.1', dead.port), ('127.0.0.1', kod.port)]
    clock = HighPrecisionClock(sources, preferred=1, timeout=0.2)
    sample = clock.sync()
    # preferred (dead) first, then the others in order: the good one answers
    assert sample.source == ('127.0.0.1', good.port)
    assert [e[0] for e in clock.errors] == [('127.0.0.1', dead.port)]
    assert abs(clock.offset_ns + 40_000_000) < 2_000_000
    # the preferred source is the first one asked
    clock2 = HighPrecisionClock(sources, preferred=2, timeout=0.2)
    assert clock2.sync().source == ('127.0.0.1', good.port)
    assert [e[0] for e in clock2.errors] == [('127.0.0.1', kod.port)]
    # an explicit server asks only that one
    with pytest.raises(ClockSyncError):
        clock.sync('127.0.0.1', kod.port)


def test_drift_statistics_from_a_clock_drifting_50_ppm(responders):
    fake = [1700000000 * 10**9]
    t0 = fake[0]
    # the server's offset grows by 50 ns per ms of local time: +50 ppm, plus a 1 ms base
    r = responders(offset=lambda now: 1_000_000 + (now - t0) * 50 // 10**6,
                   clock=lambda: fake[0])
    clock = HighPrecisionClock([('127.0.0.1', r.port)], timesource=lambda: fake[0],
                               resync_interval=10.0)
    offsets = []
    for k in range(6):
        fake[0] = t0 + k * 10 * 10**9          # every 10 s of local time
        assert clock.due()
        clock.maybe_sync()
        assert not clock.due()
        offsets.append(1_000_000 + k * 500_000)
    st = clock.stats()
    assert st['n'] == 6
    assert st['drift_ppm'] == pytest.approx(50.0, abs=1e-3)
    assert st['offset_mean_ns'] == pytest.approx(sum(offsets) / 6, abs=2)
    mean = sum(offsets) / 6
    sd = (sum((o - mean) ** 2 for o in offsets) / 5) ** 0.5
    assert st['offset_stdev_ns'] == pytest.approx(sd, abs=2)
    assert abs(st['delay_mean_ns']) <= 2


def test_background_resync(responders):
    r = responders()
    clock = HighPrecisionClock([('127.0.0.1', r.port)], resync_interval=0.05, timeout=0.5)
    clock.start()
    try:
        deadline = time.monotonic() + 5
        while len(clock.history) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        clock.stop()
    assert len(clock.history) >= 3
    assert abs(clock.offset_ns - FAKE_OFFSET) < 2_000_000


def test_bad_configuration():
    with pytest.raises(ValueError, match='preferred'):
        HighPrecisionClock(['a', 'b'], preferred=2)
    with pytest.raises(ValueError, match='no source'):
        HighPrecisionClock().sync()
    with pytest.raises(ValueError, match='resync_interval'):
        HighPrecisionClock(['a']).start()
