"""The standard observers (``bt.observers.Broker``, ...)."""
from backtrader.observers.broker import *  # noqa: F401,F403
from backtrader.observers.buysell import *  # noqa: F401,F403
from backtrader.observers.trades import *  # noqa: F401,F403
from backtrader.observers.drawdown import *  # noqa: F401,F403
from backtrader.observers.timereturn import *  # noqa: F401,F403
from backtrader.observers.benchmark import *  # noqa: F401,F403
from backtrader.observers.logreturns import *  # noqa: F401,F403
