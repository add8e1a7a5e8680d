"""Differential scenario: pivot points of a resampled data coupled to the
faster data (``_autoplot``), and ``ind.p`` on an indicator with a line ``p``.

``PivotPoint`` / ``FibonacciPivotPoint`` / ``DemarkPivotPoint`` of a weekly
(or hourly) resample of daily (minute) bars, with their default
``_autoplot=True``: each registers a coupler with the strategy that repeats
its lines on the clock of the source data. On every strategy bar the script
records the strategy's length and, for every indicator of the strategy in
registration order (the couplers included), its class kind, its length and
the value of each line at ``[0]``. It also records what ``ind.p`` is (the
params, upstream's answer even where a line is called ``p``).

Options: ``--case daily|minute`` plus the run-mode options of ``_record``.
"""
import argparse
import os
import sys

import backtrader as bt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _record  # noqa: E402

CASES = {
    # source dataset, feed maker, resample target
    'daily': ('daily', _record.daily_feed, dict(timeframe=bt.TimeFrame.Weeks)),
    'minute': ('minute', _record.minute_feed,
               dict(timeframe=bt.TimeFrame.Minutes, compression=60)),
}


class Recorder(bt.Strategy):

    def __init__(self):
        slow = self.data1
        self.pivots = [bt.ind.PivotPoint(slow),
                       bt.ind.FibonacciPivotPoint(slow, close=True),
                       bt.ind.DemarkPivotPoint(slow),
                       bt.ind.PivotPoint(slow, open=True, _autoplot=False)]
        self.rows = []
        self.params_seen = [sorted(ind.p._getkeys()) for ind in self.pivots]

    def _row(self):
        row = [len(self)]
        for ind in self.getindicators():
            kind = 'pivot' if any(ind is p for p in self.pivots) else 'coupler'
            row.append([kind, len(ind)] + [_record.value_at(line) if len(ind) else None
                                           for line in ind.lines])
        self.rows.append(row)

    prenext = next = _row


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--case', default='daily', choices=sorted(CASES))
    opts, rest = ap.parse_known_args()
    run = _record.parse_args(rest)
    name, feed, target = CASES[opts.case]
    cerebro = _record.make_cerebro(run, stdstats=False)
    data = feed(run, name)
    cerebro.adddata(data)
    cerebro.resampledata(data, **target)
    cerebro.addstrategy(Recorder)
    strats = cerebro.run()
    strat = strats[0]
    _record.RESULT['bars'] = strat.rows
    _record.RESULT['extra'] = {'params': strat.params_seen,
                               'lines': [list(ind.getlinealiases())
                                         for ind in strat.getindicators()]}
    _record.finish(run, cerebro, strats)


if __name__ == '__main__':
    main()
