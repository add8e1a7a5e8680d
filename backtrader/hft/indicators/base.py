"""The base of the microstructure indicators: a backtrader indicator computed by a streaming core.

Every indicator of :mod:`backtrader.hft.indicators` builds one compiled core (``backtrader/hft/
_cy/micro*.pyx``) in ``__init__`` and attaches it with the kernel adapter
(``_cy/microkernel.pyx``): in ``runonce`` mode one C loop feeds the core every preloaded bar, in
next mode (and live) the core takes the current bar in O(1). Both modes feed the same records in
the same order, so their lines are identical.

Shared params:

- ``nan_policy``: what a NaN or infinite needed input does: ``'skip'`` (the record is dropped and
  counted in ``ind.core.nbad``, the lines keep their last values) or ``'propagate'`` (counted too,
  and the lines are NaN for that bar). Each indicator names its default.
- windowed indicators take ``period`` (a count of records) or ``window`` (a time span: whole ns,
  or a duration such as ``'500ms'``, ``'1s'``, ``'5min'``; it wins when given). A time window holds
  the records stamped in ``(now - window, now]`` and gives values once a whole window has passed
  since its first record; a count window once it is full. A window of zero or less is an error.
"""
from backtrader.indicator import Indicator
from backtrader.indicators.basicops import build_kernel
from backtrader.lineiterator import replays_bars

__all__ = ['MicroIndicator', 'span_of', 'datetime_line', 'trade_inputs', 'quote_inputs']


def span_of(owner, window):
    """Nanoseconds of a ``window`` param (None stays None): whole ns or a duration string."""
    if window is None:
        return None
    from backtrader.hft.feeds.l2event import parse_step
    if isinstance(window, str) and window.strip().lower() in ('event', 'timestamp'):
        raise ValueError('%s: window %r is not a time span' % (owner, window))
    try:
        return parse_step(window)[1]
    except ValueError:
        raise ValueError("%s: window must be a positive whole number of ns or a duration like "
                         "'500ms', not %r" % (owner, window)) from None


def datetime_line(obj):
    """The datetime line of the data under ``obj`` (a data, a line of one, an indicator)."""
    seen = set()
    while obj is not None and id(obj) not in seen:
        seen.add(id(obj))
        lines = getattr(obj, 'lines', None)
        if lines is not None and 'datetime' in getattr(obj, 'getlinealiases', lambda: ())():
            return lines.datetime
        datas = getattr(obj, 'datas', None)
        if datas:
            obj = datas[0]
            continue
        obj = getattr(obj, '_owner', None) or getattr(obj, 'owner', None)
    raise ValueError('no data with a datetime line under %r' % (obj,))


def _has(data, name):
    return name in data.getlinealiases() or name in getattr(data.lines, '_aliases', ())


def trade_inputs(data):
    """``(lines, withmid)``: price, traded size, aggressor side (and the mid when the data has
    quotes) of a trade feed (TradeTickData) or an L2 feed (L2EventData: a step without trades
    has volume 0)."""
    lines = data.lines
    missing = [n for n in ('volume', 'side') if not hasattr(lines, n)]
    if missing:
        raise ValueError('%s has no %s line: trade indicators need price, volume and side lines '
                         '(TradeTickData or L2EventData)' % (type(data).__name__,
                                                             ' or '.join(missing)))
    price = lines.price if hasattr(lines, 'price') else lines.close
    src = [price, lines.volume, lines.side]
    withmid = hasattr(lines, 'bid') and hasattr(lines, 'ask')
    if withmid:
        src.append(lines.close)
    return src, withmid


def quote_inputs(data):
    """Top-of-book lines bid, bidsize, ask, asksize of a quote or L2 feed."""
    lines = data.lines
    missing = [n for n in ('bid', 'bidsize', 'ask', 'asksize') if not hasattr(lines, n)]
    if missing:
        raise ValueError('%s has no %s line: book indicators need a QuoteTickData or an '
                         'L2EventData' % (type(data).__name__, ', '.join(missing)))
    return [lines.bid, lines.bidsize, lines.ask, lines.asksize]


class MicroIndicator(Indicator):
    """Base of the microstructure indicators (see the module docstring). ``ind.core`` is the
    streaming core (``nbad``: records refused for NaN/inf inputs; ``snapshot()``)."""
    params = (('nan_policy', None),)
    _nan_policy = 'skip'        # the default of the class

    plotinfo = dict(subplot=True)

    def _policy(self):
        return self.p.nan_policy if self.p.nan_policy is not None else self._nan_policy

    def _core(self, corecls, *args, **kwargs):
        """``corecls(*args, **kwargs, nan_policy=...)``; errors name this indicator."""
        try:
            return corecls(*args, nan_policy=self._policy(), **kwargs)
        except (TypeError, ValueError) as exc:
            raise type(exc)('%s: %s' % (type(self).__name__, exc)) from None

    def _span(self):
        return span_of(type(self).__name__, self.p.window)

    def _attach(self, core, src=(), aligned=None, book=None, levels=0, minperiods=None):
        """Attach ``core`` as this indicator's kernel over ``src`` lines of the clock data."""
        from backtrader.hft._cy.microkernel import MicroKernel
        outs = [self.lines[i] for i in range(core.nout)]
        dt = datetime_line(self.data)
        kernel = build_kernel(self, MicroKernel, core, outs, src=tuple(src), dt=dt,
                              aligned=aligned, book=book, levels=levels, minperiods=minperiods)
        kernel.replays = replays_bars(self)
        self.core = core
        return kernel
