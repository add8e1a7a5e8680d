"""Observers: lines recorded by a strategy alongside its bars (cash, value,
executions, trade results, ...), mostly for plotting and writers.

An observer belongs to a strategy (``cerebro.addobserver``). It is updated after
the strategy's ``next`` on every bar, also before the strategy's minimum period
(``prenext`` runs ``next``). A *strategy-wide* observer (``_stclock = True``)
takes the strategy as its clock, so it has one value per strategy bar whatever
the data it was given.

Standard observers mark ``next`` with its compiled twin
(``backtrader._cy.steps.twin``); the clock runs the twin when ``prenext`` and
``nextstart`` are the defaults and the class has not replaced ``next``.
"""
from backtrader._cy.steps import twin_step
from backtrader.lineiterator import LineIterator, ObserverBase, StrategyBase

__all__ = ['Observer', 'MetaObserver']


class MetaObserver(ObserverBase.__class__):
    """Gives each observer its list of driven analyzers and, for strategy-wide
    observers, the strategy as clock."""

    def donew(cls, *args, **kwargs):
        _obj, args, kwargs = super(MetaObserver, cls).donew(*args, **kwargs)
        _obj._analyzers = []
        return _obj, args, kwargs

    def dopreinit(cls, _obj, *args, **kwargs):
        _obj, args, kwargs = super(MetaObserver, cls).dopreinit(_obj, *args, **kwargs)
        if _obj._stclock:
            _obj._clock = _obj._owner
        return _obj, args, kwargs


class Observer(ObserverBase, metaclass=MetaObserver):
    """Base class of observers: declare ``lines`` and write them in ``next``.

    ``self._owner`` is the strategy. Analyzers created in ``__init__`` through
    ``self._owner._addanalyzer_slave`` are run by this observer just before its
    own update on each bar.
    """
    _stclock = False
    # names of the owner strategy's lists that must hold something for ``next``
    # to have work; while they are all empty the compiled clock skips the call
    # (the freshly forwarded lines already hold NaN). Empty: always called.
    _idle_without = ()
    _ltype = LineIterator.ObsType
    _OwnerCls = StrategyBase
    plotinfo = dict(plot=False, subplot=True)
    csv = True

    def prenext(self):
        """Observers record from the first bar on: ``next`` runs here too."""
        self.next()

    def _next_step(self):
        """The compiled twin of ``next`` if every bar runs the standard one
        (``prenext``/``nextstart`` are the defaults), else None."""
        cls = type(self)
        if cls.prenext is Observer.prenext and cls.nextstart is LineIterator.nextstart:
            return twin_step(cls.next, self)
        return None

    def _register_analyzer(self, analyzer):
        self._analyzers.append(analyzer)

    def _start(self):
        self.start()

    def start(self):
        """Called before the first bar."""
