"""Microstructure indicators (``bt.hft.indicators``): compiled, O(1) per event, used like any
backtrader indicator on the feeds of :mod:`backtrader.hft.feeds`.

Book: Spread, SpreadBps, Mid, WeightedMid, Microprice, StoikovMicroprice (with fit_stoikov),
BookImbalance, BookImbalanceRatio, OFI, MultiLevelOFI. Trades: TradeImbalance, AggressiveRatio,
TradeIntensity, VWAP, CVD, KyleLambda, VPIN. Prices: RealizedVol, MicroVol, TickMomentum,
ShortReturn. Market-making estimators: MidVolatility, ArrivalIntensity. Open interest: OIDelta,
MarketRegime. Cross-asset: RollingCorrelation, RollingBeta, PairSpread, ZScore, SpreadZScore,
EngleGranger (with engle_granger, adf_stat).

Each indicator's streaming core (``ind.core``) is a compiled object with ``update``, ``run``,
``snapshot`` and ``restore`` (see ``backtrader/hft/_cy/microcore.pxd``). Modules load on first
use.
"""
from backtrader.utils.lazyload import lazy_attributes

_MODULES = {
    'book': ('Spread', 'SpreadBps', 'Mid', 'WeightedMid', 'Microprice', 'BookImbalance',
             'BookImbalanceRatio', 'OFI', 'MultiLevelOFI'),
    'stoikov': ('StoikovTable', 'fit_stoikov', 'StoikovMicroprice'),
    'flow': ('TradeImbalance', 'AggressiveRatio', 'TradeIntensity', 'VWAP', 'CVD', 'KyleLambda',
             'VPIN'),
    'vol': ('RealizedVol', 'MicroVol', 'TickMomentum', 'ShortReturn'),
    'estimators': ('MidVolatility', 'ArrivalIntensity'),
    'oi': ('OIDelta', 'MarketRegime'),
    'cross': ('RollingCorrelation', 'RollingBeta', 'PairSpread', 'ZScore', 'SpreadZScore'),
    'cointegration': ('EngleGrangerResult', 'adf_stat', 'engle_granger', 'EngleGranger'),
}

__getattr__, __dir__, __all__ = lazy_attributes(globals(), _MODULES,
                                                submodules=(*_MODULES, 'base'))
