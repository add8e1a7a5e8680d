"""Progress bars on stderr for optimizations and long backtests.

``tqdm`` draws the bar when it is installed; otherwise a one-line text bar is
redrawn in place.  Nothing is drawn when stderr is not a terminal.
"""
import sys
import threading
import time

__all__ = ['ProgressBar', 'RunWatcher', 'wanted']

# seconds between two redraws of the plain bar
_REDRAW = 0.2
# width of the plain bar in characters
_WIDTH = 30


def wanted(switch, stream=None):
    """Whether to draw: ``switch`` is on and ``stream`` (stderr) is a terminal."""
    if not switch:
        return False
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, 'isatty', None)
    try:
        return bool(isatty and isatty())
    except ValueError:          # a closed stream
        return False


def _clock(seconds):
    seconds = int(seconds)
    return '%d:%02d' % divmod(seconds, 60) if seconds < 3600 else \
        '%d:%02d:%02d' % (seconds // 3600, seconds // 60 % 60, seconds % 60)


class ProgressBar(object):
    """A bar counting ``total`` steps: ``update(n)`` / ``moveto(n)``, then ``close()``.

    ``enabled=False`` makes every method a no-op; ``stream`` defaults to stderr.
    """

    def __init__(self, total, desc='', enabled=True, stream=None, unit='it'):
        self.total = total
        self.count = 0
        self.desc = desc
        self.stream = sys.stderr if stream is None else stream
        self.enabled = enabled
        self._tqdm = None
        self._drawn = 0.0
        self._t0 = time.monotonic()
        if not enabled:
            return
        try:
            from tqdm import tqdm
        except ImportError:
            self._draw()
        else:
            self._tqdm = tqdm(total=total, desc=desc or None, file=self.stream,
                              unit=unit, leave=False, dynamic_ncols=True)

    def update(self, n=1):
        """Count ``n`` more finished steps."""
        self.moveto(self.count + n)

    def moveto(self, count):
        """Set the number of finished steps to ``count``."""
        if not self.enabled or count == self.count:
            return
        step, self.count = count - self.count, count
        if self._tqdm is not None:
            self._tqdm.update(step)
        elif time.monotonic() - self._drawn >= _REDRAW or count >= (self.total or 0):
            self._draw()

    def _draw(self):
        now = time.monotonic()
        self._drawn = now
        elapsed = now - self._t0
        total = self.total or 0
        if total:
            frac = min(1.0, self.count / total)
            full = int(frac * _WIDTH)
            eta = elapsed / frac - elapsed if frac > 0 else 0.0
            text = '%s |%s%s| %d/%d [%s<%s]' % (
                self.desc, '#' * full, '-' * (_WIDTH - full), self.count, total,
                _clock(elapsed), _clock(eta))
        else:
            text = '%s %d [%s]' % (self.desc, self.count, _clock(elapsed))
        self.stream.write('\r' + text.lstrip())
        self.stream.flush()

    def close(self):
        """Take the bar off the terminal line."""
        if not self.enabled:
            return
        self.enabled = False
        if self._tqdm is not None:
            self._tqdm.close()
        else:
            self.stream.write('\r\x1b[K')
            self.stream.flush()


class RunWatcher(object):
    """Shows a bar for a backtest that runs longer than ``delay`` seconds.

    A daemon thread wakes every ``period`` seconds and reads ``poll()``, which
    returns ``(done, total)`` (bars stepped, bars to step); the run itself is
    not slowed.  Use as a context manager around the run.
    """

    def __init__(self, poll, desc='backtest', delay=3.0, period=0.25, enabled=True,
                 stream=None):
        self.poll = poll
        self.desc = desc
        self.delay = delay
        self.period = period
        self.enabled = enabled
        self.stream = stream
        self.bar = None
        self._stop = threading.Event()
        self._thread = None

    def __enter__(self):
        if self.enabled:
            self._thread = threading.Thread(target=self._watch, name='bt-progress',
                                            daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
        if self.bar is not None:
            self.bar.close()
        return False

    def _watch(self):
        if self._stop.wait(self.delay):
            return
        while True:
            try:
                done, total = self.poll()
            except (AttributeError, IndexError, TypeError, ValueError):
                # the run is between two states: look again at the next wake-up
                done, total = None, None
            if done is not None:
                if self.bar is None:
                    self.bar = ProgressBar(total, self.desc, stream=self.stream, unit='bar')
                self.bar.moveto(done)
            if self._stop.wait(self.period):
                return
