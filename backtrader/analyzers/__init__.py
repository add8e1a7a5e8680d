"""The standard analyzers (``bt.analyzers.SharpeRatio``, ...)."""
from backtrader.analyzers.annualreturn import *  # noqa: F401,F403
from backtrader.analyzers.drawdown import *  # noqa: F401,F403
from backtrader.analyzers.timereturn import *  # noqa: F401,F403
from backtrader.analyzers.sharpe import *  # noqa: F401,F403
from backtrader.analyzers.tradeanalyzer import *  # noqa: F401,F403
from backtrader.analyzers.returns import *  # noqa: F401,F403
