"""A crosshair over all panels of a figure: the mouse's x on every panel, its
y on the panel under it.  Its lines are plain artists (not data), so they
never change the axis limits."""
from matplotlib import lines as mlines


class PanelCursor(object):
    """Follows the mouse over ``axes`` (all in one figure)."""

    def __init__(self, fig, axes, **lineprops):
        self.axes = list(axes)
        self.fig = fig
        props = dict(color='black', lw=1, ls=':')
        props.update(lineprops)
        self.vlines = [self._line(ax, ax.get_xaxis_transform(), props) for ax in self.axes]
        self.hlines = [self._line(ax, ax.get_yaxis_transform(), props) for ax in self.axes]
        self.cid = fig.canvas.mpl_connect('motion_notify_event', self.onmove)

    @staticmethod
    def _line(ax, transform, props):
        line = mlines.Line2D([0, 0], [0, 1], transform=transform, visible=False, **props)
        ax.add_artist(line)
        return line

    def onmove(self, event):
        """Move the lines to the mouse (hide them outside the panels)."""
        inside = event.inaxes in self.axes
        for ax, vline, hline in zip(self.axes, self.vlines, self.hlines):
            vline.set_visible(inside)
            hline.set_visible(inside and ax is event.inaxes)
            if inside:
                vline.set_data([event.xdata, event.xdata], [0, 1])
                if ax is event.inaxes:
                    hline.set_data([0, 1], [event.ydata, event.ydata])
        self.fig.canvas.draw_idle()
