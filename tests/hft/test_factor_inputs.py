"""Factor graph inputs beyond the L2 records: an OpenInterestData as the OpenInterest source of
bt.hft.FactorIndicator (equal to FactorGraph.run with the same series), and the
StoikovMicroprice node from a fitted table (equal to the StoikovMicroprice indicator)."""
import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.factors import FactorGraph
from backtrader.hft.indicators import StoikovMicroprice, fit_stoikov
from tests.hft import l2_reference as ref


@pytest.fixture(scope='module')
def events():
    return ref.generate(3000, seed=11)


def _run(events, make, step='5ms', **runkw):
    """The values of the lines ``make(strategy)`` returns, one row per strategy step."""
    class S(bt.Strategy):
        def __init__(self):
            self.lines_ = make(self)
            self.seen = []

        def next(self):
            self.seen.append([ln[0] for ln in self.lines_])

    c = bt.Cerebro(stdstats=False)
    c.adddata(bt.hft.L2EventData(dataname=events, tick_size=ref.TICK, lot_size=ref.LOT,
                                 step=step))
    c.addstrategy(S)
    return np.array(c.run(**runkw)[0].seen, dtype=float)


# -- open interest --------------------------------------------------------------------------------
def oi_graph():
    g = FactorGraph(tick_size=ref.TICK, lot_size=ref.LOT)
    g.add('book', 'Book').add('oi', 'OpenInterest')
    g.add('d', 'OIDelta', inputs='oi', period=1)
    g.add('mid', 'Mid', inputs='book')
    return g


def oi_series(events):
    t = ref.replay(events, step='event')
    ts = np.array([t[0]['ts'] - 1, t[300]['ts'], t[1200]['ts'] + 1, t[2500]['ts']], np.int64)
    return ts, np.array([500.0, 520.0, 505.0, 505.5])


@pytest.mark.parametrize('runkw', [{}, dict(runonce=False), dict(preload=False, runonce=False)])
def test_indicator_takes_an_open_interest_data(events, runkw):
    ts, vals = oi_series(events)
    want = oi_graph().run(events, step='5ms', oi=(ts, vals))
    rows = want['ts']
    # the series as the deltas were built: +20 after ts[1], -15 after ts[2], +0.5 after ts[3]
    assert (want['d_delta'][(rows >= ts[1]) & (rows < ts[2])] == 20.0).all()
    assert (want['d_delta'][rows >= ts[3]] == 0.5).all()
    oidata = bt.hft.OpenInterestData(dataname=dict(timestamp=ts, openinterest=vals))
    got = _run(events, lambda s: (lambda f: [f.d_delta, f.d_pct, f.mid])(
        bt.hft.FactorIndicator(oi_graph(), s.data, oi=oidata)), **runkw)
    np.testing.assert_array_equal(got[:, 0], want['d_delta'])
    np.testing.assert_array_equal(got[:, 1], want['d_pct'])
    np.testing.assert_array_equal(got[:, 2], want['mid'])


def test_open_interest_errors(events):
    g = FactorGraph(tick_size=ref.TICK, lot_size=ref.LOT).add('book', 'Book')
    with pytest.raises(ValueError, match='no OpenInterest source'):
        g.set_oi(([1], [1.0]))
    with pytest.raises(ValueError, match='oi must be'):
        oi_graph().set_oi(42)
    with pytest.raises(ValueError, match='not ascending'):
        oi_graph().set_oi(([2, 1], [1.0, 2.0]))


# -- Stoikov micro-price --------------------------------------------------------------------------
@pytest.fixture(scope='module')
def table(events):
    """A table fitted on the first half of the stream's top of book."""
    g = FactorGraph(tick_size=ref.TICK, lot_size=ref.LOT).add('book', 'Book')
    top = g.run(events[:1500], step='event')
    t = fit_stoikov(top['book_bid'], top['book_ask'], top['book_bidsize'],
                    top['book_asksize'], ref.TICK, n_imb=5, n_spread=3)
    assert np.abs(np.asarray(t.adj)).max() > 0.01       # a table that moves the price
    return t


def stoikov_graph(table):
    g = FactorGraph(tick_size=ref.TICK, lot_size=ref.LOT).add('book', 'Book', levels=2)
    g.add('sm', 'StoikovMicroprice', inputs=['book.bid', 'book.bidsize', 'book.ask',
                                             'book.asksize'], table=table)
    return g


@pytest.mark.parametrize('step', ['timestamp', '5ms'])
def test_stoikov_node_equals_the_indicator(events, table, step):
    want = _run(events, lambda s: [StoikovMicroprice(s.data, table=table).microprice],
                step=step)[:, 0]
    assert np.isfinite(want).sum() > len(want) // 2
    got = stoikov_graph(table).run(events, step=step)['sm']
    np.testing.assert_array_equal(got, want)
    inside = _run(events, lambda s: [bt.hft.FactorIndicator(stoikov_graph(table), s.data).sm],
                  step=step)[:, 0]
    np.testing.assert_array_equal(inside, want)


def test_stoikov_table_from_toml_inline_and_npz(events, table, tmp_path):
    want = stoikov_graph(table).run(events)['sm']
    path = tmp_path / 'stoikov.npz'
    np.savez(path, **table._asdict())
    head = ('[graph]\ntick_size = %r\nlot_size = %r\n[[nodes]]\nname = "book"\ntype = "Book"\n'
            '[[nodes]]\nname = "sm"\ntype = "StoikovMicroprice"\ninputs = ["book"]\n'
            % (ref.TICK, ref.LOT))
    inline = 'table = { tick = %r, edges = %r, adj = %r }\n' % (table.tick, table.edges,
                                                                 table.adj)
    for text in (head + 'table = "%s"\n' % path, head + inline):
        toml = tmp_path / 'g.toml'
        toml.write_text(text)
        np.testing.assert_array_equal(FactorGraph.from_toml(str(toml)).run(events)['sm'], want)


@pytest.mark.parametrize('value, message', [
    (None, "param 'table' = None must be a fitted table"),
    ({'tick': 0.01, 'edges': [0, 1]}, 'must be a fitted table'),
    ('table.csv', 'a path must name a .npz file'),
    ('missing.npz', 'cannot read it'),
    ({'tick': 0.01, 'edges': [0, 0.5, 1], 'adj': [[1.0]]}, 'adj must hold rows of 2 values'),
])
def test_stoikov_bad_table(value, message):
    g = FactorGraph().add('book', 'Book').add('sm', 'StoikovMicroprice', inputs='book',
                                              table=value)
    with pytest.raises(ValueError, match="node 'sm' \\(StoikovMicroprice\\): .*" + message):
        g.core
