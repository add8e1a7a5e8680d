"""bt.hft.analyzers.MarketMaking: the PnL split, fills, markouts and inventory statistics on a
hand-built run (values worked out by hand in the comments), the split summing to the broker's
PnL on a generated file with the Avellaneda-Stoikov market maker, and the plot."""
import math

import numpy as np
import pytest

import backtrader as bt
from backtrader.hft import models as M

from .test_book_hftbacktest import l2_file
from .test_broker_bidask import Script, T0, MS, depth, records


def run_script(**params):
    # the broker test's script: step 1 a post-only buy of 1.0 at 100.01 (filled as a maker at
    # 4 ms, seen at step 5), step 6 a market sell of 1.0 (takes the bid 100.00 at 7 ms, seen at 8)
    def buy(s):
        s.buy(size=1.0, price=100.01, exectype=bt.Order.Limit, tif='GTX')

    def sell(s):
        s.sell(size=1.0)

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.hft.L2EventData(dataname=records([depth(-1, 100.01, 1.0, 4 * MS)]),
                                       tick_size=0.01, lot_size=0.001, step='1ms'))
    cerebro.broker = bt.hft.BidAskBroker(queue_model=M.RiskAverseQueue(),
                                         latency=M.ConstantLatency(MS, MS),
                                         fees=M.MakerTakerFee(-0.0001, 0.001))
    cerebro.addstrategy(Script, actions={1: buy, 6: sell})
    cerebro.addanalyzer(bt.hft.analyzers.MarketMaking, _name='mm', **params)
    strat = cerebro.run()[0]
    return strat.analyzers.mm, cerebro.broker


def test_split_fills_and_markouts_by_hand():
    mm, broker = run_script(max_inventory=1.0, markout='2ms')
    r = mm.get_analysis()
    # mids: 100.01 up to step 4 (the 100.01 ask of 4 ms shows at 4.2 ms), then 100.005.
    # buy at 100.01, exchange time 4 ms: mid of step 4 = 100.01 -> spread 0;
    # sell at 100.00 at 7 ms: mid 100.005 -> spread -1 * (100.005 - 100.00) = -0.005
    assert r['spread'] == pytest.approx(-0.005)
    # inventory: +1 * (100.005 - 100.01) - 1 * (100.005 - 100.005) = -0.005
    assert r['inventory_pnl'] == pytest.approx(-0.005)
    # fees: maker -0.0001 * 100.01 + taker 0.001 * 100.00 = 0.089999
    assert r['fees'] == pytest.approx(0.089999)
    assert r['pnl'] == pytest.approx(-0.099999)
    st = broker.state()
    assert r['pnl'] == pytest.approx(st['balance'] + st['position'] * 100.005 - st['fee'])
    # markouts 2 ms on: buy 4 ms -> mid(6 ms) 100.005: -0.005; sell 7 ms -> mid(9 ms) 100.005: 0
    assert r['adverse_selection'] == pytest.approx(0.005)
    assert r['markout_ticks'] == pytest.approx(-0.25)
    assert (r['fills'], r['maker_fills'], r['taker_fills']) == (2, 1, 1)
    assert r['volume'] == pytest.approx(2.0) and r['maker_share'] == pytest.approx(0.5)
    assert r['quotes'] == 2 and r['fill_ratio'] == pytest.approx(1.0)
    assert r['position'] == 0.0
    assert r['filled_by'] == {
        'class': 'BidAskBroker', 'exchange': 'no_partial', 'taker': 'walk',
        'queue_model': 'RiskAverseQueue()',
        'latency': 'ConstantLatency(entry=1000000ns, response=1000000ns)',
        'fees': 'MakerTakerFee(maker=-0.0001, taker=0.001, on traded value)',
        'tick_size': 0.01, 'lot_size': 0.001}


def test_inventory_statistics_by_hand():
    mm, _ = run_script(max_inventory=1.0)
    s = mm.series()
    # steps at 1, 2, ..., 21 ms; position 1.0 from step 5 (fill seen) to step 7, 0 from step 8
    assert (s['t'] - T0).tolist() == [k * MS for k in range(1, 22)]
    assert s['position'].tolist() == [0.0] * 4 + [1.0] * 3 + [0.0] * 14
    inv = mm.get_analysis()['inventory']
    # 20 ms of steps, 3 ms of them long 1.0
    assert inv['mean'] == pytest.approx(0.15) and inv['mean_abs'] == pytest.approx(0.15)
    assert inv['std'] == pytest.approx(math.sqrt(0.15 * 0.85))
    assert (inv['min'], inv['max']) == (0.0, 1.0)
    assert mm.get_analysis()['time_at_max'] == pytest.approx(0.15)


def test_bad_params():
    with pytest.raises(ValueError, match='MarketMaking: param max_inventory must be a positive'):
        run_script()
    with pytest.raises(ValueError, match='MarketMaking: param markout'):
        run_script(max_inventory=1.0, markout='soon')


@pytest.fixture(scope='module')
def as_run():
    cerebro = bt.Cerebro(stdstats=False)
    data = bt.hft.L2EventData(dataname=str(l2_file(100_000)), tick_size=0.01, lot_size=0.001,
                              step='100ms')
    cerebro.adddata(data)
    cerebro.broker = bt.hft.BidAskBroker(
        queue_model=M.ProbQueue(M.PowerProb(3)), latency=M.ConstantLatency(MS, MS),
        fees=M.MakerTakerFee(-0.00005, 0.0007))
    cerebro.addstrategy(bt.hft.AvellanedaStoikov)
    cerebro.addanalyzer(bt.hft.analyzers.MarketMaking, _name='mm')
    strat = cerebro.run()[0]
    return strat, cerebro.broker, data


def test_split_sums_to_the_brokers_pnl_on_a_generated_file(as_run):
    strat, broker, data = as_run
    r = strat.analyzers.mm.get_analysis()
    st = broker.state()
    mid = 0.5 * (data.book.best_bid + data.book.best_ask)
    assert r['fills'] == st['num_trades'] > 100
    assert r['position'] == pytest.approx(st['position'])
    assert r['fees'] == pytest.approx(st['fee'])
    assert r['pnl'] == pytest.approx(st['balance'] + st['position'] * mid - st['fee'])
    assert r['spread'] + r['inventory_pnl'] - r['fees'] == pytest.approx(r['pnl'])
    assert r['maker_share'] == 1.0             # post-only quotes only
    assert r['quotes'] == strat.submitted
    assert abs(r['inventory']['max']) <= 0.2 + 1e-9 and abs(r['inventory']['min']) <= 0.2 + 1e-9


def test_quotes_are_recorded_and_plotted(as_run, tmp_path):
    pytest.importorskip('matplotlib')
    strat, _, _ = as_run
    mm = strat.analyzers.mm
    s = mm.series()
    assert len(s['quote_t']) == strat.steps
    ok = ~np.isnan(s['bid']) & ~np.isnan(s['ask'])
    assert ok.sum() > 0.9 * len(ok)
    assert np.all(s['bid'][ok] < s['ask'][ok])
    out = tmp_path / 'mm.png'
    fig = mm.plot(str(out))
    assert out.stat().st_size > 10_000 and len(fig.axes) == 2
