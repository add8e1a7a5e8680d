"""Sizers investing a percentage of the available cash."""
from backtrader.sizer import Sizer

__all__ = ['PercentSizer', 'AllInSizer', 'PercentSizerInt', 'AllInSizerInt']


class PercentSizer(Sizer):
    """Open with ``percents`` % of the cash at the current close; with a
    position open, return its size (so that a sell closes it).

    Params: ``percents`` (20), ``retint`` (False: return the float size).
    """
    params = (
        ('percents', 20),
        ('retint', False),
    )

    def _getsizing(self, comminfo, cash, data, isbuy):
        position = self.broker.getposition(data)
        if position:
            size = position.size
        else:
            size = cash / data.close[0] * (self.params.percents / 100)
        if self.p.retint:
            size = int(size)
        return size


class AllInSizer(PercentSizer):
    """:class:`PercentSizer` with all the cash (``percents`` = 100)."""
    params = (('percents', 100),)


class PercentSizerInt(PercentSizer):
    """:class:`PercentSizer` returning an int size."""
    params = (('retint', True),)


class AllInSizerInt(PercentSizerInt):
    """:class:`AllInSizer` returning an int size."""
    params = (('percents', 100),)
