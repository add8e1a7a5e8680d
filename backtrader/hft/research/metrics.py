"""Factor metrics over time-ordered rows: information coefficient (Pearson and Spearman rank),
ICIR, IC decay over horizons, quantile returns, quantile turnover, factor autocorrelation and the
returns of factor-sorted positions, overall and per time bucket.

Conventions (alphalens' definitions, with a time bucket in the place of its date and the rows of
a bucket in the place of its assets):

- a row with a missing (NaN) factor or target is left out, pair by pair;
- the Spearman IC is the Pearson correlation of the average ranks (ties share their mean rank);
- a bucket's IC needs ``min_obs`` rows and non-constant values, else it is NaN;
- ICIR is the mean of the per-bucket ICs over their sample standard deviation (n - 1);
- quantiles are equal-count bins of the factor (``pandas.qcut``: bin ``k`` holds the values in
  ``(e[k-1], e[k]]``, the first bin its lower edge too, ``e`` the linearly interpolated
  quantiles), numbered 1..q, computed over all rows or within each bucket (``by_period``); equal
  edges are merged, leaving fewer bins;
- quantile returns are the mean, standard deviation (n - 1), count and standard error of the
  target in each bin (``demeaned``: less the mean target of the row's bucket);
- turnover and autocorrelation read one series over time: a row against the row ``lag`` before
  it (rows, or the row as of ``ts - lag`` for a duration).
"""
from collections import namedtuple

import numpy as np

from backtrader.hft.research.inputs import (bucket_starts, duration_ns, group_bounds,
                                            same_length, stamps, values)
from backtrader.hft.research.returns import forward_returns, horizon_label, offset_index

__all__ = ['PeriodValues', 'GroupReturns', 'average_ranks', 'correlation', 'ic',
           'ic_by_period', 'icir', 'ic_decay', 'quantile_labels', 'quantile_returns',
           'label_returns', 'quantile_turnover', 'autocorrelation', 'sorted_position_returns']

PeriodValues = namedtuple('PeriodValues', 'start value nobs')
PeriodValues.__doc__ = """One value per time bucket: ``start`` (int64 ns), ``value`` (float64,
NaN where too few rows) and ``nobs`` (rows used)."""

GroupReturns = namedtuple('GroupReturns', 'label mean std count sem period_start period_mean')
GroupReturns.__doc__ = """Target statistics by label (a quantile 1..q, or any group label):
``label``, ``mean``, ``std``, ``count``, ``sem`` (std / sqrt(count)); per bucket ``period_start``
and ``period_mean`` (buckets x labels), None without a period."""

_METHODS = ('spearman', 'pearson')


def _method(method, owner):
    if method not in _METHODS:
        raise ValueError('%s: method = %r must be one of %s' % (owner, method, ', '.join(_METHODS)))
    return method


def _period(period, ts, owner):
    """The bucket of every row (int64 start stamps), or None without a period."""
    if period is None:
        return None
    if ts is None:
        raise ValueError('%s: a period needs the stamps ts' % owner)
    return bucket_starts(ts, duration_ns(period, 'period', owner))


def _pair(owner, factor, target, ts):
    f = values(factor, 'factor', owner)
    t = values(target, 'target', owner)
    if ts is not None:
        ts = stamps(ts, 'ts', owner)
    same_length(owner, factor=f, target=t, ts=ts)
    return f, t, ts


def average_ranks(x):
    """1-based ranks of ``x``; tied values share the mean of their ranks."""
    x = np.asarray(x, dtype=np.float64)
    return _grouped_ranks(x, np.zeros(len(x), np.int64))


def _grouped_ranks(x, keys):
    """Average ranks of ``x`` within each run of equal ``keys`` (keys sorted ascending)."""
    m = len(x)
    if m == 0:
        return np.zeros(0)
    order = np.argsort(x)
    if keys[0] != keys[-1]:                 # several groups: regroup, by value within each
        order = order[np.argsort(keys[order], kind='stable')]
    sx, sk = x[order], keys[order]
    newrun = np.ones(m, bool)
    newrun[1:] = (sk[1:] != sk[:-1]) | (sx[1:] != sx[:-1])
    run_start = np.flatnonzero(newrun)
    run_stop = np.append(run_start[1:], m)
    run_id = np.cumsum(newrun) - 1
    gstart, gstop = group_bounds(sk)
    first = np.repeat(gstart, gstop - gstart)
    ranks = np.empty(m)
    ranks[order] = (run_start + run_stop - 1)[run_id] / 2.0 - first + 1.0
    return ranks


def _grouped_corr(x, y, keys, method, min_obs):
    """``(keys of the groups, correlation, rows)`` of ``x`` and ``y`` within each run of equal
    ``keys``, over the rows where both are present."""
    ok = ~(np.isnan(x) | np.isnan(y))
    x, y, keys = x[ok], y[ok], keys[ok]
    starts, stops = group_bounds(keys)
    n = stops - starts
    if not len(n):
        return keys[:0], np.zeros(0), n
    if method == 'spearman':
        x, y = _grouped_ranks(x, keys), _grouped_ranks(y, keys)
    dx = x - np.repeat(np.add.reduceat(x, starts) / n, n)
    dy = y - np.repeat(np.add.reduceat(y, starts) / n, n)
    sxy = np.add.reduceat(dx * dy, starts)
    sxx = np.add.reduceat(dx * dx, starts)
    syy = np.add.reduceat(dy * dy, starts)
    with np.errstate(invalid='ignore', divide='ignore'):
        r = sxy / np.sqrt(sxx * syy)
    r[(n < max(min_obs, 2)) | (sxx <= 0) | (syy <= 0)] = np.nan
    return keys[starts], np.clip(r, -1.0, 1.0), n


def correlation(x, y, method='spearman'):
    """Correlation of two columns over the rows where both are present (NaN when fewer than two
    or one is constant)."""
    f, t, _ = _pair('correlation', x, y, None)
    _, r, _ = _grouped_corr(f, t, np.zeros(len(f), np.int64), _method(method, 'correlation'), 2)
    return float(r[0]) if len(r) else float('nan')


def ic(factor, target, method='spearman'):
    """Information coefficient: the correlation of the factor with the forward return over all
    rows (``method``: ``'spearman'`` rank or ``'pearson'``)."""
    return correlation(factor, target, method)


def ic_by_period(factor, target, ts, period, method='spearman', min_obs=3):
    """IC within each time bucket of ``period`` (ns or a duration): a :class:`PeriodValues`."""
    owner = 'ic_by_period'
    f, t, ts = _pair(owner, factor, target, ts)
    keys = _period(period, ts, owner)
    start, r, n = _grouped_corr(f, t, keys, _method(method, owner), min_obs)
    return PeriodValues(start, r, n)


def icir(ic_values):
    """Mean over sample standard deviation (n - 1) of per-bucket ICs (NaN ones left out)."""
    v = np.asarray(ic_values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if len(v) < 2:
        return float('nan')
    sd = v.std(ddof=1)
    return float(v.mean() / sd) if sd > 0 else float('nan')


def ic_decay(factor, prices, horizons, ts=None, method='spearman', kind='simple', period=None,
             min_obs=3):
    """IC of the factor against the forward returns at each horizon: ``{label: (ic, icir)}``
    (``icir`` NaN without a period)."""
    owner = 'ic_decay'
    f = values(factor, 'factor', owner)
    out = {}
    for h in horizons:
        fwd = forward_returns(prices, h, ts, kind)
        same_length(owner, factor=f, prices=fwd)
        value = ic(f, fwd, method)
        ir = float('nan')
        if period is not None:
            ir = icir(ic_by_period(f, fwd, ts, period, method, min_obs).value)
        out[horizon_label(h)] = (value, ir)
    return out


def _qcut(v, q):
    """Bins 1..k of ``v`` (all present) into ``q`` equal-count bins; equal edges merged."""
    edges = np.unique(np.quantile(v, np.linspace(0.0, 1.0, q + 1)))
    return np.searchsorted(edges[1:-1], v, side='left') + 1


def quantile_labels(factor, quantiles=5, ts=None, period=None):
    """Quantile bin (1..q) of every row; 0 where the factor is missing. With a ``period`` the
    bins are made within each time bucket."""
    owner = 'quantile_labels'
    f = values(factor, 'factor', owner)
    if isinstance(quantiles, bool) or not isinstance(quantiles, (int, np.integer)) \
            or quantiles < 2:
        raise ValueError('%s: quantiles = %r must be an int >= 2' % (owner, quantiles))
    if ts is not None:
        ts = stamps(ts, 'ts', owner)
        same_length(owner, factor=f, ts=ts)
    keys = _period(period, ts, owner)
    labels = np.zeros(len(f), np.int64)
    ok = ~np.isnan(f)
    if keys is None:
        if ok.any():
            labels[ok] = _qcut(f[ok], quantiles)
        return labels
    rows = np.flatnonzero(ok)
    starts, stops = group_bounds(keys[rows])
    for s, e in zip(starts, stops):
        r = rows[s:e]
        labels[r] = _qcut(f[r], quantiles)
    return labels


def quantile_returns(factor, target, quantiles=5, ts=None, period=None, demeaned=False,
                     by_period=False):
    """Target statistics by factor quantile (a :class:`GroupReturns`, labels 1..q). ``period``:
    the time buckets of ``demeaned`` and of the per-bucket means; ``by_period``: the bins are
    made within each bucket (alphalens' way) rather than over all rows."""
    owner = 'quantile_returns'
    f, t, ts = _pair(owner, factor, target, ts)
    if by_period and period is None:
        raise ValueError('%s: by_period needs ts and a period' % owner)
    f = np.where(np.isnan(t), np.nan, f)
    labels = quantile_labels(f, quantiles, ts, period if by_period else None)
    return _label_stats(owner, labels, t, np.arange(1, quantiles + 1), ts, period, demeaned)


def label_returns(labels, target, ts=None, period=None, demeaned=False):
    """Target statistics by group label (a :class:`GroupReturns` over the labels present, in
    ascending order), e.g. a market regime; ``period`` and ``demeaned`` as for
    :func:`quantile_returns`. A label < 0 marks a row to leave out."""
    owner = 'label_returns'
    lab = np.asarray(labels)
    if lab.dtype.kind not in 'iub':
        raise ValueError('%s: labels must be whole numbers, got dtype %s' % (owner, lab.dtype))
    t = values(target, 'target', owner)
    if ts is not None:
        ts = stamps(ts, 'ts', owner)
    same_length(owner, labels=lab, target=t, ts=ts)
    lab = lab.astype(np.int64)
    present = np.unique(lab[(lab >= 0) & ~np.isnan(t)])
    # labels 1..k in the order of `present`, 0 for rows left out
    code = np.zeros(len(lab), np.int64)
    keep = np.isin(lab, present)
    code[keep] = np.searchsorted(present, lab[keep]) + 1
    return _label_stats(owner, code, t, present, ts, period, demeaned)


def _label_stats(owner, code, t, names, ts, period, demeaned):
    """Statistics of ``t`` by ``code`` (1..len(names); 0 and missing targets left out)."""
    keys = _period(period, ts, owner)
    if demeaned and keys is None:
        raise ValueError('%s: demeaned needs ts and a period' % owner)
    rows = np.flatnonzero((code > 0) & ~np.isnan(t))
    lab, ret = code[rows] - 1, t[rows]
    k = len(names)
    if demeaned:
        starts, stops = group_bounds(keys[rows])
        n = stops - starts
        ret = ret - np.repeat(np.add.reduceat(ret, starts) / n, n)
    count = np.bincount(lab, minlength=k)
    with np.errstate(invalid='ignore', divide='ignore'):
        mean = np.bincount(lab, ret, k) / count
        dev = ret - mean[lab]
        std = np.sqrt(np.bincount(lab, dev * dev, k) / (count - 1))
        std[count < 2] = np.nan
        sem = std / np.sqrt(count)
    pstart = pmean = None
    if keys is not None:
        pstart, inv = np.unique(keys[rows], return_inverse=True)
        cell = inv * k + lab
        size = len(pstart) * k
        with np.errstate(invalid='ignore', divide='ignore'):
            pmean = np.bincount(cell, ret, size) / np.bincount(cell, minlength=size)
        pmean = pmean.reshape(len(pstart), k)
    return GroupReturns(np.asarray(names), mean, std, count, sem, pstart, pmean)


def _lagged(n, lag, ts, owner):
    j, valid = offset_index(n, lag, ts, -1, owner)
    return np.where(valid, j, 0), valid


def quantile_turnover(labels, quantile, lag=1, ts=None, period=None):
    """Share of the rows in ``quantile`` whose row ``lag`` before was in another quantile (rows
    with a missing label on either side left out): a float, or a :class:`PeriodValues` per
    bucket with a ``period``."""
    owner = 'quantile_turnover'
    lab = np.asarray(labels)
    if ts is not None:
        ts = stamps(ts, 'ts', owner)
        same_length(owner, labels=lab, ts=ts)
    j, valid = _lagged(len(lab), lag, ts, owner)
    use = valid & (lab == quantile) & (lab[j] != 0)
    moved = (lab[j] != quantile).astype(np.float64)
    keys = _period(period, ts, owner)
    if keys is None:
        return float(moved[use].mean()) if use.any() else float('nan')
    start, inv = np.unique(keys[use], return_inverse=True)
    n = np.bincount(inv, minlength=len(start))
    return PeriodValues(start, np.bincount(inv, moved[use], len(start)) / n, n)


def autocorrelation(factor, lag=1, ts=None, method='spearman', period=None, min_obs=3):
    """Correlation of the factor with itself ``lag`` before (rows or a duration): a float, or a
    :class:`PeriodValues` per bucket with a ``period``."""
    owner = 'autocorrelation'
    f = values(factor, 'factor', owner)
    if ts is not None:
        ts = stamps(ts, 'ts', owner)
        same_length(owner, factor=f, ts=ts)
    j, valid = _lagged(len(f), lag, ts, owner)
    prev = np.where(valid, f[j], np.nan)
    keys = _period(period, ts, owner)
    method = _method(method, owner)
    if keys is None:
        _, r, _ = _grouped_corr(f, prev, np.zeros(len(f), np.int64), method, 2)
        return float(r[0]) if len(r) else float('nan')
    return PeriodValues(*_grouped_corr(f, prev, keys, method, min_obs))


def sorted_position_returns(labels, step_returns, quantiles):
    """Cumulative returns of factor-sorted positions: column ``k - 1`` sums the next-step returns
    of a position held while the row is in quantile ``k``; the last column is long the top
    quantile and short the bottom one. ``step_returns[i]`` is the return from row ``i`` to the
    next row (missing counts as 0). Returns a (rows, quantiles + 1) array."""
    lab = np.asarray(labels)
    r = np.nan_to_num(values(step_returns, 'step_returns', 'sorted_position_returns'))
    same_length('sorted_position_returns', labels=lab, step_returns=r)
    out = np.empty((len(lab), quantiles + 1))
    for k in range(1, quantiles + 1):
        out[:, k - 1] = np.cumsum(np.where(lab == k, r, 0.0))
    out[:, quantiles] = out[:, quantiles - 1] - out[:, 0]
    return out
