"""Indicators: line iterators computing output lines from their datas.

An indicator written with only ``next`` also works in once mode: the class gets
``once``/``preonce``/``oncestart`` that step through the bars calling ``next``.
Built-in indicators instead carry a compiled kernel (``self._kernel``) that
computes the whole array in once mode and updates in O(1) per bar in next mode.
"""
from backtrader.lineiterator import IndicatorBase, LineIterator, replays_bars
from backtrader.linebuffer import LineDelay
from backtrader.lineseries import LineSeries

__all__ = ['Indicator', 'MetaIndicator', 'LinePlotterIndicator', 'MtLinePlotterIndicator']


class MetaIndicator(IndicatorBase.__class__):
    """Registers indicator classes and supplies once-mode stepping for
    indicators that only define ``next``."""
    _refname = '_indcol'
    _indcol = dict()

    def __init__(cls, name, bases, dct):
        super(MetaIndicator, cls).__init__(name, bases, dct)
        if not cls.aliased and name != 'Indicator' and not name.startswith('_'):
            getattr(cls, cls._refname)[name] = cls
        next_overridden = cls.next is not IndicatorBase.next
        once_overridden = cls.once is not IndicatorBase.once
        if next_overridden and not once_overridden:
            cls.once = cls.once_via_next
            cls.preonce = cls.preonce_via_prenext
            cls.oncestart = cls.oncestart_via_nextstart


class Indicator(IndicatorBase, metaclass=MetaIndicator):
    """Base class of all indicators."""
    _ltype = LineIterator.IndType
    _kernel = None
    csv = False

    def advance(self, size=1):
        # datas of different lengths: only move when the clock is ahead
        if len(self) < len(self._clock):
            self.lines.advance(size=size)

    def _step(self, start, end, method):
        for i in range(start, end):
            for data in self.datas:
                data.advance()
            for indicator in self._lineiterators[0]:
                indicator.advance()
            self.advance()
            method()

    def preonce_via_prenext(self, start, end):
        self._step(start, end, self.prenext)

    def oncestart_via_nextstart(self, start, end):
        self._step(start, end, self.nextstart)

    def once_via_next(self, start, end):
        self._step(start, end, self.next)

    # -- compiled kernels -------------------------------------------------------
    def _set_kernel(self, kernel):
        """Compute this indicator with a compiled kernel instead of Python code.

        The kernel writes the output lines; their minimum periods become the
        kernel's, exactly what upstream's composition of indicators gives.
        """
        self._kernel = kernel
        for line, minperiod in zip(kernel.outputs, kernel.minperiods):
            line.updateminperiod(minperiod)
        return kernel

    def _next(self):
        kernel = self._kernel
        if kernel is None:
            return LineIterator._next(self)
        clock_len = len(self._clock)
        if clock_len > len(self):
            self.lines.forward()
        elif not clock_len or not replays_bars(self):
            return
        # (a bar replayed in place, same length, is computed again)
        kernel.py_next()
        for line in self.lines:
            if line.bindings:
                value = line[0]
                for binding in line.bindings:
                    binding[0] = value

    def _once(self):
        kernel = self._kernel
        if kernel is None:
            return LineIterator._once(self)
        self.lines.forward(size=self._clock.buflen())
        for data in self.datas:     # as LineIterator._once: datas go home too
            data.home()
        self.lines.home()
        kernel.py_once(0, self.buflen())
        for line in self.lines:
            line.oncebinding()


def lines_subclass(cls, lines):
    """The subclass of the indicator class ``cls`` whose lines are ``lines`` (a tuple of names):
    made on first use and kept on ``cls``, one per tuple, an alias of ``cls`` (its name is not
    registered again)."""
    made = cls.__dict__.get('_by_lines')
    if made is None:
        made = cls._by_lines = {}
    sub = made.get(lines)
    if sub is None:
        sub = made[lines] = type(cls)(cls.__name__, (cls,), dict(
            lines=lines, aliased=cls.__name__, __module__=cls.__module__, __doc__=cls.__doc__))
    return sub


class MtLinePlotterIndicator(MetaIndicator):
    """Builds each ``LinePlotterIndicator`` from a subclass whose one line is
    named by the ``name`` argument (one subclass per name, made on first use)."""

    def doprenew(cls, *args, **kwargs):
        if 'name' not in kwargs:
            raise TypeError("%s needs name='...': the name of the line it plots"
                            % cls.__name__)
        return lines_subclass(cls, (kwargs.pop('name'),)), args, kwargs


class LinePlotterIndicator(Indicator, metaclass=MtLinePlotterIndicator):
    """Shows a line made in a strategy (``close > sma``, ``a - b``, ...) as an
    indicator: ``bt.LinePlotterIndicator(line, name='linename')`` gets one line,
    called ``name``, carrying the values of ``line``, and is plotted as such."""

    def __init__(self):
        # a delay of 0 made here: computed as part of this indicator, after
        # its own lines are ready (the source belongs to the strategy)
        setattr(self.lines, self.lines._getlinealias(0), LineDelay(self.data.lines[0], 0))
