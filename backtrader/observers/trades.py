"""Observers of the profit and loss of closed trades."""
import itertools

from backtrader.observer import Observer
from backtrader.lineseries import publish_lines

__all__ = ['Trades', 'DataTrades', 'MetaDataTrades']

_unique = itertools.count(1)  # names of the lines classes made per instance

# results around a zero line in a panel of their own, drawn as dots
_PNL_PANEL = dict(plot=True, subplot=True, plothlines=[0.0], plotymargin=0.10)
_DOT = dict(ls='', marker='o', markersize=8.0, fillstyle='full')
# counters upstream's Trades carries (all left at 0); kept for code reading them
_COUNTERS = ('trades', 'trades_long', 'trades_short', 'trades_plus', 'trades_minus',
             'trades_plus_gross', 'trades_minus_gross',
             'trades_win', 'trades_win_max', 'trades_win_min',
             'trades_loss', 'trades_loss_max', 'trades_loss_min',
             'trades_length', 'trades_length_max', 'trades_length_min')


class Trades(Observer):
    """Profit/loss of each closed trade on the bar where it closes:
    ``pnlplus`` for results >= 0, ``pnlminus`` for losses.

    Params
    ------
    pnlcomm : bool (True)
        Record the result after commission (else before).
    """
    _stclock = True

    lines = ('pnlplus', 'pnlminus')
    _idle_without = ('_tradespending',)

    params = dict(pnlcomm=True)
    plotinfo = dict(_PNL_PANEL, plotname='Trades - Net Profit/Loss')
    plotlines = dict(pnlplus=dict(_DOT, _name='Positive', color='blue'),
                     pnlminus=dict(_DOT, _name='Negative', color='red'))

    def __init__(self):
        for name in _COUNTERS:
            setattr(self, name, 0)

    def next(self):
        pending = self._owner._tradespending
        if not pending:
            return
        ddatas = self.ddatas
        net = self.p.pnlcomm
        for trade in pending:
            if trade.data not in ddatas or not trade.isclosed:
                continue
            pnl = trade.pnlcomm if net else trade.pnl
            if pnl >= 0.0:
                self.lines.pnlplus[0] = pnl
            else:
                self.lines.pnlminus[0] = pnl


_MARKERS = ('o', 'v', '^', '<', '>', '1', '2', '3', '4', '8', 's', 'p',
            '*', 'h', 'H', '+', 'x', 'D', 'd')
_COLORS = ('b', 'g', 'r', 'c', 'm', 'y', 'k') * 3


class MetaDataTrades(Observer.__class__):
    """Gives each ``DataTrades`` instance one line per data (named after the
    data, or ``data0``, ``data1``, ... without ``usenames``)."""

    def donew(cls, *args, **kwargs):
        _obj, args, kwargs = super(MetaDataTrades, cls).donew(*args, **kwargs)
        if _obj.p.usenames:
            names = tuple(d._name for d in _obj.datas)
        else:
            names = tuple('data%d' % i for i in range(len(_obj.datas)))

        linescls = cls.lines._derive('u%d' % next(_unique), names, 0, ())
        _obj.lines = _obj.l = linescls()
        publish_lines(_obj)

        plines = {}
        for name, marker, color in zip(names, _MARKERS, _COLORS):
            plines[name] = dict(ls='', markersize=8.0, fillstyle='full',
                                marker=marker, color=color)
        plotlines = cls.plotlines._derive('u%d' % next(_unique), plines, [], recurse=True)
        _obj.plotlines = plotlines()
        return _obj, args, kwargs


class DataTrades(Observer, metaclass=MetaDataTrades):
    """Profit/loss (before commission) of each closed trade, in the line of
    the data it was made on.

    Params
    ------
    usenames : bool (True)
        Name the lines after the datas (else ``data0``, ``data1``, ...).
    """
    params = (('usenames', True),)
    _stclock = True
    plotinfo = dict(_PNL_PANEL)
    plotlines = {}          # made per instance, one line per data

    def next(self):
        pending = self._owner._tradespending
        if not pending:
            return
        ddatas = self.ddatas
        lines = self.lines
        for trade in pending:
            if trade.data not in ddatas or not trade.isclosed:
                continue
            lines[trade.data._id - 1][0] = trade.pnl
