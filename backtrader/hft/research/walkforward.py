"""Walk-forward search of factor params and of combination weights, without look-ahead.

The rows (time ordered) are cut into ``folds + 1`` consecutive blocks of equal time span (equal
row counts without stamps). Fold ``k`` trains on the blocks before block ``k + 1`` (all of them,
``anchored=True``, or only block ``k``) and tests on block ``k + 1``. The forward return of a
training row reads a later price; a training row whose return is known only after the
training block's last row (``i + h`` past it, or ``t + h`` after its last stamp) is dropped
(*purged*), so a fold's choice depends on nothing at or after its test block: the same choice
comes out of the data cut at the test block's first row.

The factor itself must be causal (its value at a row made from that row and earlier ones), as a
streaming :class:`~backtrader.hft.FactorGraph` is. For every candidate and fold the metric is
computed on the training rows and on the test rows; each fold picks the candidate with the best
training score and reports its test score (out of sample).

Candidates run through :func:`~backtrader.hft.research.parallel.map_tasks`: in this process, on
local processes (``workers``) or on an ``executor`` (a ``concurrent.futures.Executor``, a Dask
``Client`` or its ``get_executor()``).
"""
import itertools
from collections import namedtuple

import numpy as np

from backtrader.hft.research import metrics
from backtrader.hft.research.inputs import same_length, stamps, values
from backtrader.hft.research.parallel import map_tasks
from backtrader.hft.research.returns import forward_returns, label_end

__all__ = ['Fold', 'WalkForwardResult', 'walk_forward_splits', 'grid_search', 'weight_search',
           'expand_grid']

Fold = namedtuple('Fold', 'index train_start train_stop test_start test_stop')
Fold.__doc__ = """One walk-forward fold: training rows ``[train_start, train_stop)`` (purged of
rows whose forward return reads past the training block) and test rows ``[test_start,
test_stop)``."""

_SELECT = ('max', 'abs')


def walk_forward_splits(n, folds=4, horizon=1, ts=None, anchored=True):
    """The :class:`Fold` list over ``n`` rows for forward returns at ``horizon`` (rows or a
    duration; blocks of equal time span when ``ts`` is given)."""
    owner = 'walk_forward_splits'
    if isinstance(folds, bool) or not isinstance(folds, int) or folds < 1:
        raise ValueError('%s: folds = %r must be an int >= 1' % (owner, folds))
    if ts is not None:
        ts = stamps(ts, 'ts', owner)
        if len(ts) != n:
            raise ValueError('%s: ts has %d rows, n is %d' % (owner, len(ts), n))
    if n < 2 * (folds + 1):
        raise ValueError('%s: %d rows are too few for %d folds' % (owner, n, folds))
    if ts is None:
        bounds = [n * k // (folds + 1) for k in range(folds + 2)]
    else:
        span = int(ts[-1]) - int(ts[0]) + 1
        cuts = [int(ts[0]) + span * k // (folds + 1) for k in range(folds + 2)]
        bounds = [int(b) for b in np.searchsorted(ts, cuts, side='left')]
        bounds[-1] = n
    ends = label_end(n, horizon, ts, owner)
    out = []
    for k in range(folds):
        start = 0 if anchored else bounds[k]
        stop = bounds[k + 1]
        # rows whose forward return is known only at row `stop` or later are dropped
        purged = int(np.searchsorted(ends, stop, side='left'))
        purged = max(start, min(purged, stop))
        if purged - start < 2 or bounds[k + 2] - stop < 1:
            raise ValueError('%s: fold %d has %d training rows after purging the horizon %r and '
                             '%d test rows; use fewer folds or a shorter horizon'
                             % (owner, k, purged - start, horizon, bounds[k + 2] - stop))
        out.append(Fold(k, start, purged, stop, bounds[k + 2]))
    return out


def expand_grid(grid, owner='expand_grid'):
    """A list of param dicts: every combination of a ``{name: [values]}`` grid, or the given
    list of dicts."""
    if isinstance(grid, dict):
        names = list(grid)
        for k in names:
            v = grid[k]
            if isinstance(v, (str, bytes)) or not hasattr(v, '__iter__'):
                raise ValueError('%s: grid[%r] = %r must be a list of values' % (owner, k, v))
        return [dict(zip(names, combo)) for combo in itertools.product(*grid.values())]
    combos = [dict(c) for c in grid]
    if not combos:
        raise ValueError('%s: the grid is empty' % owner)
    return combos


class WalkForwardResult:
    """The outcome of a walk-forward search.

    ``candidates``: the param (or weight) dicts; ``scores``: array (candidates, folds, 2) of the
    training and test metric; ``folds``; ``chosen``: per fold, the index of the candidate with
    the best training score.
    """

    def __init__(self, candidates, scores, folds, select):
        self.candidates = candidates
        self.scores = scores
        self.folds = folds
        train = scores[:, :, 0]
        key = np.abs(train) if select == 'abs' else train
        key = np.where(np.isnan(key), -np.inf, key)
        self.chosen = [int(np.argmax(key[:, k])) for k in range(len(folds))]

    def table(self):
        """One dict per fold: rows, the chosen candidate and its training and test scores."""
        rows = []
        for fold, c in zip(self.folds, self.chosen):
            rows.append({'fold': fold.index, 'train_rows': fold.train_stop - fold.train_start,
                         'test_rows': fold.test_stop - fold.test_start,
                         'params': self.candidates[c],
                         'train': float(self.scores[c, fold.index, 0]),
                         'test': float(self.scores[c, fold.index, 1])})
        return rows

    @property
    def oos_score(self):
        """Mean test score of the chosen candidates over the folds (out of sample)."""
        return float(np.nanmean([self.scores[c, k, 1] for k, c in enumerate(self.chosen)]))

    @property
    def best(self):
        """The candidate chosen by the last fold (trained on the most recent data)."""
        return self.candidates[self.chosen[-1]]

    def to_frame(self):
        """Every candidate and fold as a pandas DataFrame (pandas needed)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError('WalkForwardResult.to_frame needs pandas (pip install pandas)') \
                from None
        rows = []
        for c, cand in enumerate(self.candidates):
            for k in range(len(self.folds)):
                rows.append(dict(cand, fold=k, train=self.scores[c, k, 0],
                                 test=self.scores[c, k, 1], chosen=self.chosen[k] == c))
        return pd.DataFrame(rows)


def _score(metric, method, period, factor, target, ts):
    """The metric of a factor against the target (NaN when it cannot be computed)."""
    if callable(metric):
        return float(metric(factor, target, ts))
    if metric == 'ic':
        return metrics.ic(factor, target, method)
    return metrics.icir(metrics.ic_by_period(factor, target, ts, period, method).value)


def _fold_scores(factor, target, ts, folds, metric, method, period):
    out = []
    for f in folds:
        row = []
        for a, b in ((f.train_start, f.train_stop), (f.test_start, f.test_stop)):
            row.append(_score(metric, method, period, factor[a:b], target[a:b],
                              None if ts is None else ts[a:b]))
        out.append(row)
    return out


def _params_task(evaluate, params, target, ts, folds, metric, method, period):
    factor = values(evaluate(**params), 'the factor of %r' % (params,), 'grid_search')
    if len(factor) != len(target):
        raise ValueError('grid_search: evaluate(%r) gave %d rows, the prices have %d'
                         % (params, len(factor), len(target)))
    return _fold_scores(factor, target, ts, folds, metric, method, period)


def _weights_task(matrix, weight_rows, target, ts, folds, metric, method, period, standardize):
    out = np.empty((len(weight_rows), len(folds), 2))
    for k, f in enumerate(folds):
        z = matrix
        if standardize:
            train = matrix[:, f.train_start:f.train_stop]
            mu = np.nanmean(train, axis=1)[:, None]
            sd = np.nanstd(train, axis=1, ddof=1)[:, None]
            z = (matrix - mu) / np.where(sd > 0, sd, np.nan)
        for i, w in enumerate(weight_rows):
            out[i, k] = _fold_scores(w @ z, target, ts, [f], metric, method, period)[0]
    return out


def _setup(owner, prices, horizon, ts, folds, anchored, kind, metric, method, period, select):
    p = values(prices, 'prices', owner)
    if ts is not None:
        ts = stamps(ts, 'ts', owner)
        same_length(owner, prices=p, ts=ts)
    if not callable(metric) and metric not in ('ic', 'icir'):
        raise ValueError("%s: metric = %r must be 'ic', 'icir' or a callable(factor, target, ts)"
                         % (owner, metric))
    if metric == 'icir' and (ts is None or period is None):
        raise ValueError("%s: metric 'icir' needs ts and a period" % owner)
    if select not in _SELECT:
        raise ValueError('%s: select = %r must be one of %s' % (owner, select, ', '.join(_SELECT)))
    metrics._method(method, owner)
    target = forward_returns(p, horizon, ts, kind)
    if isinstance(folds, int) and not isinstance(folds, bool):
        folds = walk_forward_splits(len(p), folds, horizon, ts, anchored)
    return target, ts, list(folds)


def grid_search(evaluate, grid, prices, horizon, ts=None, folds=4, anchored=True, kind='simple',
                metric='ic', method='spearman', period=None, select='max', executor=None,
                workers=1):
    """Walk-forward search of factor params (a :class:`WalkForwardResult`).

    ``evaluate(**params)`` returns the factor column (one value per row of ``prices``, NaN while
    not ready) for one candidate of ``grid`` (``{name: [values]}`` or a list of dicts). The
    target is the forward return of ``prices`` at ``horizon`` (``kind`` as in
    :func:`~backtrader.hft.research.returns.forward_returns`). ``metric``: ``'ic'``, ``'icir'``
    (per-bucket ICs over ``period``) or ``callable(factor, target, ts) -> float``; ``select``:
    ``'max'`` or ``'abs'`` (largest magnitude). ``folds``: a count or a list of :class:`Fold`.
    One task per candidate (``evaluate`` must pickle to leave this process).
    """
    owner = 'grid_search'
    target, ts, folds = _setup(owner, prices, horizon, ts, folds, anchored, kind, metric, method,
                               period, select)
    cands = expand_grid(grid, owner)
    tasks = [(evaluate, c, target, ts, folds, metric, method, period) for c in cands]
    scores = np.array(map_tasks(_params_task, tasks, executor, workers), dtype=np.float64)
    return WalkForwardResult(cands, scores, folds, select)


def weight_search(factors, grid, prices, horizon, ts=None, folds=4, anchored=True,
                  kind='simple', metric='ic', method='spearman', period=None, select='max',
                  standardize=True, executor=None, workers=1):
    """Walk-forward search of the weights of a linear combination of ``factors`` (``{name:
    column}``); ``grid``: ``{name: [weights]}`` or a list of ``{name: weight}`` dicts (a missing
    name weighs 0). With ``standardize`` each factor is scaled, per fold, by the mean and
    standard deviation of its training rows. Other arguments as :func:`grid_search`."""
    owner = 'weight_search'
    target, ts, folds = _setup(owner, prices, horizon, ts, folds, anchored, kind, metric, method,
                               period, select)
    if not isinstance(factors, dict) or not factors:
        raise ValueError('%s: factors must be a non-empty {name: column} dict' % owner)
    names = list(factors)
    cols = [values(factors[k], 'factors[%r]' % k, owner) for k in names]
    same_length(owner, prices=target, **dict(zip(names, cols)))
    cands = expand_grid(grid, owner)
    for c in cands:
        unknown = sorted(set(c) - set(names))
        if unknown:
            raise ValueError('%s: weight for %r, which is not a factor (factors: %s)'
                             % (owner, unknown[0], ', '.join(names)))
    matrix = np.vstack(cols)
    wrows = np.array([[float(c.get(k, 0.0)) for k in names] for c in cands])
    nchunks = 1 if executor is None and workers == 1 else min(len(cands), 16)
    chunks = [wrows[i::nchunks] for i in range(nchunks)]
    tasks = [(matrix, ch, target, ts, folds, metric, method, period, standardize)
             for ch in chunks]
    parts = map_tasks(_weights_task, tasks, executor, workers)
    scores = np.empty((len(cands), len(folds), 2))
    for i, part in enumerate(parts):
        scores[i::nchunks] = part
    return WalkForwardResult(cands, scores, folds, select)
