"""Window operations: PeriodN, OperationN, Highest, Lowest, SumN, Average,
ExponentialSmoothing, WeightedAverage, Accum, ..."""
import functools
import math
import operator

from backtrader.indicator import Indicator
from backtrader._cy import kernels

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


class PeriodN(Indicator):
    """Base of indicators needing ``period`` bars of data."""
    params = (('period', 1),)

    def __init__(self):
        super(PeriodN, self).__init__()
        if self.p.period < 1:
            raise ValueError('%s: parameter period must be >= 1, got %r'
                             % (type(self).__name__, self.p.period))
        self.addminperiod(self.p.period)


class OperationN(PeriodN):
    """``func`` applied to the last ``period`` values."""

    def next(self):
        self.line[0] = self.func(self.data.get(size=self.p.period).tolist())

    def once(self, start, end):
        dst = self.line.array
        src = self.data.array
        period = self.p.period
        func = self.func
        for i in range(start, end):
            dst[i] = func(src[i - period + 1:i + 1].tolist())


class BaseApplyN(OperationN):
    params = (('func', None),)

    def __init__(self):
        self.func = self.p.func
        super(BaseApplyN, self).__init__()


class ApplyN(BaseApplyN):
    """A user function over the last ``period`` values."""
    lines = ('apply',)


class Highest(OperationN):
    """Highest value of the last ``period`` values."""
    alias = ('MaxN',)
    lines = ('highest',)
    func = max

    def __init__(self):
        super(Highest, self).__init__()
        kernel_for(self, kernels.HighestKernel, self.p.period)


class Lowest(OperationN):
    """Lowest value of the last ``period`` values."""
    alias = ('MinN',)
    lines = ('lowest',)
    func = min

    def __init__(self):
        super(Lowest, self).__init__()
        kernel_for(self, kernels.LowestKernel, self.p.period)


class ReduceN(OperationN):
    """``functools.reduce(function)`` over the last ``period`` values."""
    lines = ('reduced',)
    func = functools.reduce

    def __init__(self, function, **kwargs):
        if 'initializer' in kwargs:
            self.func = functools.partial(self.func, function,
                                          initializer=kwargs['initializer'])
        else:
            self.func = functools.partial(self.func, function)
        super(ReduceN, self).__init__()


class SumN(OperationN):
    """Sum (correctly rounded) of the last ``period`` values."""
    lines = ('sumn',)
    func = math.fsum

    def __init__(self):
        super(SumN, self).__init__()
        kernel_for(self, kernels.SumNKernel, self.p.period)


class AnyN(OperationN):
    lines = ('anyn',)
    func = any


class AllN(OperationN):
    lines = ('alln',)
    func = all


class FindFirstIndex(OperationN):
    """Bars ago of the most recent value equal to ``_evalfunc`` of the window."""
    lines = ('index',)
    params = (('_evalfunc', None),)

    def func(self, values):
        target = self.p._evalfunc(values)
        return next(i for i, v in enumerate(reversed(values)) if v == target)


class FindFirstIndexHighest(FindFirstIndex):
    params = (('_evalfunc', max),)


class FindFirstIndexLowest(FindFirstIndex):
    params = (('_evalfunc', min),)


class FindLastIndex(OperationN):
    """Bars ago of the oldest value equal to ``_evalfunc`` of the window."""
    lines = ('index',)
    params = (('_evalfunc', None),)

    def func(self, values):
        target = self.p._evalfunc(values)
        first = next(i for i, v in enumerate(values) if v == target)
        return self.p.period - first - 1


class FindLastIndexHighest(FindLastIndex):
    params = (('_evalfunc', max),)


class FindLastIndexLowest(FindLastIndex):
    params = (('_evalfunc', min),)


class Accum(Indicator):
    """Running sum of the data, starting from ``seed``."""
    alias = ('CumSum', 'CumulativeSum',)
    lines = ('accum',)
    params = (('seed', 0.0),)

    def nextstart(self):
        self.line[0] = self.p.seed + self.data[0]

    def next(self):
        self.line[0] = self.line[-1] + self.data[0]

    def oncestart(self, start, end):
        dst, src = self.line.array, self.data.array
        prev = self.p.seed
        for i in range(start, end):
            dst[i] = prev = prev + src[i]

    def once(self, start, end):
        dst, src = self.line.array, self.data.array
        prev = dst[start - 1]
        for i in range(start, end):
            dst[i] = prev = prev + src[i]


class Average(PeriodN):
    """Arithmetic mean of the last ``period`` values."""
    alias = ('ArithmeticMean', 'Mean',)
    lines = ('av',)

    def __init__(self):
        super(Average, self).__init__()
        if type(self) is Average:
            kernel_for(self, kernels.SMAKernel, self.p.period)

    def next(self):
        self.line[0] = math.fsum(self.data.get(size=self.p.period)) / self.p.period

    def once(self, start, end):
        src, dst, period = self.data.array, self.line.array, self.p.period
        for i in range(start, end):
            dst[i] = math.fsum(src[i - period + 1:i + 1]) / period


class ExponentialSmoothing(Average):
    """Exponential smoothing seeded with the simple average of ``period`` values."""
    alias = ('ExpSmoothing',)
    params = (('alpha', None),)

    def __init__(self):
        self.alpha = self.p.alpha
        if self.alpha is None:
            self.alpha = 2.0 / (1.0 + self.p.period)
        self.alpha1 = 1.0 - self.alpha
        super(ExponentialSmoothing, self).__init__()
        if type(self) is ExponentialSmoothing:
            kernel_for(self, kernels.ExpSmoothingKernel, self.p.period,
                       alpha=self.alpha)

    def nextstart(self):
        Average.next(self)

    def next(self):
        self.line[0] = self.line[-1] * self.alpha1 + self.data[0] * self.alpha

    def oncestart(self, start, end):
        Average.once(self, start, end)

    def once(self, start, end):
        darray, larray = self.data.array, self.line.array
        alpha, alpha1 = self.alpha, self.alpha1
        prev = larray[start - 1]
        for i in range(start, end):
            larray[i] = prev = prev * alpha1 + darray[i] * alpha


class ExponentialSmoothingDynamic(ExponentialSmoothing):
    """Exponential smoothing whose ``alpha`` is itself a line."""
    alias = ('ExpSmoothingDynamic',)

    def __init__(self):
        super(ExponentialSmoothingDynamic, self).__init__()
        extra = max(0, self.alpha._minperiod - self.p.period)
        self.lines[0].incminperiod(extra)

    def next(self):
        self.line[0] = self.line[-1] * self.alpha1[0] + self.data[0] * self.alpha[0]

    def once(self, start, end):
        darray, larray = self.data.array, self.line.array
        alpha, alpha1 = self.alpha.array, self.alpha1.array
        prev = larray[start - 1]
        for i in range(start, end):
            larray[i] = prev = prev * alpha1[i] + darray[i] * alpha[i]


class WeightedAverage(PeriodN):
    """``coef`` times the weighted sum of the last ``period`` values."""
    alias = ('AverageWeighted',)
    lines = ('av',)
    params = (('coef', 1.0), ('weights', tuple()),)

    def next(self):
        data = self.data.get(size=self.p.period)
        self.line[0] = self.p.coef * math.fsum(map(operator.mul, data, self.p.weights))

    def once(self, start, end):
        darray, larray = self.data.array, self.line.array
        period, coef, weights = self.p.period, self.p.coef, self.p.weights
        for i in range(start, end):
            window = darray[i - period + 1:i + 1]
            larray[i] = coef * math.fsum(map(operator.mul, window, weights))
