"""``bt.Store``: the base of data/broker providers (one instance per class).

Third-party store packages subclass it: a store hands out datas
(``getdata``) and a broker (``getbroker``) wired to itself, collects
notifications Cerebro delivers to ``notify_store`` and is started by each
data or broker that uses it.
"""
import collections

from backtrader.metabase import MetaParams

__all__ = ['MetaSingleton', 'Store']


class MetaSingleton(MetaParams):
    """Metaclass whose classes build their instance once and return it after."""

    def __init__(cls, name, bases, dct):
        super(MetaSingleton, cls).__init__(name, bases, dct)
        cls._singleton = None      # each class (subclasses too) keeps its own

    def __call__(cls, *args, **kwargs):
        made = cls._singleton
        if made is None:
            made = super(MetaSingleton, cls).__call__(*args, **kwargs)
            cls._singleton = made
        return made


def _bound(made, store):
    """``made`` with its ``_store`` set to ``store``."""
    made._store = store
    return made


class Store(metaclass=MetaSingleton):
    """Base class of stores.

    Subclasses set ``DataCls`` / ``BrokerCls`` (often by a metaclass of the
    data or broker class registering itself) and may declare ``params``.
    """
    params = ()
    DataCls = None
    BrokerCls = None
    _started = False

    def getdata(self, *args, **kwargs):
        """A new ``DataCls(*args, **kwargs)`` bound to this store."""
        return _bound(self.DataCls(*args, **kwargs), self)

    @classmethod
    def getbroker(cls, *args, **kwargs):
        """A new ``BrokerCls(*args, **kwargs)`` bound to this store class."""
        return _bound(cls.BrokerCls(*args, **kwargs), cls)

    def start(self, data=None, broker=None):
        """Called by each data (``data=``) and broker (``broker=``) using the
        store; the first call sets up the notification queue."""
        if not self._started:
            self._started = True
            self.notifs = collections.deque()
            self.datas = []
            self.broker = None
        if data is not None:
            self._env = self._cerebro = data._env
            self.datas.append(data)
            started = getattr(self.broker, 'data_started', None)
            if started is not None:
                started(data)
        elif broker is not None:
            self.broker = broker

    def stop(self):
        """Called when the run ends."""

    def put_notification(self, msg, *args, **kwargs):
        """Queue a message for ``notify_store``."""
        self.notifs.append((msg, args, kwargs))

    def get_notifications(self):
        """The queued ``(msg, args, kwargs)`` messages, oldest first (the
        queue is emptied up to this call; later appends wait for the next)."""
        out = []
        pending = len(self.notifs)
        for _ in range(pending):
            out.append(self.notifs.popleft())
        return out
