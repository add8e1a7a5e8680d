"""SignalStrategy: a strategy that trades from signal indicators.

``cerebro.add_signal(kind, indicator_class, ...)`` registers signals; cerebro
then runs a :class:`SignalStrategy` (or the subclass given with
``cerebro.signal_strategy``) which builds them and, on every bar, turns their
current values into market orders on its target data.  The name is also
exported by ``backtrader.strategy`` and ``backtrader`` (where upstream has it).
"""
import collections

from backtrader import signal as _sig
from backtrader.lineroot import LineRoot
from backtrader.strategy import MetaStrategy, Strategy

__all__ = ['SignalStrategy', 'MetaSigStrategy']


def _positive(value):
    return value > 0.0


def _negative(value):
    return value < 0.0


def _nonzero(value):
    return bool(value)


# (kind, test) pairs: a group holds when, for one of its kinds, there are
# signals of that kind and every one of them passes the test
_GO_LONG = ((_sig.SIGNAL_LONG, _positive), (_sig.SIGNAL_LONG_INV, _negative),
            (_sig.SIGNAL_LONG_ANY, _nonzero))
_GO_SHORT = ((_sig.SIGNAL_SHORT, _negative), (_sig.SIGNAL_SHORT_INV, _positive),
             (_sig.SIGNAL_SHORT_ANY, _nonzero))
_EXIT_LONG = ((_sig.SIGNAL_LONGEXIT, _negative), (_sig.SIGNAL_LONGEXIT_INV, _positive),
              (_sig.SIGNAL_LONGEXIT_ANY, _nonzero))
_EXIT_SHORT = ((_sig.SIGNAL_SHORTEXIT, _positive), (_sig.SIGNAL_SHORTEXIT_INV, _negative),
               (_sig.SIGNAL_SHORTEXIT_ANY, _nonzero))
# a LONG signal turning short (and a SHORT one turning long) ends the position
_DROP_LONG = ((_sig.SIGNAL_LONG, _negative), (_sig.SIGNAL_LONG_INV, _positive),
              (_sig.SIGNAL_LONG_ANY, _nonzero))
_DROP_SHORT = ((_sig.SIGNAL_SHORT, _positive), (_sig.SIGNAL_SHORT_INV, _negative),
               (_sig.SIGNAL_SHORT_ANY, _nonzero))


class MetaSigStrategy(MetaStrategy):
    """Runs the signal logic as ``next``; a ``next`` written in a subclass is
    kept as ``_next_custom`` and called right after it."""

    def __new__(meta, name, bases, dct):
        own_next = dct.pop('next', None)
        if own_next is not None:
            dct['_next_custom'] = own_next
        cls = super().__new__(meta, name, bases, dct)
        cls.next = cls._next_catch
        return cls

    def dopreinit(cls, _obj, *args, **kwargs):
        _obj, args, kwargs = super().dopreinit(_obj, *args, **kwargs)
        _obj._signals = collections.defaultdict(list)
        _obj._sentinel = None
        _obj._dtarget = _obj._target_data(_obj.p._data)
        return _obj, args, kwargs

    def dopostinit(cls, _obj, *args, **kwargs):
        _obj, args, kwargs = super().dopostinit(_obj, *args, **kwargs)
        for kind, sigcls, sigargs, sigkwargs in _obj.p.signals:
            _obj.signal_add(kind, _obj._owning(sigcls, *sigargs, **sigkwargs))
        kinds = _obj._signals
        _obj._longshort = bool(kinds[_sig.SIGNAL_LONGSHORT])
        _obj._long = bool(kinds[_sig.SIGNAL_LONG])
        _obj._short = bool(kinds[_sig.SIGNAL_SHORT])
        _obj._longexit = bool(kinds[_sig.SIGNAL_LONGEXIT])
        _obj._shortexit = bool(kinds[_sig.SIGNAL_SHORTEXIT])
        return _obj, args, kwargs


class SignalStrategy(Strategy, metaclass=MetaSigStrategy):
    """Trades market orders from signals (line value > 0 long, < 0 short).

    Kinds (``bt.SIGNAL_*``): ``LONGSHORT`` takes both directions; ``LONG``
    enters long and, without a ``LONGEXIT``, leaves on a short reading (a
    ``SHORT`` signal then also reverses); ``SHORT`` mirrors it; ``LONGEXIT`` /
    ``SHORTEXIT`` close a long on a short reading / a short on a long one.
    ``_INV`` kinds read the sign reversed, ``_ANY`` kinds any non-zero value.

    Params: ``signals`` (filled by ``cerebro.add_signal``), ``_accumulate``
    (enter again while in the market), ``_concurrent`` (issue orders while an
    entry order is pending), ``_data`` (the traded data: None for the first,
    an index, a name or a data).
    """
    params = (
        ('signals', []),
        ('_accumulate', False),
        ('_concurrent', False),
        ('_data', None),
    )

    def _target_data(self, which):
        if which is None:
            return self.data0
        if isinstance(which, int):
            return self.datas[which]
        if isinstance(which, str):
            return self.getdatabyname(which)
        if isinstance(which, LineRoot):
            return which
        return self.data0

    def signal_add(self, sigtype, signal):
        """Register ``signal`` (any line or indicator) under kind ``sigtype``."""
        self._signals[sigtype].append(signal)

    def _notify(self, qorders=[], qtrades=[]):
        if self._sentinel is not None:
            for order in (qorders or self._orderspending):
                if order == self._sentinel and not order.alive():
                    self._sentinel = None
                    break
        super()._notify(qorders=qorders, qtrades=qtrades)

    def _next_catch(self):
        self._next_signal()
        custom = getattr(self, '_next_custom', None)
        if custom is not None:
            custom()

    def _holds(self, group):
        """Whether one kind of ``group`` has signals all passing its test."""
        kinds = self._signals
        for kind, test in group:
            sigs = kinds[kind]
            if sigs and all(test(s[0]) for s in sigs):
                return True
        return False

    def _next_signal(self):
        if self._sentinel is not None and not self.p._concurrent:
            return
        both = self._signals[_sig.SIGNAL_LONGSHORT]
        both_long = bool(both) and all(s[0] > 0.0 for s in both)
        both_short = bool(both) and all(s[0] < 0.0 for s in both)
        go_long = self._holds(_GO_LONG)
        go_short = self._holds(_GO_SHORT)
        # without a dedicated exit kind, the opposite entry or the entry
        # signal's own reversal closes the position
        flip_long = not self._longexit and go_short
        flip_short = not self._shortexit and go_long
        end_long = (self._holds(_EXIT_LONG) or flip_long
                    or (not self._longexit and self._holds(_DROP_LONG)))
        end_short = (self._holds(_EXIT_SHORT) or flip_short
                     or (not self._shortexit and self._holds(_DROP_SHORT)))

        target = self._dtarget
        size = self.getposition(target).size
        if size == 0:
            if both_long or go_long:
                self._sentinel = self.buy(target)
            elif both_short or go_short:
                self._sentinel = self.sell(target)
            return
        if size > 0:
            closing, reverse = both_short or end_long, both_short or flip_long
            more = both_long or go_long
            opposite, same = self.sell, self.buy
        else:
            closing, reverse = both_long or end_short, both_long or flip_short
            more = both_short or go_short
            opposite, same = self.buy, self.sell
        if closing:
            self.close(target)
        if reverse:
            self._sentinel = opposite(target)
        if more and self.p._accumulate:
            self._sentinel = same(target)
