"""Stream helpers: a stream that flushes on every write (put in front of
stdout and stderr when this module is imported on Windows, whose consoles
buffer them), and a sink that silences stdout for a while."""
import sys


class flushfile(object):
    """Wrap the stream ``f``: each ``write`` reaches it at once."""

    def __init__(self, f):
        self.f = f

    def write(self, x):
        stream = self.f
        stream.write(x)
        stream.flush()

    def flush(self):
        self.f.flush()


class StdOutDevNull(object):
    """While alive, standard output goes nowhere; :meth:`stop` gives it back."""

    def __init__(self):
        self.stdout, sys.stdout = sys.stdout, self

    def write(self, x):
        """Discard ``x``."""

    def flush(self):
        """Nothing is kept, so nothing to flush."""

    def stop(self):
        sys.stdout = self.stdout


if sys.platform == 'win32':
    sys.stdout, sys.stderr = flushfile(sys.stdout), flushfile(sys.stderr)
