"""bt.hft.factors.FactorGraph: building, TOML, bad input, warm-up, sources, and the graph inside
Cerebro (bt.hft.FactorIndicator) against the same graph run standalone."""
import math
import os

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.factors import FactorGraph
from tests.hft import l2_reference as ref

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, 'samples', 'hft', 'factors.toml')


@pytest.fixture(scope='module')
def events():
    return ref.generate(3000, seed=4)


def small():
    g = FactorGraph(tick_size=ref.TICK, lot_size=ref.LOT)
    g.add('book', 'Book', levels=2).add('trades', 'Trades')
    g.add('obi', 'BookImbalance', inputs='book')
    g.add('mid', 'Mid', inputs=['book.bid', 'book.bidsize', 'book.ask', 'book.asksize'])
    g.add('ti', 'TradeImbalance', inputs=['trades'], period=5)
    g.add('z', 'ZScore', inputs='obi', period=20, warmup=50)
    g.add('alpha', 'Linear', inputs=['z', 'ti'], weights={'z': 0.5, 'ti': 2.0})
    return g


def write(tmp_path, text):
    p = tmp_path / 'g.toml'
    p.write_text(text)
    return str(p)


def test_structure_and_outputs():
    g = small()
    assert g.nodes == ['book', 'trades', 'obi', 'mid', 'ti', 'z', 'alpha']
    assert g.outputs == ['mid', 'alpha']
    g.set_outputs(['alpha', 'book'])
    assert g.outputs[:2] == ['alpha', 'book_bid'] and len(g.outputs) == 9


def test_values_hand_computed():
    """Three records: a bid of 2 lots at 100.00, an ask of 1 lot at 100.02, a buy trade."""
    L = ref.LOCAL_EVENT | ref.EXCH_EVENT
    ev = np.array([(1 | L | ref.BUY_EVENT, 1, 2, 100.00, 0.002, 0, 0, 0.0),
                   (1 | L | ref.SELL_EVENT, 3, 4, 100.02, 0.001, 0, 0, 0.0),
                   (2 | L | ref.BUY_EVENT, 5, 6, 100.02, 0.0005, 0, 0, 0.0)],
                  dtype=bt.hft.event_dtype)
    g = FactorGraph(tick_size=0.01, lot_size=0.0001)
    g.add('book', 'Book').add('trades', 'Trades')
    g.add('obi', 'BookImbalance', inputs='book').add('mid', 'Mid', inputs='book')
    g.add('vwap', 'VWAP', inputs='trades', period=1)
    g.add('edge', 'Linear', inputs=['obi', 'mid'], weights=[10.0, 1.0])
    out = g.run(ev)
    assert out['ts'].tolist() == [2, 4, 6]
    assert math.isnan(out['edge'][0])                       # no ask yet: no mid, no imbalance
    obi = (0.002 - 0.001) / (0.002 + 0.001)                 # (B - A) / (B + A)
    assert out['edge'][1] == 10 * obi + (100.00 + 100.02) / 2     # + the mid
    assert math.isnan(out['vwap'][1]) and out['vwap'][2] == 100.02
    assert out['ready'].tolist() == [False, False, True]
    assert g.value('trades') == (100.02, 0.0005, 1.0)
    assert g.stats()['obi']['updates'] == 2 and g.stats()['vwap']['updates'] == 1


def test_warmup_gates_ready(events):
    g = small()
    out = g.run(events)
    z_updates = np.flatnonzero(~np.isnan(out['alpha']))
    assert len(z_updates) and g.is_ready('z') and g.ready
    h = small()
    h.run(events[:40])
    assert h.stats()['z']['updates'] < 50 and not h.is_ready('z')
    assert math.isnan(h.values()['alpha'])
    h.run(events[40:])
    assert h.is_ready('z') and not math.isnan(h.values()['alpha'])


def test_run_continues_and_steps(events):
    whole = small().run(events)
    g = small()
    a, b = g.run(events[:1234]), g.run(events[1234:])
    for k in whole:
        np.testing.assert_array_equal(np.concatenate([a[k], b[k]]), whole[k])
    per = small().run(events, step='timestamp')
    last = np.searchsorted(whole['ts'], per['ts'], side='right') - 1
    np.testing.assert_array_equal(per['alpha'], whole['alpha'][last])
    g.reset()
    np.testing.assert_array_equal(g.run(events)['alpha'], whole['alpha'])


def test_open_interest_source(events):
    g = FactorGraph(tick_size=ref.TICK, lot_size=ref.LOT)
    g.add('oi', 'OpenInterest').add('d', 'OIDelta', inputs='oi', period=1)
    t = ref.replay(events, step='event')
    ts = np.array([t[10]['ts'], t[500]['ts'] + 1, t[900]['ts']], dtype=np.int64)
    out = g.run(events, oi=(ts, [100.0, 110.0, 99.0]))
    rows = out['ts']
    d = out['d_delta']
    assert np.isnan(d[rows < ts[1]]).all()
    assert (d[(rows >= ts[1]) & (rows < ts[2])] == 10.0).all()
    assert (d[rows >= ts[2]] == -11.0).all()
    assert out['d_pct'][-1] == -11.0 / 110.0


def test_sample_toml_loads_and_runs(events):
    g = FactorGraph.from_toml(SAMPLE)
    assert len(g.nodes) == 10 and g.outputs == ['alpha', 'obi', 'rv']
    assert g.weights('alpha')['rv'] == -10.0
    out = g.run(events)
    assert np.isfinite(out['obi'][out['ready']]).all()


@pytest.mark.parametrize('text,message', [
    ('[[nodes]]\nname = "a"\ntype = "Book"\n[[nodes]]\nname = "b"\ntype = "Mid"\n'
     'inputs = ["c"]\n', "node 'b': input 'c' is not a node of the graph"),
    ('[[nodes]]\nname = "a"\ntype = "Bok"\n', "node 'a': unknown type 'Bok'"),
    ('[[nodes]]\nname = "a"\ntype = "Book"\nlevls = 3\n',
     "node 'a' \\(Book\\): unknown param 'levls' = 3"),
    ('[[nodes]]\nname = "a"\ntype = "Book"\n[[nodes]]\nname = "m"\ntype = "Mid"\n'
     'inputs = ["a.bidd"]\n', "node 'm': input 'a.bidd': node 'a' has no output 'bidd'"),
    ('[[nodes]]\nname = "t"\ntype = "Trades"\n[[nodes]]\nname = "z"\ntype = "ZScore"\n'
     'inputs = ["t"]\n', "node 'z' \\(ZScore\\) takes 1 input values, its inputs give 3"),
    ('[[nodes]]\nname = "t"\ntype = "Trades"\n[[nodes]]\nname = "z"\ntype = "ZScore"\n'
     'inputs = ["t.price"]\nwindow = "soon"\n', "node 'z': param 'window' = 'soon'"),
    ('[[nodes]]\nname = "a"\ntype = "Book"\n[[nodes]]\nname = "m"\ntype = "Mid"\n'
     'inputs = ["a"]\nlevels = 2\n', "node 'm' \\(Mid\\): node 'm': levels = 2, its inputs give 1"),
    ('[graph]\ntick = 1\n', "\\[graph\\]: unknown key 'tick' = 1"),
    ('[[nodes]]\nname = "a"\ntype = "Book"\n[[nodes]]\nname = "s"\ntype = "Linear"\n'
     'inputs = ["a.bid"]\nweights = { x = 1.0 }\n',
     "node 's': weights: 'x' = 1.0 is not one of its inputs"),
    ('[[nodes]]\nname = "a"\ntype = "Book"\n[[nodes]\n', 'not valid TOML'),
])
def test_bad_toml_names_node_key_and_value(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ValueError, match=message) as info:
        FactorGraph.from_toml(path).core
    if 'TOML' not in message:
        assert str(info.value).startswith(path) or 'node' in str(info.value)


def test_cycle_is_named():
    g = FactorGraph()
    g.add('book', 'Book').add('mid', 'Mid', inputs='book')
    g.add('a', 'Linear', inputs=['mid', 'c']).add('b', 'EMA', inputs='a')
    g.add('c', 'Lag', inputs='b')
    with pytest.raises(ValueError, match='the graph has a cycle: a -> b -> c -> a'):
        g.core


def test_bad_graph_building():
    g = FactorGraph()
    g.add('book', 'Book')
    with pytest.raises(ValueError, match="node 'book': the graph already has a node"):
        g.add('book', 'Book')
    with pytest.raises(ValueError, match="node '1x': a node name is a letter"):
        g.add('1x', 'Mid', inputs='book')
    with pytest.raises(ValueError, match="node 'm' \\(Mid\\): no inputs given"):
        g.add('m', 'Mid')
    with pytest.raises(ValueError, match="node 'b2': param 'levels' = 17 must be"):
        g.add('b2', 'Book', levels=17)
    with pytest.raises(ValueError, match="node 'w': param 'warmup' = -1"):
        g.add('w', 'Mid', inputs='book', warmup=-1)
    with pytest.raises(ValueError, match="tick_size must be a positive number"):
        g.add('m', 'Mid', inputs='book').run(ref.generate(10))
    with pytest.raises(ValueError, match="'z' is not a Linear node"):
        g.set_weight('z', 'book', 1.0)


def test_restore_into_another_graph_is_refused(events):
    g = small()
    g.run(events[:500])
    blob = g.snapshot()
    other = small()
    other._nodes['z'].params['period'] = 21
    with pytest.raises(ValueError, match="node 'z' has period = 20, this graph 21"):
        other.restore(blob)
    fewer = FactorGraph(tick_size=ref.TICK, lot_size=ref.LOT)
    fewer.add('book', 'Book', levels=2).add('obi', 'BookImbalance', inputs='book')
    with pytest.raises(ValueError, match='the snapshot belongs to another graph: its nodes'):
        fewer.restore(blob)
    with pytest.raises(ValueError, match='not a factor graph snapshot'):
        fewer.restore(b'junk')
    before = fewer.snapshot()
    with pytest.raises(ValueError):
        fewer.restore(blob[:len(blob) - 3])
    assert fewer.snapshot() == before


def test_book_source_follows_crossing_updates():
    """Updates through the other side (crossed='fix' hides the levels they cross), deletions,
    one-side and full clears: after every record the book source holds the book's top levels
    (the graph re-reads the other side of a record only when its best level moved)."""
    rng = np.random.default_rng(7)
    L = ref.LOCAL_EVENT | ref.EXCH_EVENT
    rows = []
    for k in range(600):
        u = rng.random()
        side = 1 if rng.random() < 0.5 else -1
        flag = ref.BUY_EVENT if side > 0 else ref.SELL_EVENT
        tick = 10000 + int(rng.integers(-6, 7))
        if u < 0.05:
            rows.append((3 | L | (flag if rng.random() < 0.7 else 0), k, k, tick * 0.01, 0.0))
        else:
            qty = 0 if u < 0.3 else int(rng.integers(1, 9))
            rows.append((1 | L | flag, k, k, tick * 0.01, qty * 0.001))
    events = np.array([r + (0, 0, 0.0) for r in rows], dtype=bt.hft.event_dtype)
    g = FactorGraph(tick_size=0.01, lot_size=0.001).add('book', 'Book', levels=3)
    book = bt.hft.OrderBook(0.01, 0.001, crossed='fix')
    for i in range(len(events)):
        g.run(events[i:i + 1])
        book.apply_events(events, i, i + 1)
        want = []
        for side in ('bid', 'ask'):
            px, qty = book.levels(side, 3)
            want.append([(px[k], qty[k]) if k < len(px) else (math.nan, 0.0) for k in range(3)])
        got = g.value('book')
        for lvl in range(3):
            for s in range(2):
                np.testing.assert_array_equal(got[4 * lvl + 2 * s:4 * lvl + 2 * s + 2],
                                              want[s][lvl], err_msg='record %d' % i)
    assert book.counters()['hidden'] > 20       # the stream did cross the book, often


# -- inside Cerebro -------------------------------------------------------------------------------
def _cerebro_alpha(events, step, **runkw):
    class S(bt.Strategy):
        def __init__(self):
            self.f = bt.hft.FactorIndicator(small(), self.data)
            self.seen = []

        def next(self):
            self.seen.append((self.f.alpha[0], self.f.mid[0]))

    c = bt.Cerebro(stdstats=False)
    c.adddata(bt.hft.L2EventData(dataname=events, tick_size=ref.TICK, lot_size=ref.LOT,
                                 step=step))
    c.addstrategy(S)
    s = c.run(**runkw)[0]
    return np.array(s.seen, dtype=float), s.f


@pytest.mark.parametrize('runkw', [{}, dict(runonce=False), dict(preload=False, runonce=False)])
@pytest.mark.parametrize('step', ['timestamp', '5ms'])
def test_indicator_sees_every_record(events, step, runkw):
    want = small().run(events, step=step)
    got, ind = _cerebro_alpha(events, step, **runkw)
    np.testing.assert_array_equal(got[:, 0], want['alpha'])
    np.testing.assert_array_equal(got[:, 1], want['mid'])
    assert ind.graph.core.records == len(small().run(events)['ts'])
    assert isinstance(ind, bt.hft.FactorIndicator) and ind.lines.getlinealiases() == ('mid',
                                                                                      'alpha')


def test_indicator_needs_an_l2_feed(events):
    class S(bt.Strategy):
        def __init__(self):
            bt.hft.FactorIndicator(small(), self.data)

    c = bt.Cerebro(stdstats=False)
    import pandas as pd
    frame = pd.DataFrame({'open': [1.0, 2.0], 'high': 2.0, 'low': 1.0, 'close': 2.0,
                          'volume': 1.0}, index=pd.date_range('2024-01-01', periods=2))
    c.adddata(bt.feeds.PandasData(dataname=frame))
    c.addstrategy(S)
    with pytest.raises(ValueError, match='FactorIndicator needs an L2EventData'):
        c.run()


def test_streaming_indicator_listens_to_the_feed_replay(events):
    """Streaming, the first graph on a data is a sink of the feed's own replay; a second one on
    the same data keeps a private replay: both give the standalone values."""
    want = small().run(events, step='5ms')

    class S(bt.Strategy):
        def __init__(self):
            self.f = bt.hft.FactorIndicator(small(), self.data)
            self.g = bt.hft.FactorIndicator(small(), self.data)
            self.seen = []

        def next(self):
            self.seen.append((self.f.alpha[0], self.g.alpha[0]))

    c = bt.Cerebro(stdstats=False)
    data = bt.hft.L2EventData(dataname=events, tick_size=ref.TICK, lot_size=ref.LOT, step='5ms')
    c.adddata(data)
    c.addstrategy(S)
    s = c.run(preload=False, runonce=False)[0]
    got = np.array(s.seen, dtype=float)
    np.testing.assert_array_equal(got[:, 0], want['alpha'])
    np.testing.assert_array_equal(got[:, 1], want['alpha'])
    assert data._l2state.rep.sink is s.f.graph.core


def test_streaming_indicator_warms_up_before_fromdate(events):
    """Steps before ``fromdate`` feed the graph without being delivered: the lines equal the
    standalone run's rows from that step on."""
    want = small().run(events, step='5ms')
    cut = want['ts'][len(want['ts']) // 3]
    from backtrader._cy.timeconv import py_ns_to_num
    from_dt = bt.num2date(py_ns_to_num(int(cut)))
    for runkw in ({}, dict(preload=False, runonce=False)):
        class S(bt.Strategy):
            def __init__(self):
                self.f = bt.hft.FactorIndicator(small(), self.data)
                self.seen = []

            def next(self):
                self.seen.append(self.f.alpha[0])

        c = bt.Cerebro(stdstats=False)
        c.adddata(bt.hft.L2EventData(dataname=events, tick_size=ref.TICK, lot_size=ref.LOT,
                                     step='5ms', fromdate=from_dt))
        c.addstrategy(S)
        got = np.array(c.run(**runkw)[0].seen, dtype=float)
        assert 0 < len(got) < len(want['ts'])
        np.testing.assert_array_equal(got, want['alpha'][-len(got):], err_msg=str(runkw))
