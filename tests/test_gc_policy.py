"""Cerebro.run and the garbage collector: the run's objects are moved to the
oldest generation (no young collection goes over them again), the process's
collector settings and frozen objects are left as they were, and cyclic
garbage made during a run is still collected."""
import datetime
import gc
import weakref

import backtrader as bt


class Bars(bt.feed.DataBase):
    def start(self):
        super(Bars, self).start()
        self._i = 0

    def _load(self):
        if self._i >= 30:
            return False
        self._i += 1
        lines = self.lines
        lines.datetime[0] = bt.date2num(datetime.datetime(2022, 1, 1) + datetime.timedelta(days=self._i))
        lines.open[0] = lines.high[0] = lines.low[0] = lines.close[0] = 10.0 + self._i
        lines.volume[0] = 1.0
        lines.openinterest[0] = 0.0
        return True


class Node(object):
    pass


class MakesCycles(bt.Strategy):
    def __init__(self):
        self.refs = []

    def next(self):
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle, dropped right away
        self.refs.append(weakref.ref(a))
        if len(self) % 3 == 0:
            self.buy(size=1)


def _run():
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(Bars())
    cerebro.addstrategy(MakesCycles)
    return cerebro.run()[0]


def test_run_keeps_the_collector_settings_and_collects_cycles():
    thresholds = gc.get_threshold()
    strat = _run()
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == 0
    assert len(strat.refs) == 30
    gc.collect()
    assert all(ref() is None for ref in strat.refs)


def test_run_leaves_frozen_objects_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        _run()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
