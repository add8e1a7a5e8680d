"""The broker interface every broker implements (see ``brokers.BackBroker``)."""
from backtrader._cy.watched import watched_delattr, watched_setattr
from backtrader._cy.brokerstate import BrokerState
from backtrader.comminfo import CommInfoBase
from backtrader.metabase import MetaParams

from backtrader import fillers as fillers
from backtrader import fillers as filler

__all__ = ['MetaBroker', 'BrokerBase', 'CommInfoBase', 'fillers', 'filler']


class MetaBroker(MetaParams):
    """Metaclass of brokers (kept for subclasses that name it)."""


class CommInfoMap(dict):
    """``broker.comminfo``: data name (``None``: default) -> scheme.

    A plain dict for every reader; every change also increments
    ``_version``, which tells a broker that the schemes it looked up per
    data (see ``BackBroker``) must be looked up again.
    """
    _version = 0

    def __setitem__(self, key, value):
        dict.__setitem__(self, key, value)
        self._version += 1

    def __delitem__(self, key):
        dict.__delitem__(self, key)
        self._version += 1

    def __ior__(self, other):
        dict.update(self, other)
        self._version += 1
        return self

    def update(self, *args, **kwargs):
        dict.update(self, *args, **kwargs)
        self._version += 1

    def setdefault(self, key, default=None):
        value = dict.setdefault(self, key, default)
        self._version += 1
        return value

    def pop(self, *args):
        value = dict.pop(self, *args)
        self._version += 1
        return value

    def popitem(self):
        item = dict.popitem(self)
        self._version += 1
        return item

    def clear(self):
        dict.clear(self)
        self._version += 1

    def __reduce__(self):
        return (type(self), (dict(self),))


class BrokerBase(BrokerState, metaclass=MetaBroker):
    """Base of brokers: commission schemes per data name and the abstract
    trading interface.

    Params
    ------
    commission : CommInfoBase
        Default scheme for data feeds without their own (a shared
        ``CommInfoBase(percabs=True)``: commission 0, stock-like).
    """

    params = (
        ('commission', CommInfoBase(percabs=True)),
    )

    def __init__(self):
        self.comminfo = CommInfoMap()
        self.init()

    def init(self):
        """Reset the state; called on creation and by :meth:`start`."""
        if None not in self.comminfo:
            self.comminfo = CommInfoMap({None: self.p.commission})

    def start(self):
        """Get ready for a run: :meth:`init`."""
        self.init()

    def stop(self):
        """The run has ended (nothing to release here)."""

    def add_order_history(self, orders, notify=False):
        """Replay past orders (see ``Cerebro.add_order_history``)."""
        raise _undefined(self, 'add_order_history')

    def set_fund_history(self, fund):
        """Replay a fund value history (see ``Cerebro.add_fund_history``)."""
        raise _undefined(self, 'set_fund_history')

    def getcommissioninfo(self, data):
        """The commission scheme for ``data`` (by its name, else the default)."""
        comminfo = self.comminfo
        name = data._name
        if name in comminfo:
            return comminfo[name]
        return comminfo[None]

    def setcommission(self, commission=0.0, margin=None, mult=1.0,
                      commtype=None, percabs=True, stocklike=False,
                      interest=0.0, interest_long=False, leverage=1.0,
                      automargin=False, name=None):
        """Install a :class:`CommInfoBase` built from these values for the
        data named ``name`` (``None``: the default for all data). Note that
        ``percabs`` defaults to True here: ``commission=0.001`` is 0.1%."""
        self.comminfo[name] = CommInfoBase(
            commission=commission, margin=margin, mult=mult,
            commtype=commtype, stocklike=stocklike, percabs=percabs,
            interest=interest, interest_long=interest_long,
            leverage=leverage, automargin=automargin)

    def addcommissioninfo(self, comminfo, name=None):
        """Install ``comminfo`` for the data named ``name`` (``None``: default)."""
        self.comminfo[name] = comminfo

    def getcash(self):
        raise NotImplementedError

    def get_cash(self):
        return self.getcash()

    def getvalue(self, datas=None):
        raise NotImplementedError

    def get_value(self, datas=None, *args, **kwargs):
        return self.getvalue(datas, *args, **kwargs)

    def get_fundshares(self):
        """Shares of the fund-like accounting (always 1 here)."""
        return 1.0

    fundshares = property(get_fundshares)

    def get_fundvalue(self):
        """Value of one fund share (the portfolio value here)."""
        return self.getvalue()

    fundvalue = property(get_fundvalue)

    def set_fundmode(self, fundmode, fundstartval=None):
        """Switch fund-like accounting (ignored by brokers without it)."""

    def get_fundmode(self):
        return False

    fundmode = property(get_fundmode, set_fundmode)

    # what every broker defines
    def getposition(self, data):
        """The position held on ``data``."""
        raise _undefined(self, 'getposition')

    def submit(self, order):
        """Take ``order`` for execution."""
        raise _undefined(self, 'submit')

    def cancel(self, order):
        """Withdraw ``order`` if it has not executed yet."""
        raise _undefined(self, 'cancel')

    def buy(self, owner, data, size, price=None, plimit=None,
            exectype=None, valid=None, tradeid=0, oco=None,
            trailamount=None, trailpercent=None, **kwargs):
        """Create and submit a buy order for ``owner``; returns it."""
        raise _undefined(self, 'buy')

    def sell(self, owner, data, size, price=None, plimit=None,
             exectype=None, valid=None, tradeid=0, oco=None,
             trailamount=None, trailpercent=None, **kwargs):
        """Create and submit a sell order for ``owner``; returns it."""
        raise _undefined(self, 'sell')

    def next(self):
        """Called once per bar of the run (nothing to do here)."""


def _undefined(broker, method):
    """The error of a broker class that does not define ``method``."""
    return NotImplementedError('%s does not define %s()' % (type(broker).__name__, method))


# the broker's kernels cache some of its params and the schemes it looks up
# (see watched_setattr; CommInfoMap counts its changes in ``_version``)
BrokerBase.params.__setattr__ = CommInfoMap.__setattr__ = watched_setattr
BrokerBase.params.__delattr__ = CommInfoMap.__delattr__ = watched_delattr
