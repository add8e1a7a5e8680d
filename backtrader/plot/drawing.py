"""Price and volume artists, built from numpy arrays in one call each.

Every function adds its artists to ``ax``, widens the data limits to them and
returns them (the first one carries the legend label).  ``x`` holds bar
centres and ``width`` the x span of each bar (1.0 per bar, more for a bucket
of decimated bars).
"""
import numpy as np
from matplotlib import collections as mcollections
from matplotlib import colors as mcolors
from matplotlib import lines as mlines


def _rgba(color, alpha=1.0):
    return np.array(mcolors.to_rgba(color, alpha))


def darker(color, factor=0.9):
    """``color`` with its RGB scaled by ``factor`` (a shade for the edges)."""
    rgba = _rgba(color)
    rgba[:3] *= factor
    return rgba


def _per_bar(up, color_up, color_down):
    """RGBA rows: ``color_up`` where ``up`` else ``color_down``."""
    return np.where(up[:, None], np.asarray(color_up)[None, :], np.asarray(color_down)[None, :])


def _fit(ax, x, width, low, high):
    finite = np.isfinite(low) & np.isfinite(high)
    if not finite.any():
        return
    half = np.max(width) / 2.0
    ax.update_datalim(((x[0] - half, np.min(low[finite])), (x[-1] + half, np.max(high[finite]))))
    ax.autoscale_view()


def _segments(x0, y0, x1, y1):
    seg = np.empty((len(x0), 2, 2))
    seg[:, 0, 0], seg[:, 0, 1], seg[:, 1, 0], seg[:, 1, 1] = x0, y0, x1, y1
    return seg


def candles(ax, x, width, opens, highs, lows, closes, colorup, colordown,
            alpha=1.0, fillup=True, filldown=True, label='_nolegend', edgeadjust=0.05):
    """Candlesticks: a body from open to close and wicks to high and low."""
    up = opens < closes
    face_up = _rgba(colorup, alpha) if fillup else np.zeros(4)
    face_down = _rgba(colordown, alpha) if filldown else np.zeros(4)
    edge = _per_bar(up, darker(colorup), darker(colordown))
    half = np.asarray(width) / 2.0 - edgeadjust
    bodies = np.empty((len(x), 4, 2))
    bodies[:, 0, 0] = bodies[:, 1, 0] = x - half
    bodies[:, 2, 0] = bodies[:, 3, 0] = x + half
    bodies[:, 0, 1] = bodies[:, 3, 1] = opens
    bodies[:, 1, 1] = bodies[:, 2, 1] = closes
    body = mcollections.PolyCollection(bodies, facecolors=_per_bar(up, face_up, face_down),
                                       edgecolors=edge, linewidths=0.5, antialiaseds=False,
                                       label=label)
    top, bottom = np.fmax(opens, closes), np.fmin(opens, closes)
    wicks = mcollections.LineCollection(
        np.concatenate([_segments(x, highs, x, top), _segments(x, lows, x, bottom)]),
        colors=np.concatenate([edge, edge]), linewidths=1.25, antialiaseds=False,
        zorder=body.get_zorder() * 0.9999)
    ax.add_collection(wicks, autolim=False)
    ax.add_collection(body, autolim=False)
    _fit(ax, x, width, lows, highs)
    return body, wicks


def ohlc_bars(ax, x, width, opens, highs, lows, closes, colorup, colordown,
              label='_nolegend', linewidth=1.5, tick=0.5):
    """OHLC bars: a high-low range, the open tick left and the close tick right."""
    colors = _per_bar(opens < closes, _rgba(colorup), _rgba(colordown))
    tick = tick * np.asarray(width)
    ranges = mcollections.LineCollection(_segments(x, lows, x, highs), colors=colors,
                                         linewidths=linewidth, antialiaseds=False, label=label)
    left = mcollections.LineCollection(_segments(x - tick, opens, x, opens), colors=colors,
                                       linewidths=0.5, antialiaseds=False)
    right = mcollections.LineCollection(_segments(x, closes, x + tick, closes), colors=colors,
                                        linewidths=0.5, antialiaseds=False)
    for col in (ranges, left, right):
        ax.add_collection(col, autolim=False)
    _fit(ax, x, width, lows, highs)
    return ranges, left, right


def close_line(ax, x, closes, color, label='_nolegend', linewidth=1.5):
    """The closing prices as one line."""
    line = mlines.Line2D(x, closes, color=color, lw=linewidth, label=label)
    ax.add_line(line)
    _fit(ax, x, np.ones(1), closes, closes)
    return (line,)


def volume_bars(ax, x, width, opens, closes, volumes, colorup, colordown,
                alpha=1.0, label='_nolegend', edgeadjust=0.05):
    """Volume bars from zero, coloured by the direction of their price bar."""
    up = opens < closes
    faces = _per_bar(up, _rgba(colorup, alpha), _rgba(colordown, alpha))
    edges = _per_bar(up, darker(colorup, 0.95), darker(colordown, 0.95))
    half = np.asarray(width) / 2.0 - edgeadjust
    vol = np.nan_to_num(np.asarray(volumes, dtype=np.float64))
    bars = np.zeros((len(x), 4, 2))
    bars[:, 0, 0] = bars[:, 1, 0] = x - half
    bars[:, 2, 0] = bars[:, 3, 0] = x + half
    bars[:, 1, 1] = bars[:, 2, 1] = vol
    col = mcollections.PolyCollection(bars, facecolors=faces, edgecolors=edges,
                                      linewidths=0.5, antialiaseds=False, label=label)
    ax.add_collection(col, autolim=False)
    _fit(ax, x, width, np.zeros(1), np.array([vol.max() if len(vol) else 0.0]))
    return col
