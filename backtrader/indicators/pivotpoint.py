"""Pivot points: classic, Fibonacci and Demark."""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel
from backtrader._cy.pivotkernels import DemarkPivotKernel

__all__ = ['PivotPoint', 'FibonacciPivotPoint', 'DemarkPivotPoint']


class _PivotBase(Indicator):
    plotinfo = dict(subplot=False)
    params = (('open', False), ('close', False), ('_autoplot', True),)

    def _plotinit(self):
        if self.params._autoplot and hasattr(self.data, 'data'):
            self.plotinfo.plotmaster = self.data.data

    def _pivot(self):
        """The pivot: typical price, or with the open, or with the close doubled."""
        d = self.data
        if self.params.close:
            return (d.high + d.low + 2.0 * d.close) / 4.0
        if self.params.open:
            return (d.high + d.low + d.close + d.open) / 4.0
        return (d.high + d.low + d.close) / 3.0

    def _finish(self, cls):
        super(cls, self).__init__()
        if self.params._autoplot:
            # hidden itself; a coupler registered with the owner (before this
            # indicator, so it shows each new value one bar later, as upstream's
            # does) repeats the levels on the faster clock of the data's source
            self.plotinfo.plot = False
            self()


class PivotPoint(_PivotBase):
    """Classic pivot point with two supports and two resistances (usually on a
    larger timeframe of the data, coupled down to it)."""
    lines = ('p', 's1', 's2', 'r1', 'r2',)

    def __init__(self):
        high, low = self.data.high, self.data.low
        out = self.lines
        out.p = pivot = self._pivot()
        out.s1 = 2.0 * pivot - high
        out.r1 = 2.0 * pivot - low
        out.s2 = pivot - (high - low)
        out.r2 = pivot + (high - low)
        self._finish(PivotPoint)


class FibonacciPivotPoint(_PivotBase):
    """Pivot point with levels at Fibonacci fractions of the range."""
    lines = ('p', 's1', 's2', 's3', 'r1', 'r2', 'r3')
    params = (('level1', 0.382), ('level2', 0.618), ('level3', 1.0),)

    def __init__(self):
        out = self.lines
        out.p = pivot = self._pivot()
        width = self.data.high - self.data.low
        for n in (1, 2, 3):
            level = getattr(self.params, 'level%d' % n)
            setattr(out, 's%d' % n, pivot - level * width)
            setattr(out, 'r%d' % n, pivot + level * width)
        self._finish(FibonacciPivotPoint)


class DemarkPivotPoint(_PivotBase):
    """Demark's pivot: the weighting depends on whether the bar closed above,
    below or at its open (compiled, ``backtrader/_cy/pivotkernels.pyx``)."""
    lines = ('p', 's1', 'r1',)
    params = (('level1', 0.382), ('level2', 0.618), ('level3', 1.0),)

    def __init__(self):
        d, out = self.data.lines, self.lines
        build_kernel(self, DemarkPivotKernel, d.high, d.low, d.close, d.open,
                     out.p, out.s1, out.r1)
        self._finish(DemarkPivotPoint)
