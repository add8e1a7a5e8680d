"""Observer comparing the portfolio's period returns with a data's (a Python
observer, not in the default set)."""
from backtrader.observers.timereturn import TimeReturn, _period_returns

__all__ = ['Benchmark']

_NAN = float('nan')


class Benchmark(TimeReturn):
    """Period returns of the portfolio (line ``timereturn``) beside those of
    a data held as reference (line ``benchmark``), both keyed by the
    portfolio's current period.

    Params
    ------
    timeframe, compression, fund : as in ``TimeReturn``
    data : data feed or None
        The reference; ``None`` takes the first data.
    _doprenext : bool (False)
        Record before the strategy's minimum period too (else those bars
        stay NaN).
    firstopen : bool (False)
        Measure the reference's first period from its first open (else from
        its first close, so that both start at 0%).
    """
    _stclock = True
    lines = ('benchmark',)
    plotlines = dict(benchmark=dict(_name='Benchmark'))
    params = (
        ('data', None),
        ('_doprenext', False),
        ('firstopen', False),
        ('fund', None),
    )

    def __init__(self):
        if self.p.data is None:
            self.p.data = self.data0
        # the parent's analyzer follows the reference data ...
        super(Benchmark, self).__init__()
        self.tbench = self.treturn
        # ... and a second one, with the same params, the portfolio
        kwargs = self.p._getkwargs()
        kwargs['data'] = None
        self.treturn = _period_returns(self, kwargs)

    def _plotlabel(self):
        return super(Benchmark, self)._plotlabel() + [self.p.data._name]

    def next(self):
        super(Benchmark, self).next()
        self.lines.benchmark[0] = self.tbench.rets.get(self.treturn.dtkey, _NAN)

    def prenext(self):
        if self.p._doprenext:
            self.next()
