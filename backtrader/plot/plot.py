"""``Plot``: draws a strategy that has run (datas, indicators, observers).

Layout, top to bottom: observers with their own panel, then per data the
indicators placed above it, the data (with its volume overlaid or in a panel
of its own, and the indicators drawn on it), the indicators placed below it.
``plotinfo`` of each object decides where it goes (``subplot``,
``plotmaster``, ``plotabove``, ``plotskip``, ``plot``) and how its panel looks
(``plotlinelabels``, ``plotylimited``, ``plothlines``, ``plotyticks``,
``plotymargin``, ``plotlog``, ``legendloc``); ``plotlines`` style each line.

The x axis is the bar number of the strategy's clock; the tick labels show
the dates.  Series longer than the scheme's ``decimate`` columns are reduced
per column with their extremes kept (see :mod:`backtrader.plot.decimate`).
"""
import collections
import copy
import math
import sys

import numpy as np
import matplotlib
from matplotlib import font_manager, gridspec
from matplotlib import ticker as mticker

from backtrader.metabase import AutoInfoClass, MetaParams
from backtrader.dataseries import TimeFrame
from backtrader.plot import decimate, drawing
from backtrader.plot.cursor import PanelCursor
from backtrader.plot.formatters import IndexDateFormatter, VolumeFormatter, bar_position
from backtrader.plot.scheme import PlotScheme

# date format of the cursor read-out per timeframe of the fastest data
_DATA_FORMATS = {
    TimeFrame.Years: '%Y', TimeFrame.Months: '%Y-%m', TimeFrame.Weeks: '%Y-%m-%d',
    TimeFrame.Days: '%Y-%m-%d', TimeFrame.Minutes: '%Y-%m-%d %H:%M',
    TimeFrame.Seconds: '%Y-%m-%d %H:%M:%S', TimeFrame.MicroSeconds: '%Y-%m-%d %H:%M:%S.%f',
    TimeFrame.Ticks: '%Y-%m-%d %H:%M:%S.%f',
}
_NON_INTERACTIVE = ('agg', 'cairo', 'pdf', 'pgf', 'ps', 'svg', 'template')


def _values(line):
    """The values of a line's bars as a float64 array (a view when possible);
    slots reserved past the last bar are left out."""
    arr = getattr(line, 'array', None)
    if arr is None:
        arr = line.plot()
    arr = np.asarray(arr, dtype=np.float64)
    return arr[:len(line)] if len(line) < len(arr) else arr


def _last(values):
    return values[-1] if len(values) else float('nan')


class _Layout(object):
    """Where each observer and indicator of a strategy goes."""

    def __init__(self, strategy):
        self.top = []                                   # own panels at the top
        self.above = collections.defaultdict(list)      # own panels above a key
        self.below = collections.defaultdict(list)      # own panels below a key
        self.over = collections.defaultdict(list)       # drawn on the key's axis
        for obs in strategy.getobservers():
            if not obs.plotinfo.plot or obs.plotinfo.plotskip:
                continue
            if obs.plotinfo.subplot:
                self.top.append(obs)
            else:
                self.over[self._owner(obs._clock)].append(obs)
        for ind in strategy.getindicators():
            info = getattr(ind, 'plotinfo', None)
            if info is None or not info.plot or info.plotskip:
                continue
            ind._plotinit()
            key = self._owner(ind._clock)
            if key is strategy:
                key = strategy.data
            if getattr(info, 'plotforce', False):
                while key not in strategy.datas:
                    key = key._clock
            master = info.plotmaster
            if master is ind:
                master = None
            if master is not None:
                key = master
            if info.subplot and master is None:
                (self.above if info.plotabove else self.below)[key].append(ind)
            else:
                self.over[key].append(ind)

    @staticmethod
    def _owner(clock):
        return getattr(clock, 'owner', None) or clock

    def forget(self, data):
        for table in (self.above, self.below, self.over):
            table.pop(data, None)


class _Figure(object):
    """State of one figure being drawn."""

    def __init__(self, fig, nrows, scheme):
        self.fig = fig
        self.grid = gridspec.GridSpec(nrows, 1, figure=fig)
        self.row = 0
        self.sharex = None
        self.axes = collections.OrderedDict()   # plotted object -> axis
        self.twins = []                          # axes made with twinx
        self.zorder = {}                         # axis -> zorder of its last artist
        self.colors = collections.defaultdict(lambda: -1)
        self.handles = collections.defaultdict(list)
        self.labels = collections.defaultdict(list)
        self.legpos = collections.defaultdict(int)
        self.scheme = scheme

    def nextcolor(self, ax):
        self.colors[ax] += 1
        return self.scheme.color(self.colors[ax])

    def color(self, ax):
        return self.scheme.color(self.colors[ax])

    def nextzorder(self, ax):
        return self.zorder[ax] * (0.9999 if self.scheme.zdown else 1.0001)


class _Span(object):
    """The bars of one object on one figure: its slice and their x positions."""

    def __init__(self, lo, hi, x):
        self.lo, self.hi, self.x = lo, hi, x

    def take(self, line):
        """The values of ``line`` in this span (aligned to the end when the
        line holds fewer values than its clock)."""
        vals = _values(line)
        return vals[self.lo:self.hi]


class Plot_OldSync(metaclass=MetaParams):
    """Plots strategies with matplotlib; keyword arguments set the scheme's
    options (see :class:`~backtrader.plot.scheme.PlotScheme`)."""

    params = (('scheme', PlotScheme()),)

    def __init__(self, **kwargs):
        self.scheme = copy.deepcopy(self.p.scheme)
        for name, value in kwargs.items():
            if not hasattr(self.scheme, name):
                raise TypeError('plot: unknown scheme option %r (known: %s)'
                                % (name, ', '.join(sorted(vars(self.scheme)))))
            setattr(self.scheme, name, value)
        self.cursors = []
        self.mpyplot = None

    # -- public ---------------------------------------------------------------
    def plot(self, strategy, figid=0, numfigs=1, iplot=True, start=None, end=None, **kwargs):
        """Draw ``strategy`` on ``numfigs`` figures (its bars split between
        them) and return the list of figures; ``start``/``end`` are bar
        numbers or dates."""
        if not strategy.datas or not len(strategy):
            return None
        if iplot and 'ipykernel' in sys.modules:
            matplotlib.use('nbagg')
        import matplotlib.pyplot as mpyplot
        self.mpyplot = mpyplot
        self.prop = font_manager.FontProperties(size=self.scheme.subtxtsize)
        layout = _Layout(strategy)
        nrows = self._rows(strategy, layout)

        clock = _values(strategy.lines.datetime)
        first, last = self._range(clock, start, end)
        figs = []
        count = last - first
        per, extra = divmod(count, numfigs)
        for n in range(numfigs):
            a = first + per * n
            b = a + per + (extra if n == numfigs - 1 else 0)
            fig = mpyplot.figure(figid + n)
            figs.append(fig)
            self._draw(_Figure(fig, max(nrows, 1), self.scheme), strategy, layout, clock[a:b], a, b)
        return figs

    def show(self):
        """Show the figures (nothing on a non-interactive backend such as Agg)."""
        if self.mpyplot is not None and \
                self.mpyplot.get_backend().lower() not in _NON_INTERACTIVE:
            self.mpyplot.show()

    def savefig(self, fig, filename, width=16, height=9, dpi=300, tight=True):
        """Save ``fig`` at ``width`` x ``height`` inches."""
        fig.set_size_inches(width, height)
        fig.savefig(filename, dpi=dpi, bbox_inches='tight' if tight else None)

    # -- layout ---------------------------------------------------------------
    def _rows(self, strategy, layout):
        sch = self.scheme
        rows = 0
        for data in strategy.datas:
            if not data.plotinfo.plot:
                layout.forget(data)
                continue
            master = data.plotinfo.plotmaster
            if master is not None and master is not data:
                rows += sch.rowsminor if sch.volume else 0
            else:
                rows += sch.rowsmajor
                if sch.volume and not sch.voloverlay:
                    rows += sch.rowsminor
        rows += len(layout.top) * sch.rowsminor
        rows += sum(len(v) for v in layout.above.values())
        rows += sum(len(v) for v in layout.below.values())
        return rows

    @staticmethod
    def _range(clock, start, end):
        if start is None:
            start = 0
        elif not isinstance(start, int):
            start = bar_position(clock, start)
        if end is None:
            end = len(clock)
        elif not isinstance(end, int):
            end = bar_position(clock, end, right=True)
        elif end < 0:
            end = len(clock) + 1 + end
        return start, end

    def _newaxis(self, pf, obj, rowspan):
        ax = pf.fig.add_subplot(pf.grid[pf.row:pf.row + rowspan, 0], sharex=pf.sharex)
        if pf.sharex is None:
            pf.sharex = ax
        pf.row += rowspan
        pf.axes[obj] = ax
        ax.yaxis.tick_right()
        ax.grid(self.scheme.grid, which='both')
        return ax

    # -- one figure -------------------------------------------------------------
    def _draw(self, pf, strategy, layout, xreal, a, b):
        sch = self.scheme
        self.columns = sch.decimate
        self.xlen = b - a
        span = _Span(a, b, np.arange(b - a, dtype=np.float64))
        for obs in layout.top:
            self._indicator(pf, layout, span, obs, subs=layout.over[obs])
        for data in strategy.datas:
            if not data.plotinfo.plot:
                continue
            dspan = self._data_span(data, xreal, span)
            for ind in layout.above[data]:
                self._indicator_tree(pf, layout, dspan, ind)
            self._data(pf, layout, dspan, data)
            for ind in layout.below[data]:
                self._indicator_tree(pf, layout, dspan, ind)
        axes = list(pf.axes.values())
        if not axes:
            return
        self.cursors.append(PanelCursor(pf.fig, axes))
        pf.fig.subplots_adjust(hspace=sch.plotdist, top=0.98, left=0.05, bottom=0.05, right=0.95)
        lastax = [ax for ax in axes if ax not in pf.twins][-1]
        self._dates(pf, strategy, lastax, xreal)
        for ax in axes:
            ax.tick_params(axis='x', labelbottom=False)
        lastax.tick_params(axis='x', labelbottom=True, labelrotation=sch.tickrotation)
        for ax in axes:
            ax.autoscale(enable=True, axis='both' if sch.ytight else 'x', tight=True)

    def _data_span(self, data, xreal, span):
        """The slice of ``data`` shown and its x positions on the clock."""
        dts = _values(data.datetime)
        if len(dts) >= span.hi and np.array_equal(dts[span.lo:span.hi], xreal):
            return span
        if not len(xreal):
            return _Span(0, 0, np.zeros(0))
        lo = int(np.searchsorted(dts, xreal[0], side='left'))
        hi = int(np.searchsorted(dts, xreal[-1], side='right'))
        x = np.searchsorted(xreal, dts[lo:hi], side='left').astype(np.float64)
        return _Span(lo, hi, x)

    def _dates(self, pf, strategy, ax, xreal):
        sch = self.scheme
        fastest = min(strategy.datas, key=lambda d: (d._timeframe, d._compression))
        fmtdata = sch.fmt_x_data or _DATA_FORMATS.get(fastest._timeframe, '%Y-%m-%d %H:%M')
        readout = IndexDateFormatter(xreal, fmtdata)
        for dax in pf.axes.values():
            dax.fmt_xdata = readout
        ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=8, integer=True))
        ax.xaxis.set_major_formatter(IndexDateFormatter(xreal, sch.fmt_x_ticks or fmtdata))

    def _tag(self, pf, ax, x, y, face, edge):
        ax.text(x, y, '%.2f' % y, va='center', ha='left', fontsize=self.scheme.subtxtsize,
                bbox=dict(boxstyle='larrow,pad=0.3', facecolor=face, edgecolor=edge, alpha=0.9),
                zorder=pf.zorder.get(ax, 2.0) + 3.0)

    # -- indicators and observers ------------------------------------------------
    def _indicator_tree(self, pf, layout, span, ind):
        self._indicator(pf, layout, span, ind, subs=layout.over[ind],
                        ups=layout.above[ind], downs=layout.below[ind])

    @staticmethod
    def _lineinfo(ind, i):
        info = getattr(ind.plotlines, '_%d' % i, None)
        if not info:
            info = getattr(ind.plotlines, ind.lines._getlinealias(i), None)
        return info or AutoInfoClass()

    def _indicator(self, pf, layout, span, ind, subs=(), ups=(), downs=(), masterax=None):
        sch = self.scheme
        for up in ups:
            self._indicator(pf, layout, span, up)
        ax = masterax or self._newaxis(pf, ind, sch.rowsminor)
        name = ind.plotlabel()
        infos = [self._lineinfo(ind, i) for i in range(ind.size())]
        # matplotlib lists lines before other artists in a legend: the name goes
        # on the first line drawn after the lines drawn by other methods
        before = sum(1 for info in infos
                     if info._get('_method', 'plot') != 'plot' and not info._get('_plotskip', False))
        if before >= ind.size():
            before = 0
        for i, info in enumerate(infos):
            if info._get('_plotskip', False):
                continue
            headed = before == 0
            before -= 1
            if masterax is not None and not ind.plotinfo.plotlinelabels:
                label = name if headed else '_nolegend'
            else:
                label = (name + '\n' if headed else '') + \
                    (info._get('_name', '') or ind.lines._getlinealias(i))
            y = span.take(ind.lines[i])
            x = span.x[:len(y)] if len(y) < len(span.x) else span.x
            y = y[:len(x)]
            last = _last(y)
            if sch.linevalues and ind.plotinfo._get('plotlinevalues', True) and \
                    info._get('_plotvalue', True) and not math.isnan(last):
                label += ' %.2f' % last
            kwargs = dict(info._getkwargs(skip_=True))
            if kwargs.get('color') is None:
                kwargs['color'] = pf.color(ax) if info._get('_samecolor', False) \
                    else pf.nextcolor(ax)
            kwargs = dict(dict(aa=True, label=label), **kwargs)
            if ax in pf.zorder:
                kwargs['zorder'] = pf.nextzorder(ax)
            xs, ys, keep = self._thin(x, y, info._get('_skipnan', False))
            drawn = getattr(ax, info._get('_method', 'plot'))(xs, ys, **kwargs)
            try:
                drawn = drawn[0]
            except (TypeError, IndexError):
                pass
            pf.zorder[ax] = drawn.get_zorder()
            if sch.valuetags and info._get('plotvaluetags', True) and \
                    info._get('_plotvaluetag', True) and not math.isnan(last):
                self._tag(pf, ax, self.xlen, last, sch.locbgother, pf.color(ax))
            self._fills(ax, ind, span, info, xs, ys, keep)
        for sub in subs:
            self._indicator(pf, layout, span, sub, subs=layout.over[sub], masterax=ax)
        if masterax is None:
            self._panel(ax, ind)
        for down in downs:
            self._indicator(pf, layout, span, down)

    def _thin(self, x, y, skipnan):
        """x, y and the kept indices of a line after NaN skipping and decimation."""
        keep = np.arange(len(y))
        if skipnan:
            keep = keep[np.isfinite(y)]
        size = decimate.bucket_size(len(keep), self.columns)
        if size > 1:
            keep = keep[decimate.envelope_index(y[keep], size)]
        if len(keep) == len(y):
            return x, y, keep
        return x[keep], y[keep], keep

    def _fills(self, ax, ind, span, info, xs, ys, keep):
        for suffix, compare in (('_gt', np.greater), ('_lt', np.less), ('', None)):
            ref, color = info._get('_fill' + suffix, (None, None))
            if ref is None:
                continue
            if isinstance(ref, (int, float)):
                y2 = np.full_like(ys, float(ref))
            else:
                other = span.take(getattr(ind, ref))
                y2 = other[keep] if len(other) > int(keep.max(initial=-1)) else np.full_like(ys, np.nan)
            alpha = self.scheme.fillalpha
            if isinstance(color, (list, tuple)):
                color, alpha = color
            extra = {} if compare is None else dict(where=compare(ys, y2))
            ax.fill_between(xs, ys, y2, facecolor=color, alpha=alpha, interpolate=True, **extra)

    def _panel(self, ax, ind):
        """Margins, ticks, horizontal lines and legend of an indicator's own panel."""
        sch = self.scheme
        info = ind.plotinfo
        margin = max(info._get('plotymargin', 0.0), sch.yadjust)
        if margin:
            ax.margins(y=margin)
        ticks = info._get('plotyticks', []) or info._get('plotyhlines', [])
        if ticks:
            ax.set_yticks(ticks)
        else:
            ax.yaxis.set_major_locator(mticker.MaxNLocator(nbins=4, prune='both'))
        for level in info._get('plothlines', []) or info._get('plotyhlines', []):
            ax.axhline(level, color=sch.hlinescolor, ls=sch.hlinesstyle, lw=sch.hlineswidth)
        if sch.legendind and info._get('plotlegend', True):
            if ax.get_legend_handles_labels()[1]:
                self._legend(ax, loc=info._get('legendloc', None) or sch.legendindloc)

    def _legend(self, ax, *args, **kwargs):
        legend = ax.legend(*args, numpoints=1, frameon=False, shadow=False, fancybox=False,
                           prop=self.prop, **kwargs)
        legend._legend_box.align = 'left'
        return legend

    # -- datas ------------------------------------------------------------------
    def _data(self, pf, layout, span, data):
        sch = self.scheme
        for ind in layout.over[data]:
            for up in layout.above[ind]:
                self._indicator_tree(pf, layout, span, up)
        o, h, l, c, v = (span.take(line) for line in
                         (data.open, data.high, data.low, data.close, data.volume))
        master = data.plotinfo.plotmaster
        if master is data:
            master = None
        overlay = sch.voloverlay and master is None
        name = getattr(data, '_name', '') or ''
        vollabel = 'Volume' if overlay else 'Volume (%s)' % name
        size = decimate.bucket_size(len(c), self.columns)
        bars = decimate.bucket_bars(span.x[:len(c)], o, h, l, c, size)
        volplot = None
        masterax = None
        if sch.volume and overlay:
            volplot = self._volume(pf, data, bars, decimate.bucket_max(v, size), vollabel, overlay)
            ax = pf.axes[data.volume].twinx()
            pf.axes[data] = ax
            pf.twins.append(ax)
        elif master is None:
            ax = self._newaxis(pf, data, sch.rowsmajor)
        else:
            masterax = pf.axes[master]
            if getattr(data.plotinfo, 'sameaxis', False):
                ax = masterax
            else:
                ax = masterax.twinx()
                pf.twins.append(ax)
        label = name
        if hasattr(data, '_compression') and hasattr(data, '_timeframe'):
            label += ' (%d %s)' % (data._compression,
                                   TimeFrame.getname(data._timeframe, data._compression))
        showvalues = sch.linevalues and getattr(data.plotinfo, 'plotlinevalues', True)
        x, width, bo, bh, bl, bc = bars
        if sch.style.startswith('line'):
            if showvalues:
                label += ' C:%.2f' % _last(c)
            color = sch.loc if masterax is None else pf.nextcolor(masterax)
            keep = decimate.envelope_index(c, size)
            drawn = drawing.close_line(ax, span.x[:len(c)][keep], c[keep], color, label=label)
        else:
            if showvalues:
                label += ' O:%.2f H:%.2f L:%.2f C:%.2f' % (_last(o), _last(h), _last(l), _last(c))
            if sch.style.startswith('candle'):
                drawn = drawing.candles(ax, x, width, bo, bh, bl, bc, sch.barup, sch.bardown,
                                        alpha=sch.baralpha, fillup=sch.barupfill,
                                        filldown=sch.bardownfill, label=label)
            else:
                drawn = drawing.ohlc_bars(ax, x, width, bo, bh, bl, bc, sch.barup, sch.bardown,
                                          label=label)
        pf.zorder[ax] = drawn[0].get_zorder()
        if sch.valuetags and data.plotinfo._get('plotvaluetags', True) and len(c):
            self._tag(pf, ax, self.xlen, _last(c), sch.locbg, sch.loc)
        ax.yaxis.set_major_locator(mticker.MaxNLocator(prune='both'))
        if data.plotinfo._get('plotylimited', True) and masterax is None:
            ax.set_ylim(ax.get_ylim())
        if sch.volume:
            if not overlay:
                self._volume(pf, data, bars, decimate.bucket_max(v, size), vollabel, overlay)
            elif sch.volpushup:
                bottom, top = ax.get_ylim()
                ax.set_ylim(bottom * (1.0 - sch.volpushup), top)
        for ind in layout.over[data]:
            self._indicator(pf, layout, span, ind, subs=layout.over[ind], masterax=ax)
        self._data_legend(pf, data, ax, masterax, label, volplot, vollabel, overlay)
        for ind in layout.over[data]:
            for down in layout.below[ind]:
                self._indicator_tree(pf, layout, span, down)
        target = masterax or ax
        pf.legpos[target] = len(pf.handles[target])
        if data.plotinfo._get('plotlog', False):
            target.set_yscale('log')

    def _data_legend(self, pf, data, ax, masterax, label, volplot, vollabel, overlay):
        handles, labels = ax.get_legend_handles_labels()
        if not handles:
            return
        target = masterax or ax
        pos = pf.legpos[target]
        if self.scheme.volume and overlay and volplot is not None:
            handles.insert(pos, volplot)
            labels.insert(pos, vollabel)
        at = labels.index(label)              # the data's own entry goes first
        labels.insert(pos, labels.pop(at))
        handles.insert(pos, handles.pop(at))
        pf.handles[target], pf.labels[target] = handles, labels
        self._legend(target, handles, labels,
                     loc=data.plotinfo._get('legendloc', None) or self.scheme.legenddataloc,
                     ncol=1)

    def _volume(self, pf, data, bars, volumes, label, overlay):
        sch = self.scheme
        ax = self._newaxis(pf, data.volume, sch.rowsmajor if overlay else sch.rowsminor)
        finite = volumes[np.isfinite(volumes)]
        top = float(finite.max()) if len(finite) else 0.0
        if not top:
            ax.set_yticks([])
            return None
        x, width, bo, _, _, bc = bars
        drawn = drawing.volume_bars(ax, x, width, bo, bc, volumes, sch.volup, sch.voldown,
                                    alpha=sch.voltrans if overlay else 1.0, label=label)
        bins, prune = 6, 'both'
        if overlay:
            bins, prune = int(bins / sch.volscaling), None
            ax.set_ylim(0, top / sch.volscaling, auto=True)
        elif ax.get_legend_handles_labels()[0]:
            self._legend(ax, loc=data.plotinfo._get('legendloc', None) or sch.legendindloc)
        ax.yaxis.set_major_locator(mticker.MaxNLocator(nbins=bins, prune=prune))
        ax.yaxis.set_major_formatter(VolumeFormatter(top))
        return drawn


Plot = Plot_OldSync
