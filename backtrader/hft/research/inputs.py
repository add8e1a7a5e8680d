"""Checks and conversions shared by the research tools: value columns, nanosecond stamps,
durations and time buckets.

Every function takes plain numpy-convertible arrays and raises ``ValueError`` naming the caller,
the argument and what is wrong.
"""
import numpy as np

__all__ = ['values', 'stamps', 'same_length', 'duration_ns', 'bucket_starts', 'group_bounds']


def values(x, name, owner):
    """``x`` as a 1-D float64 array; NaN marks a missing value, +-inf is refused."""
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError('%s: %s must be 1-D, got shape %s' % (owner, name, arr.shape))
    bad = np.isinf(arr)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError('%s: %s holds %r at row %d (use NaN for a missing value)'
                         % (owner, name, float(arr[i]), i))
    return arr


def stamps(ts, name, owner):
    """``ts`` as a 1-D int64 array of ascending nanosecond stamps (equal stamps allowed)."""
    arr = np.asarray(ts)
    if arr.ndim != 1:
        raise ValueError('%s: %s must be 1-D, got shape %s' % (owner, name, arr.shape))
    if arr.dtype.kind == 'M':
        arr = arr.astype('datetime64[ns]').view(np.int64)
    elif arr.dtype.kind not in 'iu':
        raise ValueError('%s: %s must hold whole nanoseconds (int64), got dtype %s'
                         % (owner, name, arr.dtype))
    arr = arr.astype(np.int64, copy=False)
    if len(arr) > 1:
        back = np.diff(arr) < 0
        if back.any():
            i = int(np.argmax(back)) + 1
            raise ValueError('%s: %s is not ascending: row %d (%d) is before row %d (%d)'
                             % (owner, name, i, arr[i], i - 1, arr[i - 1]))
    return arr


def same_length(owner, **arrays):
    """Refuse arrays of different lengths, naming them."""
    items = [(k, len(v)) for k, v in arrays.items() if v is not None]
    for k, n in items[1:]:
        if n != items[0][1]:
            raise ValueError('%s: %s has %d rows, %s has %d' % (owner, items[0][0], items[0][1],
                                                                 k, n))


def duration_ns(value, name, owner):
    """Whole positive nanoseconds of ``value``: an int count of ns or a duration such as
    ``'250ms'`` (units ns, us, ms, s, m/min, h)."""
    from backtrader.hft.feeds.l2event import parse_step
    if isinstance(value, str) and value.strip().lower() in ('event', 'timestamp'):
        value = None
    try:
        return parse_step(value)[1]
    except (ValueError, TypeError):
        raise ValueError("%s: %s = %r is not a positive whole number of ns or a duration like "
                         "'100ms'" % (owner, name, value)) from None


def bucket_starts(ts, period):
    """Start stamp of the time bucket of every row: buckets of ``period`` ns aligned on the
    epoch."""
    return (ts // period) * period


def group_bounds(keys):
    """``(starts, stops)`` of the runs of equal consecutive ``keys``."""
    n = len(keys)
    if n == 0:
        return np.zeros(0, np.intp), np.zeros(0, np.intp)
    cut = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts = np.concatenate(([0], cut))
    stops = np.concatenate((cut, [n]))
    return starts, stops
