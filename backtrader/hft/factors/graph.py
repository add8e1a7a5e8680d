"""FactorGraph: a dependency graph of streaming factor nodes, evaluated in compiled code on every
record of an L2 event stream.

Build it in code (``g.add(name, type, inputs=[...], **params)``), from a dict or from a TOML file
(:meth:`FactorGraph.from_toml`). Inputs name a node (all its outputs, in order) or one output of
it (``'node.output'``); a node's input record is its inputs' values, concatenated. The graph is
checked and ordered when first used: an unknown input, a cycle (named node by node) or a record
of the wrong size is an error naming the node.

Evaluation (``backtrader/hft/_cy/factorgraph.pxd``): for every applied record, the source values
that changed are marked (a book source: only the levels that moved) and only the nodes with a
marked input value are fed; a node marks its outputs in turn when it took a value or they moved. A node is *ready* once it took ``warmup`` values (and at
least one) and none of its outputs is NaN; the published outputs (of the output nodes: by
default those no other node reads) are NaN while their node is not ready.

The whole state (every node, the sources, the standalone book) goes to bytes with
:meth:`~FactorGraph.snapshot` and back with :meth:`~FactorGraph.restore` into a graph of the same
structure: the continuation is bit-identical to an unbroken run.
"""
import json
import pickle
import re

from backtrader.hft.factors.nodes import NODE_TYPES, SOURCES, node_type

__all__ = ['FactorGraph']

_NAME_RE = re.compile(r'^[A-Za-z][A-Za-z0-9_]*$')
_MAGIC = b'BTFG1'
_SOURCE_KIND = {'Book': 'book', 'Quotes': 'book', 'Trades': 'trades', 'OpenInterest': 'oi'}


def _ref(text, node):
    """``(node name, output name or None)`` of an input reference."""
    if not isinstance(text, str) or not text:
        raise ValueError('node %r: an input must be a node name or "node.output", not %r'
                         % (node, text))
    name, _, out = text.partition('.')
    return name, (out or None)


class _Node:
    __slots__ = ('name', 'type', 'params', 'inputs')

    def __init__(self, name, ntype, params, inputs):
        self.name = name
        self.type = ntype
        self.params = params
        self.inputs = inputs


class FactorGraph:
    """A streaming factor graph (see the module docstring).

    ``FactorGraph(name='factors', tick_size=None, lot_size=None, timestamp='local')``: the book
    grid and the timestamp side are used by standalone runs (:meth:`run`); inside Cerebro the
    feed's own settings apply.
    """

    def __init__(self, name='factors', tick_size=None, lot_size=None, timestamp='local'):
        self.name = name
        self.tick_size = tick_size
        self.lot_size = lot_size
        if timestamp not in ('local', 'exch'):
            raise ValueError("FactorGraph: timestamp must be 'local' or 'exch', not %r"
                             % (timestamp,))
        self.timestamp = timestamp
        self._nodes = {}
        self._outputs = None
        self._core = None
        self._order = None
        self._book = None

    # -- building ------------------------------------------------------------------------------
    def add(self, name, type, inputs=(), **params):
        """Add node ``name`` of ``type`` (a key of ``NODE_TYPES``) reading ``inputs`` (node names
        or ``'node.output'``) with ``params``; returns ``self``."""
        if not isinstance(name, str) or not _NAME_RE.match(name):
            raise ValueError('node %r: a node name is a letter followed by letters, digits or _'
                             % (name,))
        if name in self._nodes:
            raise ValueError('node %r: the graph already has a node of that name' % name)
        t = node_type(type, name)
        unknown = sorted(set(params) - set(t.params))
        if unknown:
            raise ValueError('node %r (%s): unknown param %r = %r (known: %s)'
                             % (name, type, unknown[0], params[unknown[0]],
                                ', '.join(sorted(t.params))))
        if isinstance(inputs, str):
            inputs = [inputs]
        inputs = list(inputs)
        if t.kind == 'source' and inputs:
            raise ValueError('node %r: a %s source takes no inputs, got %r' % (name, type, inputs))
        if t.kind != 'source' and not inputs:
            raise ValueError('node %r (%s): no inputs given' % (name, type))
        for ref in inputs:
            _ref(ref, name)
        warmup = params.get('warmup', 0)
        if isinstance(warmup, bool) or not isinstance(warmup, int) or warmup < 0:
            raise ValueError('node %r: param %r = %r must be a whole number >= 0'
                             % (name, 'warmup', warmup))
        if t.name == 'Book':
            lv = params.get('levels', 1)
            if isinstance(lv, bool) or not isinstance(lv, int) or not 1 <= lv <= 16:
                raise ValueError('node %r: param %r = %r must be an integer 1..16'
                                 % (name, 'levels', lv))
        self._nodes[name] = _Node(name, type, dict(t.params, **params), inputs)
        self._invalidate()
        return self

    def set_outputs(self, names):
        """Publish these nodes (default: every node no other node reads); returns ``self``."""
        names = [names] if isinstance(names, str) else list(names)
        for n in names:
            if n not in self._nodes:
                raise ValueError('outputs: %r is not a node of the graph' % (n,))
        self._outputs = names
        self._invalidate()
        return self

    @classmethod
    def from_dict(cls, config):
        """A graph from a dict shaped like the TOML file (see :meth:`from_toml`)."""
        if not isinstance(config, dict):
            raise ValueError('factor graph config: expected a table, got %s' % type(config).__name__)
        head = dict(config.get('graph', {}))
        known = {'name', 'tick_size', 'lot_size', 'timestamp', 'outputs'}
        bad = sorted(set(head) - known)
        if bad:
            raise ValueError('[graph]: unknown key %r = %r (known: %s)'
                             % (bad[0], head[bad[0]], ', '.join(sorted(known))))
        extra = sorted(set(config) - {'graph', 'nodes'})
        if extra:
            raise ValueError('factor graph config: unknown table %r (use [graph] and [[nodes]])'
                             % extra[0])
        outputs = head.pop('outputs', None)
        g = cls(**head)
        for k, spec in enumerate(config.get('nodes', [])):
            spec = dict(spec)
            name = spec.pop('name', None)
            if name is None:
                raise ValueError('[[nodes]] #%d: no name' % (k + 1))
            ntype = spec.pop('type', None)
            if ntype is None:
                raise ValueError('node %r: no type' % (name,))
            g.add(name, ntype, inputs=spec.pop('inputs', ()), **spec)
        if outputs is not None:
            g.set_outputs(outputs)
        return g

    @classmethod
    def from_toml(cls, path):
        """A graph from a TOML file::

            [graph]
            name = "alpha"
            tick_size = 0.01        # standalone runs: the book grid
            lot_size = 0.001
            outputs = ["alpha"]     # default: the nodes no other node reads

            [[nodes]]
            name = "book"
            type = "Book"
            levels = 5

            [[nodes]]
            name = "obi"
            type = "BookImbalance"
            inputs = ["book"]

            [[nodes]]
            name = "alpha"
            type = "Linear"
            inputs = ["obi", "ti"]
            weights = { obi = 0.6, ti = 0.4 }

        Every other key of a node is a param of its type; an unknown type, param or input is an
        error naming the node, the key and the value.
        """
        import tomllib
        with open(path, 'rb') as f:
            try:
                config = tomllib.load(f)
            except tomllib.TOMLDecodeError as exc:
                raise ValueError('%s: not valid TOML: %s' % (path, exc)) from None
        try:
            return cls.from_dict(config)
        except ValueError as exc:
            raise ValueError('%s: %s' % (path, exc)) from None

    # -- structure -----------------------------------------------------------------------------
    def _invalidate(self):
        self._core = None
        self._order = None

    def _outputs_of(self, node):
        return NODE_TYPES[node.type].outputs(node.params)

    def _resolve(self, node):
        """``[(input node name, output index)]`` of ``node``'s input record."""
        pairs = []
        for text in node.inputs:
            name, out = _ref(text, node.name)
            src = self._nodes.get(name)
            if src is None:
                raise ValueError('node %r: input %r is not a node of the graph' % (node.name, text))
            names = self._outputs_of(src)
            if out is None:
                pairs += [(name, k) for k in range(len(names))]
            elif out in names:
                pairs.append((name, names.index(out)))
            else:
                raise ValueError('node %r: input %r: node %r has no output %r (outputs: %s)'
                                 % (node.name, text, name, out, ', '.join(names)))
        return pairs

    def _topo(self, parents):
        """Node names, sources first, each after its parents; ValueError naming a cycle."""
        order, state = [], {}
        names = sorted(self._nodes, key=lambda n: (self._nodes[n].type not in SOURCES,
                                                   list(self._nodes).index(n)))

        def visit(n, path):
            st = state.get(n)
            if st == 2:
                return
            if st == 1:
                cyc = path[path.index(n):][::-1]        # in the direction values flow
                raise ValueError('the graph has a cycle: %s' % ' -> '.join(cyc))
            state[n] = 1
            for p in parents[n]:
                visit(p, path + [p])
            state[n] = 2
            order.append(n)

        for n in names:
            visit(n, [n])
        return order

    def _build(self):
        """Check the graph, order it and build its compiled evaluation (state fresh)."""
        from backtrader.hft._cy.factorgraph import GraphCore
        if not self._nodes:
            raise ValueError('the factor graph has no nodes')
        resolved = {n: self._resolve(node) for n, node in self._nodes.items()}
        order = self._topo({n: sorted({p for p, _ in r}) for n, r in resolved.items()})
        index = {n: j for j, n in enumerate(order)}
        read = {p for r in resolved.values() for p, _ in r}
        outputs = self._outputs or [n for n in order if n not in read]
        kinds = {}
        specs = []
        for n in order:
            node = self._nodes[n]
            t = NODE_TYPES[node.type]
            inputs = [(index[p], k) for p, k in resolved[n]]
            nout = len(t.outputs(node.params))
            warmup = node.params['warmup']
            if t.kind == 'source':
                kind = _SOURCE_KIND[t.name]
                if kind != 'book' and kind in kinds:
                    raise ValueError('node %r: the graph already has a %s source (%r)'
                                     % (n, t.name, kinds[kind]))
                kinds[kind] = n
                levels = node.params.get('levels', 1)
                specs.append((kind, None, [], nout, levels, warmup))
                continue
            params = dict(node.params)
            if t.name == 'Linear':
                params['weights'] = self._weight_list(node, params['weights'])
            core = t.make(params, len(inputs), n)
            if core.nout != nout:
                raise ValueError('node %r (%s): the core makes %d outputs, the type names %d'
                                 % (n, t.name, core.nout, nout))
            specs.append(('core', core, inputs, nout, 0, warmup))
        self._order = order
        self._outnames = outputs
        self._core = GraphCore(specs, [index[n] for n in outputs])
        self._cores = {n: s[1] for n, s in zip(order, specs)}
        return self._core

    def _weight_list(self, node, weights):
        """Linear weights as a list in input order (a dict is keyed by the input references)."""
        if weights is None:
            return None
        if isinstance(weights, dict):
            unknown = sorted(set(weights) - set(node.inputs))
            if unknown:
                raise ValueError('node %r: weights: %r = %r is not one of its inputs (%s)'
                                 % (node.name, unknown[0], weights[unknown[0]],
                                    ', '.join(node.inputs)))
            weights = [weights.get(ref, 1.0) for ref in node.inputs]
        return self._expand(node, list(weights))

    def _expand(self, node, weights):
        """One weight per input reference -> one per input value (a multi-output input repeats
        its weight)."""
        if len(weights) != len(node.inputs):
            raise ValueError('node %r: %d weights for %d inputs' % (node.name, len(weights),
                                                                    len(node.inputs)))
        out = []
        for ref, w in zip(node.inputs, weights):
            if isinstance(w, bool) or not isinstance(w, (int, float)):
                raise ValueError('node %r: weight of %r = %r is not a number'
                                 % (node.name, ref, w))
            name, sub = _ref(ref, node.name)
            out += [float(w)] * (1 if sub else len(self._outputs_of(self._nodes[name])))
        return out

    @property
    def core(self):
        """The compiled evaluation (built on first use)."""
        return self._core if self._core is not None else self._build()

    @property
    def nodes(self):
        """Node names in evaluation order."""
        self.core
        return list(self._order)

    @property
    def outputs(self):
        """Names of the published values: a single-output node's name, else ``node_output``."""
        self.core
        names = []
        for n in self._outnames:
            outs = self._outputs_of(self._nodes[n])
            names += [n] if len(outs) == 1 else ['%s_%s' % (n, o) for o in outs]
        return names

    # -- reading and steering ------------------------------------------------------------------
    def _index(self, name):
        order = self.nodes
        if name not in self._nodes:
            raise KeyError('%r is not a node of the graph' % (name,))
        return order.index(name)

    def value(self, name):
        """The current value of node ``name`` (a tuple when it has several outputs; raw, even
        while it warms up)."""
        vals = self.core.node_values(self._index(name))
        return vals[0] if len(vals) == 1 else vals

    def values(self):
        """The published outputs now, ``{name: value}`` (NaN while not ready)."""
        return dict(zip(self.outputs, self.core.published().tolist()))

    def is_ready(self, name=None):
        """Whether node ``name`` (default: every output node) is warmed up."""
        return self.core.ready(None if name is None else self._index(name))

    @property
    def ready(self):
        """Every output node is warmed up."""
        return self.core.ready()

    def stats(self):
        """Per node: values taken (``updates``), values refused for NaN/inf (``nbad``) and
        ``ready``."""
        core = self.core
        out = {}
        for j, n in enumerate(self._order):
            c = self._cores[n]
            out[n] = {'updates': core.updates(j), 'nbad': c.nbad if c is not None else 0,
                      'ready': core.ready(j)}
        return out

    def set_weight(self, node, input, weight):
        """Set the weight of ``input`` (as named in the node's inputs) in linear node ``node``;
        it applies from the next record on."""
        nd = self._linear(node)
        if input not in nd.inputs:
            raise ValueError('node %r: %r is not one of its inputs (%s)'
                             % (node, input, ', '.join(nd.inputs)))
        weights = self.weights(node)
        weights[input] = weight
        self._cores[node].set_weights(self._expand(nd, [weights[r] for r in nd.inputs]))

    def weights(self, node):
        """The weights of linear node ``node``, ``{input: weight}``."""
        nd = self._linear(node)
        flat = list(self._cores[node].weights)
        out, k = {}, 0
        for ref in nd.inputs:
            name, sub = _ref(ref, node)
            out[ref] = flat[k]
            k += 1 if sub else len(self._outputs_of(self._nodes[name]))
        return out

    def _linear(self, node):
        self.core
        nd = self._nodes.get(node)
        if nd is None or nd.type != 'Linear':
            raise ValueError('%r is not a Linear node of the graph' % (node,))
        return nd

    # -- standalone runs -----------------------------------------------------------------------
    def run(self, events, step='event', oi=None, tick_size=None, lot_size=None):
        """Feed every record of ``events`` (an event array or file, as for L2EventData) and
        return ``{'ts': int64, <output>: float64..., 'ready': bool}`` numpy columns, one row per
        step (``step``: ``'event'``, ``'timestamp'`` or an interval such as ``'100ms'``).

        The graph continues from its state: a second call goes on where the first ended (the
        book too). ``oi``: the open interest, merged by time (see :meth:`set_oi`).
        """
        from backtrader.hft._cy import l2replay
        from backtrader.hft.book import OrderBook
        from backtrader.hft.feeds.l2event import load_events, parse_step
        core = self.core
        tick = tick_size if tick_size is not None else self.tick_size
        lot = lot_size if lot_size is not None else self.lot_size
        if self._book is None:
            for pname, v in (('tick_size', tick), ('lot_size', lot)):
                if isinstance(v, bool) or not isinstance(v, (int, float)) or not v > 0:
                    raise ValueError('FactorGraph.run: %s must be a positive number (give it to '
                                     'run() or to the graph), not %r' % (pname, v))
            self._book = OrderBook(float(tick), float(lot))
        mode, interval = parse_step(step)
        local = self.timestamp == 'local'
        records, ptick, qlot, source = load_events(events)
        raw = records.view('u1')
        l2replay.validate(raw, ptick, qlot, self._book.tick_size, self._book.lot_size, local,
                          False, source)
        if oi is not None:
            self.set_oi(oi)
        rep = l2replay.L2Replay(raw, ptick, qlot, self._book, local, mode, interval, False)
        nrows = core.count_steps(rep.fresh(None))
        ts, outs, ready = core.run_replay(rep, nrows)
        cols = {'ts': ts}
        for name, col in zip(self.outputs, outs):
            cols[name] = col
        cols['ready'] = ready
        return cols

    def set_oi(self, oi):
        """The open interest of the ``OpenInterest`` source: ``(stamps, values)`` (int64 ns
        ascending, floats) or an :class:`~backtrader.hft.feeds.openinterest.OpenInterestData`;
        each value is taken before the first record stamped at or after it."""
        import numpy as np
        if 'OpenInterest' not in {nd.type for nd in self._nodes.values()}:
            raise ValueError('FactorGraph: oi given but the graph has no OpenInterest source')
        if hasattr(oi, 'series'):
            oi = oi.series()
        try:
            ts, vals = oi
        except (TypeError, ValueError):
            raise ValueError('FactorGraph: oi must be (stamps, values) or an OpenInterestData, '
                             'not %r' % (oi,)) from None
        ts, vals = np.asarray(ts), np.asarray(vals)
        if len(ts) > 1 and np.any(np.diff(ts) < 0):
            raise ValueError('FactorGraph: the open-interest stamps are not ascending')
        self.core.set_oi(ts, vals)

    def reset(self):
        """Forget the whole state (nodes and the standalone book)."""
        self.core.reset()
        self._book = None

    # -- state ---------------------------------------------------------------------------------
    def describe(self):
        """The structure as plain data: nodes in evaluation order (name, type, params, inputs)
        and the outputs. Two graphs with the same description can exchange snapshots."""
        order = self.nodes
        nodes = []
        for n in order:
            nd = self._nodes[n]
            params = {k: v for k, v in nd.params.items() if k != 'weights'}
            nodes.append({'name': n, 'type': nd.type, 'params': params, 'inputs': nd.inputs})
        return {'nodes': nodes, 'outputs': list(self._outnames)}

    def snapshot(self):
        """The whole state as bytes (see :meth:`restore`)."""
        desc = json.dumps(self.describe(), sort_keys=True).encode()
        book = pickle.dumps(self._book) if self._book is not None else b''
        state = self.core.state()
        return b''.join([_MAGIC, len(desc).to_bytes(8, 'little'), desc,
                         len(book).to_bytes(8, 'little'), book, state])

    def restore(self, data):
        """Load a :meth:`snapshot` of a graph of the same structure; the run continues exactly
        as the snapshotted graph would have. A snapshot of another graph is refused, naming the
        first difference; nothing changes then."""
        data = bytes(data)
        if not data.startswith(_MAGIC):
            raise ValueError('FactorGraph.restore: not a factor graph snapshot')
        pos = len(_MAGIC)
        n = int.from_bytes(data[pos:pos + 8], 'little')
        try:
            theirs = json.loads(data[pos + 8:pos + 8 + n])
        except ValueError:
            raise ValueError('FactorGraph.restore: the snapshot is corrupt') from None
        pos += 8 + n
        self._check_same(theirs)
        n = int.from_bytes(data[pos:pos + 8], 'little')
        book = pickle.loads(data[pos + 8:pos + 8 + n]) if n else None
        pos += 8 + n
        core = self.core
        before = core.state()
        try:
            core.load_state(data[pos:])
        except Exception:
            core.load_state(before)
            raise
        self._book = book

    def _check_same(self, theirs):
        mine = json.loads(json.dumps(self.describe(), sort_keys=True))
        tn = [nd['name'] for nd in theirs.get('nodes', [])]
        mn = [nd['name'] for nd in mine['nodes']]
        if tn != mn:
            raise ValueError('FactorGraph.restore: the snapshot belongs to another graph: its '
                             'nodes are %s, this graph has %s' % (tn, mn))
        for a, b in zip(theirs['nodes'], mine['nodes']):
            for key in ('type', 'inputs', 'params'):
                if a[key] != b[key]:
                    diff = a[key]
                    if key == 'params':
                        k = sorted(set(a[key]) | set(b[key]),
                                   key=lambda k: a[key].get(k) == b[key].get(k))[0]
                        diff = '%s = %r, this graph %r' % (k, a[key].get(k), b[key].get(k))
                        raise ValueError('FactorGraph.restore: the snapshot belongs to another '
                                         'graph: node %r has %s' % (a['name'], diff))
                    raise ValueError('FactorGraph.restore: the snapshot belongs to another graph: '
                                     'node %r has %s %r, this graph %r'
                                     % (a['name'], key, diff, b[key]))
        if theirs.get('outputs') != mine['outputs']:
            raise ValueError('FactorGraph.restore: the snapshot belongs to another graph: its '
                             'outputs are %s, this graph %s' % (theirs.get('outputs'),
                                                                mine['outputs']))

    def copy(self):
        """A graph of the same structure, its state fresh."""
        g = FactorGraph(self.name, self.tick_size, self.lot_size, self.timestamp)
        for n, nd in self._nodes.items():
            params = {k: v for k, v in nd.params.items()}
            g.add(n, nd.type, inputs=list(nd.inputs), **params)
        if self._outputs is not None:
            g.set_outputs(self._outputs)
        return g

    def __repr__(self):
        return '<FactorGraph %r: %d nodes>' % (self.name, len(self._nodes))
