"""Scenario h: the object model a strategy author touches.

Params (tuple and dict form, inherited and overridden), lines declared and
aliased, line arithmetic and comparisons built in ``__init__``, the line
functions (``bt.And``, ``bt.Or``, ``bt.If``, ``bt.Max``, ``bt.Min``, ``bt.Cmp``,
``bt.Sum``, ``bt.Any``, ``bt.All``), delayed lines, data aliases
(``data_close``, ``data0_high``, ``data_3``), a user indicator that binds lines
and one with ``linealias``, and the ``order_target_*`` helpers driving orders.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _record as rec  # noqa: E402


class Envelope(bt.Indicator):
    lines = ("mid", "upper", "lower")
    params = dict(period=6, perc=1.5)
    linealias = dict(mid="middle")

    def __init__(self):
        mid = bt.indicators.SMA(self.data, period=self.p.period)
        self.lines.mid = mid
        self.l.upper = mid * (1.0 + self.p.perc / 100.0)
        self.lines.lower = mid * (1.0 - self.p.perc / 100.0)


class WideEnvelope(Envelope):
    params = (("perc", 4.0),)


class Sub(bt.Indicator):
    lines = ("diff",)

    def __init__(self):
        self.lines.diff = SubHelper(self.data0, self.data1)


class SubHelper(bt.Indicator):
    lines = ("d",)
    _mindatas = 2

    def next(self):
        self.lines.d[0] = self.data0[0] - self.data1[0]


class BaseStrat(rec.RecordingStrategy):
    params = (("fast", 4), ("slow", 11), ("target", 0.4))


class ObjectModel(BaseStrat):
    params = dict(slow=9)

    def __init__(self):
        close = self.data_close
        sma = bt.indicators.SMA(close, period=self.p.fast)
        slow = bt.indicators.EMA(self.data0_close, period=self.p.slow)
        spread = self.data.high - self.data.low
        self.env = Envelope(self.data)
        self.wenv = WideEnvelope(self.data, period=5)
        self.track = {
            "sma": sma, "slow": slow, "spread": spread,
            "delayed": close(-3), "ahead_of_sma": sma(-2),
            "and": bt.And(close > sma, close(-1) <= sma(-1)),
            "or": bt.Or(close > self.data.open, spread > 1.0),
            "if": bt.If(close > sma, self.data.high, self.data.low),
            "max": bt.Max(self.data.open, close, sma),
            "min": bt.Min(self.data.open, close, sma),
            "cmp": bt.Cmp(close, sma),
            "sum": bt.Sum(self.data.open, close),
            "any": bt.Any(close > slow, spread > 2.0),
            "all": bt.All(close > slow, close > sma),
            "neg": -spread, "abs": abs(close - sma), "ratio": close / sma,
            "pow": pow(spread, 2), "rsub": 100.0 - close, "rdiv": 1.0 / close,
            "num": sma + 2, "ge": close >= sma, "eq": close == close(-1),
            "env_mid": self.env.middle, "env_up": self.env.upper,
            "env_lo": self.env.lines.lower, "wenv_up": self.wenv.upper,
            "line3": self.data_3, "high0": self.data0_high,
            "sub": Sub(self.data.high, self.data.low),
        }
        self.signal = close > slow

    def notify_cashvalue(self, cash, value):
        rec.RESULT.setdefault("cashvalue", []).append([len(self), cash, value])

    def notify_fund(self, cash, value, fundvalue, shares):
        rec.RESULT.setdefault("fund", []).append([len(self), cash, value, fundvalue, shares])

    def step(self):
        n = len(self)
        if n % 17 == 0:
            self.order_target_percent(target=self.p.target)
        elif n % 17 == 6:
            self.order_target_size(target=30)
        elif n % 17 == 11:
            self.order_target_value(target=1500.0)
        elif n % 17 == 14:
            self.order_target_size(target=0)
        rec.RESULT.setdefault("objectmodel", []).append(
            [n, bool(self.signal), self.p.fast, self.p.slow, self.p.target,
             self.env.p.perc, self.wenv.p.perc, self.wenv.p.period])


def main():
    opts = rec.parse_args()
    cerebro = rec.make_cerebro(opts, stdstats=False)
    cerebro.adddata(rec.daily_feed(opts, "daily"))
    cerebro.addstrategy(ObjectModel)
    cerebro.broker.setcash(10000.0)
    rec.finish(opts, cerebro, cerebro.run())


if __name__ == "__main__":
    main()
