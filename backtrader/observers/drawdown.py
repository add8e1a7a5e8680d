"""Observers of the drawdown of the portfolio."""
from backtrader._cy.hooktwins import DrawDownLines
from backtrader._cy.steps import twin
from backtrader.observer import Observer

__all__ = ['DrawDown', 'DrawDownLength', 'DrawDown_Old']


# drawn in a panel of their own; the running maximum is not drawn
_OWN_PANEL = dict(plot=True, subplot=True)
_UNDRAWN = dict(_plotskip=True)


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
    lines = ('drawdown', 'maxdrawdown',)
    params = (('fund', None),)
    _stclock = True
    plotinfo = _OWN_PANEL
    plotlines = dict(maxdrawdown=_UNDRAWN)

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
    lines = ('len', 'maxlen',)
    _stclock = True
    plotinfo = _OWN_PANEL
    plotlines = dict(maxlength=_UNDRAWN)     # upstream's key: 'maxlen' stays drawn

    def __init__(self):
        self._dd = _drawdown_analyzer(self)

    def next(self):
        rets = self._dd.rets
        self.lines.len[0] = rets.len
        self.lines.maxlen[0] = rets.max.len


class DrawDown_Old(Observer):
    """Drawdown computed directly from the broker value (older version)."""
    lines = ('drawdown', 'maxdrawdown',)
    _stclock = True
    plotinfo = _OWN_PANEL
    plotlines = dict(maxdrawdown=dict(_plotskip='True'))

    def __init__(self):
        super(DrawDown_Old, self).__init__()
        self.peak, self.maxdd = float('-inf'), 0.0

    def next(self):
        value = self._owner.broker.getvalue()
        self.peak = peak = max(self.peak, value)
        dd = 100.0 * (peak - value) / peak
        self.maxdd = max(self.maxdd, dd)
        lines = self.lines
        lines.drawdown[0], lines.maxdrawdown[0] = dd, self.maxdd
