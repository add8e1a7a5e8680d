"""L2EventData against hftbacktest 2.4.4 (tests/hft/hbt_oracle.py, run and cached by the oracle
harness ``tests/upstream.py``): the top of the book at every feed callback (``step='timestamp'``)
and every ``elapse`` wake-up (an interval step). hftbacktest never delivers the batch holding the
last record; ours does, so ours has one more step at the end."""
import sys
from pathlib import Path

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.book import NO_ASK_TICK, NO_BID_TICK
from backtrader.hft.feeds.l2event import L2EventData

from .l2_reference import LOT, TICK, generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import upstream  # noqa: E402

ORACLE = Path(__file__).with_name('hbt_oracle.py')


def hbt(src, how):
    with np.load(src) as npz:       # the content: the file's zip entries carry a time stamp
        data = upstream.arrays_digest(dict(npz))
    res = upstream.run_cached(ORACLE, 'hftbacktest', args=[str(src)], cache_args=[how],
                              key_data=data, timeout=900, arrays=True)
    assert res['steps'] == len(res['arrays']['ts'])
    return res['arrays']


class Tops(bt.Strategy):
    def __init__(self):
        self.rows = []

    def next(self):
        b = self.data.book
        self.rows.append((self.data.datetime.ns(0), b.best_bid_tick, b.best_ask_tick,
                          b.best_bid_qty, b.best_ask_qty, b.imbalance(10)))


def ours(src, step):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(L2EventData(dataname=str(src), tick_size=TICK, lot_size=LOT, step=step))
    cerebro.addstrategy(Tops)
    rows = cerebro.run(preload=False, runonce=False)[0].rows
    return np.array([r[0] for r in rows], np.int64), np.array([r[1:] for r in rows], object)


@pytest.fixture(scope='module')
def datafile(tmp_path_factory):
    path = tmp_path_factory.mktemp('l2') / 'ev.npz'
    np.savez(path, data=generate(4000, seed=5))
    return path


@pytest.mark.parametrize('step,how', [('timestamp', 'feed'), ('20ms', 'elapse:20000000')])
def test_top_of_book_matches_hftbacktest(datafile, step, how):
    ref = hbt(datafile, how)
    ts, vals = ours(datafile, step)
    n = len(ref['ts'])
    assert n > 100 and len(ts) == n + 1
    np.testing.assert_array_equal(ts[:n], ref['ts'])
    got = np.column_stack([ts[:n].astype(object), vals[:n]])
    bid = np.where(ref['bid'] <= -(2 ** 63 - 1), NO_BID_TICK, ref['bid'])
    ask = np.where(ref['ask'] >= 2 ** 63 - 1, NO_ASK_TICK, ref['ask'])
    np.testing.assert_array_equal(got[:, 1].astype(np.int64), bid)
    np.testing.assert_array_equal(got[:, 2].astype(np.int64), ask)
    np.testing.assert_allclose(got[:, 3].astype(float), ref['bidq'], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got[:, 4].astype(float), ref['askq'], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got[:, 5].astype(float), ref['imb'], rtol=1e-9, atol=1e-12, equal_nan=True)
