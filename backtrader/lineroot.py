"""Abstract roots of everything that holds lines.

``LineSingle`` is one line (a ``LineBuffer`` or a lazy line), ``LineMultiple`` an
object holding several (feeds, indicators, strategies). Both are registered as
``LineRoot`` so that ``isinstance(x, bt.LineRoot)`` works as upstream.
"""
import abc

from backtrader._cy.linebuffer import LineBuffer, MultiLineBase

__all__ = ['LineRoot', 'LineSingle', 'LineMultiple']


class LineRoot(abc.ABC):
    """Anything made of lines."""
    IndType, StratType, ObsType = 0, 1, 2


class LineSingle(LineRoot):
    """A single line."""


class LineMultiple(LineRoot):
    """An object holding several lines."""


LineSingle.register(LineBuffer)
LineMultiple.register(MultiLineBase)
