"""The streaming factor engine (``bt.hft.factors``): a graph of factor nodes evaluated in compiled
code on every record of an L2 event stream, configured in code or TOML, with warm-up, ready
flags, run-time weights and snapshot / restore of its whole state.

- :class:`FactorGraph`: build (``add``, ``from_toml``), run standalone (``run(events)``), steer
  (``set_weight``), save and load (``snapshot`` / ``restore``);
- :class:`FactorIndicator`: a graph inside Cerebro, fed every record of an L2EventData, its
  lines the graph's outputs;
- ``NODE_TYPES``: the node types and their params.
"""
from backtrader.utils.lazyload import lazy_attributes

_MODULES = {'graph': ('FactorGraph',), 'indicator': ('FactorIndicator',), 'nodes': ('NODE_TYPES',)}

__getattr__, __dir__, __all__ = lazy_attributes(globals(), _MODULES)
