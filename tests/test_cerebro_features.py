"""Cerebro features beyond a single run: optimization (in one process and in a
process pool), and clear errors for invalid parameters."""
import json
import textwrap

import pytest

import backtrader as bt
import upstream

SAMPLE = __import__('os').path.join(__import__('os').path.dirname(__file__), '..',
                                    'samples', 'data', 'daily-ohlcv.csv')

OPT_SCRIPT = textwrap.dedent('''
    import json, sys
    import backtrader as bt

    class St(bt.Strategy):
        params = (('fast', 5), ('slow', 20))

        def __init__(self):
            self.x = bt.ind.CrossOver(bt.ind.SMA(period=self.p.fast),
                                      bt.ind.SMA(period=self.p.slow))

        def next(self):
            if not self.position and self.x > 0:
                self.buy()
            elif self.position and self.x < 0:
                self.close()

    if __name__ == '__main__':
        cerebro = bt.Cerebro(maxcpus=int(sys.argv[2]))
        cerebro.adddata(bt.feeds.GenericCSVData(dataname=sys.argv[1], dtformat='%Y-%m-%d'))
        cerebro.optstrategy(St, fast=[5, 10], slow=[20, 30])
        cerebro.addanalyzer(bt.analyzers.Returns)
        cerebro.addanalyzer(bt.analyzers.TradeAnalyzer)
        out = []
        for res in cerebro.run():
            r = res[0]
            out.append([r.params.fast, r.params.slow,
                        r.analyzers[0].get_analysis()['rtot'],
                        r.analyzers[1].get_analysis()['total']['total']])
        json.dump(out, sys.stdout)
''')


def run_opt(engine, maxcpus, tmp_path):
    script = tmp_path / 'opt.py'
    script.write_text(OPT_SCRIPT)
    res = upstream.run_script(script, engine, args=[SAMPLE, maxcpus], capture_stdout=True)
    return json.loads(res['stdout'])


def test_optimization_in_a_process_pool_matches_upstream(tmp_path):
    ours_pool = run_opt('ours', 2, tmp_path)
    ours_single = run_opt('ours', 1, tmp_path)
    ref = run_opt('upstream', 1, tmp_path)
    assert [r[:2] for r in ref] == [[5, 20], [5, 30], [10, 20], [10, 30]]
    for got in (ours_pool, ours_single):
        assert [r[:2] for r in got] == [r[:2] for r in ref]
        assert [r[3] for r in got] == [r[3] for r in ref]
        for a, b in zip(got, ref):
            assert a[2] == pytest.approx(b[2], rel=1e-9)


class _Holder(bt.Strategy):
    pass


def _build_in_strategy(factory):
    """Create something inside a strategy's __init__ (where indicators live)."""
    errors = []

    class Maker(bt.Strategy):
        def __init__(self):
            try:
                factory(self)
            except Exception as exc:  # recorded, re-raised by the test
                errors.append(exc)

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=SAMPLE, dtformat='%Y-%m-%d',
                                            todate=__import__('datetime').datetime(2010, 3, 1)))
    cerebro.addstrategy(Maker)
    cerebro.run()
    return errors


def test_unknown_indicator_param_names_the_class_and_the_param():
    errors = _build_in_strategy(lambda s: bt.ind.SMA(s.data, periodx=3))
    assert len(errors) == 1 and isinstance(errors[0], TypeError)
    assert "SMA" in str(errors[0]) and "'periodx'" in str(errors[0])


@pytest.mark.parametrize('factory, name', [
    (lambda s: bt.ind.SMA(s.data, period=-3), 'SMA'),
    (lambda s: bt.ind.EMA(s.data, period=0), 'EMA'),
    (lambda s: bt.ind.RSI(s.data, period=0), 'RSI'),
])
def test_non_positive_period_is_refused_at_construction(factory, name):
    errors = _build_in_strategy(factory)
    assert len(errors) == 1 and isinstance(errors[0], ValueError)
    assert name in str(errors[0]) and 'period' in str(errors[0])


def test_unknown_strategy_param_is_refused():
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=SAMPLE, dtformat='%Y-%m-%d'))
    cerebro.addstrategy(_Holder, nosuch=1)
    with pytest.raises(TypeError) as err:
        cerebro.run()
    assert '_Holder' in str(err.value) and "'nosuch'" in str(err.value)


ADD_SCRIPT = textwrap.dedent('''
    import datetime, sys
    import backtrader as bt

    class St(bt.Strategy):
        def next(self):
            inds = self.getindicators()
            print(len(self), [round(i[0], 9) if len(i) else None for i in inds],
                  round(self.stats.drawdown.drawdown[0], 9) if len(self.stats.drawdown) else None,
                  type(self.getsizer()).__name__, self.getsizing())
            if len(self) % 9 == 0:
                self.buy()
            elif len(self) % 13 == 0:
                self.close()

    cerebro = bt.Cerebro(runonce=sys.argv[2] == '1')
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=sys.argv[1], dtformat='%Y-%m-%d',
                                            todate=datetime.datetime(2010, 6, 1)))
    cerebro.addstrategy(St)
    cerebro.addindicator(bt.ind.SMA, period=5)
    cerebro.addindicator(bt.ind.RSI)
    cerebro.addobserver(bt.observers.DrawDown)
    cerebro.addobservermulti(bt.observers.BuySell)
    cerebro.addsizer(bt.sizers.PercentSizer, percents=20)
    strat = cerebro.run()[0]
    print([type(o).__name__ for o in strat.observers], strat.broker.getvalue())
''')


@pytest.mark.parametrize('runonce', ['1', '0'])
def test_cerebro_level_indicators_observers_and_sizer_match_upstream(tmp_path, runonce):
    script = tmp_path / 'adds.py'
    script.write_text(ADD_SCRIPT)
    outs = []
    for engine in ('upstream', 'ours'):
        res = upstream.run_script(script, engine, args=[SAMPLE, runonce],
                                  capture_stdout=True)
        outs.append(res['stdout'].splitlines())
    assert len(outs[0]) > 80
    assert outs[0] == outs[1]
