"""Shared part of the plot scenarios: headless matplotlib, the sample data,
and a JSON description of what the figures hold.

Run under either engine; ``backtrader.plot`` is imported before the backend
is chosen because upstream's import picks a GUI backend of its own.
"""
import datetime
import json
import os
import sys

import matplotlib
import backtrader as bt
import backtrader.plot  # noqa: F401  (upstream chooses TkAgg on import)

matplotlib.use('Agg', force=True)

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                    'samples', 'data', 'daily-ohlcv.csv')


def feed(start=(2015, 1, 1), end=(2016, 12, 31), name=None, **kwargs):
    """The bundled daily sample between two dates."""
    return bt.feeds.GenericCSVData(dataname=os.path.abspath(DATA), dtformat='%Y-%m-%d',
                                   fromdate=datetime.datetime(*start),
                                   todate=datetime.datetime(*end), name=name, **kwargs)


def _axis(ax):
    visible = [ln for ln in ax.lines if ln.get_visible()]
    legend = ax.get_legend()
    return {
        'lines': len(visible),
        'line_labels': [ln.get_label() for ln in visible if not ln.get_label().startswith('_')],
        'markers': sorted(str(ln.get_marker()) for ln in visible
                          if ln.get_marker() not in (None, 'None', '', ' ')),
        'collections': sorted(type(c).__name__ for c in ax.collections),
        'patches': len(ax.patches),
        'tags': sorted(t.get_text() for t in ax.texts),
        'legend': [t.get_text() for t in legend.get_texts()] if legend else [],
        'ylabel': ax.get_ylabel(),
        'yscale': ax.get_yscale(),
    }


def describe(figs):
    """Per strategy, per figure: its axes, each described by :func:`_axis`."""
    return [[{'axes': [_axis(ax) for ax in fig.axes]} for fig in strat] for strat in figs]


def finish(figs, extra=None):
    """Write the description of ``figs`` to the file after ``--out``."""
    out = sys.argv[sys.argv.index('--out') + 1]
    result = {'figures': describe(figs), 'extra': extra or {}}
    png = os.environ.get('BT_PLOT_PNG')
    if png and figs and figs[0]:
        figs[0][0].set_size_inches(16, 9)
        figs[0][0].savefig(png, dpi=80)
    with open(out, 'w') as fh:
        json.dump(result, fh)
