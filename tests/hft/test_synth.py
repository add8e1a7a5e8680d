"""backtrader.hft.synth: the generated L3 file is deterministic, replayable by L3EventData and
shaped as documented (takes as TRADE + FILL + CANCEL/MODIFY at one exchange time)."""
import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.events import (CANCEL_ORDER_EVENT, FILL_EVENT, MODIFY_ORDER_EVENT,
                                   TRADE_EVENT)
from backtrader.hft.synth import LOT, TICK, generate_l3, l3_file, l3_records


def test_records_fields():
    r = l3_records([(TRADE_EVENT, 1, 10, 12, 10_001, 25, 0)])
    assert int(r['ev'][0]) & 0xFF == TRADE_EVENT
    assert (r['exch_ts'][0], r['local_ts'][0]) == (10, 12)
    assert r['px'][0] == 100.01 and r['qty'][0] == 0.025


def test_deterministic_and_takes_shaped():
    a, b = generate_l3(5_000, seed=3), generate_l3(5_000, seed=3)
    np.testing.assert_array_equal(a, b)
    assert len(a) >= 5_000
    assert not np.array_equal(a[:5_000], generate_l3(5_000, seed=4)[:5_000])
    kind = a['ev'] & 0xFF
    trades = np.flatnonzero(kind == TRADE_EVENT)
    assert len(trades) > 100
    assert (kind[trades + 1] == FILL_EVENT).all()
    assert np.isin(kind[trades + 2], [CANCEL_ORDER_EVENT, MODIFY_ORDER_EVENT]).all()
    assert (a['exch_ts'][trades + 2] == a['exch_ts'][trades]).all()
    assert (a['qty'][trades + 1] == a['qty'][trades]).all()


def test_file_replays_uncrossed(tmp_path):
    path = l3_file(20_000, seed=5, directory=str(tmp_path))
    assert l3_file(20_000, seed=5, directory=str(tmp_path)) == path
    cerebro = bt.Cerebro(stdstats=False)
    data = bt.hft.L3EventData(dataname=path, tick_size=TICK, lot_size=LOT, step='100ms')
    cerebro.adddata(data)
    cerebro.run()
    rep = data.report()
    assert rep['records'] == len(np.load(path)['data'])
    assert rep['crossed_updates'] == 0
    assert sum(rep['skipped'].values()) == 0


def test_bad_count():
    with pytest.raises(ValueError, match='n must be'):
        generate_l3(0)
