"""bt.LinePlotterIndicator: a line built in a strategy, shown as an indicator.

Values are hand-derived (close minus its 2-bar SMA, and close > SMA).
Upstream 1.9.78.123 rewrites the class's lines on every instance (a second
instance then has three lines) and leaves the line NaN in next mode; ours
makes one subclass per line name and carries the values in both modes.
"""
import pandas as pd
import pytest

import backtrader as bt

CLOSES = [1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 2.0, 8.0]
# bars 2..8: close - (close + previous close) / 2, and close > that average
GAPS = [1.0, -0.5, 1.5, -0.5, 1.0, -2.0, 3.0]
ABOVE = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]


def _frame():
    index = pd.date_range('2021-01-04', periods=len(CLOSES), freq='D')
    return pd.DataFrame({'open': CLOSES, 'high': CLOSES, 'low': CLOSES, 'close': CLOSES,
                         'volume': 1.0, 'openinterest': 0.0}, index=index)


@pytest.mark.parametrize('runonce', [True, False])
def test_line_values_and_names(runonce):
    seen = []

    class S(bt.Strategy):
        def __init__(self):
            sma = bt.indicators.SMA(period=2)
            self.gap = bt.LinePlotterIndicator(self.data.close - sma, name='gap')
            self.above = bt.LinePlotterIndicator(self.data.close > sma, name='above')

        def next(self):
            seen.append((self.gap.gap[0], self.above.lines.above[0]))

    cerebro = bt.Cerebro(stdstats=False, runonce=runonce)
    cerebro.adddata(bt.feeds.PandasData(dataname=_frame()))
    cerebro.addstrategy(S)
    strat = cerebro.run()[0]
    assert seen == list(zip(GAPS, ABOVE))
    assert strat.gap.lines.getlinealiases() == ('gap',)
    assert strat.above.lines.getlinealiases() == ('above',)
    assert isinstance(strat.gap, bt.LinePlotterIndicator)
    assert type(strat.gap).__name__ == 'LinePlotterIndicator'
    assert bt.LinePlotterIndicator.lines.getlinealiases() == ()
    assert 'gap' in strat.gap.plotlines._getkeys()
    assert strat in [strat.gap._owner]
    assert strat.gap in strat.getindicators()


def test_a_name_is_required():
    class S(bt.Strategy):
        def __init__(self):
            bt.LinePlotterIndicator(self.data.close * 2)

    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.PandasData(dataname=_frame()))
    cerebro.addstrategy(S)
    with pytest.raises(TypeError, match="LinePlotterIndicator needs name="):
        cerebro.run()
