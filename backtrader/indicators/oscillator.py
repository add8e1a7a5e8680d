"""Oscillators: the distance of a data from a line.

``Oscillator(ind)`` is ``ind.data - ind`` (or ``data0 - data1`` with two
datas); for every stock moving average ``<Name>`` there is
``<Name>Oscillator`` (and ``<Name>Osc``, one per alias too): data minus
average, made on first use.
"""
from backtrader.indicator import Indicator
from backtrader.indicators.envelope import Variants, _average_of
from backtrader.indicators.basicops import check_periods


class OscillatorMixIn(Indicator):
    """Turns line 0 into ``data - line 0``."""
    plotlines = dict(_0=dict(_name='osc'))

    def _plotinit(self):
        try:
            self.plotlines._0._name = self.lines._getlinealias(0) + '_osc'
        except AttributeError:
            pass


class Oscillator(Indicator):
    """``data0 - data1``; with a single data (an indicator), its data minus it."""
    lines = ('osc',)
    plotlines = dict(_0=dict(_name='osc'))

    def _plotinit(self):
        try:
            self.plotlines._0._name = self.dataosc._getlinealias(0) + '_osc'
        except AttributeError:
            pass

    def __init__(self):
        check_periods(self)
        super(Oscillator, self).__init__()
        if len(self.datas) > 1:
            base, self.dataosc = self.data, self.data1
        else:
            base, self.dataosc = self.data.data, self.data
        self.lines[0] = base - self.dataosc


def _oscillator_init(self):
    check_periods(self)
    self.lines[0] = self.data - _average_of(self)


_variants = Variants(__name__, ('Oscillator', 'Osc'), OscillatorMixIn,
                     _oscillator_init, 'The distance of the data from its %s.')


def __getattr__(name):
    if name == '__all__':
        return ['OscillatorMixIn', 'Oscillator'] + _variants.names()
    return _variants.get(name)
