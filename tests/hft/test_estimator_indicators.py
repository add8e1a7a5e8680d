"""The market makers' online estimators as indicators (``bt.hft.indicators.MidVolatility`` and
``ArrivalIntensity``) on a generated L2 file.

- In ``runonce`` and in next mode (preloaded or streamed), every bar's lines equal those of the streaming objects
  (``bt.hft.estimators``) fed by hand with the same bars' mids (ticks) and the file's trades; the
  volatility at the end also equals numpy's variance of the last window's mid changes.
- The cores' snapshots restore into a fresh core that then goes on identically; bad params name
  the indicator and the param.
"""
import math

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.estimators import ArrivalIntensity, MidVolatility, trade_cursor

from .test_book_hftbacktest import l2_file

MS = 1_000_000
S = 1000 * MS
TICK = 0.01


class Watch(bt.Strategy):
    """Records each bar's stamp, bid, ask and the estimators' lines."""
    params = (('arrivals', 'steps'),)

    def __init__(self):
        ind = bt.hft.indicators
        self.vol = ind.MidVolatility(self.data, window='30s')
        self.arr = ind.ArrivalIntensity(self.data, window='30s', refit='5s', bin=0.5, nbins=40,
                                        arrivals=self.p.arrivals)
        self.rows = []

    def next(self):
        d, v, a = self.data, self.vol, self.arr
        self.rows.append((d.datetime.ns(0), d.bid[0], d.ask[0], v.sigma2[0], v.sigma[0],
                          v.ready[0], a.A[0], a.k[0], a.ready[0]))


def _data(path):
    return bt.hft.L2EventData(dataname=path, tick_size=TICK, lot_size=0.001, step='100ms')


def _watch(path, runonce, arrivals, preload=True):
    cerebro = bt.Cerebro(stdstats=False, runonce=runonce, preload=preload)
    cerebro.adddata(_data(path))
    cerebro.addstrategy(Watch, arrivals=arrivals)
    return cerebro.run()[0].rows


def _by_hand(path, rows, arrivals):
    """The same bars through the streaming objects."""
    vol = MidVolatility(100 * MS, 30 * S)
    est = ArrivalIntensity(100 * MS, 30 * S, 5 * S, 0.5, 40, arrivals == 'steps')
    data = _data(path)
    cursor = trade_cursor(data)
    out = []
    for t, bid, ask, *_ in rows:
        mid = 0.5 * (round(bid / TICK) + round(ask / TICK))
        vol.update(t, mid)
        cursor.feed(est, t)
        est.step(t, mid)
        out.append((vol.variance(), vol.sigma, float(vol.ready), est.A, est.k, float(est.ready)))
    return out, vol


def _same(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


@pytest.mark.parametrize('arrivals', ['steps', 'trades'])
def test_lines_equal_the_streaming_objects_in_both_modes(arrivals):
    path = str(l2_file(200_000))
    once = _watch(path, True, arrivals)
    assert len(once) > 1000
    for step in (_watch(path, False, arrivals), _watch(path, False, arrivals, preload=False)):
        assert len(step) == len(once)
        assert all(all(map(_same, a, b)) for a, b in zip(once, step))
    ref, vol = _by_hand(path, once, arrivals)
    for row, exp in zip(once, ref):
        assert all(map(_same, row[3:], exp)), (row, exp)
    # warmed up well before the end, and fitted
    last = once[-1]
    assert last[5] == 1.0 and last[8] == 1.0 and last[6] > 0 and last[7] > 0
    first_ready = next(i for i, r in enumerate(once) if r[5] == 1.0)
    assert first_ready == 300       # 300 changes of 100 ms fill 30 s
    # the window's variance, per second: the last 300 sampled changes (the bars are the grid)
    mids = np.array([0.5 * (round(b / TICK) + round(a / TICK)) for _, b, a, *_ in once])
    assert last[3] == pytest.approx(np.var(np.diff(mids[-301:])) * 10.0, rel=1e-9)


def _core_rows(core, rows):
    return [core.update(b, a, ts=t) for t, b, a, *_ in rows]


def test_core_snapshots_restore_and_go_on_alike():
    from backtrader.hft._cy.estimators import IntensityCore, VolatilityCore
    path = str(l2_file(200_000))
    rows = _watch(path, True, 'steps')
    half = len(rows) // 2
    data = _data(path)

    def cores():
        return (VolatilityCore(MidVolatility(100 * MS, 30 * S), TICK),
                IntensityCore(ArrivalIntensity(100 * MS, 30 * S, 5 * S, 0.5, 40, True),
                              trade_cursor(data)))
    for a, b in zip(cores(), cores()):
        _core_rows(a, rows[:half])
        b.restore(a.snapshot())
        assert b.values == a.values or all(map(_same, b.values, a.values))
        rest_a, rest_b = _core_rows(a, rows[half:]), _core_rows(b, rows[half:])
        assert rest_a == rest_b and rest_a[-1][2] == 1.0
        # a reset core starts over: the cursor back at the first record
        a.reset()
        assert _core_rows(a, rows)[-1] == rest_a[-1]
    other = VolatilityCore(MidVolatility(100 * MS, 60 * S), TICK)
    with pytest.raises(ValueError, match='window'):
        other.restore(cores()[0].snapshot())


def test_a_bar_with_an_empty_side_is_skipped():
    from backtrader.hft._cy.estimators import VolatilityCore
    core = VolatilityCore(MidVolatility(S, 3 * S), TICK)
    core.update(99.99, 100.01, ts=0)                # mid 10000 ticks
    core.update(99.99, 100.03, ts=S)                # 10001: change +1
    core.update(float('nan'), 100.03, ts=2 * S)     # skipped, counted
    assert core.nbad == 1
    sigma2, sigma, ready = core.update(100.02, 100.04, ts=2 * S)   # 10003: +2
    # changes 1, 2: variance 0.25 per second, not yet 3 of them
    assert (sigma2, sigma, ready) == (pytest.approx(0.25), pytest.approx(0.5), 0.0)


@pytest.mark.parametrize('cls, params, step, match', [
    ('MidVolatility', dict(window='50ms'), '100ms', 'MidVolatility: the window .* shorter'),
    ('MidVolatility', dict(window=-3), '100ms', 'MidVolatility: param window'),
    ('MidVolatility', dict(), 'timestamp', 'MidVolatility: param interval must be given'),
    ('MidVolatility', dict(tick_size=0), '100ms', 'MidVolatility: param tick_size'),
    ('ArrivalIntensity', dict(arrivals='all'), '100ms', "ArrivalIntensity: param arrivals"),
    ('ArrivalIntensity', dict(nbins=2), '100ms', 'ArrivalIntensity: nbins must be at least 3'),
    ('ArrivalIntensity', dict(refit='0s'), '100ms', 'ArrivalIntensity: param refit'),
])
def test_bad_params_name_the_indicator(cls, params, step, match):
    class Make(bt.Strategy):
        def __init__(self):
            getattr(bt.hft.indicators, cls)(self.data, **params)
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.hft.L2EventData(dataname=str(l2_file(10_000)), tick_size=TICK,
                                       lot_size=0.001, step=step))
    cerebro.addstrategy(Make)
    with pytest.raises(ValueError, match=match):
        cerebro.run()
