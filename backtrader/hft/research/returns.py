"""Forward returns at a horizon counted in rows (events) or in nanoseconds.

A horizon is an ``int`` (that many rows later) or a duration string such as ``'500ms'`` (the price
as of ``t + h``: the last row stamped at or before ``t + h``). A row whose horizon ends after the
data has no forward return (NaN): the price at ``t + h`` is unknown when ``t + h`` is after the
last stamp.
"""
import numpy as np

from backtrader.hft.research.inputs import duration_ns, same_length, stamps, values

__all__ = ['parse_horizon', 'horizon_label', 'offset_index', 'label_end', 'forward_returns']

_KINDS = ('simple', 'log', 'diff')


def parse_horizon(horizon, owner, name='horizon'):
    """``('events', n)`` for an int, ``('ns', ns)`` for a duration string."""
    if isinstance(horizon, str):
        return 'ns', duration_ns(horizon, name, owner)
    if isinstance(horizon, (bool, np.bool_)) or not isinstance(horizon, (int, np.integer)) \
            or horizon <= 0:
        raise ValueError("%s: %s = %r must be a positive int (rows) or a duration like '1s'"
                         % (owner, name, horizon))
    return 'events', int(horizon)


def horizon_label(horizon):
    """A short display label of a horizon (``'10ev'``, ``'500ms'``)."""
    return '%dev' % horizon if not isinstance(horizon, str) else horizon.strip()


def offset_index(n, horizon, ts=None, sign=1, owner='offset_index'):
    """``(j, valid)``: for every row ``i`` the row ``horizon`` later (``sign=1``) or earlier
    (``sign=-1``), and whether it exists in the data."""
    unit, h = parse_horizon(horizon, owner)
    i = np.arange(n)
    if unit == 'events':
        j = i + sign * h
        return j, (j >= 0) & (j < n)
    if ts is None:
        raise ValueError('%s: a horizon in time (%r) needs the stamps ts' % (owner, horizon))
    j = np.searchsorted(ts, ts + sign * h, side='right') - 1
    if sign > 0:
        valid = ts + h <= ts[-1] if n else np.zeros(0, bool)
    else:
        valid = j >= 0
    return j, valid


def label_end(n, horizon, ts=None, owner='label_end'):
    """For every row, the row at which its forward return becomes known: ``i + h`` for a horizon
    in rows, the first row stamped at or after ``t + h`` for a duration; ``n`` past the data."""
    unit, h = parse_horizon(horizon, owner)
    if unit == 'events':
        return np.minimum(np.arange(n) + h, n)
    if ts is None:
        raise ValueError('%s: a horizon in time (%r) needs the stamps ts' % (owner, horizon))
    return np.searchsorted(ts, ts + h, side='left')


def forward_returns(prices, horizon, ts=None, kind='simple'):
    """Forward return of every row over ``horizon``: ``p[j] / p[i] - 1`` (``kind='simple'``),
    ``log(p[j] / p[i])`` (``'log'``) or ``p[j] - p[i]`` (``'diff'``), with ``j`` the row
    ``horizon`` later (rows) or the row as of ``ts[i] + horizon`` (a duration; needs ``ts``).
    NaN where ``j`` is past the data or a price is missing."""
    owner = 'forward_returns'
    p = values(prices, 'prices', owner)
    if ts is not None:
        ts = stamps(ts, 'ts', owner)
        same_length(owner, prices=p, ts=ts)
    if kind not in _KINDS:
        raise ValueError('%s: kind = %r must be one of %s' % (owner, kind, ', '.join(_KINDS)))
    if kind != 'diff' and (p <= 0).any():
        i = int(np.argmax(p <= 0))
        raise ValueError('%s: prices must be > 0 for %s returns, row %d is %r'
                         % (owner, kind, i, float(p[i])))
    j, valid = offset_index(len(p), horizon, ts, 1, owner)
    out = np.full(len(p), np.nan)
    a, b = p[valid], p[j[valid]]
    if kind == 'simple':
        out[valid] = b / a - 1.0
    elif kind == 'log':
        out[valid] = np.log(b / a)
    else:
        out[valid] = b - a
    return out
