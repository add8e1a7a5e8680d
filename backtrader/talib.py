"""TA-Lib functions as backtrader indicators (``bt.talib.SMA``, ``bt.talib.MACD``, ...).

When the ``TA-Lib`` package (``import talib``) is installed, every function
of ``talib.get_functions()`` becomes an indicator class here, named as the
function: its params are the function's parameters (same names and
defaults), its lines its outputs, and each data given to it is one input
series in the function's order, e.g.
``bt.talib.ATR(self.data.high, self.data.low, self.data.close, timeperiod=14)``.
The minimum period is the function's lookback plus one.  Candlestick
functions get an extra ``_candleplot`` line (2% above the high where a
pattern shows, for plotting).

Without TA-Lib the module still imports (as upstream's does) and any
function name raises an ImportError saying what to install.
"""
import sys

from backtrader.indicator import Indicator

try:
    import talib as _talib
except ImportError:
    _talib = None

_INSTALL_HINT = ("bt.talib.%s needs the TA-Lib package: pip install TA-Lib "
                 "(or pip install 'backtrader[talib]')")

if _talib is None:
    __all__ = []

    def __getattr__(name):
        if name.startswith('__'):
            raise AttributeError(name)
        raise ImportError(_INSTALL_HINT % name, name='talib')

else:
    import numpy as np
    import talib.abstract as _abstract

    MA_Type = _talib.MA_Type

    # TA-Lib's descriptions of how a function's output is drawn (the
    # strings its abstract interface reports)
    _SAME_SCALE = 'Output scale same as input'
    _UNSTABLE = 'Function has an unstable period'
    _CANDLE = 'Output is a candlestick'
    _STYLES = {'Line': ('ls', '-'), 'Dashed Line': ('ls', '--'),
               'Dotted Line': ('ls', ':'), 'Histogram': ('_method', 'bar')}
    _UPPER = 'Values represent an upper limit'
    _LOWER = 'Values represent a lower limit'
    # functions whose past output changes with the amount of history given
    _WHOLE_HISTORY = frozenset(['SAR'])

    class _MetaTALibIndicator(Indicator.__class__):
        """Asks TA-Lib, once the params are known, how many bars the
        function needs before its first value."""

        def dopostinit(cls, _obj, *args, **kwargs):
            _obj, args, kwargs = super().dopostinit(_obj, *args, **kwargs)
            spec = _abstract.Function(cls._taname)
            spec.set_function_args(**_obj.p._getkwargs())
            needed = spec.lookback + 1
            _obj.updateminperiod(needed)
            # unstable functions are fed all the history in next mode
            whole = cls._unstable or cls._taname in _WHOLE_HISTORY
            _obj._window = 0 if whole else needed
            _obj._tafunc = getattr(_talib, cls._taname)
            return _obj, args, kwargs

    class _TALibIndicator(Indicator, metaclass=_MetaTALibIndicator):
        """Base of the generated TA-Lib indicators."""
        CANDLEOVER = 1.02       # candle marker: this factor times the reference
        CANDLEREF = 1           # input used as the candle marker's reference (high)
        _taname = None
        _iscandle = False
        _unstable = False

        def _compute(self, inputs):
            """The function's outputs (always a list) for the input arrays."""
            result = self._tafunc(*inputs, **self.p._getkwargs())
            outputs = list(result) if isinstance(result, (list, tuple)) else [result]
            if self._iscandle:
                ref = inputs[self.CANDLEREF] * self.CANDLEOVER
                outputs.append(ref * (outputs[0] / 100.0))
            return outputs

        def oncestart(self, start, end):
            """Nothing: ``once`` fills every bar, warm-up included."""

        def once(self, start, end):
            inputs = [np.ascontiguousarray(d.lines[0].array[:end], dtype=np.float64)
                      for d in self.datas]
            for line, values in zip(self.lines, self._compute(inputs)):
                np.asarray(line.memview)[:end] = values

        def next(self):
            size = self._window or len(self)
            inputs = [np.ascontiguousarray(d.lines[0].get(size=size), dtype=np.float64)
                      for d in self.datas]
            for line, values in zip(self.lines, self._compute(inputs)):
                line[0] = values[-1]

    def _plotting(spec, iscandle):
        """plotinfo / plotlines for one function, from TA-Lib's output flags."""
        plotinfo, plotlines = {}, {}
        if iscandle or _SAME_SCALE in spec.function_flags:
            plotinfo['subplot'] = False
        if iscandle:
            plotinfo['plotlinelabels'] = True
        band = False        # between an upper and a lower limit: one colour
        for output, flags in (spec.output_flags or {}).items():
            style = {}
            for flag in flags or ():
                if flag == 'Line' and iscandle:
                    style['_plotskip'] = True
                elif flag in _STYLES:
                    key, value = _STYLES[flag]
                    style[key] = value
                if band:
                    style['_samecolor'] = True
                if flag == _LOWER:
                    band = False
                elif flag == _UPPER:
                    band = True
            if style:
                plotlines[output] = style
        if iscandle:
            plotlines['_candleplot'] = dict(_name=spec.info['name'], ls='', marker='d',
                                            markersize='7.0', fillstyle='full')
        return plotinfo, plotlines

    def _make(name):
        """The indicator class for TA-Lib function ``name``."""
        spec = _abstract.Function(name)
        flags = spec.function_flags or []
        iscandle = _CANDLE in flags
        plotinfo, plotlines = _plotting(spec, iscandle)
        outputs = list(spec.output_names) + (['_candleplot'] if iscandle else [])
        body = dict(__module__=__name__, __doc__=str(spec), _taname=name,
                    _iscandle=iscandle, _unstable=_UNSTABLE in flags,
                    params=tuple(spec.get_parameters().items()), lines=tuple(outputs),
                    plotinfo=plotinfo, plotlines=plotlines)
        return type(name, (_TALibIndicator,), body)

    _here = sys.modules[__name__]
    for _name in _talib.get_functions():
        setattr(_here, _name, _make(_name))
    __all__ = list(_talib.get_functions()) + ['MA_Type', '_TALibIndicator']
