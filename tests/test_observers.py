"""Observers record the same lines as upstream backtrader 1.9.78.123.

Like ``tests/test_analyzers.py``, this file is also the scenario script: it is
run once under upstream (cached) and once under our engine, and the JSON
documents are compared with ``tests/difftest.py``. For every observer of the
strategy the whole history of each line is recorded, with its length, line
names, clock and plot flags.

Scenarios (data: ``tests/diffscripts/_data.py``, GenericCSVData files):

- ``single``: one daily feed, the standard observers (Broker, BuySell with
  ``barplot``, Trades) plus Cash, Value, DrawDown (driven by its own
  analyzer), DrawDownLength, DrawDown_Old, a fund-mode Broker, an averaging
  BuySell and a gross-PnL Trades; several executions on the same bar.
- ``oldbuysell``: ``oldbuysell=True`` (BuySell records average prices).
- ``multi``: two daily feeds of different lengths: per-data BuySell and
  DataTrades (named lines, and ``usenames=False``), ``oldtrades`` Trades.
"""
import datetime as _dt
import os
import sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "diffscripts"))
import _selfrun  # noqa: E402
from _selfrun import enc, items, mode_id  # noqa: E402


# ============================================================ script side
def _feed(bt, opts, name):
    return bt.feeds.GenericCSVData(
        dataname=os.path.join(opts.datadir, name + ".csv"), name=name,
        dtformat="%Y-%m-%d", timeframe=bt.TimeFrame.Days, compression=1)


def _strategy(bt):

    class Busy(bt.Strategy):
        """Market and limit orders on a bar schedule, some filling together."""
        params = dict(cycle=30)

        def __init__(self):
            self.sma = bt.indicators.SMA(self.data, period=15)
            self.seen = []

        def next(self):
            stats = self.stats
            if len(self.seen) < 40:
                # observers run after next: [0] is still the previous bar
                self.seen.append([len(self), len(stats.broker), stats.broker.value[0],
                                  stats.buysell[0].buy[0]])
            for i, data in enumerate(self.datas):
                if not len(data) or data.datetime[0] != self.datetime[0]:
                    continue
                k = (len(self) + 11 * i) % self.p.cycle
                close = data.close[0]
                if k == 0:
                    self.buy(data=data, size=6)
                    self.buy(data=data, size=4)               # two buys, one bar
                elif k == 4:
                    # two limit buys above the close: both fill at the next open
                    # unless it gaps higher
                    self.buy(data=data, size=3, exectype=bt.Order.Limit,
                             price=close * 1.02)
                    self.buy(data=data, size=2, exectype=bt.Order.Limit,
                             price=close * 1.03)
                elif k == 8:
                    self.close(data=data)
                elif k == 13:
                    self.sell(data=data, size=5)
                    self.sell(data=data, size=5, exectype=bt.Order.Limit,
                              price=close * 0.98)
                elif k == 20:
                    self.buy(data=data, size=15)              # reverse to long
                elif k == 25:
                    self.close(data=data)
                    self.buy(data=data, size=1)
                    self.sell(data=data, size=1)              # same-bar round trip

    return Busy


def _observers(strat):
    out = []
    for obs in strat.getobservers():
        n = len(obs)
        lines = OrderedDict()
        for idx, name in enumerate(obs.lines.getlinealiases()):
            line = obs.lines[idx]
            lines[name] = [line[ago] for ago in range(1 - n, 1)]
        out.append(OrderedDict(
            cls=type(obs).__name__,
            len=n,
            clock_is_strategy=obs._clock is strat,
            owner_is_strategy=obs._owner is strat,
            data=getattr(obs.data, "_name", None),
            ndatas=len(obs.datas),
            plot=[bool(obs.plotinfo.plot), bool(obs.plotinfo.subplot)],
            csv=obs.csv,
            nanalyzers=len(obs._analyzers),
            lines=lines,
        ))
    return out


def _collect(strat):
    stats = strat.stats
    out = OrderedDict()
    out["observers"] = _observers(strat)
    out["names"] = list(stats.getnames())
    out["seen"] = strat.seen
    out["nslave"] = len(strat._slave_analyzers)
    return out


def scenario_single(bt, opts):
    cerebro = bt.Cerebro(runonce=opts.runonce, preload=opts.preload,
                         exactbars=opts.exactbars)
    cerebro.adddata(_feed(bt, opts, "daily"))
    cerebro.addstrategy(_strategy(bt))
    cerebro.broker.setcash(5000.0)
    cerebro.broker.setcommission(commission=0.002)
    obs = bt.observers
    cerebro.addobserver(obs.DrawDown)
    cerebro.addobserver(obs.DrawDownLength)
    cerebro.addobserver(obs.DrawDown_Old)
    cerebro.addobserver(obs.Cash)
    cerebro.addobserver(obs.Value)
    cerebro.addobserver(obs.Broker, fund=True, obsname="broker_fund")
    cerebro.addobserver(obs.BuySell, barplot=False, obsname="bs_avg")
    cerebro.addobserver(obs.Trades, pnlcomm=False, obsname="trades_gross")
    cerebro.addanalyzer(bt.analyzers.AnnualReturn)
    strat = cerebro.run()[0]
    out = _collect(strat)
    out["annual"] = strat.analyzers.annualreturn.get_analysis()
    dd = strat.stats.drawdown
    out["dd_slave"] = dd._dd.get_analysis()
    return out


def scenario_oldbuysell(bt, opts):
    cerebro = bt.Cerebro(runonce=opts.runonce, preload=opts.preload,
                         exactbars=opts.exactbars, oldbuysell=True)
    cerebro.adddata(_feed(bt, opts, "daily_short"))
    cerebro.addstrategy(_strategy(bt), cycle=26)
    return _collect(cerebro.run()[0])


def scenario_multi(bt, opts):
    cerebro = bt.Cerebro(runonce=opts.runonce, preload=opts.preload,
                         exactbars=opts.exactbars)
    cerebro.adddata(_feed(bt, opts, "daily"))
    cerebro.adddata(_feed(bt, opts, "daily_short"))
    cerebro.addstrategy(_strategy(bt), cycle=24)
    cerebro.broker.setcash(8000.0)
    cerebro.addobserver(bt.observers.DataTrades, usenames=False, obsname="dt_plain")
    cerebro.addobserver(bt.observers.Trades, obsname="trades_all")
    cerebro.addobservermulti(bt.observers.BuySell, barplot=False, obsname="bs_multi")
    return _collect(cerebro.run()[0])


SCENARIOS = {
    "single": scenario_single,
    "oldbuysell": scenario_oldbuysell,
    "multi": scenario_multi,
}


# ============================================================= pytest side
if __name__ == "__main__":
    _selfrun.main(SCENARIOS)
else:
    import pytest

    sys.path.insert(0, HERE)  # difftest and upstream, used by _selfrun.run_both
    import _data  # noqa: E402

    # (runonce, preload, exactbars): full line histories are compared, so of
    # the memory-saving modes only those keeping observer lines whole (< 0)
    MODES = [(True, True, 0), (False, True, 0), (False, False, 0), (True, False, 0),
             (True, True, -1), (True, True, -2)]

    def run_both(scenario, mode, tmp_path):
        return _selfrun.run_both(os.path.abspath(__file__), scenario, mode,
                                 tmp_path / "data", _data.write_all)

    def _observer(res, cls):
        return [items(o) for o in res["observers"] if items(o)["cls"] == cls]

    modes = pytest.mark.parametrize("mode", MODES, ids=[mode_id(m) for m in MODES])

    @modes
    def test_single_data_observers_match_upstream(mode, tmp_path):
        res = items(run_both("single", mode, tmp_path))
        buysell = _observer(res, "BuySell")
        assert len(buysell) == 2
        # the averaging BuySell saw bars with two executions
        avg = items(buysell[1]["lines"])["buy"]
        assert any(v is not None for v in avg)
        assert _observer(res, "DrawDown")[0]["nanalyzers"] == 1

    @modes
    def test_oldbuysell_observers_match_upstream(mode, tmp_path):
        run_both("oldbuysell", mode, tmp_path)

    @modes
    def test_multi_data_observers_match_upstream(mode, tmp_path):
        res = items(run_both("multi", mode, tmp_path))
        datatrades = _observer(res, "DataTrades")
        assert len(datatrades) == 2
        assert list(items(datatrades[0]["lines"])) == ["daily", "daily_short"]
        assert list(items(datatrades[1]["lines"])) == ["data0", "data1"]
