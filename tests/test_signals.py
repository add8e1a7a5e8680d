"""SignalStrategy, cerebro.add_signal and bt.strategies give upstream's orders.

``diffscripts/sig_signals.py`` runs one signal set-up per case (every signal
kind, the exit kinds, ``_accumulate`` / ``_concurrent`` on and off, two datas
with the orders sent to the second by name or index, a SignalStrategy
subclass with its own ``next`` and sizer, the plain ``bt.Signal``) and records
every order and trade notification and, per bar, cash, value and positions.
Upstream backtrader 1.9.78.123 runs the same script (results cached); both
must agree in runonce and in next mode.
"""
import functools
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import difftest  # noqa: E402
import upstream  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'diffscripts'))
import sig_signals  # noqa: E402

import backtrader as bt  # noqa: E402

SCRIPT = 'sig_signals.py'
MODES = {
    'runonce': {'runonce': True, 'preload': True, 'exactbars': 0},
    'next': {'runonce': False, 'preload': True, 'exactbars': 0},
}
CASES = sorted(sig_signals.CASES) + ['ma_crossover']


@functools.lru_cache(maxsize=None)
def _upstream(case, mode):
    return upstream.run_cached(SCRIPT, 'upstream', MODES[mode], cache_args=['--case', case])


@pytest.mark.parametrize('mode', sorted(MODES))
@pytest.mark.parametrize('case', CASES)
def test_signal_case_matches_upstream(case, mode):
    theirs = _upstream(case, mode)
    ours = upstream.run_script(SCRIPT, 'ours', MODES[mode], args=['--case', case])
    assert theirs['orders'], 'the case must trade to prove anything'
    difftest.assert_same(theirs, ours)


def _orders(case):
    return [(o['bar'], o['side'], o['status'], o['data'])
            for o in _upstream(case, 'runonce')['orders']]


@pytest.mark.parametrize('case, base', [
    ('accumulate', 'longshort'),
    ('two_datas_concurrent', 'two_datas_accumulate'),
    ('accumulate_long_short', 'long_and_short'),
    ('long_longexit', 'long'),
    ('short_shortexit', 'short'),
])
def test_the_options_change_the_orders(case, base):
    """Guard for the cases above: each option or exit kind really changes
    what upstream does, so agreeing on it is not agreeing on a no-op."""
    assert _orders(case) != _orders(base)


def test_signal_constants_have_upstream_numbers():
    names = ['NONE', 'LONGSHORT', 'LONG', 'LONG_INV', 'LONG_ANY', 'SHORT', 'SHORT_INV',
             'SHORT_ANY', 'LONGEXIT', 'LONGEXIT_INV', 'LONGEXIT_ANY', 'SHORTEXIT',
             'SHORTEXIT_INV', 'SHORTEXIT_ANY']
    for number, name in enumerate(names):
        assert getattr(bt, 'SIGNAL_' + name) == number
        assert getattr(bt.signal, 'SIGNAL_' + name) == number
    assert bt.SignalTypes == list(range(14)) == bt.Signal.SignalTypes


def test_module_paths_and_aliases():
    import backtrader.signal
    import backtrader.strategies.sma_crossover as smac
    import backtrader.strategy
    assert bt.SignalStrategy is backtrader.strategy.SignalStrategy
    assert issubclass(bt.SignalStrategy, bt.Strategy)
    assert bt.strategies is bt.strats
    assert issubclass(smac.SMA_CrossOver, smac.MA_CrossOver)
    assert bt.strategies.SMA_CrossOver is smac.SMA_CrossOver
    assert bt.signal.Signal is bt.Signal
    assert bt.signals.__name__ == 'backtrader.signals'
    assert [p for p in bt.SignalStrategy.params._getkeys()] == [
        'signals', '_accumulate', '_concurrent', '_data']


def test_user_next_runs_after_the_signal_logic():
    """A subclass's ``next`` is kept and called once per bar after the
    signals have acted (it sees the entry order of the same bar)."""
    seen = []

    class Watch(bt.SignalStrategy):
        def next(self):
            seen.append((len(self), self._sentinel is not None))

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.PandasData(dataname=_frame([1.0, 2.0, 3.0, 4.0])))
    cerebro.add_signal(bt.SIGNAL_LONG, bt.Signal)
    cerebro.signal_strategy(Watch)
    strat = cerebro.run()[0]
    assert type(strat) is Watch
    # close > 0 on every bar: the first bar buys, the order fills on bar 2
    assert seen == [(1, True), (2, False), (3, False), (4, False)]
    assert strat.position.size == 1


def _frame(closes):
    import pandas as pd
    index = pd.date_range('2021-01-04', periods=len(closes), freq='D')
    return pd.DataFrame({'open': closes, 'high': closes, 'low': closes,
                         'close': closes, 'volume': 1.0, 'openinterest': 0.0},
                        index=index)


def test_which_strategy_takes_the_signals():
    """Upstream 1.9.78.123 fails (ValueError unpacking cerebro.strats) when a
    strategy was added with ``addstrategy`` and no ``signal_strategy`` given;
    ours does what its code intends: a SignalStrategy added first takes the
    signals, any other strategy runs beside a default SignalStrategy."""
    class Mine(bt.SignalStrategy):
        params = (('tag', 0),)

    def run(strategy, **kwargs):
        cerebro = bt.Cerebro(stdstats=False)
        cerebro.adddata(bt.feeds.PandasData(dataname=_frame([1.0, 2.0, 3.0])))
        cerebro.addstrategy(strategy, **kwargs)
        cerebro.add_signal(bt.SIGNAL_LONG, bt.Signal)
        return cerebro.run()

    strats = run(Mine, tag=5)
    assert [type(s) for s in strats] == [Mine] and strats[0].p.tag == 5
    assert strats[0].position.size == 1
    strats = run(bt.Strategy)
    assert [type(s) for s in strats] == [bt.Strategy, bt.SignalStrategy]
    assert strats[1].position.size == 1
