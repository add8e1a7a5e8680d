"""Charts of factor research (matplotlib, imported when first drawn): IC over time, IC decay,
quantile bars and cumulative returns of factor-sorted positions.

Each function returns a ``matplotlib.figure.Figure`` made without pyplot, so drawing never
touches the interactive backend; show it in a notebook or save it with ``fig.savefig``.
"""
import numpy as np

__all__ = ['plot_ic', 'plot_ic_decay', 'plot_quantile_returns', 'plot_cumulative']


def _figure(size=(8.0, 3.2)):
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError('bt.hft.research plots need matplotlib (pip install matplotlib)') \
            from None
    fig = Figure(figsize=size, dpi=90)
    return fig, fig.add_subplot(1, 1, 1)


def _times(ns):
    return np.asarray(ns, dtype=np.int64).astype('datetime64[ns]')


def plot_ic(period_ic, title='IC per period'):
    """Per-bucket IC (a :class:`~backtrader.hft.research.metrics.PeriodValues`) over time, with
    its mean."""
    fig, ax = _figure()
    t = _times(period_ic.start)
    v = np.asarray(period_ic.value)
    ax.plot(t, v, lw=0.8, color='tab:blue', label='IC')
    ok = np.isfinite(v)
    if ok.any():
        ax.axhline(float(v[ok].mean()), color='tab:green', lw=1.0,
                   label='mean %.4f' % v[ok].mean())
    ax.axhline(0.0, color='grey', lw=0.6, ls='--')
    ax.set_title(title)
    ax.legend(loc='upper right', fontsize=8)
    fig.autofmt_xdate()
    return fig


def plot_ic_decay(decay, title='IC by horizon'):
    """Bars of the IC at each horizon (the ``{label: (ic, icir)}`` of ``ic_decay``)."""
    fig, ax = _figure()
    labels = list(decay)
    ax.bar(labels, [decay[k][0] for k in labels], color='tab:blue')
    ax.axhline(0.0, color='grey', lw=0.6)
    ax.set_title(title)
    ax.set_xlabel('horizon')
    return fig


def plot_quantile_returns(qret, title='Mean forward return by quantile'):
    """Bars of the mean target per quantile, with one standard error either side."""
    fig, ax = _figure()
    ax.bar(qret.label, qret.mean, yerr=qret.sem, capsize=3, color='tab:orange')
    ax.axhline(0.0, color='grey', lw=0.6)
    ax.set_xticks(qret.label)
    ax.set_xlabel('quantile')
    ax.set_title(title)
    return fig


def plot_cumulative(ts, cumulative, title='Cumulative returns of factor-sorted positions'):
    """The columns of ``sorted_position_returns`` over time (the last one long-short)."""
    fig, ax = _figure((8.0, 3.8))
    t = _times(ts)
    nq = cumulative.shape[1] - 1
    step = max(1, len(t) // 4000)          # enough points for a page-wide line
    for k in range(nq):
        ax.plot(t[::step], cumulative[::step, k], lw=0.8, label='Q%d' % (k + 1))
    ax.plot(t[::step], cumulative[::step, nq], lw=1.4, color='black', label='Q%d - Q1' % nq)
    ax.axhline(0.0, color='grey', lw=0.6, ls='--')
    ax.set_title(title)
    ax.legend(loc='upper left', fontsize=8, ncol=min(nq + 1, 6))
    fig.autofmt_xdate()
    return fig
