"""BidAskBroker with L3EventData and L3FIFOQueue against hftbacktest 2.4.4's L3 FIFO queue model
and L3 no-partial-fill exchange: the same scripted order table, the same fills.

The market-by-order file is made by ``l3_reference.generate`` (adds, cancels, in-place resizes,
market orders printed as TRADE + FILL + CANCEL/MODIFY). Both engines play the order table of
``broker_table.py`` waking every 100 ms (hftbacktest's side: ``hftscripts/hbt_l3orders.py``, run
and cached by the oracle harness), with GTC and GTX limit orders only, since hftbacktest's L3
exchange knows no other kind (it would rest an IOC / FOK order and a market order priced at a
stale best as a GTC limit).

Compared: every fill batch (table row, exchange time, receipt time, price, quantity, maker) and
the final position, balance, fee, number of fills, volume and value. Our broker runs with
``taker='best'`` (a taking order fills its whole size at the best price, as hftbacktest's
exchange does): everything must be identical.
"""
import sys
from pathlib import Path

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft import models

from .broker_table import FOK, GTC, IOC, build_table
from .l3_reference import LOT, TICK, generate
from .test_broker_hftbacktest import INTERVAL, MAKER, TAKER, batches, compare_state, play

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import upstream  # noqa: E402

SCRIPTS = Path(__file__).resolve().parent / 'hftscripts'
SCRIPT = SCRIPTS / 'hbt_l3orders.py'
LATENCIES = {'1ms/1ms': (1_000_000, 1_000_000), '3ms/0.4ms': (3_000_000, 400_000)}


def case(tmp, n, seed):
    """(event file, records, table file, table) of a generated L3 file of ``n`` records."""
    data = generate(n, seed=seed)
    src = tmp / ('l3_%d_%d.npz' % (n, seed))
    np.savez(src, data=data)
    span = int(data['exch_ts'].max() - data['exch_ts'].min())
    table = build_table(span // INTERVAL + 2, seed=seed, p_market=0.0)
    table['tif'][np.isin(table['tif'], [IOC, FOK])] = GTC
    path = tmp / ('l3_%d_%d-table.npz' % (n, seed))
    np.savez(path, table=table)
    return src, data, path, table


def hbt(src, table_path, data, table, latency):
    entry, response = LATENCIES[latency]
    helper = (SCRIPTS / 'hbt_orders.py').read_bytes()      # the loop the script borrows
    return upstream.run_cached(
        SCRIPT, 'hftbacktest', args=[str(src), str(table_path)],
        cache_args=['--interval', INTERVAL, '--entry', entry, '--response', response,
                    '--maker=%r' % MAKER, '--taker=%r' % TAKER],
        key_data=upstream.arrays_digest({'data': data, 'table': table,
                                         'helper': np.frombuffer(helper, np.uint8)}),
        timeout=1800, arrays=True)


def ours(src, table, latency):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.hft.L3EventData(dataname=str(src), tick_size=TICK, lot_size=LOT,
                                       step=INTERVAL))
    cerebro.broker = bt.hft.BidAskBroker(
        queue_model=models.L3FIFOQueue(), latency=models.ConstantLatency(*LATENCIES[latency]),
        fees=models.MakerTakerFee(MAKER, TAKER), exchange='no_partial', taker='best',
        cash=0.0)
    return play(cerebro, table)


def check(tmp, n, seed, latency):
    src, data, table_path, table = case(tmp, n, seed)
    ref = hbt(src, table_path, data, table, latency)
    got = ours(src, table, latency)
    arrays = ref['arrays']
    assert ref['error'] == 0, ref
    steps = len(arrays['steps_ts'])
    np.testing.assert_array_equal(got['steps_ts'][:steps], arrays['steps_ts'])
    done = table['step'] < steps
    np.testing.assert_array_equal(got['price'][done], arrays['price'][done])
    theirs = arrays['fills']
    a = batches(got['fills'], np.iinfo(np.int64).max)
    b = batches({k: theirs[k] for k in theirs.dtype.names}, np.iinfo(np.int64).max)
    diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    assert not diff, [(k, a.get(k), b.get(k)) for k in diff[:10]]
    compare_state(got, ref, table, ())
    return len(b), sum(1 for x in b.values() if x[3])


@pytest.fixture(scope='module')
def tmp(tmp_path_factory):
    return tmp_path_factory.mktemp('l3_hbt')


def test_l3_fills_match_hftbacktest(tmp):
    total, maker = check(tmp, 100_000, 7, '1ms/1ms')
    assert total > 100 and maker > 30


@pytest.mark.slow
@pytest.mark.parametrize('latency', sorted(LATENCIES))
def test_l3_fills_match_hftbacktest_500k(tmp, latency):
    total, maker = check(tmp, 500_000, 11, latency)
    assert total > 500 and maker > 150
