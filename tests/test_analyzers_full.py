"""Every analyzer, the return observers and the writers give what upstream
backtrader 1.9.78.123 gives: ``get_analysis()``, the text of ``print()`` and
``pprint()``, observer line histories and the writers' CSV/summary text.

Like ``tests/test_analyzers.py`` this file is also the scenario script, run
once under upstream (cached) and once under ours; ``tests/difftest.py``
compares the JSON documents (floats to 1e-9 relative, printed text exactly).

Scenarios (data: ``tests/diffscripts/_data.py``):

- ``trading``: one daily feed, trades with commission; Calmar, GrossLeverage,
  LogReturnsRolling, PeriodStats, PositionsValue, PyFolio (and its pandas
  items), SQN, Transactions, VWR, AnnualReturn with parameter variants, and
  the analyzers ``test_analyzers.py`` covers (for their printed text); a
  user analyzer with analyzer children and ``notify_fund``; the TimeReturn,
  Benchmark, LogReturns, Cash, Value, CashValue, FundValue, FundShares
  observers; three writers with different params.
- ``fund``: the same in fund mode (``broker.set_fundmode``).
- ``minute``: one-minute bars, sub-day periods.
- ``twodata``: two feeds: LogReturns2, per-data positions and transactions.
- ``annual``: AnnualReturn alone; with ``exactbars=1`` upstream raises (it
  reads the Broker observer's history at the end), ours follows the years
  bar by bar, so ours at ``exactbars=1`` is compared with upstream at 0.
"""
import contextlib
import io
import os
import re
import sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "diffscripts"))
import _selfrun  # noqa: E402
from _selfrun import enc, items, mode_id  # noqa: E402


# ============================================================ script side
def _feed(bt, opts, name, minute=False):
    path = os.path.join(opts.datadir, name + ".csv")
    if minute:
        return bt.feeds.GenericCSVData(dataname=path, name=name,
                                       dtformat="%Y-%m-%d %H:%M:%S",
                                       timeframe=bt.TimeFrame.Minutes, compression=1)
    return bt.feeds.GenericCSVData(dataname=path, name=name, dtformat="%Y-%m-%d",
                                   timeframe=bt.TimeFrame.Days, compression=1)


def _classes(bt):

    class Cycle(bt.Strategy):
        """Long, short, partial and reversing trades on a bar schedule."""
        params = dict(cycle=30, period=12)

        def __init__(self):
            self.sma = bt.indicators.SMA(self.data, period=self.p.period)

        def next(self):
            for i, data in enumerate(self.datas):
                if not len(data) or data.datetime[0] != self.datetime[0]:
                    continue
                k = (len(self) + 5 * i) % self.p.cycle
                if k == 0:
                    self.buy(data=data, size=10)
                    self.buy(data=data, size=3)             # two fills, one bar
                elif k == 6:
                    self.sell(data=data, size=5)
                elif k == 10:
                    self.close(data=data)
                elif k == 14:
                    self.sell(data=data, size=8)
                elif k == 20:
                    self.buy(data=data, size=16)            # reversal
                elif k == 26:
                    self.close(data=data)

    class Family(bt.Analyzer):
        """A user analyzer with analyzer children and a fund hook."""

        def __init__(self):
            self.sqn = bt.analyzers.SQN()
            self.trans = bt.analyzers.Transactions()
            self.rets["children"] = [type(c).__name__ for c in self._children]
            self.rets["funds"] = 0
            self.rets["last_fund"] = None

        def notify_fund(self, cash, value, fundvalue, shares):
            self.rets["funds"] += 1
            self.rets["last_fund"] = [cash, value, fundvalue, shares]

        def stop(self):
            self.rets["child_sqn"] = self.sqn.get_analysis()
            self.rets["child_trans"] = len(self.trans.get_analysis())

    return Cycle, Family


def _noaddr(text):
    """Object reprs carry memory addresses, which differ from run to run."""
    return re.sub(r" at 0x[0-9a-fA-F]+>", " at 0x?>", text)


def _printed(analyzer):
    """What ``print()`` (to stdout and to a stream) and ``pprint()`` show."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        analyzer.print()
        analyzer.pprint()
    stream = io.StringIO()
    analyzer.print(out=stream, rounding=3, indent=4, seplen=40)
    return [_noaddr(out.getvalue()), _noaddr(stream.getvalue())]


def _analyzers(strat, text=True):
    out = OrderedDict()
    for name in strat.analyzers.getnames():
        an = getattr(strat.analyzers, name)
        entry = OrderedDict(analysis=an.get_analysis())
        if text:
            entry["printed"] = _printed(an)
        out[name] = entry
    return out


def _observers(strat, history):
    out = OrderedDict()
    for obs in strat.getobservers():
        n = len(obs)
        lines = OrderedDict()
        for idx, name in enumerate(obs.lines.getlinealiases()):
            line = obs.lines[idx]
            lines[name] = [line[ago] for ago in range(1 - n, 1)] if history else line[0]
        key = type(obs).__name__
        while key in out:
            key += "+"
        out[key] = OrderedDict(len=n, lines=lines)
    return out


def _pf_items(pyfolio):
    """``get_pf_items()`` as plain lists (index as ISO strings)."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        return "no pandas"
    out = []
    for obj in pyfolio.get_pf_items():
        frame = obj.to_frame() if hasattr(obj, "to_frame") else obj
        out.append(OrderedDict(
            kind=type(obj).__name__,
            index=[t.isoformat() for t in frame.index],
            tz=str(frame.index.tz),
            columns=[str(c) for c in frame.columns],
            values=[[enc(v) for v in row] for row in frame.itertuples(index=False)]))
    return out


def _writers(cerebro):
    """The text of every writer of the run (all are ``WriterStringIO``)."""
    return [_noaddr(w.out.getvalue()) for w in cerebro.runwriters]


def _add_common(bt, cerebro, tf_week, opts):
    TF = bt.TimeFrame
    add = cerebro.addanalyzer
    add(bt.analyzers.Calmar)
    add(bt.analyzers.Calmar, _name="calmar_weeks", timeframe=TF.Weeks, period=8)
    add(bt.analyzers.GrossLeverage)
    add(bt.analyzers.GrossLeverage, _name="lev_fund", fund=True)
    add(bt.analyzers.LogReturnsRolling)
    add(bt.analyzers.LogReturnsRolling, _name="lrr_days3", timeframe=TF.Days, compression=3)
    add(bt.analyzers.LogReturnsRolling, _name="lrr_weeks_data", timeframe=tf_week,
        data=cerebro.datas[0], firstopen=False)
    add(bt.analyzers.PeriodStats)
    add(bt.analyzers.PeriodStats, _name="ps_months", timeframe=TF.Months)
    add(bt.analyzers.PeriodStats, _name="ps_days_zero", timeframe=TF.Days, zeroispos=True)
    add(bt.analyzers.PositionsValue)
    add(bt.analyzers.PositionsValue, _name="pv_headers", headers=True, cash=True)
    add(bt.analyzers.PyFolio)
    add(bt.analyzers.SQN)
    add(bt.analyzers.Transactions)
    add(bt.analyzers.Transactions, _name="tx_headers", headers=True)
    add(bt.analyzers.VWR)
    add(bt.analyzers.VWR, _name="vwr_weeks", timeframe=TF.Weeks, tau=0.5, sdev_max=0.5)
    add(bt.analyzers.VariabilityWeightedReturn, _name="vwr_alias", tann=100)
    if opts.exactbars < 1:
        add(bt.analyzers.AnnualReturn)      # upstream reads the observer's history
    # the analyzers compared in test_analyzers.py, here for their printed text
    add(bt.analyzers.SharpeRatio)
    add(bt.analyzers.SharpeRatio_A, timeframe=TF.Days)
    add(bt.analyzers.DrawDown)
    add(bt.analyzers.TimeDrawDown)
    add(bt.analyzers.TradeAnalyzer)
    add(bt.analyzers.Returns)
    add(bt.analyzers.TimeReturn, timeframe=TF.Months)


def _add_observers(bt, cerebro, tf_week):
    obs = bt.observers
    cerebro.addobserver(obs.TimeReturn)
    cerebro.addobserver(obs.TimeReturn, timeframe=tf_week)
    cerebro.addobserver(obs.Benchmark)
    cerebro.addobserver(obs.Benchmark, timeframe=bt.TimeFrame.Months, _doprenext=True,
                        firstopen=True)
    cerebro.addobserver(obs.LogReturns)
    cerebro.addobserver(obs.LogReturns, timeframe=tf_week, compression=2)
    cerebro.addobserver(obs.Cash)
    cerebro.addobserver(obs.Value)
    cerebro.addobserver(obs.CashValue)
    cerebro.addobserver(obs.FundValue)
    cerebro.addobserver(obs.FundShares)


def _add_writers(bt, cerebro):
    cerebro.addwriter(bt.WriterStringIO, csv=True)
    cerebro.addwriter(bt.WriterStringIO, csv=True, csvsep=";", csv_filternan=False,
                      csv_counter=False, indent=3, seplen=60, rounding=2,
                      separators=["#", "@"])
    cerebro.addwriter(bt.WriterStringIO)


def _run_full(bt, opts, fund=False, minute=False):
    Cycle, Family = _classes(bt)
    cerebro = bt.Cerebro(runonce=opts.runonce, preload=opts.preload,
                         exactbars=opts.exactbars)
    cerebro.adddata(_feed(bt, opts, "minute" if minute else "daily", minute=minute))
    cerebro.addstrategy(Cycle, cycle=45 if minute else 30)
    cerebro.broker.setcash(100000.0 if minute else 10000.0)
    cerebro.broker.setcommission(commission=0.001)
    if fund:
        cerebro.broker.set_fundmode(True, 20.0)
    tf_week = bt.TimeFrame.Minutes if minute else bt.TimeFrame.Weeks
    _add_common(bt, cerebro, tf_week, opts)
    if minute:
        TF = bt.TimeFrame
        cerebro.addanalyzer(bt.analyzers.LogReturnsRolling, _name="lrr_m30",
                            timeframe=TF.Minutes, compression=30)
        cerebro.addanalyzer(bt.analyzers.Calmar, _name="calmar_h", timeframe=TF.Minutes,
                            compression=60, period=5)
        cerebro.addanalyzer(bt.analyzers.VWR, _name="vwr_m30", timeframe=TF.Minutes,
                            compression=30)
    cerebro.addanalyzer(Family, _name="family")
    _add_observers(bt, cerebro, tf_week)
    _add_writers(bt, cerebro)
    strat = cerebro.run()[0]
    out = OrderedDict()
    out["analyzers"] = _analyzers(strat)
    out["observers"] = _observers(strat, history=opts.exactbars < 1)
    out["pf_items"] = _pf_items(strat.analyzers.pyfolio)
    out["calmar_attr"] = strat.analyzers.calmar.calmar
    out["writers"] = _writers(cerebro)
    return out


def scenario_trading(bt, opts):
    return _run_full(bt, opts)


def scenario_fund(bt, opts):
    return _run_full(bt, opts, fund=True)


def scenario_minute(bt, opts):
    return _run_full(bt, opts, minute=True)


def scenario_twodata(bt, opts):
    Cycle, Family = _classes(bt)
    cerebro = bt.Cerebro(runonce=opts.runonce, preload=opts.preload,
                         exactbars=opts.exactbars)
    cerebro.adddata(_feed(bt, opts, "daily"))
    cerebro.adddata(_feed(bt, opts, "daily_short"))
    cerebro.addstrategy(Cycle, cycle=24)
    cerebro.broker.setcash(20000.0)
    add = cerebro.addanalyzer
    add(bt.analyzers.PositionsValue, headers=True, cash=True)
    add(bt.analyzers.Transactions, headers=True)
    add(bt.analyzers.GrossLeverage)
    add(bt.analyzers.SQN)
    add(bt.analyzers.PyFolio)
    add(bt.analyzers.LogReturnsRolling, data=cerebro.datas[1])
    cerebro.addobserver(bt.observers.LogReturns2)
    cerebro.addobserver(bt.observers.Benchmark, data=cerebro.datas[1])
    cerebro.addwriter(bt.WriterStringIO, csv=True)
    strat = cerebro.run()[0]
    out = OrderedDict()
    out["analyzers"] = _analyzers(strat)
    out["observers"] = _observers(strat, history=True)
    out["writers"] = _writers(cerebro)
    return out


def scenario_annual(bt, opts):
    Cycle, Family = _classes(bt)
    cerebro = bt.Cerebro(runonce=opts.runonce, preload=opts.preload,
                         exactbars=opts.exactbars)
    cerebro.adddata(_feed(bt, opts, "daily"))
    cerebro.addstrategy(Cycle)
    cerebro.broker.setcash(10000.0)
    cerebro.addanalyzer(bt.analyzers.AnnualReturn)
    cerebro.addanalyzer(bt.analyzers.SharpeRatio, legacyannual=True)
    strat = cerebro.run()[0]
    out = _analyzers(strat)
    out["rets_list"] = strat.analyzers.annualreturn.rets
    return out


SCENARIOS = {
    "trading": scenario_trading,
    "fund": scenario_fund,
    "minute": scenario_minute,
    "twodata": scenario_twodata,
    "annual": scenario_annual,
}


# ============================================================= pytest side
if __name__ == "__main__":
    _selfrun.main(SCENARIOS)
else:
    import pytest

    sys.path.insert(0, HERE)  # difftest and upstream, used by _selfrun.run_both
    import _data  # noqa: E402
    import difftest  # noqa: E402
    import upstream  # noqa: E402

    SCRIPT = os.path.abspath(__file__)
    # (runonce, preload, exactbars)
    FAST = [(True, True, 0), (False, False, 0), (False, True, 1)]
    SLOW = [(False, True, 0), (True, False, 0), (False, False, 1), (True, True, -1),
            (True, True, -2)]
    MODES = ([pytest.param(m, id=mode_id(m)) for m in FAST]
             + [pytest.param(m, id=mode_id(m), marks=pytest.mark.slow) for m in SLOW])

    def run_both(scenario, mode, tmp_path):
        return items(_selfrun.run_both(SCRIPT, scenario, mode, tmp_path / "data",
                                       _data.write_all))

    def _analysis(res, name):
        return items(items(res["analyzers"])[name])["analysis"]

    @pytest.mark.parametrize("mode", MODES)
    def test_trading_every_analyzer_observer_writer_matches_upstream(mode, tmp_path):
        res = run_both("trading", mode, tmp_path)
        sqn = items(_analysis(res, "sqn"))
        assert sqn["trades"] > 5 and isinstance(sqn["sqn"], float)
        assert len(items(_analysis(res, "transactions"))) > 10
        csv = res["writers"][0]
        assert csv.count("\n") > 400 and "Benchmark" in csv

    @pytest.mark.parametrize("mode", MODES)
    def test_fund_mode_analyzers_match_upstream(mode, tmp_path):
        run_both("fund", mode, tmp_path)

    @pytest.mark.parametrize("mode", MODES)
    def test_minute_analyzers_match_upstream(mode, tmp_path):
        res = run_both("minute", mode, tmp_path)
        assert len(items(_analysis(res, "lrr_m30"))) > 20

    _TWO = [m for m in FAST + SLOW if m[2] < 1]

    @pytest.mark.parametrize("mode", _TWO, ids=[mode_id(m) for m in _TWO])
    def test_two_datas_match_upstream(mode, tmp_path):
        res = run_both("twodata", mode, tmp_path)
        headers = items(_analysis(res, "positionsvalue"))["Datetime"]
        assert headers == ["daily", "daily_short", "cash"]

    _ANNUAL = [(True, True, 0), (False, False, 0), (True, True, -1), (True, True, -2)]

    @pytest.mark.parametrize("mode", _ANNUAL, ids=[mode_id(m) for m in _ANNUAL])
    def test_annualreturn_matches_upstream(mode, tmp_path):
        res = run_both("annual", mode, tmp_path)
        assert len(items(items(res["annualreturn"])["analysis"])) >= 2

    @pytest.mark.parametrize("exactbars", [1])
    def test_annualreturn_with_exactbars_1_where_upstream_fails(exactbars, tmp_path):
        datadir = tmp_path / "data"
        _data.write_all(str(datadir))
        args = ["--datadir", str(datadir)]
        cache_args = ["--scenario", "annual", "--datahash", _selfrun._datahash()]
        mode = dict(runonce=False, preload=False, exactbars=exactbars)
        with pytest.raises(upstream.ScriptError, match="IndexError"):
            upstream.run_cached(SCRIPT, "upstream", mode, args=args, cache_args=cache_args)
        # the same run keeping every bar, on upstream, is the reference
        ref = upstream.run_cached(SCRIPT, "upstream", dict(mode, exactbars=0), args=args,
                                  cache_args=cache_args)
        got = upstream.run_script(SCRIPT, "ours", mode, args=args + cache_args)
        difftest.assert_same(ref, got, ignore=("meta",), loose_keys=())
