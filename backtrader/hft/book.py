"""The L2 order book (``bt.hft.OrderBook``), compiled in ``backtrader/hft/_cy/book.pyx``.

``BID`` / ``ASK`` are the integer sides (1 / -1; the Python API also takes 'bid'/'buy' and
'ask'/'sell'); ``NO_BID_TICK`` / ``NO_ASK_TICK`` are the best-tick sentinels of an empty side
(INT64_MIN / INT64_MAX); ``POLICIES`` are the crossed-update policies.
"""
from backtrader.hft._cy.book import ASK, BID, NO_ASK_TICK, NO_BID_TICK, POLICIES, OrderBook

__all__ = ['OrderBook', 'BID', 'ASK', 'NO_BID_TICK', 'NO_ASK_TICK', 'POLICIES']
