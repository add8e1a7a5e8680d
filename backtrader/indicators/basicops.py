"""Window operations: PeriodN, OperationN, Highest, Lowest, SumN, Average,
ExponentialSmoothing, WeightedAverage, Accum, ...

The stock window operations run on compiled kernels (``backtrader/_cy``); the
ones driven by a user function (``ApplyN``, ``ReduceN``, ``AnyN``, ...) call it
on a list of the last ``period`` values, oldest first.
"""
import functools
import math
import operator

from backtrader.indicator import Indicator
from backtrader._cy import findindexkernels, kernels
from backtrader._cy.accumkernels import AccumKernel

__all__ = ['PeriodN', 'OperationN', 'BaseApplyN', 'ApplyN', 'Highest', 'MaxN',
           'Lowest', 'MinN', 'ReduceN', 'SumN', 'AnyN', 'AllN', 'FindFirstIndex',
           'FindFirstIndexHighest', 'FindFirstIndexLowest', 'FindLastIndex',
           'FindLastIndexHighest', 'FindLastIndexLowest', 'Accum', 'CumSum',
           'CumulativeSum', 'Average', 'ArithmeticMean', 'Mean',
           'ExponentialSmoothing', 'ExpSmoothing', 'ExponentialSmoothingDynamic',
           'ExpSmoothingDynamic', 'WeightedAverage', 'AverageWeighted']


def build_kernel(ind, kernelcls, *args, **kwargs):
    """``kernelcls(*args, **kwargs)`` attached to ``ind``; parameter errors name
    the indicator class."""
    try:
        kernel = kernelcls(*args, **kwargs)
    except (TypeError, ValueError) as exc:
        raise type(exc)('%s: %s' % (type(ind).__name__, exc)) from None
    return ind._set_kernel(kernel)


def kernel_for(ind, kernelcls, *args, **kwargs):
    """Attach ``kernelcls(line 0 of the data, line 0 of ind, *args)`` to ``ind``."""
    return build_kernel(ind, kernelcls, ind.data._line0, ind.lines[0], *args,
                        inminperiods=[ind.data._minperiod], **kwargs)


# the methods stepping an indicator over bars
STEP_METHODS = ('prenext', 'nextstart', 'next', 'preonce', 'oncestart', 'once')


def keeps_steps(ind, base):
    """True when ``type(ind)`` steps bars with ``base``'s methods (a subclass
    defining its own ``next``/``once``/... is run in Python instead of the
    kernel ``base`` attaches)."""
    cls = type(ind)
    return all(getattr(cls, step) is getattr(base, step) for step in STEP_METHODS)


def check_period(ind, pname='period', value=None):
    """Refuse a period below 1, naming the indicator and the parameter."""
    value = getattr(ind.params, pname) if value is None else value
    try:
        ok = operator.index(value) >= 1
    except TypeError:
        ok = False
    if not ok:
        raise ValueError('%s: parameter %s must be an integer >= 1, got %r'
                         % (type(ind).__name__, pname, value))
    return value


# parameters holding a number of bars (an integer >= 1)
PERIOD_PARAMS = frozenset(
    ['period', 'period1', 'period2', 'period_me1', 'period_me2', 'period_signal',
     'period_dfast', 'period_dslow', 'p1', 'p2', 'p3', 'rp1', 'rp2', 'rp3', 'rp4',
     'rma1', 'rma2', 'rma3', 'rma4', 'rsignal', 'sigperiod', 'tenkan', 'kijun',
     'senkou', 'hperiod', 'maperiod', 'pchange', '_rocperiod', 'lookback'])


def check_periods(ind):
    """:func:`check_period` for every parameter of ``ind`` named in PERIOD_PARAMS."""
    for name in ind.params._getkeys():
        if name in PERIOD_PARAMS:
            check_period(ind, name)


def last_values(line, count):
    """The last ``count`` values of ``line`` in next mode, oldest first."""
    return [line[ago] for ago in range(1 - count, 1)]


def _slices(src, count, start, end):
    """``(i, values)`` for the windows ending at ``start .. end - 1``."""
    view = src.memview
    for i in range(start, end):
        yield i, view[i + 1 - count:i + 1].tolist()


class PeriodN(Indicator):
    """Base of indicators needing ``period`` bars of data."""
    params = (('period', 1),)

    def __init__(self):
        super(PeriodN, self).__init__()
        self.addminperiod(check_period(self))


class OperationN(PeriodN):
    """``func`` applied to the last ``period`` values."""

    def _apply(self, values):
        return self.func(values)

    def next(self):
        self.line[0] = self._apply(last_values(self.data, self.p.period))

    def once(self, start, end):
        out = self.line.memview
        for i, window in _slices(self.data._line0, self.p.period, start, end):
            out[i] = self._apply(window)


class BaseApplyN(OperationN):
    """``func`` (a parameter) applied to the last ``period`` values."""
    params = (('func', None),)

    def __init__(self):
        self.func = self.p.func
        super(BaseApplyN, self).__init__()


class ApplyN(BaseApplyN):
    """A user function over the last ``period`` values."""
    lines = ('apply',)


class Highest(OperationN):
    """Highest of the last ``period`` values (monotonic-deque kernel)."""
    alias = ('MaxN',)
    lines = ('highest',)
    func = max

    def __init__(self):
        super(Highest, self).__init__()
        kernel_for(self, kernels.HighestKernel, self.p.period)


class Lowest(OperationN):
    """Lowest of the last ``period`` values (monotonic-deque kernel)."""
    alias = ('MinN',)
    lines = ('lowest',)
    func = min

    def __init__(self):
        super(Lowest, self).__init__()
        kernel_for(self, kernels.LowestKernel, self.p.period)


class ReduceN(OperationN):
    """``functools.reduce(function, window[, initializer])`` over the last
    ``period`` values."""
    lines = ('reduced',)
    func = functools.reduce

    def __init__(self, function, **kwargs):
        extra = {}
        if 'initializer' in kwargs:
            extra['initializer'] = kwargs['initializer']
        self.func = functools.partial(functools.reduce, function, **extra)
        super(ReduceN, self).__init__()


class SumN(OperationN):
    """Correctly rounded sum (``math.fsum``) of the last ``period`` values."""
    lines = ('sumn',)
    func = math.fsum

    def __init__(self):
        super(SumN, self).__init__()
        kernel_for(self, kernels.SumNKernel, self.p.period)


class AnyN(OperationN):
    """1.0 when any of the last ``period`` values is true."""
    lines = ('anyn',)
    func = any


class AllN(OperationN):
    """1.0 when all of the last ``period`` values are true."""
    lines = ('alln',)
    func = all


def _index_kernel(ind, base, newest):
    """The compiled search when ``_evalfunc`` is ``max`` or ``min`` and the
    class keeps ``base``'s search."""
    sign = {max: 1, min: -1}.get(ind.p._evalfunc)
    if sign is not None and type(ind)._apply is base._apply \
            and keeps_steps(ind, OperationN):
        kernel_for(ind, findindexkernels.FindIndexKernel, ind.p.period, sign, newest)


class FindFirstIndex(OperationN):
    """How many bars ago ``_evalfunc(window)`` last occurred (0 = this bar);
    compiled (monotonic deque) for ``max`` and ``min``."""
    lines = ('index',)
    params = (('_evalfunc', None),)

    def __init__(self):
        super(FindFirstIndex, self).__init__()
        _index_kernel(self, FindFirstIndex, True)

    def _apply(self, values):
        target = self.p._evalfunc(values)
        newest = len(values) - 1
        for pos in range(newest, -1, -1):
            if values[pos] == target:
                return newest - pos


class FindFirstIndexHighest(FindFirstIndex):
    """Bars since the newest highest value of the window."""
    params = (('_evalfunc', max),)


class FindFirstIndexLowest(FindFirstIndex):
    """Bars since the newest lowest value of the window."""
    params = (('_evalfunc', min),)


class FindLastIndex(OperationN):
    """How many bars ago ``_evalfunc(window)`` first occurred in the window;
    compiled (monotonic deque) for ``max`` and ``min``."""
    lines = ('index',)
    params = (('_evalfunc', None),)

    def __init__(self):
        super(FindLastIndex, self).__init__()
        _index_kernel(self, FindLastIndex, False)

    def _apply(self, values):
        target = self.p._evalfunc(values)
        return self.p.period - 1 - values.index(target)


class FindLastIndexHighest(FindLastIndex):
    """Bars since the oldest highest value of the window."""
    params = (('_evalfunc', max),)


class FindLastIndexLowest(FindLastIndex):
    """Bars since the oldest lowest value of the window."""
    params = (('_evalfunc', min),)


class Accum(Indicator):
    """Running sum of the data, starting from ``seed`` (compiled)."""
    alias = ('CumSum', 'CumulativeSum',)
    lines = ('accum',)
    params = (('seed', 0.0),)

    def __init__(self):
        kernel_for(self, AccumKernel, seed=self.p.seed)
        super(Accum, self).__init__()


class Average(PeriodN):
    """Arithmetic mean of the last ``period`` values (fsum / period)."""
    alias = ('ArithmeticMean', 'Mean',)
    lines = ('av',)

    def __init__(self):
        super(Average, self).__init__()
        if type(self) is Average:
            kernel_for(self, kernels.SMAKernel, self.p.period)

    def _mean(self, values):
        return math.fsum(values) / self.p.period

    def next(self):
        self.line[0] = self._mean(last_values(self.data, self.p.period))

    def once(self, start, end):
        out = self.line.memview
        for i, window in _slices(self.data._line0, self.p.period, start, end):
            out[i] = self._mean(window)


class ExponentialSmoothing(Average):
    """Exponential smoothing seeded with the simple average of ``period`` values:
    ``prev * (1 - alpha) + x * alpha``; ``alpha`` defaults to ``2 / (1 + period)``."""
    alias = ('ExpSmoothing',)
    params = (('alpha', None),)

    def __init__(self):
        alpha = self.p.alpha
        self.alpha = 2.0 / (1.0 + self.p.period) if alpha is None else alpha
        self.alpha1 = 1.0 - self.alpha
        super(ExponentialSmoothing, self).__init__()
        if type(self) is ExponentialSmoothing:
            kernel_for(self, kernels.ExpSmoothingKernel, self.p.period,
                       alpha=self.alpha)

    def _weights(self):
        """Per-bar (keep, take) factors: two numbers or two sequences."""
        return self.alpha1, self.alpha

    def nextstart(self):
        Average.next(self)

    def next(self):
        keep, take = self._weights()
        if not isinstance(keep, float):
            keep, take = keep[0], take[0]
        self.line[0] = self.line[-1] * keep + self.data[0] * take

    def oncestart(self, start, end):
        Average.once(self, start, end)

    def once(self, start, end):
        out, src = self.line.memview, self.data._line0.memview
        keep, take = self._weights()
        if isinstance(keep, float):
            keep, take = [keep] * end, [take] * end
        else:
            keep, take = keep.memview, take.memview
        value = out[start - 1]
        for i in range(start, end):
            value = value * keep[i] + src[i] * take[i]
            out[i] = value


class ExponentialSmoothingDynamic(ExponentialSmoothing):
    """Exponential smoothing whose ``alpha`` is a line (one value per bar)."""
    alias = ('ExpSmoothingDynamic',)

    def __init__(self):
        super(ExponentialSmoothingDynamic, self).__init__()
        self.lines[0].incminperiod(max(0, self.alpha._minperiod - self.p.period))

    def _weights(self):
        return self.alpha1, self.alpha


class WeightedAverage(PeriodN):
    """``coef * fsum(w * x)`` over the last ``period`` values and ``weights``."""
    alias = ('AverageWeighted',)
    lines = ('av',)
    params = (('coef', 1.0), ('weights', tuple()),)

    def _weighted(self, values):
        return self.p.coef * math.fsum(map(operator.mul, values, self.p.weights))

    def next(self):
        self.line[0] = self._weighted(last_values(self.data, self.p.period))

    def once(self, start, end):
        out = self.line.memview
        for i, window in _slices(self.data._line0, self.p.period, start, end):
            out[i] = self._weighted(window)
