"""Analyzer behaviour checked without the upstream oracle: results that travel
to optimization workers, pandas as an optional dependency of ``PyFolio``, and
figures derived by hand from a tiny price series."""
import math
import os
import pickle
import sys

import pytest

import backtrader as bt

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "diffscripts"))
import _data  # noqa: E402

ANALYZERS = ['AnnualReturn', 'Calmar', 'GrossLeverage', 'LogReturnsRolling', 'PeriodStats',
             'PositionsValue', 'PyFolio', 'SQN', 'Transactions', 'VWR']


class _Every20(bt.Strategy):
    def next(self):
        if len(self) % 20 == 0:
            self.buy(size=5)
        elif len(self) % 20 == 10:
            self.close()


def _run(tmp_path, exactbars=0, names=ANALYZERS):
    _data.write_all(str(tmp_path))
    cerebro = bt.Cerebro(exactbars=exactbars)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=str(tmp_path / "daily.csv"),
                                            dtformat="%Y-%m-%d"))
    cerebro.addstrategy(_Every20)
    for name in names:
        cerebro.addanalyzer(getattr(bt.analyzers, name))
    return cerebro.run()[0]


def _same(a, b):
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def test_every_analyzer_pickles_with_its_results(tmp_path):
    strat = _run(tmp_path)
    for analyzer in strat.analyzers:
        copy = pickle.loads(pickle.dumps(analyzer))
        assert _same(copy.get_analysis(), analyzer.get_analysis()), type(analyzer).__name__


def test_pyfolio_without_pandas_says_what_is_missing(tmp_path, monkeypatch):
    strat = _run(tmp_path, names=['PyFolio'])
    assert set(strat.analyzers.pyfolio.get_analysis()) == {
        'returns', 'positions', 'transactions', 'gross_lev'}
    monkeypatch.setitem(sys.modules, 'pandas', None)
    with pytest.raises(ImportError, match=r"get_pf_items\(\) needs pandas"):
        strat.analyzers.pyfolio.get_pf_items()


def test_annualreturn_in_bounded_memory_follows_the_value_by_hand(tmp_path):
    """exactbars=1 keeps no history; the yearly returns are those computed here
    from the bar closes the Value observer sees."""

    class Recorder(bt.Strategy):
        def __init__(self):
            self.seen = []

        def next(self):
            self.seen.append((self.data.datetime.date(0).year, self.broker.getvalue()))
            if len(self) % 20 == 0:
                self.buy(size=5)
            elif len(self) % 20 == 10:
                self.close()

    _data.write_all(str(tmp_path))
    cerebro = bt.Cerebro(exactbars=1)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=str(tmp_path / "daily.csv"),
                                            dtformat="%Y-%m-%d"))
    cerebro.addstrategy(Recorder)
    cerebro.addanalyzer(bt.analyzers.AnnualReturn)
    strat = cerebro.run()[0]
    # a year's return: its last value over the previous year's last value
    # (the first value for the first year)
    last = {}
    for year, value in strat.seen:
        last[year] = value
    years = sorted(last)
    expected = {}
    opening = strat.seen[0][1]
    for year in years:
        expected[year] = last[year] / opening - 1.0
        opening = last[year]
    got = strat.analyzers.annualreturn.get_analysis()
    assert list(got) == years and len(years) >= 2
    for year in years:
        assert math.isclose(got[year], expected[year], rel_tol=1e-12, abs_tol=1e-15)
    assert strat.analyzers.annualreturn.rets == list(got.values())


def test_unknown_timeframe_is_refused_with_the_analyzer_named(tmp_path):
    _data.write_all(str(tmp_path))
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=str(tmp_path / "daily.csv"),
                                            dtformat="%Y-%m-%d"))
    cerebro.addstrategy(bt.Strategy)
    cerebro.addanalyzer(bt.analyzers.TimeReturn, timeframe=42)
    with pytest.raises(ValueError, match=r'TimeReturn: timeframe=42 is not a bt.TimeFrame constant'):
        cerebro.run()
