"""Wilder's directional movement family: UpMove, DownMove, +DI, -DI, DI, ADX,
ADXR, DMI, DM."""
from backtrader.indicator import Indicator
from backtrader.indicators.atr import ATR
from backtrader.indicators.basicops import build_kernel, check_periods
from backtrader.indicators.smma import SmoothedMovingAverage
from backtrader._cy.directionkernels import DirectionalMoveKernel

__all__ = ['UpMove', 'DownMove', 'DirectionalIndicator', 'DI',
           'PlusDirectionalIndicator', 'PlusDI', 'MinusDirectionalIndicator',
           'MinusDI', 'AverageDirectionalMovementIndex', 'ADX',
           'AverageDirectionalMovementIndexRating', 'ADXR',
           'DirectionalMovementIndex', 'DMI', 'DirectionalMovement', 'DM']


class UpMove(Indicator):
    """``x - x(-1)``."""
    lines = ('upmove',)

    def __init__(self):
        check_periods(self)
        self.lines.upmove = self.data - self.data(-1)
        super(UpMove, self).__init__()


class DownMove(Indicator):
    """``x(-1) - x``."""
    lines = ('downmove',)

    def __init__(self):
        check_periods(self)
        self.lines.downmove = self.data(-1) - self.data
        super(DownMove, self).__init__()


class _DirectionalMove(Indicator):
    """+DM (``side`` 1) or -DM (``side`` -1): the move of the highs up (lows
    down) when it is positive and larger than the other side's (compiled)."""
    lines = ('dm',)
    params = (('side', 1),)

    def __init__(self):
        check_periods(self)
        data = self.data
        build_kernel(self, DirectionalMoveKernel, data.lines.high, data.lines.low,
                     self.lines.dm, self.p.side,
                     inminperiods=[data._minperiod, data._minperiod])


def _directional(ind, side):
    """``100 * movav(DM of side) / ATR``."""
    move = _DirectionalMove(ind.data, side=side)
    return 100.0 * ind.p.movav(move, period=ind.p.period) / ind._atr


class _DirectionalIndicator(Indicator):
    params = (('period', 14), ('movav', SmoothedMovingAverage))
    plotlines = dict(plusDI=dict(_name='+DI'), minusDI=dict(_name='-DI'))
    _sides = (1, -1)

    def _plotlabel(self):
        extra = [self.p.movav] if self.p.notdefault('movav') else []
        return [self.p.period] + extra

    def __init__(self):
        check_periods(self)
        self._atr = ATR(self.data, period=self.p.period, movav=self.p.movav)
        if 1 in self._sides:
            self.DIplus = _directional(self, 1)
        if -1 in self._sides:
            self.DIminus = _directional(self, -1)
        for name in self.lines.getlinealiases():
            source = {'plusDI': 'DIplus', 'minusDI': 'DIminus'}.get(name)
            if source is not None:
                setattr(self.lines, name, getattr(self, source))
        if 'adx' in self.lines.getlinealiases():
            spread = abs(self.DIplus - self.DIminus) / (self.DIplus + self.DIminus)
            self.lines.adx = 100.0 * self.p.movav(spread, period=self.p.period)
        if 'adxr' in self.lines.getlinealiases():
            self.lines.adxr = (self.lines.adx + self.lines.adx(-self.p.period)) / 2.0
        super(_DirectionalIndicator, self).__init__()


class DirectionalIndicator(_DirectionalIndicator):
    """+DI and -DI: the smoothed up and down moves as a percentage of the ATR."""
    alias = ('DI',)
    lines = ('plusDI', 'minusDI',)


class PlusDirectionalIndicator(_DirectionalIndicator):
    """+DI: the smoothed up moves as a percentage of the ATR."""
    alias = (('PlusDI', '+DI'),)
    lines = ('plusDI',)
    plotinfo = dict(plotname='+DirectionalIndicator')
    _sides = (1,)


class MinusDirectionalIndicator(_DirectionalIndicator):
    """-DI: the smoothed down moves as a percentage of the ATR."""
    alias = (('MinusDI', '-DI'),)
    lines = ('minusDI',)
    plotinfo = dict(plotname='-DirectionalIndicator')
    _sides = (-1,)


class AverageDirectionalMovementIndex(_DirectionalIndicator):
    """ADX: ``100 * movav(|+DI - -DI| / (+DI + -DI))``, the trend strength."""
    alias = ('ADX',)
    lines = ('adx',)
    plotlines = dict(adx=dict(_name='ADX'))


class AverageDirectionalMovementIndexRating(AverageDirectionalMovementIndex):
    """ADXR: the mean of the ADX and the ADX ``period`` bars ago."""
    alias = ('ADXR',)
    lines = ('adxr',)
    plotlines = dict(adxr=dict(_name='ADXR'))


class DirectionalMovementIndex(AverageDirectionalMovementIndex,
                               DirectionalIndicator):
    """ADX with +DI and -DI."""
    alias = ('DMI',)


class DirectionalMovement(AverageDirectionalMovementIndexRating,
                          DirectionalIndicator):
    """ADX, ADXR, +DI and -DI."""
    alias = ('DM',)
