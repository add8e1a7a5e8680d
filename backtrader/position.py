"""The size and average price held in one asset (compiled: see
``backtrader/_cy/position.pyx``)."""
from backtrader._cy.position import Position

__all__ = ['Position']
