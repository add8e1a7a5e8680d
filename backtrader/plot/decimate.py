"""Reduce series longer than the plot can resolve, keeping what can be seen.

A panel shows at most ``columns`` x positions.  Longer series are cut into
``columns`` buckets of consecutive points; per bucket a line keeps its lowest
and its highest point (at their own x, in their order), so spikes, gaps and
markers survive; price bars become one bar per bucket (first open, highest
high, lowest low, last close) and volume the bucket's highest volume.
"""
import numpy as np


def bucket_size(n, columns):
    """Points per bucket for ``n`` points on ``columns`` columns (1: keep all)."""
    if not columns or n <= 2 * columns:
        return 1
    return -(-n // columns)


def _padded(values, size, fill):
    """``values`` as rows of ``size`` (the last row filled with ``fill``)."""
    rows = -(-len(values) // size)
    out = np.full(rows * size, fill, dtype=np.float64)
    out[:len(values)] = values
    return out.reshape(rows, size)


def envelope_index(y, size):
    """Indices of the points a line keeps with buckets of ``size`` points:
    per bucket the lowest and the highest finite point, in x order (one
    point for a bucket without finite values, so a gap stays a gap)."""
    n = len(y)
    if size <= 1:
        return np.arange(n)
    y = np.asarray(y, dtype=np.float64)
    finite = np.isfinite(y)
    lo = np.argmin(_padded(np.where(finite, y, np.inf), size, np.inf), axis=1)
    hi = np.argmax(_padded(np.where(finite, y, -np.inf), size, -np.inf), axis=1)
    base = np.arange(len(lo)) * size
    first, second = np.minimum(lo, hi) + base, np.maximum(lo, hi) + base
    idx = np.empty(2 * len(lo), dtype=np.intp)
    idx[0::2], idx[1::2] = first, second
    idx = idx[idx < n]
    keep = np.ones(len(idx), dtype=bool)
    keep[1:] = idx[1:] != idx[:-1]          # a one-point bucket keeps one point
    return idx[keep]


def bucket_bars(x, opens, highs, lows, closes, size):
    """One bar per bucket of ``size`` bars: x centre, width, open, high, low, close."""
    x = np.asarray(x, dtype=np.float64)
    if size <= 1:
        return (x, np.ones(len(x)), np.asarray(opens, dtype=np.float64),
                np.asarray(highs, dtype=np.float64), np.asarray(lows, dtype=np.float64),
                np.asarray(closes, dtype=np.float64))
    starts = np.arange(0, len(x), size)
    ends = np.minimum(starts + size, len(x)) - 1
    o = np.asarray(opens, dtype=np.float64)[starts]
    c = np.asarray(closes, dtype=np.float64)[ends]
    h = np.fmax.reduceat(np.asarray(highs, dtype=np.float64), starts)
    l = np.fmin.reduceat(np.asarray(lows, dtype=np.float64), starts)
    centre = (x[starts] + x[ends]) / 2.0
    width = x[ends] - x[starts] + 1.0
    return centre, width, o, h, l, c


def bucket_max(values, size):
    """Highest finite value per bucket of ``size`` values."""
    values = np.asarray(values, dtype=np.float64)
    if size <= 1:
        return values
    return np.fmax.reduceat(values, np.arange(0, len(values), size))
