"""The TimeFrame.Ticks path: one event per step, exact nanosecond stamps."""
import numpy as np
import pytest

import backtrader as bt


def write_ticks(path, stamps, prices, sizes):
    with open(path, 'w') as fh:
        fh.write('timestamp_ns,price,size\n')
        for t, p, s in zip(stamps, prices, sizes):
            fh.write('%d,%.2f,%d\n' % (t, p, s))


class Collect(bt.Strategy):
    def __init__(self):
        self.seen = []

    def next(self):
        d = self.data
        self.seen.append((d.datetime.ns(0), d.close[0], d.volume[0], len(self)))


@pytest.mark.parametrize('runonce', [True, False])
@pytest.mark.parametrize('preload', [True, False])
def test_every_tick_is_one_step_with_its_exact_nanoseconds(tmp_path, runonce, preload):
    base = 1700000000 * 10**9
    # sub-microsecond spacing and two equal stamps: order must be kept
    stamps = [base + 1, base + 2, base + 2, base + 999, base + 1000, base + 10**9 + 7]
    prices = [100.0, 100.01, 100.02, 99.99, 100.0, 100.05]
    sizes = [1, 2, 3, 4, 5, 6]
    path = tmp_path / 'ticks.csv'
    write_ticks(path, stamps, prices, sizes)
    cerebro = bt.Cerebro(runonce=runonce, preload=preload, stdstats=False)
    data = bt.feeds.TickCSVData(dataname=str(path))
    assert data.p.timeframe == bt.TimeFrame.Ticks
    cerebro.adddata(data)
    cerebro.addstrategy(Collect)
    strat = cerebro.run()[0]
    assert [s[0] for s in strat.seen] == stamps
    assert [s[1] for s in strat.seen] == prices
    assert [s[2] for s in strat.seen] == [float(x) for x in sizes]
    assert [s[3] for s in strat.seen] == list(range(1, 7))


def test_tick_stamps_are_a_zero_copy_int64_array(tmp_path):
    base = 1600000000 * 10**9
    stamps = [base + k * 333 for k in range(1000)]
    path = tmp_path / 'ticks.csv'
    write_ticks(path, stamps, np.linspace(10, 20, 1000), [1] * 1000)
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.TickCSVData(dataname=str(path)))
    cerebro.addstrategy(bt.Strategy)
    strat = cerebro.run()[0]
    ns = strat.data.datetime.ns_array
    assert ns.dtype == np.int64 and ns.tolist() == stamps
    assert strat.data.close.array.shape == (1000,)


def test_out_of_order_tick_stamps_are_reported(tmp_path):
    path = tmp_path / 'ticks.csv'
    write_ticks(path, [5, 9, 7], [1.0, 2.0, 3.0], [1, 1, 1])
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.TickCSVData(dataname=str(path)))
    cerebro.addstrategy(bt.Strategy)
    with pytest.raises(ValueError) as err:
        cerebro.run()
    msg = str(err.value)
    assert 'ticks.csv' in msg and 'line 4' in msg


@pytest.mark.parametrize('runonce', [True, False])
def test_strategy_time_keeps_the_nanoseconds_of_the_tick(tmp_path, runonce):
    base = 1700000000 * 10**9
    stamps = [base + 1, base + 2, base + 1003]
    path = tmp_path / 'ticks.csv'
    write_ticks(path, stamps, [1.0, 2.0, 3.0], [1, 1, 1])

    class Clock(bt.Strategy):
        def __init__(self):
            self.stamps = []

        def next(self):
            self.stamps.append(self.datetime.ns(0))

    cerebro = bt.Cerebro(runonce=runonce, stdstats=False)
    cerebro.adddata(bt.feeds.TickCSVData(dataname=str(path)))
    cerebro.addstrategy(Clock)
    assert cerebro.run()[0].stamps == stamps
