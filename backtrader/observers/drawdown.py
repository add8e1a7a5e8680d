"""Observers of the drawdown of the portfolio."""
from backtrader._cy.perbar import DrawDownLines, twin
from backtrader.observer import Observer

__all__ = ['DrawDown', 'DrawDownLength', 'DrawDown_Old']


def _drawdown_analyzer(observer, **kwargs):
    from backtrader.analyzers import DrawDown as DrawDownAnalyzer
    return observer._owner._addanalyzer_slave(DrawDownAnalyzer, **kwargs)


class DrawDown(Observer):
    """Current drawdown (percent) and the maximum seen so far, from a
    ``DrawDown`` analyzer run by this observer.

    Params
    ------
    fund : bool or None
        Passed to the analyzer.
    """
    _stclock = True

    params = (
        ('fund', None),
    )

    lines = ('drawdown', 'maxdrawdown',)

    plotinfo = dict(plot=True, subplot=True)

    plotlines = dict(maxdrawdown=dict(_plotskip=True,))

    def __init__(self):
        self._dd = _drawdown_analyzer(self, **self.p._getkwargs())

    _l_dd = _l_maxdd = None

    @twin(DrawDownLines)
    def next(self):
        ldd = self._l_dd
        if ldd is None:
            ldd = self._l_dd = self.lines.drawdown
            self._l_maxdd = self.lines.maxdrawdown
        rets = self._dd.rets
        ldd[0] = rets['drawdown']
        self._l_maxdd[0] = rets['max']['drawdown']


class DrawDownLength(Observer):
    """Current drawdown length (bars) and the longest seen so far."""
    _stclock = True

    lines = ('len', 'maxlen',)

    plotinfo = dict(plot=True, subplot=True)

    plotlines = dict(maxlength=dict(_plotskip=True,))

    def __init__(self):
        self._dd = _drawdown_analyzer(self)

    def next(self):
        rets = self._dd.rets
        self.lines.len[0] = rets.len
        self.lines.maxlen[0] = rets.max.len


class DrawDown_Old(Observer):
    """Drawdown computed directly from the broker value (older version)."""
    _stclock = True

    lines = ('drawdown', 'maxdrawdown',)

    plotinfo = dict(plot=True, subplot=True)

    plotlines = dict(maxdrawdown=dict(_plotskip='True',))

    def __init__(self):
        super(DrawDown_Old, self).__init__()
        self.maxdd = 0.0
        self.peak = float('-inf')

    def next(self):
        value = self._owner.broker.getvalue()
        if value > self.peak:
            self.peak = value
        self.lines.drawdown[0] = dd = 100.0 * (self.peak - value) / self.peak
        self.lines.maxdrawdown[0] = self.maxdd = max(self.maxdd, dd)
