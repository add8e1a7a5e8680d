"""Analyzers of the high-frequency layer (``bt.hft.analyzers``, loaded when ``bt.hft`` is first
asked for it): ``MarketMaking`` (PnL split into spread capture, inventory PnL and fees; fills,
maker share, inventory statistics, markouts; a plot)."""
from backtrader.hft.analyzers.marketmaking import MarketMaking

__all__ = ['MarketMaking']
