"""The streaming cores behind bt.hft.indicators: snapshot / restore continue bit-identically,
NaN policies, bad params and snapshots, and Stoikov's micro-price fit on a hand-computed chain."""
import math

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft import indicators as mi
from backtrader.hft._cy import microbook, microcross, microflow, microlookback, microvol
from tests.hft.micro_ref import run_lines

MS = 1_000_000


def quotes(rng, n, levels=1):
    rows = []
    bid = 100.0
    for _ in range(n):
        bid = round(bid + 0.01 * rng.integers(-1, 2), 2)
        row = []
        for m in range(levels):
            row += [bid - 0.01 * m, float(rng.integers(1, 20)),
                    bid + 0.01 * (1 + m + rng.integers(0, 2)), float(rng.integers(1, 20))]
        rows.append(row)
    return rows


def trades(rng, n, withmid=False):
    rows, p = [], 100.0
    for _ in range(n):
        p = round(p + 0.01 * rng.integers(-2, 3), 2)
        q = float(rng.integers(0, 5)) * 0.5          # some steps without a trade
        row = [p, q, float(rng.choice([1, -1, 0]))]
        rows.append(row + [p + 0.005 * rng.integers(-1, 2)] if withmid else row)
    return rows


CORES = [
    (lambda: microbook.QuoteCore('microprice', levels=2), lambda r, n: quotes(r, n, 2)),
    (lambda: microbook.OFICore(levels=3, period=7), lambda r, n: quotes(r, n, 3)),
    (lambda: microbook.OFICore(span=20 * MS), quotes),
    (lambda: microbook.StoikovCore(0.01, [0, 0.5, 1], [[-0.2, 0.2], [-0.1, 0.1]]), quotes),
    (lambda: microflow.TradeFlowCore('imbalance', span=15 * MS), trades),
    (lambda: microflow.TradeFlowCore('vwap', period=9), trades),
    (lambda: microflow.TradeFlowCore('intensity', span=15 * MS), trades),
    (lambda: microflow.CVDCore(classify='quote', withmid=True), lambda r, n: trades(r, n, True)),
    (lambda: microflow.KyleCore(period=12), trades),
    (lambda: microflow.VPINCore(1.0, nbuckets=4), trades),
    (lambda: microvol.RealizedVolCore(span=30 * MS, interval=2 * MS), lambda r, n: [[x[0]] for x in trades(r, n)]),
    (lambda: microvol.MicroVolCore(alpha=0.2), lambda r, n: [[x[0]] for x in trades(r, n)]),
    (lambda: microvol.TickMomentumCore(period=6), lambda r, n: [[x[0]] for x in trades(r, n)]),
    (lambda: microlookback.LookbackCore('return', span=10 * MS), lambda r, n: [[x[0]] for x in trades(r, n)]),
    (lambda: microlookback.LookbackCore('regime', period=4), lambda r, n: [[x[0], 1000 + x[1]] for x in trades(r, n)]),
    (lambda: microcross.PairCore('correlation', period=10), lambda r, n: [[x[0], x[0] + x[1]] for x in trades(r, n)]),
    (lambda: microcross.PairCore('spread', span=25 * MS), lambda r, n: [[x[0], x[0] * 0.5 + x[1]] for x in trades(r, n)]),
    (lambda: microcross.ZScoreCore(period=8), lambda r, n: [[x[0]] for x in trades(r, n)]),
]


@pytest.mark.parametrize('make, gen', CORES)
def test_snapshot_restore_continues_identically(make, gen):
    rng = np.random.default_rng(abs(hash(make().__class__.__name__)) % 1000)
    rows = gen(rng, 300)
    ts = np.cumsum(rng.integers(1, 3 * MS, len(rows))).astype(np.int64)
    cut = int(rng.integers(50, 250))
    whole, part = make(), make()
    ref = [whole.update(*row, ts=int(t)) for row, t in zip(rows, ts)]
    for row, t in zip(rows[:cut], ts[:cut]):
        part.update(*row, ts=int(t))
    fresh = make()
    fresh.restore(part.snapshot())
    cont = [fresh.update(*row, ts=int(t)) for row, t in zip(rows[cut:], ts[cut:])]
    assert np.array_equal(np.array(ref[cut:], dtype=float), np.array(cont, dtype=float),
                          equal_nan=True)
    assert fresh.count == whole.count and fresh.nbad == whole.nbad
    # run() over columns gives the same outputs as update() record by record
    cols = [np.array([r[k] for r in rows]) for k in range(len(rows[0]))]
    outs = make().run(ts, *cols)
    first = np.array([r[0] if isinstance(r, tuple) else r for r in ref], dtype=float)
    assert np.array_equal(outs[0].numpy(), first, equal_nan=True)


def test_bad_snapshots():
    a = microflow.KyleCore(period=12)
    a.update(100.0, 1.0, 1.0)
    with pytest.raises(ValueError, match='KyleCore.restore: the snapshot has period = 12, this core 13'):
        microflow.KyleCore(period=13).restore(a.snapshot())
    with pytest.raises(ValueError, match='belongs to KyleCore'):
        microflow.CVDCore().restore(a.snapshot())
    with pytest.raises(ValueError, match='truncated'):
        microflow.KyleCore(period=12).restore(a.snapshot()[:-9])
    with pytest.raises(ValueError, match='not a core snapshot'):
        microflow.KyleCore(period=12).restore(b'junk')


def test_nan_policies_and_windows():
    skip = microcross.ZScoreCore(period=3)
    prop = microcross.ZScoreCore(period=3, nan_policy='propagate')
    for c in (skip, prop):
        for v in (1.0, 2.0, 3.0):
            c.update(v)
    assert skip.update(math.nan) == 1.0 and skip.nbad == 1
    assert math.isnan(prop.update(math.inf)) and prop.nbad == 1
    assert skip.update(5.0) == prop.update(5.0)
    with pytest.raises(ValueError, match="nan_policy must be 'skip' or 'propagate'"):
        microcross.ZScoreCore(nan_policy='drop')
    for bad in (0, -3, 1.5, True):
        with pytest.raises(ValueError, match='period must be an integer >= 1'):
            microflow.KyleCore(period=bad)
    with pytest.raises(ValueError, match='time window must be a positive whole number of ns'):
        microflow.KyleCore(span=0)
    with pytest.raises(TypeError, match='takes 3 input values, got 2'):
        microflow.KyleCore().update(1.0, 2.0)


def test_stoikov_fit_hand_computed_chain():
    """Mid rising one tick at every quote with a bid-heavy book: from the high-imbalance state
    the mid always moves +1 tick and returns to it (mirrored: the low state moves -1). Then
    Q = 0, R1 = 1 on +1 / -1, B = identity, and g = 6 iterations of +-1 tick."""
    k = np.arange(200)
    bid = 100.0 + 0.01 * k
    table = mi.fit_stoikov(bid, bid + 0.01, np.full(200, 3.0), np.ones(200), 0.01,
                           n_imb=2, n_spread=1)
    np.testing.assert_allclose(table.adj, [[-6.0, 6.0]], atol=1e-12)
    assert table.edges == [0.0, 0.5, 1.0]
    # the indicator looks it up: mid + 6 ticks for a bid-heavy quote, mid - 6 for an ask-heavy one
    cols = dict(timestamp=np.array([1, 2]), bid=np.array([100.0, 100.0]),
                ask=np.array([100.01, 100.01]), bidsize=np.array([3.0, 1.0]),
                asksize=np.array([1.0, 3.0]))
    for runonce in (True, False):
        got = run_lines([bt.hft.QuoteTickData(dataname=cols)],
                        lambda s: dict(m=mi.StoikovMicroprice(s.data, table=table).microprice),
                        runonce)
        np.testing.assert_allclose(got['m'], [100.005 + 0.06, 100.005 - 0.06], rtol=1e-12)
    with pytest.raises(ValueError, match='table must be a StoikovTable'):
        run_lines([bt.hft.QuoteTickData(dataname=cols)],
                  lambda s: dict(m=mi.StoikovMicroprice(s.data).microprice), True)


def test_stoikov_fit_is_antisymmetric():
    rng = np.random.default_rng(2)
    n = 5000
    bid = 100 + 0.01 * rng.integers(-1, 2, n).cumsum()
    spread = 0.01 * rng.integers(1, 3, n)
    t = mi.fit_stoikov(bid, bid + spread, rng.integers(1, 10, n), rng.integers(1, 10, n), 0.01,
                       n_imb=6, n_spread=2)
    adj = np.array(t.adj)
    np.testing.assert_allclose(adj, -adj[:, ::-1], atol=1e-9)


def test_indicator_counts_refused_records():
    """A one-sided book has no spread: the bars are NaN (propagated) and counted in core.nbad."""
    from tests.hft import l2_reference as ref
    events = ref.generate(300, seed=9)
    steps = ref.replay(events, step='event')
    one_sided = sum(1 for st in steps if math.isnan(st['ask']) or math.isnan(st['bid']))
    assert one_sided > 0

    class S(bt.Strategy):
        def __init__(self):
            self.sp = mi.Spread(self.data)

    for runonce in (True, False):
        c = bt.Cerebro(stdstats=False)
        c.adddata(bt.hft.L2EventData(dataname=events, tick_size=ref.TICK, lot_size=ref.LOT,
                                     step='event'))
        c.addstrategy(S)
        s = c.run(runonce=runonce)[0]
        assert s.sp.core.nbad == one_sided
        assert np.isnan(s.sp.spread.array).sum() == one_sided
