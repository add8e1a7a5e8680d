# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Read a recording: one ``<receive time ns> <json>`` message per line.

The receive time is a run of decimal digits (an int64) followed by one space; the rest of the
line is the JSON message.  Blank lines are skipped and not counted.  A line without the time,
with JSON that does not decode to an object, or whose time is earlier than the previous line's
goes to the ``on_error`` policy object (``errors.bad(line, field, what[, reason])``).
"""
from libc.stdint cimport int64_t, INT64_MAX


cdef class LineSource:
    """Decoded messages of a recording, in file order.

    Parameters
    ----------
    f : binary file object (or any iterable of bytes lines)
    loads : callable
        The JSON decoder (bytes -> object).
    errors : object
        The ``on_error`` policy; its ``bad`` method raises or counts.
    """

    def __init__(self, f, loads, errors):
        self.lines = iter(f)
        self.loads = loads
        self.errors = errors
        self.line = 0
        self.ts = 0
        self.messages_in = 0
        self.last_ts = -1

    cdef object next_message(self):
        cdef bytes raw
        cdef const char* s
        cdef Py_ssize_t n, i
        cdef int64_t ts
        cdef char c
        for obj in self.lines:
            raw = <bytes>obj
            self.line += 1
            s = raw
            n = len(raw)
            i = 0
            ts = 0
            while i < n and i < 19:
                c = s[i]
                if c < b'0' or c > b'9' or ts > (INT64_MAX - (c - 48)) // 10:
                    break
                ts = ts * 10 + (c - 48)
                i += 1
            if i == 0 or i >= n or s[i] != b' ':
                if not raw.strip():
                    continue
                self.messages_in += 1
                self.errors.bad(self.line, 'ts', 'expected "<receive time ns> <json>"')
                continue
            self.messages_in += 1
            try:
                msg = self.loads(raw[i + 1:])
            except Exception as exc:      # each decoder has its own error class
                self.errors.bad(self.line, 'json', 'malformed JSON (%s)' % (exc,))
                continue
            if type(msg) is not dict:
                self.errors.bad(self.line, 'json', 'the message is not a JSON object')
                continue
            if ts < self.last_ts:
                self.errors.bad(self.line, 'ts', 'receive time %d is before the previous line (%d)'
                                % (ts, self.last_ts), 'time_backwards')
                continue
            self.last_ts = ts
            self.ts = ts
            return msg
        return None
