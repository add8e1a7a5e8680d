"""Properties of bt.hft.factors.FactorGraph over random graphs and generated event streams:
the graph equals its nodes computed one by one, and a snapshot taken anywhere continues
bit-identically in a fresh graph."""
import numpy as np
import pytest

from backtrader.hft.factors import FactorGraph
from tests.hft import factor_ref
from tests.hft import l2_reference as ref


@pytest.fixture(scope='module')
def events():
    return ref.generate(2500, seed=11)


def _equal(a, b, what):
    assert set(a) == set(b), what
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg='%s: column %s' % (what, k))


@pytest.mark.parametrize('seed', range(8))
def test_graph_equals_nodes_one_by_one(events, seed):
    config = factor_ref.random_config(np.random.default_rng(seed))
    got = FactorGraph.from_dict(config).run(events)
    want = factor_ref.evaluate(config, events)
    _equal(got, want, 'seed %d' % seed)
    assert got['ready'].any()


@pytest.mark.parametrize('seed', range(6))
def test_snapshot_restore_continues_bit_identically(events, seed):
    rng = np.random.default_rng(100 + seed)
    config = factor_ref.random_config(rng)
    whole = FactorGraph.from_dict(config).run(events)
    cut = int(rng.integers(1, len(events) - 1))
    first = FactorGraph.from_dict(config)
    head = first.run(events[:cut])
    blob = first.snapshot()
    second = FactorGraph.from_dict(config)
    second.restore(blob)
    tail = second.run(events[cut:])
    n = len(head['ts'])
    joined = {k: np.concatenate([head[k], tail[k]]) for k in head}
    _equal(joined, whole, 'cut at record %d (row %d)' % (cut, n))
    # the restored graph and the unbroken one end in the same state
    full = FactorGraph.from_dict(config)
    full.run(events)
    assert second.snapshot() == full.snapshot()


def test_dynamic_weights_are_state(events):
    config = factor_ref.random_config(np.random.default_rng(3))
    config['nodes'].append({'name': 'combo', 'type': 'Linear', 'inputs': ['n2', 'n3'],
                            'weights': {'n2': 1.0, 'n3': 0.0}})
    g = FactorGraph.from_dict(config)
    g.run(events[:1000])
    g.set_weight('combo', 'n3', 2.5)
    assert g.weights('combo') == {'n2': 1.0, 'n3': 2.5}
    blob = g.snapshot()
    h = FactorGraph.from_dict(config)
    h.restore(blob)
    assert h.weights('combo') == {'n2': 1.0, 'n3': 2.5}
    a, b = g.run(events[1000:]), h.run(events[1000:])
    _equal(a, b, 'after restore')
    v2, v3 = g.value('n2'), g.value('n3')
    assert a['combo'][-1] == v2 + 2.5 * v3
