"""The indicator library (``bt.indicators`` / ``bt.ind``)."""
from backtrader.indicator import Indicator
from backtrader.indicators.mabase import *
from backtrader.indicators.basicops import *
from backtrader.indicators.sma import *
from backtrader.indicators.ema import *
from backtrader.indicators.smma import *
from backtrader.indicators.wma import *
from backtrader.indicators.deviation import *
from backtrader.indicators.crossover import *
from backtrader.indicators.rsi import *
from backtrader.indicators.macd import *
from backtrader.indicators.bollinger import *
from backtrader.indicators.atr import *
from backtrader.indicators.stochastic import *
