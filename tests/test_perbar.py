"""The compiled per-bar steps of analyzers and observers (``_cy/steps``,
``hooktwins``, ``periodclock``, ``fundfanout``)
give exactly what the Python hooks give, and what upstream 1.9.78.123 gives.

This file is also the scenario script (see ``tests/test_analyzers.py``): the
pytest side runs it under upstream (cached) and under our engine and compares
the JSON documents. Data: 24-hour bars every 37 minutes from Christmas 2020 to
March 2021, so that midnight falls at every minute offset of a slot, with ISO
week 53, month and year ends and a daylight-saving change.

Scenarios:

- ``periods``: period probes (every period change with its keys) on minute and
  second slots that do and do not divide the day, days, weeks, months, years
  and NoTimeFrame; the standard analyzers and the broker/drawdown observers.
- ``tz``: the same under a time zone with DST (Cerebro ``tz``).
- ``overrides``: user subclasses overriding the hooks that have compiled
  twins (``next``, ``notify_fund``, ``on_dt_over``, ``_get_dt_cmpkey``,
  ``_next``, observers' ``next``/``prenext``), a strategy with its own
  ``notify_fund``/``notify_cashvalue``, a broker returning int values.
- ``fund``: the same analyzers and observers in fund mode.

In-process tests check that the standard classes (compiled twins) and
subclasses whose hooks only call the parent's (Python hooks) give identical
results and types, and that :class:`PeriodClock` on nanoseconds buckets every
stamp as the Python ``_get_dt_cmpkey`` does.
"""
import argparse
import datetime as _dt
import json
import math
import os
import sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "diffscripts"))
import _selfrun  # noqa: E402
from _selfrun import enc, items, mode_id  # noqa: E402
FIRST = _dt.datetime(2020, 12, 24)
STEP_MINUTES = 37
NBARS = 3350


# ============================================================ script side
class Eastern(_dt.tzinfo):
    """New York time (a tzinfo subclass: upstream sets attributes on it)."""

    def __init__(self):
        import zoneinfo
        self._zone = zoneinfo.ZoneInfo("America/New_York")

    def utcoffset(self, dt):
        return self._zone.utcoffset(dt.replace(tzinfo=None))

    def dst(self, dt):
        return self._zone.dst(dt.replace(tzinfo=None))

    def tzname(self, dt):
        return self._zone.tzname(dt.replace(tzinfo=None))

    def fromutc(self, dt):
        utc = dt.replace(tzinfo=_dt.timezone.utc)
        return utc.astimezone(self._zone).replace(tzinfo=self)


def _classes(bt):
    class Scheduled(bt.Strategy):
        """Opens and closes positions on a fixed bar schedule."""

        def __init__(self):
            self.sma = bt.indicators.SMA(self.data, period=12)

        def next(self):
            k = len(self) % 60
            if k == 0:
                self.buy(size=8)
            elif k == 17:
                self.sell(size=3)
            elif k == 29:
                self.close()
            elif k == 41:
                self.sell(size=5)
            elif k == 53:
                self.close()

    class PeriodProbe(bt.TimeFrameAnalyzerBase):
        """Every period change: bar, dtcmp, dtkey, dtcmp1, dtkey1."""

        def start(self):
            self.rets["over"] = []

        def on_dt_over(self):
            self.rets["over"].append([len(self.strategy), self.dtcmp, self.dtkey,
                                      self.dtcmp1, self.dtkey1])

    return Scheduled, PeriodProbe


def _override_classes(bt):
    """User subclasses overriding the hooks the clock runs compiled."""
    an = bt.analyzers

    class DDNext(an.DrawDown):
        def next(self):
            super(DDNext, self).next()
            self.rets["calls"] = self.rets.get("calls", 0) + 1

    class DDFund(an.DrawDown):
        def notify_fund(self, cash, value, fundvalue, shares):
            super(DDFund, self).notify_fund(cash, value - 1.0, fundvalue, shares)

    class TROver(an.TimeReturn):
        def on_dt_over(self):
            super(TROver, self).on_dt_over()
            self.opened = getattr(self, "opened", 0) + 1

    class TRDekads(an.TimeReturn):
        """Periods of ten days (custom keys: the Python conversion)."""

        def _get_dt_cmpkey(self, dt):
            dekad = min(dt.day // 10, 2)
            return (dt.year * 100 + dt.month) * 10 + dekad, \
                _dt.datetime(dt.year, dt.month, 1 + 10 * dekad)

    class RetWhole(an.Returns):
        def _next(self):
            self.rets["whole"] = self.rets.get("whole", 0) + 1
            super(RetWhole, self)._next()

    class TRNoPre(an.TimeReturn):
        def prenext(self):
            pass

    class BrokerSeen(bt.observers.Broker):
        def next(self):
            super(BrokerSeen, self).next()
            self.lines.value[0] = self.lines.value[0] + 0.5

    class CashLate(bt.observers.Cash):
        def prenext(self):
            pass

    class Notified(bt.Strategy):
        def __init__(self):
            self.funds = []

        def next(self):
            if len(self) % 45 == 0:
                self.buy(size=4)
            elif len(self) % 45 == 20:
                self.close()

        def notify_cashvalue(self, cash, value):
            if len(self.funds) < 30:
                self.funds.append(["cv", len(self), cash, value])

        def notify_fund(self, cash, value, fundvalue, shares):
            if len(self.funds) < 60:
                self.funds.append(["f", len(self), fundvalue, shares])

    class IntBroker(bt.brokers.BackBroker):
        """Reports the portfolio value rounded to an int."""

        def getvalue(self, datas=None, mkt=False, lever=False):
            value = super(IntBroker, self).getvalue(datas, mkt, lever)
            return int(value) if datas is None else value

    return locals()


def _feed(bt, opts):
    return bt.feeds.GenericCSVData(
        dataname=os.path.join(opts.datadir, "round_the_clock.csv"),
        dtformat="%Y-%m-%d %H:%M:%S", timeframe=bt.TimeFrame.Minutes, compression=1)


def _standard(bt, cerebro, PeriodProbe):
    """The standard analyzers and observers and the period probes."""
    TF = bt.TimeFrame
    add = cerebro.addanalyzer
    for name, tf, comp in (("m7", TF.Minutes, 7), ("m60", TF.Minutes, 60),
                           ("m100", TF.Minutes, 100), ("s45", TF.Seconds, 45),
                           ("s7", TF.Seconds, 7), ("days", TF.Days, 1),
                           ("weeks", TF.Weeks, 1), ("months", TF.Months, 1),
                           ("years", TF.Years, 1), ("notf", TF.NoTimeFrame, 1),
                           ("default", None, None)):
        add(PeriodProbe, _name="p_" + name, timeframe=tf, compression=comp)
    add(PeriodProbe, _name="p_weeks_nopre", timeframe=TF.Weeks, _doprenext=False)
    add(bt.analyzers.TimeReturn, _name="tr_default")
    add(bt.analyzers.TimeReturn, _name="tr_m100", timeframe=TF.Minutes, compression=100)
    add(bt.analyzers.TimeReturn, _name="tr_days", timeframe=TF.Days)
    add(bt.analyzers.TimeReturn, _name="tr_weeks", timeframe=TF.Weeks)
    add(bt.analyzers.TimeReturn, _name="tr_data", timeframe=TF.Days,
        data=cerebro.datas[0])
    add(bt.analyzers.TimeReturn, _name="tr_data_close", timeframe=TF.Months,
        data=cerebro.datas[0], firstopen=False)
    add(bt.analyzers.Returns, _name="returns")
    add(bt.analyzers.Returns, _name="returns_days", timeframe=TF.Days)
    add(bt.analyzers.DrawDown, _name="drawdown")
    add(bt.analyzers.TimeDrawDown, _name="timedrawdown", timeframe=TF.Minutes,
        compression=90)
    add(bt.analyzers.SharpeRatio, _name="sharpe_days", timeframe=TF.Days)
    add(bt.analyzers.SharpeRatio, _name="sharpe_m100", timeframe=TF.Minutes,
        compression=100)
    obs = bt.observers
    for cls in (obs.Broker, obs.Cash, obs.Value, obs.DrawDown, obs.FundValue):
        cerebro.addobserver(cls)


def _results(strat):
    out = OrderedDict()
    for name in strat.analyzers.getnames():
        analyzer = getattr(strat.analyzers, name)
        out[name] = OrderedDict(analysis=analyzer.get_analysis(),
                                dtkey=getattr(analyzer, "dtkey", None),
                                dtcmp=getattr(analyzer, "dtcmp", None))
    for obs in strat.getobservers():
        n = len(obs)
        out["obs_" + type(obs).__name__] = OrderedDict(
            (name, [obs.lines[i][ago] for ago in range(1 - n, 1)])
            for i, name in enumerate(obs.lines.getlinealiases()))
    return out


def _cerebro(bt, opts, **kwargs):
    cerebro = bt.Cerebro(runonce=opts.runonce, preload=opts.preload,
                         exactbars=opts.exactbars, stdstats=False, **kwargs)
    cerebro.adddata(_feed(bt, opts))
    cerebro.broker.setcash(50000.0)
    return cerebro


def scenario_periods(bt, opts):
    Scheduled, PeriodProbe = _classes(bt)
    cerebro = _cerebro(bt, opts)
    cerebro.addstrategy(Scheduled)
    _standard(bt, cerebro, PeriodProbe)
    return _results(cerebro.run()[0])


def scenario_tz(bt, opts):
    Scheduled, PeriodProbe = _classes(bt)
    cerebro = _cerebro(bt, opts, tz=Eastern())
    cerebro.addstrategy(Scheduled)
    _standard(bt, cerebro, PeriodProbe)
    return _results(cerebro.run()[0])


def scenario_fund(bt, opts):
    Scheduled, PeriodProbe = _classes(bt)
    cerebro = _cerebro(bt, opts)
    cerebro.broker.set_fundmode(True, 100.0)
    cerebro.addstrategy(Scheduled)
    _standard(bt, cerebro, PeriodProbe)
    return _results(cerebro.run()[0])


def scenario_overrides(bt, opts):
    ov = _override_classes(bt)
    TF = bt.TimeFrame
    cerebro = _cerebro(bt, opts)
    cerebro.broker = ov["IntBroker"]()
    cerebro.broker.setcash(20000)          # an int: TimeReturn starts from it
    cerebro.addstrategy(ov["Notified"])
    add = cerebro.addanalyzer
    add(ov["DDNext"], _name="dd_next")
    add(ov["DDFund"], _name="dd_fund")
    add(bt.analyzers.DrawDown, _name="dd_int")
    add(ov["TROver"], _name="tr_over", timeframe=TF.Days)
    add(ov["TRDekads"], _name="tr_dekads")
    add(ov["RetWhole"], _name="ret_whole", timeframe=TF.Weeks)
    add(ov["TRNoPre"], _name="tr_nopre", timeframe=TF.Minutes, compression=100)
    add(bt.analyzers.TimeReturn, _name="tr_int", timeframe=TF.Days)
    add(bt.analyzers.Returns, _name="returns")
    cerebro.addobserver(ov["BrokerSeen"])
    cerebro.addobserver(ov["CashLate"])
    cerebro.addobserver(bt.observers.Value)
    cerebro.addobserver(bt.observers.DrawDown)
    strat = cerebro.run()[0]
    out = _results(strat)
    out["funds"] = strat.funds
    out["tr_over_opened"] = strat.analyzers.tr_over.opened
    return out


SCENARIOS = {
    "periods": scenario_periods,
    "tz": scenario_tz,
    "fund": scenario_fund,
    "overrides": scenario_overrides,
}


# ============================================================= pytest side
if __name__ == "__main__":
    _selfrun.main(SCENARIOS)
else:
    import pytest

    sys.path.insert(0, HERE)  # difftest and upstream, used by _selfrun.run_both
    import _data  # noqa: E402

    MODES = [(True, True, 0), (False, True, 0), (False, False, 0), (True, True, -1)]
    # exactbars=-2 runs in the slow set; exactbars=1 keeps no line history and
    # the scenarios read whole observer lines (upstream raises IndexError too)
    SLOW_MODES = [(True, True, -2)]

    def _write_data(folder):
        os.makedirs(folder, exist_ok=True)
        stamps = [(FIRST + _dt.timedelta(minutes=STEP_MINUTES * i)).strftime(_data.MINUTE_FMT)
                  for i in range(NBARS)]
        rows = _data.random_walk(NBARS, 53, start=400.0, decimals=2)
        _data.write_csv(os.path.join(folder, "round_the_clock.csv"), stamps, rows)

    def _opts(tmp_path, runonce=True, preload=True, exactbars=0):
        datadir = tmp_path / "data"
        _write_data(str(datadir))
        return argparse.Namespace(runonce=runonce, preload=preload,
                                  exactbars=exactbars, datadir=str(datadir))

    def run_both(scenario, mode, tmp_path):
        return _selfrun.run_both(os.path.abspath(__file__), scenario, mode,
                                 tmp_path / "data", _write_data)

    def _analysis(res, name):
        return items(items(res[name])["analysis"])

    modes = pytest.mark.parametrize(
        "mode", [pytest.param(m, id=mode_id(m)) for m in MODES]
        + [pytest.param(m, id=mode_id(m), marks=pytest.mark.slow) for m in SLOW_MODES])

    @modes
    def test_periods_and_standard_steps_match_upstream(mode, tmp_path):
        res = items(run_both("periods", mode, tmp_path))
        # 100-minute slots do not divide the day: the one from 23:20 is keyed
        # 00:59 but ends at midnight; a bar at 00:03 opens the slot ending 01:39
        m100 = [o[2] for o in _analysis(res, "p_m100")["over"]]
        i = m100.index("2020-12-25T00:59:00")
        assert m100[i + 1] == "2020-12-25T01:39:00"
        weeks = [o[1] for o in _analysis(res, "p_weeks")["over"]]
        assert 202053 in weeks and 202101 in weeks
        assert len(_analysis(res, "tr_m100")) > 1000
        dd = _analysis(res, "drawdown")
        assert items(dd["max"])["drawdown"] > 0.0

    @modes
    def test_time_zone_periods_match_upstream(mode, tmp_path):
        res = items(run_both("tz", mode, tmp_path))
        days = [o[2] for o in _analysis(res, "p_days")["over"]]
        assert days[0] == "2020-12-23T00:00:00"          # 00:00 UTC is 19:00 the day before

    @modes
    def test_fund_mode_steps_match_upstream(mode, tmp_path):
        res = items(run_both("fund", mode, tmp_path))
        assert list(items(res["obs_Broker"])) == ["cash", "value"]

    @modes
    def test_overridden_hooks_match_upstream(mode, tmp_path):
        res = items(run_both("overrides", mode, tmp_path))
        assert _analysis(res, "dd_next")["calls"] == NBARS
        assert isinstance(_analysis(res, "dd_int")["moneydown"], int)

    # -- compiled twins against the Python hooks, in process -----------------------
    def _python_path(cls):
        """A subclass of ``cls`` whose hooks only call ``cls``'s: the clock then
        runs them as Python calls, and period keys come from the Python
        ``_get_dt_cmpkey``."""
        ns = {}
        for name in ("next", "notify_fund", "on_dt_over", "_get_dt_cmpkey"):
            fn = getattr(cls, name, None)
            if fn is not None:
                ns[name] = (lambda f: lambda self, *args: f(self, *args))(fn)
        return type("Py" + cls.__name__, (cls,), ns)

    def _run_inprocess(bt, opts, python, fund=False):
        """The ``periods`` scenario (``fund``: in fund mode), with the standard
        classes or (``python``) their Python-path subclasses. Returns the
        results as JSON text and the kinds of per-bar steps the clock ran."""
        Scheduled, PeriodProbe = _classes(bt)
        cerebro = _cerebro(bt, opts)
        if fund:
            cerebro.broker.set_fundmode(True, 100.0)
        cerebro.addstrategy(Scheduled)
        real_add, real_obs = cerebro.addanalyzer, cerebro.addobserver
        if python:
            cerebro.addanalyzer = lambda cls, *a, **k: real_add(_python_path(cls), *a, **k)
            cerebro.addobserver = lambda cls, *a, **k: real_obs(
                _python_path(cls), *a, obsname=cls.__name__.lower(), **k)
        _standard(bt, cerebro, PeriodProbe)
        strat = cerebro.run()[0]
        kinds = set(type(s).__name__ for s in strat._an_next + strat._fundcalls.steps)
        res = _results(strat)
        # the observer keys carry the class name
        res = OrderedDict((k.replace("obs_Py", "obs_"), v) for k, v in res.items())
        return json.dumps(enc(res)), kinds

    @pytest.mark.parametrize("mode", [(True, True, 0), (False, False, 0)],
                             ids=["runonce", "next"])
    @pytest.mark.parametrize("fund", [False, True], ids=["value", "fund"])
    def test_compiled_twins_give_the_python_hooks_results(mode, fund, tmp_path):
        import backtrader as bt
        opts = _opts(tmp_path, *mode)
        fast, fast_kinds = _run_inprocess(bt, opts, python=False, fund=fund)
        slow, slow_kinds = _run_inprocess(bt, opts, python=True, fund=fund)
        assert fast == slow
        # (analyzers made inside others, like Sharpe's TimeReturn, stay standard)
        assert {"PeriodStep", "DrawDownNext", "DrawDownFund"} <= fast_kinds
        assert "PyStep" not in fast_kinds
        assert "PyStep" in slow_kinds and "DrawDownNext" not in slow_kinds

    # -- the period clock on nanoseconds against the Python keys ---------------------
    def _bucketer(bt, timeframe, compression, fast):
        """A bare TimeFrameAnalyzerBase on a standalone datetime line."""
        from backtrader._cy.linebuffer import LineBuffer
        from backtrader._cy.periodclock import PeriodClock

        line = LineBuffer(datetime=True)
        an = object.__new__(bt.TimeFrameAnalyzerBase)
        an.timeframe, an.compression = timeframe, compression
        an.dtcmp, an.dtkey = an._get_dt_cmpkey(_dt.datetime.min)
        an.dtcmp1 = an.dtkey1 = None
        an._period = PeriodClock(an, line, fast)
        return an, line

    def _same_periods(bt, timeframe, compression, stamps):
        """Both clocks see the same stamps; they must agree on every answer and
        key. Returns the number of period changes."""
        fast, fline = _bucketer(bt, timeframe, compression, True)
        slow, sline = _bucketer(bt, timeframe, compression, False)
        changes = 0
        for raw in stamps:
            for line in (fline, sline):
                line.forward()
                line[0] = raw
            got, want = fast._dt_over(), slow._dt_over()
            keys = ("dtcmp", "dtkey", "dtcmp1", "dtkey1")
            assert (got, [getattr(fast, k) for k in keys]) == \
                (want, [getattr(slow, k) for k in keys]), bt.num2date(raw)
            changes += want
        return changes

    def _around(bt, moments, offsets):
        return sorted(bt.date2num(m + off) for m in moments for off in offsets)

    @pytest.mark.parametrize("tfname", ["Days", "Weeks", "Months", "Years"])
    def test_calendar_periods_on_nanoseconds_match_python_keys(tfname):
        """Stamps a few float steps and microseconds around midnights (where
        the day-number conversion rounds) over three years, leap days, ISO
        weeks 53 and year ends included; a step back in time opens nothing."""
        import backtrader as bt

        stamps = []
        for day in range(_dt.date(2019, 12, 20).toordinal(),
                         _dt.date(2022, 1, 10).toordinal(), 3):
            for frac in (0.0, 0.25, 0.5, 0.999, 0.9999999):
                stamps.append(day + frac)
            edge = float(day + 1)
            for k in range(6, 0, -1):             # float steps below midnight
                stamps.append(edge - k * math.ulp(edge))
            stamps += [edge - 1e-6, edge - 5e-7, edge - 1.1e-10, edge + 1e-10]
        stamps.sort()
        stamps.insert(len(stamps) // 2, stamps[len(stamps) // 3])   # back in time
        changes = _same_periods(bt, getattr(bt.TimeFrame, tfname), 1, stamps)
        assert changes > {"Days": 200, "Weeks": 100, "Months": 20, "Years": 2}[tfname]

    @pytest.mark.parametrize("tfname, comp, least", [
        ("Minutes", 1, 100), ("Minutes", 5, 20), ("Minutes", 7, 15),
        ("Minutes", 100, 2), ("Minutes", 1440, 2), ("Seconds", 1, 1000),
        ("Seconds", 30, 200), ("Seconds", 7, 600), ("MicroSeconds", 250, 1500),
        ("Ticks", 1, 1500)])
    def test_subday_slots_on_nanoseconds_match_python_keys(tfname, comp, least):
        """Stamps a few microseconds around slot boundaries for 110 minutes
        across midnight (where a slot that does not divide the day is cut)."""
        import backtrader as bt

        base = _dt.datetime(2020, 3, 2, 23, 30)
        moments = [base + _dt.timedelta(seconds=11 * k) for k in range(600)]
        stamps = _around(bt, moments, [_dt.timedelta(microseconds=us)
                                       for us in (-11, -9, -1, 0, 1, 9, 500000)])
        changes = _same_periods(bt, getattr(bt.TimeFrame, tfname), comp, stamps)
        assert changes >= least
