"""Ready-made strategies (``bt.strategies``, also ``bt.strats``)."""
from backtrader.strategies.sma_crossover import MA_CrossOver, SMA_CrossOver

__all__ = ['MA_CrossOver', 'SMA_CrossOver']
