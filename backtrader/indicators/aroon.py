"""Aroon: how recently the highest high and the lowest low of the window occurred."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import (
    FindFirstIndexHighest, FindFirstIndexLowest, check_periods)

__all__ = ['AroonUp', 'AroonDown', 'AroonUpDown', 'AroonIndicator',
           'AroonOscillator', 'AroonOsc', 'AroonUpDownOscillator', 'AroonUpDownOsc']


def _recency(ind, line, finder):
    """``100 / period * (period - bars since the extreme)`` over ``period + 1`` bars."""
    period = ind.p.period
    since = finder(line, period=period + 1)
    return (100.0 / period) * (period - since)


class _AroonBase(Indicator):
    _up = False
    _down = False
    params = (('period', 14), ('upperband', 70), ('lowerband', 30),)
    plotinfo = dict(plotymargin=0.05, plotyhlines=[0, 100])

    def _plotlabel(self):
        return [self.p.period]

    def _plotinit(self):
        self.plotinfo.plotyhlines += [self.p.lowerband, self.p.upperband]

    def __init__(self):
        check_periods(self)
        if self._up:
            self.up = _recency(self, self.data.high, FindFirstIndexHighest)
        if self._down:
            self.down = _recency(self, self.data.low, FindFirstIndexLowest)
        names = self.lines.getlinealiases()
        if 'aroonup' in names:
            self.lines.aroonup = self.up
        if 'aroondown' in names:
            self.lines.aroondown = self.down
        if 'aroonosc' in names:
            self.lines.aroonosc = self.up - self.down
        super(_AroonBase, self).__init__()


class AroonUp(_AroonBase):
    """100 when the window's highest high is on this bar, falling to 0."""
    _up = True
    lines = ('aroonup',)


class AroonDown(_AroonBase):
    """100 when the window's lowest low is on this bar, falling to 0."""
    _down = True
    lines = ('aroondown',)


class AroonUpDown(AroonUp, AroonDown):
    """AroonUp and AroonDown."""
    alias = ('AroonIndicator',)


class AroonOscillator(_AroonBase):
    """AroonUp - AroonDown."""
    alias = ('AroonOsc',)
    lines = ('aroonosc',)
    _up = _down = True

    def _plotinit(self):
        super(AroonOscillator, self)._plotinit()
        # mirrored below zero: the oscillator spans -100 .. 100
        levels = self.plotinfo.plotyhlines
        levels += [-y for y in levels]


class AroonUpDownOscillator(AroonUpDown, AroonOscillator):
    """AroonUp, AroonDown and their difference."""
    alias = ('AroonUpDownOsc',)
