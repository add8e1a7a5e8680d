"""The node types of a factor graph: what each is called, which params it takes (and their
defaults), what its outputs are called and which streaming core computes it.

Every node except a source is one compiled core: the microstructure cores of
:mod:`backtrader.hft.indicators` (same names, same params) and the graph's own transforms and
combiners (``backtrader/hft/_cy/factorops.pyx``). Shared params of every node: ``warmup``
(values the node must take before it is ready, default 0) and, for cores, ``nan_policy``
(``'skip'`` or ``'propagate'``, default the core's own). ``StoikovMicroprice`` takes the
``table`` of ``fit_stoikov`` (the table itself, inline ``{tick, edges, adj}`` or a ``.npz`` path)
and the top of the book. Windows: ``period`` (a count) or
``window`` (whole ns or a duration like ``'500ms'``; it wins when given).
"""
from backtrader.hft._cy import factorops, microbook, microcross, microflow, microlookback, \
    microvol

__all__ = ['NodeType', 'NODE_TYPES', 'SOURCES', 'node_type']

SOURCES = ('Book', 'Quotes', 'Trades', 'OpenInterest')
COMMON = {'warmup': 0}


def _ns(value, node, key):
    """Whole ns of a duration param (None and 0 stay)."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value == 0):
        return value
    from backtrader.hft.feeds.l2event import parse_step
    if isinstance(value, str) and value.strip().lower() in ('event', 'timestamp'):
        value = None
    try:
        return parse_step(value)[1]
    except (ValueError, TypeError):
        raise ValueError("node %r: param %r = %r is not a whole number of ns or a duration like "
                         "'500ms'" % (node, key, value)) from None


class NodeType:
    """One kind of node: ``kind`` ('source', 'transform' or 'combiner'), its params with their
    defaults, ``outputs(params, nvalues)`` (names of its output values) and ``make(params,
    nvalues, node)`` (its core; ``nvalues`` is the size of its input record)."""

    def __init__(self, name, kind, params, make=None, outputs=('value',), inputs=None):
        self.name = name
        self.kind = kind
        self.params = dict(COMMON, **params)
        if make is not None:
            self.params.setdefault('nan_policy', None)
        self._make = make
        self._outputs = outputs
        self.inputs = inputs        # a fixed number of input values, or None

    def outputs(self, params):
        """Names of the node's output values."""
        out = self._outputs
        return list(out(params) if callable(out) else out)

    def make(self, params, nvalues, node):
        """The node's core over an input record of ``nvalues`` values."""
        if self.inputs is not None and nvalues != self.inputs:
            raise ValueError('node %r (%s) takes %d input values, its inputs give %d'
                             % (node, self.name, self.inputs, nvalues))
        kw = {k: v for k, v in params.items() if k not in COMMON}
        if kw.get('nan_policy') is None:
            kw.pop('nan_policy', None)
        for key in ('window', 'interval'):
            if key in kw:
                kw[key] = _ns(kw[key], node, key)
        if 'window' in kw:
            kw['span'] = kw.pop('window')
        try:
            return self._make(nvalues, node, **kw)
        except (TypeError, ValueError) as exc:
            raise type(exc)('node %r (%s): %s' % (node, self.name, exc)) from None


def _levels_of(nvalues, node, levels):
    """Book levels of a record of ``nvalues`` values (4 per level), checked against ``levels``."""
    if nvalues % 4 or not nvalues:
        raise ValueError('node %r takes book levels (4 values each: bid, bid size, ask, ask '
                         'size), its inputs give %d values' % (node, nvalues))
    if levels is not None and levels * 4 != nvalues:
        raise ValueError('node %r: levels = %r, its inputs give %d levels'
                         % (node, levels, nvalues // 4))
    return nvalues // 4


def _book_outputs(params):
    names = []
    for lvl in range(1, params['levels'] + 1):
        sfx = '' if lvl == 1 else str(lvl)
        names += ['bid' + sfx, 'bidsize' + sfx, 'ask' + sfx, 'asksize' + sfx]
    return names


def _withmid(nvalues, node):
    """Trade cores take price, size, side and optionally the mid (the quote rule)."""
    if nvalues not in (3, 4):
        raise ValueError('node %r takes the trades (price, size, side) and optionally a mid: 3 '
                         'or 4 input values, its inputs give %d' % (node, nvalues))
    return nvalues == 4


def _quote(kind):
    def make(n, node, levels=None, nan_policy='propagate'):
        return microbook.QuoteCore(kind, levels=_levels_of(n, node, levels),
                                   nan_policy=nan_policy)
    return make


def _flow(kind, **fixed):
    def make(n, node, period=100, span=None, classify='auto', nan_policy='skip', **kw):
        return microflow.TradeFlowCore(kind, period=period, span=span, classify=classify,
                                       withmid=_withmid(n, node), nan_policy=nan_policy,
                                       **fixed, **kw)
    return make


def _windowed(corecls, *args):
    def make(n, node, period=100, span=None, **kw):
        return corecls(*args, period=period, span=span, **kw)
    return make


def _stoikov_table(table):
    """``(tick, edges, adj)`` of a fitted Stoikov table given as a StoikovTable, a table
    ``{tick, edges, adj}`` (inline TOML) or the path of a ``.npz`` holding those three arrays
    (``np.savez(path, **table._asdict())``)."""
    if isinstance(table, str):
        import numpy as np
        if not table.lower().endswith('.npz'):
            raise ValueError("param 'table' = %r: a path must name a .npz file" % (table,))
        try:
            with np.load(table, allow_pickle=False) as f:
                table = {k: f[k].tolist() for k in f.files}
        except OSError as exc:
            raise ValueError("param 'table' = %r: cannot read it: %s" % (table, exc)) from None
    elif hasattr(table, '_asdict'):
        table = table._asdict()
    if not isinstance(table, dict) or not {'tick', 'edges', 'adj'} <= set(table):
        raise ValueError("param 'table' = %r must be a fitted table (fit_stoikov), a table "
                         "{tick, edges, adj} or the path of a .npz holding them" % (table,))
    return float(table['tick']), table['edges'], table['adj']


def _stoikov(n, node, table=None, nan_policy='propagate'):
    tick, edges, adj = _stoikov_table(table)
    return microbook.StoikovCore(tick, edges, adj, nan_policy=nan_policy)


def _combine(kind):
    def make(n, node, weights=None, nan_policy='skip'):
        return factorops.CombineCore(kind, n, weights=weights, nan_policy=nan_policy)
    return make


def _t(name, make, params, outputs=('value',), inputs=1, kind='transform'):
    return NodeType(name, kind, params, make, outputs, inputs)


_WIN = {'period': 100, 'window': None}

_TYPES = [
    # sources
    NodeType('Book', 'source', {'levels': 1}, outputs=_book_outputs),
    NodeType('Quotes', 'source', {}, outputs=('bid', 'bidsize', 'ask', 'asksize')),
    NodeType('Trades', 'source', {}, outputs=('price', 'size', 'side')),
    NodeType('OpenInterest', 'source', {}, outputs=('oi',)),
    # order book (input: book levels)
    _t('Spread', _quote('spread'), {'levels': None}, inputs=None),
    _t('SpreadBps', _quote('spread_bps'), {'levels': None}, inputs=None),
    _t('Mid', _quote('mid'), {'levels': None}, inputs=None),
    _t('WeightedMid', _quote('weighted_mid'), {'levels': None}, inputs=None),
    _t('Microprice', _quote('microprice'), {'levels': None}, inputs=None),
    _t('BookImbalance', _quote('imbalance'), {'levels': None}, inputs=None),
    _t('BookImbalanceRatio', _quote('imbalance_ratio'), {'levels': None}, inputs=None),
    _t('StoikovMicroprice', _stoikov, {'table': None}, inputs=4),
    _t('OFI', lambda n, node, levels=None, **kw: microbook.OFICore(
        levels=_levels_of(n, node, levels), **kw), {'levels': None, 'period': 1, 'window': None},
       inputs=None),
    # trade flow (input: trades, optionally a mid)
    _t('TradeImbalance', _flow('imbalance'), dict(_WIN, classify='auto'), inputs=None),
    _t('AggressiveRatio', _flow('buy_share'), dict(_WIN, classify='auto', bycount=False),
       inputs=None),
    _t('TradeIntensity', _flow('intensity'), dict(_WIN, classify='auto'), inputs=None),
    _t('VWAP', _flow('vwap'), dict(_WIN, classify='auto'), inputs=None),
    _t('CVD', lambda n, node, **kw: microflow.CVDCore(withmid=_withmid(n, node), **kw),
       {'classify': 'auto'}, inputs=None),
    _t('KyleLambda', lambda n, node, **kw: microflow.KyleCore(withmid=_withmid(n, node), **kw),
       dict(_WIN, classify='auto'), inputs=None),
    _t('VPIN', lambda n, node, bucket=None, **kw: microflow.VPINCore(
        bucket, withmid=_withmid(n, node), **kw), {'bucket': None, 'nbuckets': 50, 'sigma': None},
       inputs=None),
    # a price series
    _t('RealizedVol', _windowed(microvol.RealizedVolCore),
       dict(_WIN, interval=0, annualize=False)),
    _t('TickMomentum', _windowed(microvol.TickMomentumCore), dict(_WIN, period=50, interval=0)),
    _t('MicroVol', lambda n, node, **kw: microvol.MicroVolCore(**kw),
       {'alpha': 0.02, 'interval': 0, 'per_second': False}),
    _t('ShortReturn', _windowed(microlookback.LookbackCore, 'return'), dict(_WIN, period=1)),
    # open interest (OIDelta: the OI; MarketRegime: a price, then the OI)
    _t('OIDelta', _windowed(microlookback.LookbackCore, 'oidelta'), dict(_WIN, period=1),
       outputs=('delta', 'pct')),
    _t('MarketRegime', _windowed(microlookback.LookbackCore, 'regime'),
       dict(_WIN, period=1, price_band=0.001, oi_band=0.005), outputs=('regime', 'dp', 'doi'),
       inputs=2),
    # two series
    _t('RollingCorrelation', _windowed(microcross.PairCore, 'correlation'),
       dict(_WIN, returns=True), inputs=2),
    _t('RollingBeta', _windowed(microcross.PairCore, 'beta'), dict(_WIN, returns=True),
       inputs=2),
    _t('PairSpread', _windowed(microcross.PairCore, 'spread'), dict(_WIN),
       outputs=('spread', 'hedge'), inputs=2),
    # rolling statistics and simple transforms of one series
    _t('ZScore', _windowed(microcross.ZScoreCore), dict(_WIN)),
    _t('Mean', _windowed(factorops.RollingCore, 'mean'), dict(_WIN)),
    _t('Std', _windowed(factorops.RollingCore, 'std'), dict(_WIN)),
    _t('Sum', _windowed(factorops.RollingCore, 'sum'), dict(_WIN)),
    _t('EMA', lambda n, node, period=20, span=None, **kw: factorops.EmaCore(period, span, **kw),
       {'period': 20, 'window': None}),
    _t('Rank', _windowed(factorops.RankCore), dict(_WIN)),
    _t('Clip', lambda n, node, **kw: factorops.ClipCore(**kw), {'lo': None, 'hi': None}),
    _t('Lag', _windowed(factorops.LagCore, 'lag'), dict(_WIN, period=1)),
    _t('Diff', _windowed(factorops.LagCore, 'diff'), dict(_WIN, period=1)),
    # combiners (the inputs in the order given)
    _t('Linear', _combine('linear'), {'weights': None}, inputs=None, kind='combiner'),
    _t('Product', _combine('product'), {}, inputs=None, kind='combiner'),
    _t('Ratio', _combine('ratio'), {}, inputs=2, kind='combiner'),
]

NODE_TYPES = {t.name: t for t in _TYPES}


def node_type(name, node):
    """The :class:`NodeType` called ``name``; ValueError naming ``node`` otherwise."""
    t = NODE_TYPES.get(name)
    if t is None:
        raise ValueError('node %r: unknown type %r (known: %s)'
                         % (node, name, ', '.join(sorted(NODE_TYPES))))
    return t
