"""The standard analyzers (``bt.analyzers.SharpeRatio``, ...)."""
from backtrader.analyzers.annualreturn import *  # noqa: F401,F403
from backtrader.analyzers.drawdown import *  # noqa: F401,F403
from backtrader.analyzers.timereturn import *  # noqa: F401,F403
from backtrader.analyzers.sharpe import *  # noqa: F401,F403
from backtrader.analyzers.tradeanalyzer import *  # noqa: F401,F403
from backtrader.analyzers.returns import *  # noqa: F401,F403
from backtrader.analyzers.leverage import *  # noqa: F401,F403
from backtrader.analyzers.positions import *  # noqa: F401,F403
from backtrader.analyzers.transactions import *  # noqa: F401,F403
from backtrader.analyzers.sqn import *  # noqa: F401,F403
from backtrader.analyzers.periodstats import *  # noqa: F401,F403
from backtrader.analyzers.calmar import *  # noqa: F401,F403
from backtrader.analyzers.logreturnsrolling import *  # noqa: F401,F403
from backtrader.analyzers.vwr import *  # noqa: F401,F403
from backtrader.analyzers.pyfolio import *  # noqa: F401,F403
