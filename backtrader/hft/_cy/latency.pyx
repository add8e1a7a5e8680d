# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Order latency models: how long a request takes to reach the exchange and its answer to come back.

``entry(local_ts)`` is the delay (ns) from sending a request at local time ``local_ts`` until the
exchange processes it; a negative value means the exchange rejects the request and the rejection
reaches the strategy ``-value`` ns after sending. ``response(exch_ts)`` is the delay (ns) from the
exchange's answer at exchange time ``exch_ts`` until the strategy receives it.

* :class:`ConstantLatency` -- the same two delays for every request.
* :class:`IntpOrderLatency` -- delays interpolated from recorded request / exchange / response
  timestamps, with rejections where the recorded exchange time is not positive.
"""
import operator

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.stdint cimport int64_t


cdef class OrderLatency:
    """Base of the order latency models."""

    def __init__(self):
        if type(self) is OrderLatency:
            raise TypeError("OrderLatency is abstract: use ConstantLatency or IntpOrderLatency")

    cdef int64_t entry(self, int64_t local_ts) noexcept:
        return 0

    cdef int64_t response(self, int64_t exch_ts) noexcept:
        return 0

    def entry_latency(self, int64_t local_ts):
        """Delay (ns) of a request sent at ``local_ts``; negative: rejected, known after -value."""
        return self.entry(local_ts)

    def response_latency(self, int64_t exch_ts):
        """Delay (ns) of an exchange answer given at ``exch_ts``."""
        return self.response(exch_ts)

    def __repr__(self):
        return self.describe()


cdef int64_t _nanoseconds(str what, value) except? -1:
    if isinstance(value, bool):
        raise TypeError("ConstantLatency: %s must be an integer number of nanoseconds, not %r"
                        % (what, value))
    try:
        v = operator.index(value)
    except TypeError:
        raise TypeError("ConstantLatency: %s must be an integer number of nanoseconds, not %r"
                        % (what, value)) from None
    if v < 0:
        raise ValueError("ConstantLatency: %s must be >= 0 ns, not %d" % (what, v))
    return v


cdef class ConstantLatency(OrderLatency):
    """The same delays for every request.

    Parameters
    ----------
    entry_ns : int
        Nanoseconds from sending a request to its processing by the exchange (>= 0).
    response_ns : int
        Nanoseconds from the exchange's answer to its receipt (>= 0).
    """

    def __init__(self, entry_ns, response_ns):
        self.entry_ns = _nanoseconds('entry_ns', entry_ns)
        self.response_ns = _nanoseconds('response_ns', response_ns)

    cdef int64_t entry(self, int64_t local_ts) noexcept:
        return self.entry_ns

    cdef int64_t response(self, int64_t exch_ts) noexcept:
        return self.response_ns

    def describe(self):
        """A short text naming the model and its parameters."""
        return 'ConstantLatency(entry=%dns, response=%dns)' % (self.entry_ns, self.response_ns)

    def __reduce__(self):
        return (ConstantLatency, (self.entry_ns, self.response_ns))


cdef inline int64_t _intp(int64_t x, int64_t x1, int64_t y1, int64_t x2, int64_t y2) noexcept:
    # straight line through (x1, y1) and (x2, y2) at x (x1 <= x < x2), truncated toward zero
    return <int64_t>(<double>(y2 - y1) / <double>(x2 - x1) * <double>(x - x1)) + y1


cdef Py_ssize_t _segment(const int64_t* xs, Py_ssize_t n, Py_ssize_t i, int64_t x) noexcept:
    # index i with xs[i] <= x < xs[i + 1], walking from the previous answer (times mostly move
    # forward, so this is O(1) amortised); requires xs[0] <= x < xs[n - 1]
    while x >= xs[i + 1]:
        i += 1
    while x < xs[i]:
        i -= 1
    return i


def _rows_from(data):
    # the (req_ts, exch_ts, resp_ts) columns of an array, a structured array or a .npy/.npz file
    import numpy as np
    if isinstance(data, (str, bytes)) or hasattr(data, '__fspath__'):
        path = data
        loaded = np.load(path)
        if hasattr(loaded, 'files'):
            with loaded:
                if not loaded.files:
                    raise ValueError("IntpOrderLatency: %r holds no array" % (path,))
                key = 'data' if 'data' in loaded.files else loaded.files[0]
                data = loaded[key]
        else:
            data = loaded
    arr = np.asarray(data)
    if arr.dtype.names is not None:
        missing = [f for f in ('req_ts', 'exch_ts', 'resp_ts') if f not in arr.dtype.names]
        if missing:
            raise ValueError("IntpOrderLatency: the structured array lacks the field(s) %s "
                             "(it has %s)" % (', '.join(missing), ', '.join(arr.dtype.names)))
        cols = [arr[f].reshape(-1) for f in ('req_ts', 'exch_ts', 'resp_ts')]
    else:
        if arr.ndim != 2 or arr.shape[1] < 3:
            raise ValueError("IntpOrderLatency: data must be an N x 3 array of (req_ts, exch_ts, "
                             "resp_ts) rows or a structured array with those fields, not an "
                             "array of shape %s" % (arr.shape,))
        cols = [arr[:, j] for j in range(3)]
    out = []
    for name, col in zip(('req_ts', 'exch_ts', 'resp_ts'), cols):
        if col.dtype.kind not in 'iu':
            raise TypeError("IntpOrderLatency: %s must hold integer nanoseconds, not %s"
                            % (name, col.dtype))
        out.append(np.ascontiguousarray(col, dtype=np.int64))
    if len(out[0]) == 0:
        raise ValueError("IntpOrderLatency: the latency data has no rows")
    return out


cdef int64_t* _copy(col) except NULL:
    cdef Py_ssize_t i, n = len(col)
    cdef const int64_t[::1] view = col
    cdef int64_t* p = <int64_t*>PyMem_Malloc(max(n, 1) * sizeof(int64_t))
    if p == NULL:
        raise MemoryError()
    for i in range(n):
        p[i] = view[i]
    return p


cdef class IntpOrderLatency(OrderLatency):
    """Delays interpolated from a record of real requests.

    Each row records a request: ``req_ts`` when it was sent (local time), ``exch_ts`` when the
    exchange processed it, ``resp_ts`` when its answer arrived (local time). An ``exch_ts`` that is
    not positive marks a request the exchange rejected (overload and the like).

    ``entry(t)`` interpolates the entry delay ``exch_ts - req_ts`` linearly in ``req_ts`` between
    the two rows around ``t``. When either of those rows is a rejection, the request is rejected:
    ``entry`` returns minus the interpolated round trip ``resp_ts - req_ts``, the time after which
    the strategy learns of it. ``response(t)`` interpolates the response delay ``resp_ts -
    exch_ts`` linearly in ``exch_ts`` over the accepted rows (taken in ``exch_ts`` order). Before
    the first row or after the last, the end row's value is used (for a rejected end row, minus its
    round trip). Values are truncated to whole nanoseconds.

    Parameters
    ----------
    data : array or path
        An N x 3 integer array of ``(req_ts, exch_ts, resp_ts)`` rows, a structured array with
        fields ``req_ts``, ``exch_ts``, ``resp_ts`` (hftbacktest's layout), or the path of a
        ``.npy`` / ``.npz`` file holding either (an ``.npz`` is read at key ``data``, else its
        first array). ``req_ts`` must not decrease; an accepted row needs ``req_ts <= exch_ts <=
        resp_ts`` and a rejected one ``req_ts <= resp_ts``.
    """

    def __cinit__(self):
        self.req_ts = NULL
        self.exch_ts = NULL
        self.resp_ts = NULL
        self.rx = NULL
        self.ry = NULL

    def __dealloc__(self):
        PyMem_Free(self.req_ts)
        PyMem_Free(self.exch_ts)
        PyMem_Free(self.resp_ts)
        PyMem_Free(self.rx)
        PyMem_Free(self.ry)

    def __init__(self, data):
        import numpy as np
        req, exch, resp = _rows_from(data)
        n = len(req)
        back = np.flatnonzero(req[1:] < req[:n - 1])
        if len(back):
            i = int(back[0]) + 1
            raise ValueError("IntpOrderLatency: req_ts must not decrease, but row %d (req_ts=%d) "
                             "comes before row %d (req_ts=%d)" % (i - 1, req[i - 1], i, req[i]))
        ok = exch > 0
        bad = np.flatnonzero(ok & ((exch < req) | (resp < exch)))
        if len(bad):
            i = int(bad[0])
            raise ValueError("IntpOrderLatency: row %d has a negative latency (req_ts=%d, "
                             "exch_ts=%d, resp_ts=%d)" % (i, req[i], exch[i], resp[i]))
        bad = np.flatnonzero(~ok & (resp < req))
        if len(bad):
            i = int(bad[0])
            raise ValueError("IntpOrderLatency: rejected row %d answers before it was sent "
                             "(req_ts=%d, resp_ts=%d)" % (i, req[i], resp[i]))
        if not ok.any():
            raise ValueError("IntpOrderLatency: every row is a rejection (exch_ts <= 0), so "
                             "there is no response latency to interpolate")
        order = np.argsort(exch[ok], kind='stable')
        rx = exch[ok][order]
        ry = (resp[ok] - exch[ok])[order]
        self.req_ts = _copy(req)
        self.exch_ts = _copy(exch)
        self.resp_ts = _copy(resp)
        self.rx = _copy(rx)
        self.ry = _copy(ry)
        self.nrows = n
        self.nresp = len(rx)
        self.entry_i = 0
        self.resp_i = 0

    cdef int64_t _row_entry(self, Py_ssize_t i) noexcept:
        # the entry value of one row alone (an end value)
        if self.exch_ts[i] <= 0:
            return -(self.resp_ts[i] - self.req_ts[i])
        return self.exch_ts[i] - self.req_ts[i]

    cdef int64_t entry(self, int64_t local_ts) noexcept:
        cdef Py_ssize_t i, n = self.nrows
        cdef const int64_t* x = self.req_ts
        if local_ts < x[0]:
            return self._row_entry(0)
        if local_ts >= x[n - 1]:
            return self._row_entry(n - 1)
        i = _segment(x, n, self.entry_i, local_ts)
        self.entry_i = i
        if self.exch_ts[i] <= 0 or self.exch_ts[i + 1] <= 0:
            return -_intp(local_ts, x[i], self.resp_ts[i] - x[i],
                          x[i + 1], self.resp_ts[i + 1] - x[i + 1])
        return _intp(local_ts, x[i], self.exch_ts[i] - x[i],
                     x[i + 1], self.exch_ts[i + 1] - x[i + 1])

    cdef int64_t response(self, int64_t exch_ts) noexcept:
        cdef Py_ssize_t i, n = self.nresp
        cdef const int64_t* x = self.rx
        if exch_ts < x[0]:
            return self.ry[0]
        if exch_ts >= x[n - 1]:
            return self.ry[n - 1]
        i = _segment(x, n, self.resp_i, exch_ts)
        self.resp_i = i
        return _intp(exch_ts, x[i], self.ry[i], x[i + 1], self.ry[i + 1])

    def rows(self):
        """The recorded rows as an N x 3 int64 array ``(req_ts, exch_ts, resp_ts)``."""
        import numpy as np
        out = np.empty((self.nrows, 3), dtype=np.int64)
        cdef int64_t[:, ::1] v = out
        cdef Py_ssize_t i
        for i in range(self.nrows):
            v[i, 0] = self.req_ts[i]
            v[i, 1] = self.exch_ts[i]
            v[i, 2] = self.resp_ts[i]
        return out

    def describe(self):
        """A short text naming the model and its data."""
        cdef Py_ssize_t i, rejected = 0, last = self.nrows - 1
        for i in range(self.nrows):
            rejected += self.exch_ts[i] <= 0
        return ('IntpOrderLatency(%d rows, req_ts %d..%d, %d rejected)'
                % (self.nrows, self.req_ts[0], self.req_ts[last], rejected))

    def __reduce__(self):
        return (IntpOrderLatency, (self.rows(),))
