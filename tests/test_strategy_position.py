"""``Strategy.position``: the position of the first data, read from the
broker's positions when neither the strategy nor the broker overrides
``getposition``, through those methods otherwise (as upstream's property
calling ``self.getposition()``)."""
import datetime

import pytest

import backtrader as bt


class _Bars(bt.feed.DataBase):
    """Ten daily bars with close 100, 101, ..."""

    def start(self):
        super().start()
        self._i = 0

    def _load(self):
        if self._i >= 10:
            return False
        day = datetime.datetime(2021, 1, 4) + datetime.timedelta(days=self._i)
        self.lines.datetime[0] = bt.date2num(day)
        price = 100.0 + self._i
        for name in ('open', 'high', 'low', 'close'):
            getattr(self.lines, name)[0] = price
        self.lines.volume[0] = 1000.0
        self._i += 1
        return True


class _Recorder(bt.Strategy):
    """Buys 3 on the first bar; records what ``self.position`` gives."""

    def __init__(self):
        self.seen = []

    def next(self):
        if len(self) == 1:
            self.buy(size=3)
        pos = self.position
        self.seen.append((pos is self.broker.getposition(self.data0), pos.size))


def _run(strategy, broker=None, datas=1):
    cerebro = bt.Cerebro(stdstats=False)
    if broker is not None:
        cerebro.broker = broker
    for _ in range(datas):
        cerebro.adddata(_Bars())
    cerebro.addstrategy(strategy)
    return cerebro.run()[0]


def test_position_is_the_first_datas_position():
    strat = _run(_Recorder, datas=2)
    assert strat.seen == [(True, 0)] + [(True, 3)] * 9


def test_strategy_overriding_getposition_is_called():
    class Mine(_Recorder):
        calls = 0

        def getposition(self, data=None, broker=None):
            Mine.calls += 1
            return super().getposition(self.datas[1], broker)

    strat = _run(Mine, datas=2)
    # the second data's position: never bought
    assert [size for _, size in strat.seen] == [0] * 10
    assert Mine.calls >= 10


def test_broker_overriding_getposition_is_called():
    asked = []

    class Broker(bt.brokers.BackBroker):
        def getposition(self, data):
            asked.append(data)
            return super().getposition(data)

    strat = _run(_Recorder, broker=Broker())
    assert len(asked) >= 10 and all(d is strat.data0 for d in asked)
    assert [size for _, size in strat.seen] == [0] + [3] * 9


def test_position_cannot_be_assigned():
    strat = _run(_Recorder)
    with pytest.raises(AttributeError):
        strat.position = None
