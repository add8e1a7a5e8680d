"""Scenario f: user-defined Python indicators inside a strategy.

- ``Momentum2`` defines ``next`` (and ``prenext``) only: upstream derives
  its runonce path from ``next``.
  ``Momentum2`` fed by an SMA is recorded under ``quirks`` (see below).
- ``RangeOnce`` defines ``once`` only: in runonce mode it fills its arrays
  directly; in next mode upstream never calls it, so its lines stay NaN.
- ``HalfBody`` is declarative: a line bound in ``__init__``.

All three use ``lines``, ``params`` and ``addminperiod``; built-in
indicators are stacked on top of them and vice versa.  Minute bars with
four decimals.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _record as rec  # noqa: E402


class Momentum2(bt.Indicator):
    lines = ("mom", "acc")
    params = (("period", 5),)

    def __init__(self):
        self.addminperiod(self.p.period + 1)

    def prenext(self):
        self.lines.acc[0] = -1.0

    def next(self):
        self.lines.mom[0] = self.data[0] - self.data[-self.p.period]
        self.lines.acc[0] = self.lines.mom[0] - self.lines.mom[-1]


class RangeOnce(bt.Indicator):
    lines = ("rng", "avg")
    params = (("period", 4),)

    def __init__(self):
        self.addminperiod(self.p.period)

    def once(self, start, end):
        hi, lo = self.data.high.array, self.data.low.array
        rng, avg = self.lines.rng.array, self.lines.avg.array
        p = self.p.period
        for i in range(start, end):
            rng[i] = hi[i] - lo[i]
            avg[i] = sum(hi[j] - lo[j] for j in range(i - p + 1, i + 1)) / p


class HalfBody(bt.Indicator):
    lines = ("half",)
    params = (("factor", 0.5),)

    def __init__(self):
        self.lines.half = (self.data.close - self.data.open) * self.p.factor
        self.addminperiod(3)


class PyIndicators(rec.RecordingStrategy):
    def __init__(self):
        self.mom = Momentum2(self.data.close, period=6)
        self.mom_sma = bt.indicators.SMA(self.mom.mom, period=5)
        self.sma_mom = Momentum2(bt.indicators.SMA(self.data.close, period=8))
        self.rng = RangeOnce(self.data, period=4)
        self.half = HalfBody(self.data)
        self.track = {"mom": self.mom.mom, "acc": self.mom.acc,
                      "mom_sma": self.mom_sma, "rng": self.rng.rng,
                      "ravg": self.rng.avg, "half": self.half}

    def record_bar(self, phase):
        super().record_bar(phase)
        # Upstream quirk, kept apart from the main comparison: with runonce,
        # a next-only indicator fed by another indicator only ever fills its
        # last slot (the feed lines are already rewound when its once_via_next
        # runs), so it reads NaN on every bar but the last one.
        rec.RESULT["quirks"].setdefault("sma_mom", []).append(
            rec.value_at(self.sma_mom.mom))

    def step(self):
        if not self.position and self.mom_sma[0] > 0 and self.half[0] > 0:
            self.buy(size=100)
        elif self.position and (self.mom.acc[0] < 0 or self.rng.rng[0] > 2 * self.rng.avg[0]):
            self.close()


def main():
    opts = rec.parse_args()
    cerebro = rec.make_cerebro(opts, stdstats=False)
    cerebro.adddata(rec.minute_feed(opts, "minute_fine"))
    cerebro.addstrategy(PyIndicators)
    cerebro.broker.setcash(10000.0)
    rec.finish(opts, cerebro, cerebro.run())


if __name__ == "__main__":
    main()
