"""MA_CrossOver (alias SMA_CrossOver): a long-only moving-average cross strategy."""
from backtrader.indicators import CrossOver, MovAv
from backtrader.strategy import Strategy

__all__ = ['MA_CrossOver', 'SMA_CrossOver']


class MA_CrossOver(Strategy):
    """Long only: with no position, buy (market) when the ``fast`` average
    crosses above the ``slow`` one; holding, sell when it crosses below.
    ``_movav`` is the moving-average class used for both."""
    alias = ('SMA_CrossOver',)

    params = (
        ('fast', 10),
        ('slow', 30),
        ('_movav', MovAv.SMA),
    )

    def __init__(self):
        average = self.p._movav
        self.buysig = CrossOver(average(period=self.p.fast), average(period=self.p.slow))

    def next(self):
        cross = self.buysig[0]
        if self.position.size:
            if cross < 0:
                self.sell()
        elif cross > 0:
            self.buy()
