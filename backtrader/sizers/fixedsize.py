"""Sizers returning fixed stakes."""
from backtrader.sizer import Sizer

__all__ = ['FixedSize', 'SizerFix', 'FixedReverser', 'FixedSizeTarget']


def _tranche(stake, tranches):
    return abs(int(stake / tranches))


class FixedSize(Sizer):
    """Always ``stake`` units, or ``stake / tranches`` (as an int) when the
    position is meant to be built in several ``tranches``.

    Params: ``stake`` (1), ``tranches`` (1).
    """
    params = (('stake', 1),
              ('tranches', 1))

    def _getsizing(self, comminfo, cash, data, isbuy):
        if self.p.tranches > 1:
            return _tranche(self.p.stake, self.p.tranches)
        return self.p.stake

    def setsizing(self, stake):
        """Change the stake (with tranches: shrink the stake to one tranche)."""
        if self.p.tranches > 1:
            self.p.stake = _tranche(self.p.stake, self.p.tranches)
        else:
            self.p.stake = stake


SizerFix = FixedSize


class FixedReverser(Sizer):
    """``stake`` to open a position, ``2 * stake`` to reverse an open one.

    Params: ``stake`` (1).
    """
    params = (('stake', 1),)

    def _getsizing(self, comminfo, cash, data, isbuy):
        held = self.strategy.getposition(data).size
        return self.p.stake * (1 + (held != 0))


class FixedSizeTarget(Sizer):
    """A fixed target size, for ``order_target_size``-style use; with
    ``tranches`` the target grows by one tranche at a time up to ``stake``.

    Params: ``stake`` (1), ``tranches`` (1).
    """
    params = (('stake', 1),
              ('tranches', 1))

    def _getsizing(self, comminfo, cash, data, isbuy):
        if self.p.tranches > 1:
            step = _tranche(self.p.stake, self.p.tranches)
            return min(self.strategy.position.size + step, self.p.stake)
        return self.p.stake

    def setsizing(self, stake):
        """Change the stake (with tranches: the next tranche target)."""
        if self.p.tranches > 1:
            step = _tranche(self.p.stake, self.p.tranches)
            self.p.stake = min(self.strategy.position.size + step, self.p.stake)
        else:
            self.p.stake = stake
