"""The indicator library (``bt.indicators`` / ``bt.ind``).

Modules are imported on first use: ``bt.ind.SMA``, ``bt.indicators.macd`` and
``from backtrader.indicators import *`` load what they name, so that
``import backtrader`` stays fast however large the library grows. Every name
lives in the module where upstream backtrader has it
(``backtrader.indicators.<module>.<name>``); :data:`CATALOG` says which.
"""
import importlib

from backtrader.indicator import Indicator
from backtrader.linebuffer import LineActions
from backtrader.functions import *  # noqa: F401,F403  (upstream exports them here)
from backtrader.functions import __all__ as _function_names

# module -> the public names it defines (the generated <MovingAverage>Envelope /
# Osc / Oscillator classes are found by their suffix, see _generated_home)
CATALOG = {
    'basicops': 'PeriodN OperationN BaseApplyN ApplyN Highest MaxN Lowest MinN '
                'ReduceN SumN AnyN AllN FindFirstIndex FindFirstIndexHighest '
                'FindFirstIndexLowest FindLastIndex FindLastIndexHighest '
                'FindLastIndexLowest Accum CumSum CumulativeSum Average '
                'ArithmeticMean Mean ExponentialSmoothing ExpSmoothing '
                'ExponentialSmoothingDynamic ExpSmoothingDynamic WeightedAverage '
                'AverageWeighted',
    'mabase': 'MovingAverage MovAv MovingAverageBase MetaMovAvBase',
    'sma': 'MovingAverageSimple SMA SimpleMovingAverage',
    'ema': 'ExponentialMovingAverage EMA MovingAverageExponential',
    'smma': 'SmoothedMovingAverage SMMA WilderMA MovingAverageSmoothed '
            'MovingAverageWilder ModifiedMovingAverage',
    'wma': 'WeightedMovingAverage WMA MovingAverageWeighted',
    'deviation': 'StandardDeviation StdDev MeanDeviation MeanDev',
    'atr': 'TrueHigh TrueLow TrueRange TR AverageTrueRange ATR',
    'bollinger': 'BollingerBands BBands BollingerBandsPct',
    'crossover': 'NonZeroDifference NZD CrossUp CrossDown CrossOver',
    'macd': 'MACD MACDHisto MACDHistogram',
    'rsi': 'UpDay DownDay UpDayBool DownDayBool RelativeStrengthIndex RSI '
           'RSI_SMMA RSI_Wilder RSI_Safe RSI_SMA RSI_Cutler RSI_EMA',
    'stochastic': 'StochasticFast Stochastic StochasticSlow StochasticFull',
    'dema': 'DoubleExponentialMovingAverage DEMA MovingAverageDoubleExponential '
            'TripleExponentialMovingAverage TEMA MovingAverageTripleExponential',
    'kama': 'AdaptiveMovingAverage KAMA MovingAverageAdaptive',
    'zlema': 'ZeroLagExponentialMovingAverage ZLEMA ZeroLagEma',
    'hma': 'HullMovingAverage HMA HullMA',
    'zlind': 'ZeroLagIndicator ZLIndicator ZLInd EC ErrorCorrecting',
    'dma': 'DicksonMovingAverage DMA DicksonMA',
    'envelope': 'EnvelopeMixIn Envelope',
    'oscillator': 'OscillatorMixIn Oscillator',
    'directionalmove': 'UpMove DownMove DirectionalIndicator DI '
                       'PlusDirectionalIndicator PlusDI MinusDirectionalIndicator '
                       'MinusDI AverageDirectionalMovementIndex ADX '
                       'AverageDirectionalMovementIndexRating ADXR '
                       'DirectionalMovementIndex DMI DirectionalMovement DM',
    'aroon': 'AroonUp AroonDown AroonUpDown AroonIndicator AroonOscillator '
             'AroonOsc AroonUpDownOscillator AroonUpDownOsc',
    'cci': 'CommodityChannelIndex CCI',
    'momentum': 'Momentum MomentumOscillator MomentumOsc RateOfChange ROC '
                'RateOfChange100 ROC100',
    'percentchange': 'PercentChange PctChange',
    'priceoscillator': 'PriceOscillator PriceOsc AbsolutePriceOscillator APO '
                       'AbsPriceOsc PercentagePriceOscillator PPO PercPriceOsc '
                       'PercentagePriceOscillatorShort PPOShort PercPriceOscShort',
    'trix': 'Trix TRIX TrixSignal',
    'williams': 'WilliamsR WilliamsAD',
    'ultimateoscillator': 'UltimateOscillator',
    'ichimoku': 'Ichimoku',
    'pivotpoint': 'PivotPoint FibonacciPivotPoint DemarkPivotPoint',
    'dpo': 'DetrendedPriceOscillator DPO',
    'percentrank': 'PercentRank PctRank',
    'dv2': 'DV2',
    'prettygoodoscillator': 'PrettyGoodOscillator PGO PrettyGoodOsc',
    'awesomeoscillator': 'AwesomeOscillator AwesomeOsc AO',
    'accdecoscillator': 'AccelerationDecelerationOscillator AccDeOsc',
    'kst': 'KnowSureThing KST',
    'rmi': 'RelativeMomentumIndex RMI',
    'tsi': 'TrueStrengthIndicator TSI',
    'heikinashi': 'HeikinAshi',
    'hadelta': 'haDelta haD',
    'lrsi': 'LaguerreRSI LRSI LaguerreFilter LAGF',
    'hurst': 'HurstExponent Hurst',
    'ols': 'OLS_Slope_InterceptN OLS_TransformationN OLS_BetaN CointN',
    'psar': 'ParabolicSAR PSAR',
    'contrib.vortex': 'Vortex',
}

_HOME = {name: module for module, names in CATALOG.items() for name in names.split()}

_EAGER = ['Indicator', 'LineActions'] + list(_function_names)

# attribute name -> submodule (``bt.indicators.sma``, ``bt.indicators.contrib``)
_SUBMODULES = {module.split('.')[0]: module.split('.')[0] for module in CATALOG}


def _generated_home(name):
    """The module generating ``name`` (an Envelope / Osc / Oscillator variant)."""
    if name.endswith('Envelope'):
        return 'envelope'
    if name.endswith(('Osc', 'Oscillator')):
        return 'oscillator'
    return None


def _load(module):
    return importlib.import_module(__name__ + '.' + module)


def __getattr__(name):
    if name == '__all__':
        return _everything()
    module = _HOME.get(name)
    if module is not None:
        value = getattr(_load(module), name)
    elif name in _SUBMODULES:
        value = _load(name)
    else:
        module = _generated_home(name)
        try:
            value = getattr(_load(module), name) if module else None
        except AttributeError:
            value = None
        if value is None:
            raise AttributeError("module %r has no attribute %r" % (__name__, name))
    globals()[name] = value
    return value


def _everything():
    """Every public name (loads the whole library: ``import *`` asks for it)."""
    names = list(_EAGER)
    names.extend(_SUBMODULES)
    for module in CATALOG:
        names.extend(getattr(_load(module), '__all__'))
    return names


def __dir__():
    return sorted(set(globals()) | set(_HOME) | set(_SUBMODULES))
