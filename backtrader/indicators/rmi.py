"""Relative Momentum Index."""
from backtrader.indicators.rsi import RSI

__all__ = ['RelativeMomentumIndex', 'RMI']


class RelativeMomentumIndex(RSI):
    """An RSI of the moves over ``lookback`` bars (5) instead of one."""
    alias = ('RMI', )
    linealias = (('rsi', 'rmi',),)
    plotlines = dict(rsi=dict(_name='rmi'))
    params = (
        ('period', 20),
        ('lookback', 5),
    )

    def _plotlabel(self):
        extra = [self.p.movav] if self.p.notdefault('movav') else []
        return [self.p.period, self.p.lookback] + extra
