"""Signal kinds and the ``Signal`` indicator used by ``cerebro.add_signal``.

A signal is any line read at ``[0]``: above zero it says "long", below zero
"short".  The kind it is registered under (``SIGNAL_*``) tells
:class:`backtrader.SignalStrategy` what to do with it; the numbers are the
ones upstream backtrader gives them, so pickled or stored values agree.
"""
from backtrader.indicator import Indicator

__all__ = [
    'SIGNAL_NONE', 'SIGNAL_LONGSHORT',
    'SIGNAL_LONG', 'SIGNAL_LONG_INV', 'SIGNAL_LONG_ANY',
    'SIGNAL_SHORT', 'SIGNAL_SHORT_INV', 'SIGNAL_SHORT_ANY',
    'SIGNAL_LONGEXIT', 'SIGNAL_LONGEXIT_INV', 'SIGNAL_LONGEXIT_ANY',
    'SIGNAL_SHORTEXIT', 'SIGNAL_SHORTEXIT_INV', 'SIGNAL_SHORTEXIT_ANY',
    'SignalTypes', 'Signal',
]

SIGNAL_NONE = 0
SIGNAL_LONGSHORT = 1            # > 0 go (or stay) long, < 0 go (or stay) short
SIGNAL_LONG = 2                 # > 0 enter long; < 0 leave it (unless a LONGEXIT exists)
SIGNAL_LONG_INV = 3             # the same with the sign reversed
SIGNAL_LONG_ANY = 4             # any non-zero value counts
SIGNAL_SHORT = 5                # < 0 enter short; > 0 leave it (unless a SHORTEXIT exists)
SIGNAL_SHORT_INV = 6
SIGNAL_SHORT_ANY = 7
SIGNAL_LONGEXIT = 8             # < 0 closes a long position
SIGNAL_LONGEXIT_INV = 9
SIGNAL_LONGEXIT_ANY = 10
SIGNAL_SHORTEXIT = 11           # > 0 closes a short position
SIGNAL_SHORTEXIT_INV = 12
SIGNAL_SHORTEXIT_ANY = 13

#: every kind, in numeric order
SignalTypes = list(range(SIGNAL_NONE, SIGNAL_SHORTEXIT_ANY + 1))


class Signal(Indicator):
    """Wraps the first line of its data as a signal line (plotted on the
    data it is computed from)."""
    SignalTypes = SignalTypes
    lines = ('signal',)

    def __init__(self):
        source = self.data0
        self.lines.signal = source.lines[0]
        self.plotinfo.plotmaster = getattr(source, '_clock', source)
