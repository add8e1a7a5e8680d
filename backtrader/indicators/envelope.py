"""Envelopes: bands ``perc`` percent above and below a line.

``Envelope`` puts them around its data; for every stock moving average
``<Name>`` there is ``<Name>Envelope`` (and one per alias: ``SMAEnvelope``, ...),
the average plus its bands. Those classes are made on first use
(:class:`Variants`), so that a module loads without making them all.
"""
import sys

from backtrader.indicator import Indicator
from backtrader.indicators.mabase import MovingAverage, MovingAverageBase
from backtrader.indicators.basicops import STEP_METHODS, check_periods

class EnvelopeMixIn(object):
    """Adds ``top`` and ``bot``, ``perc`` percent away from line 0."""
    lines = ('top', 'bot',)
    params = (('perc', 2.5),)
    plotlines = dict(top=dict(_samecolor=True), bot=dict(_samecolor=True),)

    def _bands(self, centre):
        ratio = self.p.perc / 100.0
        self.lines.top = centre * (1.0 + ratio)
        self.lines.bot = centre * (1.0 - ratio)


class _EnvelopeBase(Indicator):
    lines = ('src',)
    plotinfo = dict(subplot=False)
    plotlines = dict(src=dict(_plotskip=True))


class Envelope(_EnvelopeBase, EnvelopeMixIn):
    """The data (``src``) with bands ``perc`` percent above and below it."""

    def __init__(self):
        check_periods(self)
        self.lines.src = self.data
        self._bands(self.data)
        super(Envelope, self).__init__()


def _average_of(ind):
    """The moving average a generated class extends, built on ``ind``'s data
    with ``ind``'s values of the average's own parameters."""
    movav = ind._extends
    kwargs = {name: getattr(ind.p, name) for name in movav.params._getkeys()}
    return movav(ind.data, **kwargs)


def _envelope_init(self):
    check_periods(self)
    average = _average_of(self)
    self.lines[0] = average
    self._bands(average)


class Variants(object):
    """The classes ``<Name><suffix>`` of one module, one per stock moving average
    ``<Name>`` deriving from it and ``mixin`` (``__init__`` = ``init``), with an
    alias per name of the average and suffix. A class is made the first time one
    of its names is asked for; :meth:`names` lists them all without making any.
    """

    def __init__(self, modname, suffixes, mixin, init, doc):
        self.modname, self.suffixes = modname, suffixes
        self.mixin, self.init, self.doc = mixin, init, doc
        self._table = None

    def _families(self):
        """``(movav, class name, aliases)`` of every stock moving average."""
        MovingAverage.load_all()
        for movav in MovingAverage._movavs:
            if movav.aliased or movav is MovingAverageBase:
                continue
            names = [movav.__name__] + [a if isinstance(a, str) else a[0]
                                        for a in movav.__dict__.get('alias', ())]
            first = movav.__name__ + self.suffixes[0]
            aliases = [n + s for n in names for s in self.suffixes if n + s != first]
            yield movav, first, aliases

    def table(self):
        """{name: (movav, class name, aliases)} of every name, made once."""
        if self._table is None:
            table = {}
            for movav, first, aliases in self._families():
                for name in [first] + aliases:
                    table[name] = (movav, first, aliases)
            self._table = table
        return self._table

    def names(self):
        return list(self.table())

    def get(self, name):
        """The class (or alias) ``name``, made with its family if needed."""
        entry = self.table().get(name)
        if entry is None:
            raise AttributeError("module %r has no attribute %r" % (self.modname, name))
        movav, first, aliases = entry
        module = sys.modules[self.modname]
        if first not in module.__dict__:
            body = {'__doc__': self.doc % movav.__name__, '__module__': self.modname,
                    '_notregister': True, '_extends': movav, 'alias': tuple(aliases),
                    '__init__': self.init}
            # the average is a child: none of its own stepping methods apply here
            body.update((step, getattr(Indicator, step)) for step in STEP_METHODS)
            setattr(module, first, type(first, (movav, self.mixin), body))
        return module.__dict__[name]


_variants = Variants(__name__, ('Envelope',), EnvelopeMixIn, _envelope_init,
                     '%s with bands ``perc`` percent above and below it.')


def __getattr__(name):
    if name == '__all__':
        return ['EnvelopeMixIn', 'Envelope'] + _variants.names()
    return _variants.get(name)
