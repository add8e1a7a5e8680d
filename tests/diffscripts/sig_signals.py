"""Scenario sig: SignalStrategy driven by cerebro.add_signal, one case per run.

``--case NAME`` (see ``CASES``) picks the signal kinds, the accumulate /
concurrent switches, the target data and the strategy class; an analyzer
records every order and trade notification and, on each bar, cash, value and
the positions of all datas.  ``ma_crossover`` runs ``bt.strategies``'
``MA_CrossOver`` / ``SMA_CrossOver`` instead of signals.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _record as rec  # noqa: E402


class AboveAverage(bt.Indicator):
    """close minus its SMA: changes sign as the price crosses the average."""
    lines = ('signal',)
    params = (('period', 20),)

    def __init__(self):
        self.lines.signal = self.data - bt.indicators.SMA(self.data, period=self.p.period)


class AverageCross(bt.Indicator):
    """+1 / -1 on the bar a fast SMA crosses a slow one, 0 otherwise."""
    lines = ('signal',)
    params = (('fast', 5), ('slow', 20))

    def __init__(self):
        self.lines.signal = bt.indicators.CrossOver(
            bt.indicators.SMA(self.data, period=self.p.fast),
            bt.indicators.SMA(self.data, period=self.p.slow))


class Recorder(bt.Analyzer):
    def notify_order(self, order):
        rec.RESULT["orders"].append(rec.order_record(self.strategy, order))

    def notify_trade(self, trade):
        rec.RESULT["trades"].append(rec.trade_record(self.strategy, trade))

    def next(self):
        strat = self.strategy
        rec.RESULT["bars"].append({
            "len": len(strat),
            "dt": strat.datetime.datetime(0).isoformat(),
            "cash": rec.clean(strat.broker.getcash()),
            "value": rec.clean(strat.broker.getvalue()),
            "pos": [[rec.clean(p.size), rec.clean(p.price)]
                    for p in (strat.getposition(d) for d in strat.datas)],
        })


class OwnSignalStrategy(bt.SignalStrategy):
    """A subclass with its own params and ``next`` (run after the signals)."""
    params = (('every', 40),)

    def next(self):
        rec.RESULT["extra"].setdefault("custom", []).append(len(self))
        if len(self) % self.p.every == 0:
            self.buy(size=3)


L, S = bt.SIGNAL_LONG, bt.SIGNAL_SHORT
A20 = (AboveAverage, dict(period=20))
A10 = (AboveAverage, dict(period=10))
A30 = (AboveAverage, dict(period=30))
A50 = (AboveAverage, dict(period=50))
X520 = (AverageCross, dict(fast=5, slow=20))
X1030 = (AverageCross, dict(fast=10, slow=30))

# name -> (signals [(kind, (cls, kwargs), data index)], options)
CASES = {
    "longshort": ([(bt.SIGNAL_LONGSHORT, A20, 0)], {}),
    "long": ([(L, A20, 0)], {}),
    "short": ([(S, A20, 0)], {}),
    "long_and_short": ([(L, A10, 0), (S, A30, 0)], {}),
    "long_longexit": ([(L, A30, 0), (bt.SIGNAL_LONGEXIT, A10, 0)], {}),
    "short_shortexit": ([(S, A30, 0), (bt.SIGNAL_SHORTEXIT, A10, 0)], {}),
    "long_short_exits": ([(L, A30, 0), (S, A50, 0), (bt.SIGNAL_LONGEXIT, A10, 0),
                          (bt.SIGNAL_SHORTEXIT, A20, 0)], {}),
    "inverted_and_any": ([(bt.SIGNAL_LONG_INV, A20, 0), (bt.SIGNAL_SHORT_ANY, X520, 0)], {}),
    "exit_variants": ([(bt.SIGNAL_LONG_ANY, X520, 0), (bt.SIGNAL_SHORT_INV, A50, 0),
                       (bt.SIGNAL_LONGEXIT_INV, A10, 0), (bt.SIGNAL_SHORTEXIT_ANY, X1030, 0)],
                      {}),
    "exit_variants2": ([(L, A20, 0), (S, A30, 0), (bt.SIGNAL_LONGEXIT_ANY, X1030, 0),
                        (bt.SIGNAL_SHORTEXIT_INV, A10, 0)], {}),
    "all_of_two": ([(bt.SIGNAL_LONGSHORT, A10, 0), (bt.SIGNAL_LONGSHORT, A50, 0)], {}),
    "accumulate": ([(bt.SIGNAL_LONGSHORT, A20, 0)], {"accumulate": True}),
    "accumulate_long_short": ([(L, A10, 0), (S, A30, 0)], {"accumulate": True}),
    "concurrent": ([(bt.SIGNAL_LONGSHORT, A20, 0)], {"concurrent": True}),
    "accumulate_concurrent": ([(L, A10, 0), (S, A30, 0)],
                              {"accumulate": True, "concurrent": True}),
    "plain_signal": ([(L, (bt.Signal, {}), 0)], {"accumulate": True}),
    # two datas: signals computed on the second, orders sent to it (by name);
    # it ends first, so its last order stays pending (concurrency matters)
    "two_datas": ([(bt.SIGNAL_LONGSHORT, A20, 1), (L, A10, 0)],
                  {"two": True, "target": "daily_short"}),
    "two_datas_concurrent": ([(bt.SIGNAL_LONGSHORT, A10, 1)],
                             {"two": True, "target": 1, "concurrent": True,
                              "accumulate": True}),
    "two_datas_accumulate": ([(bt.SIGNAL_LONGSHORT, A10, 1)],
                             {"two": True, "target": 1, "accumulate": True}),
    "two_datas_first": ([(bt.SIGNAL_LONGSHORT, A20, 1)], {"two": True}),
    "own_strategy": ([(L, A20, 0), (S, A50, 0)], {"own": True, "stake": 7}),
}


def add_signals(cerebro, case, opts):
    signals, options = CASES[case]
    cerebro.adddata(rec.daily_feed(opts, "daily"))
    if options.get("two"):
        cerebro.adddata(rec.btcsv_feed(opts, "daily_short"))
    datas = cerebro.datas
    for kind, (cls, kwargs), index in signals:
        cerebro.add_signal(kind, cls, datas[index], **kwargs)
    if "accumulate" in options:
        cerebro.signal_accumulate(options["accumulate"])
    if "concurrent" in options:
        cerebro.signal_concurrent(options["concurrent"])
    if options.get("own"):
        cerebro.signal_strategy(OwnSignalStrategy, every=30)
    elif "target" in options:
        cerebro.signal_strategy(bt.SignalStrategy, _data=options["target"])
    if "stake" in options:
        cerebro.addsizer(bt.sizers.FixedSize, stake=options["stake"])


def main():
    argv = sys.argv[1:]
    i = argv.index("--case")
    case = argv[i + 1]
    opts = rec.parse_args(argv[:i] + argv[i + 2:])
    cerebro = rec.make_cerebro(opts, stdstats=False)
    if case == "ma_crossover":
        cerebro.adddata(rec.daily_feed(opts, "daily"))
        cerebro.addstrategy(bt.strategies.MA_CrossOver)
        cerebro.addstrategy(bt.strategies.SMA_CrossOver, fast=7, slow=25,
                            _movav=bt.indicators.MovAv.EMA)
    else:
        add_signals(cerebro, case, opts)
    cerebro.broker.setcash(10000.0)
    cerebro.addanalyzer(Recorder)
    strats = cerebro.run()
    rec.RESULT["extra"]["strategies"] = [type(s).__name__ for s in strats]
    rec.finish(opts, cerebro, strats)


if __name__ == "__main__":
    main()
