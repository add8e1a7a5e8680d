"""FactorIndicator: a factor graph inside Cerebro, as an indicator on an L2EventData.

``bt.hft.FactorIndicator(graph, data)`` (or ``graph`` a TOML path): one line per published
value of the graph (its names: :attr:`FactorGraph.outputs`). The graph is fed every record the
feed applies, in compiled code, between the strategy's wake-ups (``backtrader/hft/_cy/
factorkernel.pxd``): a strategy stepped every 100 ms reads factors computed on every event.
Steps before the feed's ``fromdate`` warm the graph up. The lines are NaN while a node is not
ready. ``oi``: the open interest of the graph's ``OpenInterest`` source, an
:class:`~backtrader.hft.feeds.openinterest.OpenInterestData` or ``(stamps, values)``, merged by
time as in :meth:`FactorGraph.run`. ``ind.graph`` is the graph (steer it with ``set_weight``; ``snapshot()`` after the run).
"""
from backtrader.indicator import Indicator, MetaIndicator, lines_subclass
from backtrader.indicators.basicops import build_kernel
from backtrader.hft.factors.graph import FactorGraph

__all__ = ['FactorIndicator']


def _as_graph(graph):
    if isinstance(graph, FactorGraph):
        return graph
    if isinstance(graph, str) and graph.lower().endswith('.toml'):
        return FactorGraph.from_toml(graph)
    raise TypeError('FactorIndicator: the first argument must be a FactorGraph or a .toml path, '
                    'not %r' % (graph,))


class MetaFactorIndicator(MetaIndicator):
    """Builds each FactorIndicator from a subclass whose lines are the graph's outputs (one
    subclass per set of names, made on first use)."""

    def doprenew(cls, *args, **kwargs):
        if 'graph' in kwargs:
            graph = kwargs['graph']
        elif args:
            graph, args = args[0], args[1:]
        else:
            raise TypeError('FactorIndicator needs a graph: FactorIndicator(graph, data)')
        graph = kwargs['graph'] = _as_graph(graph)
        names = tuple(graph.outputs)
        for name in names:
            if name.startswith('_') or hasattr(Indicator, name):
                raise ValueError('FactorIndicator: output %r cannot be a line name (it is an '
                                 'attribute of every indicator): rename the node' % name)
        return lines_subclass(cls, names), args, kwargs


class FactorIndicator(Indicator, metaclass=MetaFactorIndicator):
    """A factor graph on an L2EventData (see the module docstring): ``FactorIndicator(graph,
    data, oi=None)``, lines named after the graph's outputs."""
    params = (('graph', None), ('oi', None))
    plotinfo = dict(subplot=True)

    def __init__(self):
        from backtrader.hft._cy.factorkernel import FactorKernel
        data = self.data
        if not hasattr(type(data), 'book') or not hasattr(data, '_l2state'):
            raise ValueError('FactorIndicator needs an L2EventData (the graph reads its records '
                             'and book), got %s' % type(data).__name__)
        self.graph = self.p.graph
        if self.p.oi is not None:
            self.graph.set_oi(self.p.oi)
        outs = [self.lines[i] for i in range(self.lines.size())]
        build_kernel(self, FactorKernel, self.graph.core, outs, data.lines.datetime, data)
