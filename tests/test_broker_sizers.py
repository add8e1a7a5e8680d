"""Sizers and volume fillers.

Sizer results are derived by hand from their definitions (upstream
1.9.78.123 returns the same: ``PercentSizer`` keeps the float, the ``Int``
variants truncate, an open position is returned as is). Filler results are
checked by hand here and bar by bar against upstream in the
``filler_*`` scenarios of ``test_broker_scenarios``.
"""
import types

import backtrader as bt

from test_broker_support import BARS, FakeData, daily_rows


class _Strategy(object):
    def __init__(self, broker, data):
        self.broker = broker
        self.data = data

    def getposition(self, data):
        return self.broker.getposition(data)

    @property
    def position(self):
        return self.broker.getposition(self.data)


def _setup(sizer, cash=10000.0):
    data = FakeData(daily_rows(BARS))  # first close 101.0
    data.advance()
    broker = bt.brokers.BackBroker(cash=cash)
    broker.start()
    sizer.set(_Strategy(broker, data), broker)
    return sizer, broker, data


def test_sizer_base_contract():
    assert bt.SizerBase is bt.Sizer
    assert bt.Sizer.strategy is None and bt.Sizer.broker is None
    s, broker, data = _setup(bt.Sizer())
    try:
        s.getsizing(data, True)
    except NotImplementedError:
        pass
    else:
        raise AssertionError('Sizer._getsizing must be overridden')

    class Half(bt.Sizer):
        def _getsizing(self, comminfo, cash, data, isbuy):
            return comminfo.getsize(data.close[0], cash / 2) * (1 if isbuy else 2)

    s, broker, data = _setup(Half())
    assert s.getsizing(data, True) == 49 and s.getsizing(data, False) == 98


def test_fixed_size_and_tranches():
    s, broker, data = _setup(bt.sizers.FixedSize(stake=7))
    assert s.getsizing(data, True) == 7 and s.getsizing(data, False) == 7
    s.setsizing(3)
    assert s.p.stake == 3
    s, broker, data = _setup(bt.sizers.FixedSize(stake=10, tranches=3))
    assert s.getsizing(data, True) == 3
    s.setsizing(99)  # with tranches the stake shrinks to one tranche
    assert s.p.stake == 3
    assert bt.sizers.SizerFix is bt.sizers.FixedSize


def test_fixed_reverser():
    s, broker, data = _setup(bt.sizers.FixedReverser(stake=4))
    assert s.getsizing(data, True) == 4
    broker.getposition(data).update(4, 100.0)
    assert s.getsizing(data, False) == 8


def test_fixed_size_target():
    s, broker, data = _setup(bt.sizers.FixedSizeTarget(stake=10, tranches=4))
    assert s.getsizing(data, True) == 2
    broker.getposition(data).update(9, 100.0)
    assert s.getsizing(data, True) == 10  # capped at the stake
    s, broker, data = _setup(bt.sizers.FixedSizeTarget(stake=6))
    assert s.getsizing(data, True) == 6


def test_percent_sizers():
    s, broker, data = _setup(bt.sizers.PercentSizer())
    assert s.getsizing(data, True) == 10000.0 / 101.0 * 0.2
    s, broker, data = _setup(bt.sizers.AllInSizer())
    assert s.getsizing(data, True) == 10000.0 / 101.0
    s, broker, data = _setup(bt.sizers.PercentSizerInt(percents=50))
    assert s.getsizing(data, True) == 49
    s, broker, data = _setup(bt.sizers.AllInSizerInt())
    assert s.getsizing(data, True) == 99
    broker.getposition(data).update(-5, 100.0)
    assert s.getsizing(data, True) == -5  # the open position itself
    assert bt.sizers.AllInSizerInt.params.percents == 100
    assert bt.sizers.PercentSizerInt.params.retint is True


def _order(remsize, data):
    return types.SimpleNamespace(data=data, executed=types.SimpleNamespace(remsize=remsize))


def test_fillers_by_hand():
    data = FakeData(daily_rows(BARS))  # bar 1: high 102, low 99, volume 1000
    data.advance()
    f = bt.fillers.FixedSize(size=40)
    assert f(_order(100, data), 101.0, 0) == 40
    assert f(_order(-30, data), 101.0, 0) == 30
    assert bt.fillers.FixedSize()(_order(5000, data), 101.0, 0) == 1000.0
    f = bt.fillers.FixedBarPerc(perc=2.5)
    assert f(_order(100, data), 101.0, 0) == 25.0  # 1000 * 2.5 // 100
    # 3 / 0.5 + 1 = 7 price steps share 1000: 142.857.. each, 10% -> 14
    f = bt.fillers.BarPointPerc(minmov=0.5, perc=10.0)
    assert f(_order(100, data), 101.0, 0) == 14.0
    assert bt.fillers.BarPointPerc(perc=1.0)(_order(-3, data), 101.0, 0) == 3
