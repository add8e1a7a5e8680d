"""Bad parameters of the indicator library fail at construction with an error
naming the indicator and the parameter; flat markets follow upstream's
documented division rules (RSI's ``safediv``) instead of failing mid-run."""
import datetime
import math

import pytest

import backtrader as bt


class _Feed(bt.feed.DataBase):
    """OHLC bars from a list of (open, high, low, close)."""
    params = (('rows', ()),)

    def start(self):
        super(_Feed, self).start()
        self._i = 0

    def _load(self):
        if self._i >= len(self.p.rows):
            return False
        stamp = datetime.datetime(2021, 1, 4) + datetime.timedelta(days=self._i)
        self.lines.datetime[0] = bt.date2num(stamp)
        for name, value in zip(('open', 'high', 'low', 'close'), self.p.rows[self._i]):
            getattr(self.lines, name)[0] = value
        self._i += 1
        return True


def _run(make, rows, runonce=True):
    """Build ``make(ind, data)`` in a strategy; return its line 0 per bar."""
    seen = []

    class S(bt.Strategy):
        def __init__(self):
            self.obj = make(bt.indicators, self.data)

        def prenext(self):
            seen.append(self.obj[0])

        next = prenext

    cerebro = bt.Cerebro(stdstats=False, runonce=runonce)
    cerebro.adddata(_Feed(rows=rows))
    cerebro.addstrategy(S)
    cerebro.run()
    return seen


ROWS = [(10.0 + i % 7, 11.0 + i % 7, 9.0 + i % 5, 10.5 + i % 6) for i in range(60)]


@pytest.mark.parametrize('make, indicator, param', [
    (lambda i, d: i.DEMA(d, period=0), 'DEMA', 'period'),
    (lambda i, d: i.HMA(d, period=-4), 'HMA', 'period'),
    (lambda i, d: i.KAMA(d, period=0), 'KAMA', 'period'),
    (lambda i, d: i.ADX(d, period=0), 'ADX', 'period'),
    (lambda i, d: i.AroonUpDown(d, period=-1), 'AroonUpDown', 'period'),
    (lambda i, d: i.CCI(d, period=0), 'CCI', 'period'),
    (lambda i, d: i.Momentum(d, period=0), 'Momentum', 'period'),
    (lambda i, d: i.ROC100(d, period=-2), 'ROC100', 'period'),
    (lambda i, d: i.PPO(d, period_signal=0), 'PPO', 'period_signal'),
    (lambda i, d: i.TRIX(d, _rocperiod=0), 'TRIX', '_rocperiod'),
    (lambda i, d: i.UltimateOscillator(d, p2=0), 'UltimateOscillator', 'p2'),
    (lambda i, d: i.Ichimoku(d, kijun=0), 'Ichimoku', 'kijun'),
    (lambda i, d: i.PSAR(d, period=0), 'PSAR', 'period'),
    (lambda i, d: i.KST(d, rma3=0), 'KST', 'rma3'),
    (lambda i, d: i.TSI(d, pchange=0), 'TSI', 'pchange'),
    (lambda i, d: i.Vortex(d, period=1.5), 'Vortex', 'period'),
    (lambda i, d: i.SMAEnvelope(d, period=0), 'SMAEnvelope', 'period'),
    (lambda i, d: i.EMAOsc(d, period=0), 'EMAOsc', 'period'),
    (lambda i, d: i.RSI(d, lookback=0), 'RSI', 'lookback'),
    (lambda i, d: i.LRSI(d, period=0), 'LRSI', 'period'),
    (lambda i, d: i.FindFirstIndexHighest(d, period=0), 'FindFirstIndexHighest', 'period'),
    (lambda i, d: i.WMA(d, period=0), 'WMA', 'period'),
])
def test_bad_period_names_indicator_and_param(make, indicator, param):
    """The error names the class the user wrote (an alias stays an alias)."""
    with pytest.raises(ValueError) as err:
        _run(make, ROWS)
    text = str(err.value)
    assert text.startswith(indicator + ':') and param in text, text


def test_unknown_parameter_names_indicator():
    with pytest.raises(TypeError) as err:
        _run(lambda i, d: i.KAMA(d, perod=10), ROWS)
    assert 'perod' in str(err.value)


@pytest.mark.parametrize('runonce', [True, False])
def test_flat_market_rsi_safediv(runonce):
    """RSI_Safe on a market that never moves: ``safelow`` (50), no division
    error; on one that only rises: ``safehigh`` (100)."""
    flat = [(10.0, 10.0, 10.0, 10.0)] * 30
    got = _run(lambda i, d: i.RSI_Safe(d.close, period=5), flat, runonce)
    assert [v for v in got if not math.isnan(v)] == [50.0] * 25
    rising = [(10.0 + k, 10.0 + k, 10.0 + k, 10.0 + k) for k in range(30)]
    got = _run(lambda i, d: i.RSI_Safe(d.close, period=5, movav=i.WMA), rising, runonce)
    assert [v for v in got if not math.isnan(v)] == [100.0] * 25   # from bar 6


def test_cointn_without_statsmodels_says_what_to_install(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, 'statsmodels.tsa.stattools', None)
    with pytest.raises(ImportError) as err:
        _run(lambda i, d: i.CointN(d.close, d.open), ROWS)
    assert 'pip install statsmodels' in str(err.value)
