"""Observer of the portfolio's period returns (a Python observer, not in the
default set)."""
from backtrader.dataseries import TimeFrame
from backtrader.observer import Observer

__all__ = ['TimeReturn']

_NAN = float('nan')


def _period_returns(observer, kwargs):
    """A ``TimeReturn`` analyzer run by ``observer`` with ``kwargs``."""
    from backtrader.analyzers.timereturn import TimeReturn as Returns
    return observer._owner._addanalyzer_slave(Returns, **kwargs)


class TimeReturn(Observer):
    """Return of the current period of ``timeframe``/``compression`` so far,
    from a ``TimeReturn`` analyzer this observer runs (NaN before it has one).

    Params
    ------
    timeframe : int or None
        Period unit; ``None`` takes the first data's.
    compression : int or None
        Units per period; ``None`` takes the first data's.
    fund : bool or None
        The value followed: see :func:`backtrader.analyzer.fundmode_of`.
    """
    params = (
        ('timeframe', None),
        ('compression', None),
        ('fund', None),
    )
    lines = ('timereturn',)
    _stclock = True
    plotlines = dict(timereturn=dict(_name='Return'))
    plotinfo = dict(plot=True, subplot=True)

    def __init__(self):
        self.treturn = _period_returns(self, self.p._getkwargs())

    def _plotlabel(self):
        # the period the analyzer settled on (defaults resolved at start)
        tr = self.treturn
        return [TimeFrame.getname(tr.timeframe, tr.compression), str(tr.compression)]

    def next(self):
        tr = self.treturn
        self.lines.timereturn[0] = tr.rets.get(tr.dtkey, _NAN)
