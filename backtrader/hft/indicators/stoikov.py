"""Stoikov's micro-price (S. Stoikov, "The micro-price: a high-frequency estimator of future
prices", Quantitative Finance 18(12), 2018): the limit of the expected mid price at the next mid
changes, ``micro = mid + g(I, S)``, with the adjustment ``g`` fitted from recorded quotes.

The fit (:func:`fit_stoikov`), as the paper describes it:

1. states ``x = (S, I)``: the spread S in ticks (1..``n_spread``; quotes with other spreads are
   left out) and the imbalance ``I = bidsize / (bidsize + asksize)`` in ``n_imb`` equal buckets of
   [0, 1];
2. transitions ``x_t -> x_t+lag`` with the mid change ``dM`` in half ticks; pairs with
   ``|dM| > 1`` tick are left out; every pair is also added mirrored (``I -> 1 - I``, ``dM -> -dM``)
   so that ``g`` is antisymmetric;
3. from the counts: ``Q[x, y]`` = P(dM = 0, next state y | x), ``R1[x, k]`` = P(dM = k | x) for
   ``k`` in (-1, -0.5, 0.5, 1) ticks, ``R2[x, y]`` = P(dM != 0, next state y | x);
4. ``g1 = (1 - Q)^-1 R1 k``, ``B = (1 - Q)^-1 R2``, ``g_i+1 = B g_i``, and ``g = g1 + ... +
   g_iterations`` (the paper finds 6 enough).

States never seen get the least-squares solution (pseudo-inverse). The fit uses numpy; the
indicator itself is a compiled table look-up. Fit on data before the backtest period (a fit on
the same data looks ahead).
"""
from collections import namedtuple

from backtrader.hft._cy.microbook import StoikovCore
from backtrader.hft.indicators.base import MicroIndicator, quote_inputs

__all__ = ['StoikovTable', 'fit_stoikov', 'StoikovMicroprice']

StoikovTable = namedtuple('StoikovTable', 'tick edges adj')
StoikovTable.__doc__ = """A fitted micro-price adjustment: ``adj[s - 1][i]`` in ticks for a spread
of ``s`` ticks and an imbalance in bucket ``i`` of ``edges``."""

_MOVES = (-1.0, -0.5, 0.5, 1.0)


def fit_stoikov(bid, ask, bidsize, asksize, tick, n_imb=10, n_spread=2, iterations=6, lag=1):
    """Fit the micro-price adjustment from quote columns (see the module docstring); returns a
    :class:`StoikovTable`."""
    import numpy as np
    for name, v in (('n_imb', n_imb), ('n_spread', n_spread), ('iterations', iterations),
                    ('lag', lag)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ValueError('fit_stoikov: %s must be an integer >= 1, not %r' % (name, v))
    if not tick > 0:
        raise ValueError('fit_stoikov: tick must be > 0, not %r' % (tick,))
    bid, ask, bs, asz = (np.asarray(c, dtype=np.float64) for c in (bid, ask, bidsize, asksize))
    edges = np.linspace(0.0, 1.0, n_imb + 1)
    with np.errstate(invalid='ignore', divide='ignore'):
        imb = bs / (bs + asz)
        spread = np.rint((ask - bid) / tick)
        mid = (bid + ask) * 0.5
    bucket = np.clip(np.searchsorted(edges, imb, side='right') - 1, 0, n_imb - 1)
    ok = np.isfinite(imb) & np.isfinite(mid) & (spread >= 1) & (spread <= n_spread)
    dm = np.rint((mid[lag:] - mid[:-lag]) / tick * 2.0) / 2.0
    keep = ok[:-lag] & ok[lag:] & (np.abs(dm) <= 1.0)
    if not keep.any():
        raise ValueError('fit_stoikov: no usable quote pairs (spreads of 1..%d ticks, finite '
                         'sizes, mid moves of at most one tick)' % n_spread)
    s0, s1 = spread[:-lag][keep].astype(np.int64), spread[lag:][keep].astype(np.int64)
    b0, b1, dm = bucket[:-lag][keep], bucket[lag:][keep], dm[keep]
    # the mirrored copy: imbalance bucket reversed, mid change negated
    s0, s1 = np.concatenate([s0, s0]), np.concatenate([s1, s1])
    b0 = np.concatenate([b0, n_imb - 1 - b0])
    b1 = np.concatenate([b1, n_imb - 1 - b1])
    dm = np.concatenate([dm, -dm])
    n = n_spread * n_imb
    x0 = (s0 - 1) * n_imb + b0
    x1 = (s1 - 1) * n_imb + b1
    total = np.bincount(x0, minlength=n).astype(np.float64)
    total[total == 0] = 1.0
    still = dm == 0
    Q = np.zeros((n, n))
    np.add.at(Q, (x0[still], x1[still]), 1.0)
    R2 = np.zeros((n, n))
    np.add.at(R2, (x0[~still], x1[~still]), 1.0)
    R1 = np.zeros((n, len(_MOVES)))
    for j, k in enumerate(_MOVES):
        np.add.at(R1[:, j], x0[dm == k], 1.0)
    Q /= total[:, None]
    R2 /= total[:, None]
    R1 /= total[:, None]
    inv = np.linalg.pinv(np.eye(n) - Q)
    g = inv @ (R1 @ np.asarray(_MOVES))
    B = inv @ R2
    acc = g.copy()
    for _ in range(iterations - 1):
        g = B @ g
        acc += g
    return StoikovTable(float(tick), [float(e) for e in edges],
                        [list(map(float, row)) for row in acc.reshape(n_spread, n_imb)])


class StoikovMicroprice(MicroIndicator):
    """Stoikov's micro-price ``mid + g(S, I) * tick`` from a fitted :class:`StoikovTable`
    (``table``, made by :func:`fit_stoikov` on earlier data; see the module docstring). Spreads
    wider than the table use its last row."""
    lines = ('microprice',)
    params = (('table', None),)
    _nan_policy = 'propagate'
    plotinfo = dict(subplot=False)

    def __init__(self):
        t = self.p.table
        if not isinstance(t, StoikovTable):
            raise ValueError('StoikovMicroprice: table must be a StoikovTable (fit one with '
                             'bt.hft.indicators.fit_stoikov), not %r' % (t,))
        core = self._core(StoikovCore, t.tick, t.edges, t.adj)
        self._attach(core, src=quote_inputs(self.data))
