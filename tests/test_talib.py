"""bt.talib: TA-Lib functions as indicators, equal to upstream's wrapper.

``diffscripts/talib_values.py`` records every line of a set of ``bt.talib``
indicators bar by bar (single and multiple inputs and outputs, unstable
periods, candlesticks, an indicator as input) and trades on one; upstream
backtrader 1.9.78.123 runs the same script with the same TA-Lib.  Without
TA-Lib the differential tests are skipped; the ImportError test always runs.
"""
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import difftest  # noqa: E402
import upstream  # noqa: E402

SCRIPT = 'talib_values.py'
MODES = {
    'runonce': {'runonce': True, 'preload': True, 'exactbars': 0},
    'next': {'runonce': False, 'preload': True, 'exactbars': 0},
}


@pytest.mark.parametrize('mode', sorted(MODES))
def test_talib_indicators_match_upstream(mode):
    talib = pytest.importorskip('talib')
    theirs = upstream.run_cached(SCRIPT, 'upstream', MODES[mode],
                                 key_data='talib ' + talib.__version__)
    ours = upstream.run_script(SCRIPT, 'ours', MODES[mode])
    assert theirs['orders']
    last = theirs['bars'][-1]['ind']
    assert all(v is not None for k, v in last.items() if not k.startswith('doji')), last
    difftest.assert_same(theirs, ours)


def test_talib_sma_is_the_plain_average():
    """Hand-checkable: SMA(3) of 1..6 and its warm-up, in both run modes."""
    pytest.importorskip('talib')
    import pandas as pd
    import backtrader as bt

    closes = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    frame = pd.DataFrame({'open': closes, 'high': closes, 'low': closes, 'close': closes,
                          'volume': 1.0, 'openinterest': 0.0},
                         index=pd.date_range('2021-01-04', periods=6, freq='D'))
    for runonce in (True, False):
        seen = []

        class S(bt.Strategy):
            def __init__(self):
                self.sma = bt.talib.SMA(self.data, timeperiod=3)

            def next(self):
                seen.append(self.sma[0])

        cerebro = bt.Cerebro(stdstats=False, runonce=runonce)
        cerebro.adddata(bt.feeds.PandasData(dataname=frame))
        cerebro.addstrategy(S)
        strat = cerebro.run()[0]
        assert seen == [2.0, 3.0, 4.0, 5.0]
        assert strat.sma._minperiod == 3
        assert list(bt.talib.SMA.params._getkeys()) == ['timeperiod']
        assert bt.talib.BBANDS.lines.getlinealiases() == ('upperband', 'middleband',
                                                          'lowerband')


def test_without_talib_the_names_raise_an_import_error_saying_what_to_install():
    code = (
        "import sys; sys.modules['talib'] = None\n"
        "import backtrader as bt\n"
        "mod = bt.talib\n"
        "assert mod.__all__ == []\n"
        "try:\n"
        "    mod.SMA\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         cwd=str(upstream.REPO_ROOT), check=True).stdout
    assert 'bt.talib.SMA needs the TA-Lib package: pip install TA-Lib' in out
